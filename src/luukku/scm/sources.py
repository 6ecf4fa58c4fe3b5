"""Where transaction counts come from: a registry of count sources, each answering

    count(municipality, start, end) -> {(service_id, channel): n}

for the days start..end (both included, Helsinki time). The report adds up every registered source,
so two sources must never count the same transaction. Today the cases, the front-office contacts and
the answers to proactive offers are read directly; when the metrics store (luukku.insight) has its
daily roll-ups, one source reading them is registered with `replaces` naming these three, and they
step aside (active_sources)."""

import datetime as dt
from collections import Counter

from django.db.models import Count

from luukku.core.clock import HELSINKI
from luukku.core.registry import Registry

count_sources = Registry("burden count source")


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Helsinki time."""
    return (dt.datetime.combine(start, dt.time(), tzinfo=HELSINKI),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=HELSINKI))


@count_sources.register("cases")
class CaseCounts:
    """Cases submitted in the period, by their case type's service and the channel they came by
    (online, or started by the front office on the phone, at a service point, from a letter…)."""

    label = "cases"

    def count(self, municipality, start, end) -> dict:
        from luukku.cases.models import Case

        since, until = day_bounds(start, end)
        rows = (Case.all_objects.filter(municipality=municipality, submitted_at__gte=since, submitted_at__lt=until)
                .values_list("case_type__service_id", "channel").annotate(n=Count("id")).order_by())
        return {(service_id, channel): n for service_id, channel, n in rows}


@count_sources.register("contacts")
class ContactCounts:
    """Front-office contacts that name a service and started no case (a contact that started one is
    that case's transaction, counted above)."""

    label = "front-office contacts"

    def count(self, municipality, start, end) -> dict:
        from luukku.frontoffice.models import Contact

        since, until = day_bounds(start, end)
        rows = (Contact.all_objects.filter(municipality=municipality, at__gte=since, at__lt=until,
                                           service__isnull=False, case__isnull=True)
                .values_list("service_id", "channel").annotate(n=Count("id")).order_by())
        return {(service_id, channel): n for service_id, channel, n in rows}


@count_sources.register("offers")
class OfferAnswers:
    """Proactive offers the resident answered (accepted or declined) in the period, by the rule's
    service, on the channel "offer". A change request is a case (counted above), not counted here."""

    label = "answers to proactive offers"

    def count(self, municipality, start, end) -> dict:
        from luukku.proactive.models import Offer

        since, until = day_bounds(start, end)
        rows = (Offer.all_objects.filter(municipality=municipality, answered_at__gte=since, answered_at__lt=until,
                                         rule__service__isnull=False, change_case__isnull=True)
                .values_list("rule__service_id").annotate(n=Count("id")).order_by())
        return {(service_id, "offer"): n for service_id, n in rows}


def active_sources() -> list[str]:
    """Every registered source but those another one replaces (a source may say
    `replaces = ("cases", "contacts", "offers")`: the metrics store's roll-ups take their place
    without anyone unregistering them)."""
    replaced = {key for _key, source in count_sources.items() for key in getattr(source, "replaces", ())}
    return [key for key in count_sources if key not in replaced]


def platform_counts(municipality, start: dt.date, end: dt.date) -> Counter:
    """The active sources' counts, added up."""
    total = Counter()
    for key in active_sources():
        total.update(count_sources[key]().count(municipality, start, end))
    return total
