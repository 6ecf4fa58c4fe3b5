"""Admin registrations of the privacy app (each part in its own module)."""

from . import consent_admin  # noqa: F401
