"""Indicators the platform measures itself, shown beside the answers: what the municipality's own
transactions say about its customer-centricity. A small registry (core.registry): each indicator is a
class with a label, its definition in words (shown on the report) and `measure(municipality, since)`.
They read the other apps' models read-only, always filtered by the municipality (all_objects: the
report runs in a request with one municipality, and says so explicitly).

The period: the 365 days before the report is read (`since`), except the catalogue's share, which is
the catalogue as it is now."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.registry import Registry

indicators = Registry("maturity indicator")
PERIOD_DAYS = 365


@dataclass(frozen=True)
class Measure:
    numerator: int
    denominator: int | None = None  # None: a count, not a share

    @property
    def percent(self) -> int | None:
        if self.denominator is None or self.denominator == 0:
            return None
        return round(100 * self.numerator / self.denominator)


@indicators.register("eservice_share")
class EServiceShare:
    label = _("Services with an e-service")
    definition = _("Published services of the catalogue that have a published e-service channel, or an online "
                   "form (a published form of an open case type), as a share of all published services.")

    @staticmethod
    def measure(municipality, since):
        from luukku.catalogue.models import Channel, ChannelKind, PublishingStatus, Service
        from luukku.eservices.models import DefinitionStatus, FormDefinition

        services = Service.all_objects.filter(municipality=municipality, status=PublishingStatus.PUBLISHED)
        echannel = Channel.all_objects.filter(municipality=municipality, services=OuterRef("pk"),
                                              kind=ChannelKind.E_SERVICE, status=PublishingStatus.PUBLISHED)
        form = FormDefinition.all_objects.filter(municipality=municipality, case_type__service=OuterRef("pk"),
                                                 case_type__active=True, status=DefinitionStatus.PUBLISHED)
        return Measure(services.filter(Q(Exists(echannel)) | Q(Exists(form))).count(), services.count())


@indicators.register("digital_share")
class DigitalShare:
    label = _("Digital share of transactions")
    definition = _("Cases submitted online as a share of all cases submitted in the last 365 days (the rest came "
                   "by phone, at a service point, by mail, email or chat).")

    @staticmethod
    def measure(municipality, since):
        from luukku.cases.models import Case, CaseChannel

        cases = Case.all_objects.filter(municipality=municipality, submitted_at__gte=since)
        return Measure(cases.filter(channel=CaseChannel.ONLINE).count(), cases.count())


@indicators.register("feedback_on_time")
class FeedbackOnTime:
    label = _("Feedback answered within target")
    definition = _("Feedback of the last 365 days with a target date whose first reply to the reporter, or its "
                   "closing, came on or before the target date, as a share of those that were answered or whose "
                   "target date has passed.")

    @staticmethod
    def measure(municipality, since):
        from luukku.feedback.models import Feedback

        rows = (Feedback.all_objects.filter(municipality=municipality, submitted_at__gte=since, due_date__isnull=False)
                .annotate(first_reply=Min("replies__at")).values_list("due_date", "first_reply", "closed_at"))
        today, due, on_time = clock.today(), 0, 0
        for due_date, first_reply, closed_at in rows:
            answered = min((t for t in (first_reply, closed_at) if t is not None), default=None)
            if answered is None and due_date >= today:
                continue  # still open and not yet late: not counted either way
            due += 1
            on_time += answered is not None and answered.astimezone(clock.HELSINKI).date() <= due_date
        return Measure(on_time, due)


@indicators.register("status_text_share")
class StatusTextShare:
    label = _("Cases with a status text for the resident")
    definition = _("Cases of the last 365 days whose current status has a plain-language text for the resident "
                   "(set for its case type), as a share of all cases of the period.")

    @staticmethod
    def measure(municipality, since):
        from luukku.cases.models import Case, StatusText

        cases = Case.all_objects.filter(municipality=municipality, submitted_at__gte=since)
        text = StatusText.all_objects.filter(municipality=municipality, case_type=OuterRef("case_type"),
                                             status=OuterRef("status"))
        return Measure(cases.filter(Exists(text)).count(), cases.count())


@indicators.register("transfers")
class Transfers:
    label = _("Cross-unit transfers")
    definition = _("Cases of the last 365 days moved from one unit to another at least once, as a share of all "
                   "cases of the period: a case that had to find its unit.")

    @staticmethod
    def measure(municipality, since):
        from luukku.cases.models import Case, Transfer

        cases = Case.all_objects.filter(municipality=municipality, submitted_at__gte=since)
        moved = Transfer.all_objects.filter(municipality=municipality, case=OuterRef("pk"))
        return Measure(cases.filter(Exists(moved)).count(), cases.count())


def measured(municipality, now=None) -> list[tuple]:
    """[(indicator, Measure)] in registry order."""
    since = (now or clock.now()) - dt.timedelta(days=PERIOD_DAYS)
    return [(indicator, indicator.measure(municipality, since)) for _key, indicator in indicators.items()]
