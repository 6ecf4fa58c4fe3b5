"""Prefill providers: what the municipality already knows, filled into a form field.

    @prefill_providers.register("person.email")
    def person_email(person, subject): ...

A provider gets the applicant and the person the application is about (the applicant themself or
a child) and returns a value in the shape of the field (address: a dict). `editable` providers give
contact details the resident may change; the others come from the population register and are shown
read-only, marked as such.
"""

from luukku.core.registry import Registry

prefill_providers = Registry("prefill provider")


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
    # Protected addresses (turvakielto) are the person's own: shown to them, never to others.
    if not person.street_address:
        return None
    return {"street": person.street_address, "postal_code": person.postal_code, "post_office": person.post_office}


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
