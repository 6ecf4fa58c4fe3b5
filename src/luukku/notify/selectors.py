"""Reads of notification settings and delivery state."""

from django.conf import settings
from django.db.models import QuerySet

from luukku.core.compiled import compiled_query

from . import channels as registry
from .models import Delivery, Notification, Preference


def default_channels() -> list[str]:
    return list(getattr(settings, "LUUKKU_NOTIFY_DEFAULT_CHANNELS", None) or ["email"])


def preference_of(person):
    return Preference.all_objects.filter(person=person).first()


def languages_of(municipality) -> list[str]:
    return list(municipality.languages or ["fi"])


def language_for(person) -> str:
    pref = preference_of(person)
    language = (pref.language if pref and pref.language else person.language) or "fi"
    offered = languages_of(person.municipality)
    return language if language in offered else offered[0]


def chosen_channels(person) -> list[str]:
    """What the person chose (the default until they choose), whether or not it works now."""
    pref = preference_of(person)
    return list(dict.fromkeys(pref.channels if pref is not None else default_channels()))


def channels_for(person) -> list[str]:
    """The chosen channels that are configured now: one Delivery each."""
    offered = registry.offered()
    return [c for c in chosen_channels(person) if c in offered]


def reach_many(persons, preferences: dict | None = None) -> dict[int, tuple[str, list[str]]]:
    """{person id: (language, channels)} for many persons with one read of their preferences (the
    proactive campaigns): the chosen channels that reach the person, else any offered channel
    that does; [] when none does (a paper letter is needed). `preferences`: {person id:
    (channels, language)} when the caller read them with the persons (a whole cohort)."""
    if preferences is None:
        preferences = {pk: (channels, language) for pk, channels, language in Preference.all_objects
                       .filter(person__in=[p.pk for p in persons]).values_list("person_id", "channels", "language")}
    offered = registry.offered()
    senders = {key: registry.channels[key]() for key in offered}
    default = default_channels()
    usual = [c for c in dict.fromkeys(default) if c in senders]  # of everyone who has not chosen
    found = {}
    for person in persons:
        preference = preferences.get(person.pk)
        chosen = usual if preference is None else [c for c in dict.fromkeys(preference[0]) if c in senders]
        reach = [c for c in chosen if senders[c].has_address(person)] or \
            [c for c in offered if senders[c].has_address(person)][:1]
        found[person.pk] = ((preference and preference[1]) or person.language or "fi", reach)
    return found


def channels_for_contact(email: str, phone: str) -> list[str]:
    """Someone without a Person: email when they gave one, else SMS to a valid number (the console
    stands in for the gateway in the demo); [] when neither is there or configured."""
    offered = registry.offered()
    if email and "email" in offered:
        return ["email"]
    if registry.phone_number(phone) and "sms" in offered:
        return ["sms"]
    return []


def channel_options(person) -> list[dict]:
    """Every channel a resident may choose, with whether we can reach this person through it."""
    options = []
    for key in registry.offered():
        channel = registry.channels[key]()
        options.append({"key": key, "label": channel.label, "needs": channel.needs, "missing": channel.missing,
                        "reachable": channel.has_address(person)})
    return options


@compiled_query("notify.case_notifications")
def _case_notifications(municipality_id: int, case_id: int) -> QuerySet:
    return Notification.all_objects.filter(municipality_id=municipality_id, case=case_id).order_by("-created_at", "-id")


@compiled_query("notify.deliveries_of")
def _deliveries_of(notification_ids: tuple[int, ...]) -> QuerySet:
    # each notification's in Meta.ordering's order (by channel), without its join to sort by the notification
    return Delivery.all_objects.filter(notification_id__in=notification_ids).order_by("notification_id", "channel")


def notifications_of(case) -> list:
    """The notifications sent about a case, newest first, each with its deliveries as `delivery_rows`
    (staff case page): two reads compiled once (core.compiled)."""
    found = _case_notifications(case.municipality_id, case.pk)
    by_notification: dict = {}
    for delivery in _deliveries_of(tuple(n.pk for n in found)) if found else ():
        by_notification.setdefault(delivery.notification_id, []).append(delivery)
    for n in found:
        n.delivery_rows = by_notification.get(n.pk, [])
    return found


def for_person(person):
    return (Notification.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .select_related("case").prefetch_related("deliveries").order_by("-created_at", "-id"))


def for_key_prefix(municipality, prefix: str):
    """Notifications whose cause's key starts with `prefix` (e.g. "feedback:<id>:"), for staff pages
    of things that are not cases."""
    return (Notification.all_objects.filter(municipality_id=municipality.pk, idempotency_key__startswith=prefix)
            .prefetch_related("deliveries").order_by("-created_at", "-id"))


def channel_label(key: str) -> str:
    return registry.channels[key].label if key in registry.channels else key


def channel_missing(key: str) -> str:
    return registry.channels[key].missing if key in registry.channels else ""
