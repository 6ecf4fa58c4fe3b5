"""Small plugin registries where the world varies (Open Forms' plugins/registry.py pattern).

    ptv_adapters = Registry("PTV adapter")

    @ptv_adapters.register("v11")
    class PtvV11Adapter: ...

A registry is a dict filled by a decorator; each entry has an id and may define `check()`
returning a list of problems (used by the system checks).
"""

from collections.abc import Callable, Iterator
from typing import Any


class Registry:
    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[str, Any] = {}

    def register(self, key: str) -> Callable[[Any], Any]:
        def decorator(obj: Any) -> Any:
            if key in self._entries:
                raise ValueError(f"{self.kind} {key!r} is registered twice")
            self._entries[key] = obj
            obj.registry_key = key
            return obj

        return decorator

    def __getitem__(self, key: str) -> Any:
        try:
            return self._entries[key]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise KeyError(f"unknown {self.kind} {key!r} (known: {known})") from None

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def items(self):
        return self._entries.items()

    def check(self) -> list[str]:
        problems = []
        for key, entry in self._entries.items():
            check = getattr(entry, "check", None)
            if check is not None:
                problems.extend(f"{self.kind} {key}: {p}" for p in check())
        return problems
