"""The demo municipality Koivula: `load_demo()` and the demo log-ins."""

from .accounts import DEMO_ACCOUNTS

__all__ = ["DEMO_ACCOUNTS", "load_demo"]


def load_demo(reset: bool = False):
    """Create or update the demo municipality (idempotent); returns the Municipality."""
    from .loader import load_demo as _load

    return _load(reset=reset)
