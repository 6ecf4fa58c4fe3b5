"""Demo residents: the demo population register and the persons behind the demo resident accounts."""


def load(municipality) -> None:
    """Filled in by the identity work (issue 3)."""
