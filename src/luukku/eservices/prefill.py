"""Prefill providers: what the municipality already knows, filled into a form field.

    @prefill_providers.register("person.email")
    def person_email(person, subject): ...

A provider gets the applicant and the person the application is about (the applicant themself or
a child) and returns a value in the shape of the field (address: a dict). `editable` providers give
contact details the resident may change; the others come from the population register and are shown
read-only, marked as such.
"""

from luukku.core.registry import Registry
from luukku.people import selectors as people_selectors

from .models import FieldType

prefill_providers = Registry("prefill provider")

# Stands in an address answer for a protected address (turvakielto): the register keeps the address,
# the answers never do (the other guardian, handlers, receipts and hand-overs all read the answers).
PROTECTED_ADDRESS = {"protected": True}


def is_protected_address(value) -> bool:
    return isinstance(value, dict) and value.get("protected") is True


def provider(key: str, *, editable: bool = False):
    def decorator(func):
        func.editable = editable
        return prefill_providers.register(key)(func)

    return decorator


@provider("person.full_name")
def person_full_name(person, subject):
    return person.full_name


@provider("person.first_names")
def person_first_names(person, subject):
    return person.first_names


@provider("person.last_name")
def person_last_name(person, subject):
    return person.last_name


@provider("person.address")
def person_address(person, subject):
    if person.protected_address:
        return dict(PROTECTED_ADDRESS)
    address = people_selectors.postal_address(person)
    return address if address and address["street"] else None


@provider("person.email", editable=True)
def person_email(person, subject):
    return person.email or None


@provider("person.phone", editable=True)
def person_phone(person, subject):
    return person.phone or None


@provider("subject.full_name")
def subject_full_name(person, subject):
    return subject.full_name if subject is not None else None


@provider("subject.birth_date")
def subject_birth_date(person, subject):
    return subject.birth_date.isoformat() if subject is not None else None


@provider("subject.public_id")
def subject_public_id(person, subject):
    """For a field of type child: the child chosen on the start page."""
    return str(subject.public_id) if subject is not None and subject.pk != person.pk else None


def choices():
    return sorted(prefill_providers)


def is_editable(key: str) -> bool:
    return key in prefill_providers and getattr(prefill_providers[key], "editable", False)


def source(field) -> str:
    """Where a prefilled answer came from, as the form tells the resident: "choice" (the child chosen
    at the start), "contact" (contact details kept in Luukku, which the resident may change) or
    "register" (the population register)."""
    if field.type == FieldType.CHILD:
        return "choice"
    return "contact" if is_editable(field.prefill) else "register"


def protect(fields, data: dict, applicant, subject=None) -> dict:
    """`data` with every address answer that holds a protected address replaced by PROTECTED_ADDRESS:
    the applicant's prefilled one (from a draft begun before this rule), or the applicant's or the
    subject's typed in by hand. Called where answers become a case."""
    protected = [p for p in (applicant, subject) if p is not None and p.protected_address]
    if not protected:
        return data
    streets = {p.street_address.strip().casefold() for p in protected if p.street_address.strip()}
    out = dict(data)
    for field in fields:
        value = out.get(field.key)
        if field.type != FieldType.ADDRESS or value in (None, "", {}) or is_protected_address(value):
            continue
        street = str(value.get("street", "") if isinstance(value, dict) else value).strip().casefold()
        if (field.prefill == "person.address" and applicant.protected_address) or street in streets:
            out[field.key] = dict(PROTECTED_ADDRESS)
    return out


def prefill(fields, person, subject) -> tuple[dict, list[str]]:
    """(data, prefilled keys) for the fields that name a provider."""
    data, keys = {}, []
    for field in fields:
        if not field.prefill or field.prefill not in prefill_providers:
            continue
        value = prefill_providers[field.prefill](person, subject)
        if value not in (None, "", {}):
            data[field.key] = value
            keys.append(field.key)
    return data, keys
