"""Suomi.fi PTV (Palvelutietovaranto) interoperability.

Each PTV Open API version is an adapter in `ptv_adapters` (v11 now; v12 will be a new module
registering "v12"). The use cases in `importer` only speak the neutral records of `records`.
"""

from luukku.core.registry import Registry

ptv_adapters = Registry("PTV adapter")


def get_adapter(version: str = "v11"):
    from . import v11  # noqa: F401  (registers itself)

    return ptv_adapters[version]()
