"""Reads of notification settings and delivery state."""

from .channels import channels
from .models import Preference

DEFAULT_CHANNELS = ["email"]


def preference_of(person):
    return Preference.all_objects.filter(person=person).first()


def language_for(person) -> str:
    pref = preference_of(person)
    language = (pref.language if pref and pref.language else person.language) or "fi"
    offered = person.municipality.languages or ["fi"]
    return language if language in offered else offered[0]


def channels_for(person) -> list[str]:
    """The person's chosen channels that exist (default: email)."""
    pref = preference_of(person)
    chosen = pref.channels if pref and pref.channels else DEFAULT_CHANNELS
    return [c for c in dict.fromkeys(chosen) if c in channels]


def for_case(case):
    """The notifications sent about a case, newest first, with their deliveries (staff case page)."""
    from .models import Notification

    return (Notification.all_objects.filter(municipality_id=case.municipality_id, case=case)
            .prefetch_related("deliveries").order_by("-created_at", "-id"))


def for_person(person):
    from .models import Notification

    return (Notification.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .prefetch_related("deliveries").order_by("-created_at", "-id"))
