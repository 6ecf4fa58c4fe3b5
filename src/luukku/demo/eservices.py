"""Demo case types, forms and status texts."""


def load(municipality) -> None:
    """Filled in by the e-services work (issue 3)."""
