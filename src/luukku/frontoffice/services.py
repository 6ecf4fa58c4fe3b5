"""Writes of the front office (implemented by the front-office work; signatures are the contract
the pages and the staff API share)."""


def log_contact(*, by_user, person, channel: str, topic: str, notes: str = "", case=None, service=None, unit=None):
    """Record a contact with `person` (frontoffice.Contact). ValidationError on bad input;
    PermissionDenied unless by_user may serve residents in the person's municipality."""
    raise NotImplementedError


def start_case(*, by_user, person, case_type, data: dict, channel: str, subject=None, contact_topic: str = ""):
    """Start a case for `person` (optionally about `subject`, e.g. their child) from the front office:
    `data` is checked against the case type's published form exactly as the e-service checks it
    (ValidationError({field_key: message}) listing every problem); then cases.services.submit_draft
    runs with started_by=by_user and `channel` (phone, service_point, mail, email, chat), and the
    contact is logged. Returns the Case, which the resident then sees in My cases."""
    raise NotImplementedError
