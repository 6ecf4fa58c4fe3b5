"""The demo municipality Koivula: `load_demo()` and the demo log-ins."""

from .accounts import DEMO_ACCOUNTS

__all__ = ["DEMO_ACCOUNTS", "load_demo"]


def load_demo(reset: bool = False, history: bool = False):
    """Create or update the demo municipality (idempotent); returns the Municipality. `history`:
    with a year of generated history (demo.history), as `luukku demo` loads it."""
    from .loader import load_demo as _load

    return _load(reset=reset, history=history)
