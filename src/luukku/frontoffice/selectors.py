"""Reads of the front office (implemented by the front-office work)."""


def find_by_name(municipality, *, name: str, birth_date):
    """Persons of the municipality whose names contain every word of `name` and who were born on
    `birth_date` (both required, so a search never lists half the town)."""
    raise NotImplementedError


def find_by_hetu(municipality, *, hetu: str, by_user):
    """The person with this identity code, or None. Always writes an audit event (the code itself is
    never stored in it). ValidationError for a malformed code."""
    raise NotImplementedError
