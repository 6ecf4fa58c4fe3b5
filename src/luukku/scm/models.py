"""Estimates of what one transaction costs the customer, volumes the platform cannot count, the
municipality's value of an hour, and named changes to compare before and after.

Channel: the transaction channels of cases.CaseChannel (online, phone, service point, mail = paper,
email, chat), and "offer" for answering a proactive offer; not the catalogue's channel kinds. The
counts are of transactions, and cases and front-office contacts record exactly these values; a
catalogue channel says where a service is offered, not how a resident did an errand (a printable form
is sent by mail or brought in). An answered offer is a transaction of its own kind, with its own
(small) estimate: that is what a service "replaced by a proactive offer" is measured with."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.cases.models import CaseChannel
from luukku.core.tenancy import MunicipalityScoped

OFFER = "offer"
CHANNELS = [*CaseChannel.choices, (OFFER, _("answer to a proactive offer"))]

# Beyond these a figure is a typing error, not an estimate (one transaction, one year's volume).
MAX_MINUTES = 1000 * 60
MAX_MONEY = 100_000
MAX_VOLUME = 10_000_000
MAX_HOUR_VALUE = 1000


def plausible_date(value):
    """A period's end + 1 day or a change's date ± its window must stay a date (year 9999 would not)."""
    if not 2000 <= value.year <= 2100:
        raise ValidationError(_("Give a date between the years 2000 and 2100."), code="date_range")


class Estimate(MunicipalityScoped):
    """Time and money one transaction of a service on one channel costs the customer, from a date on.
    A newer estimate does not overwrite the old one: a period before `valid_from` is still measured
    with what was estimated for it, which the before/after comparison needs."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=16, choices=CHANNELS)
    valid_from = models.DateField(_("valid from"), validators=[plausible_date])
    minutes = models.PositiveIntegerField(_("time per transaction (minutes)"),
                                          validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)])
    money = models.DecimalField(_("money per transaction (€)"), max_digits=8, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(MAX_MONEY)])
    note = models.TextField(_("note or source"), blank=True)

    class Meta:
        ordering = ["municipality", "service", "channel", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["municipality", "service", "channel", "valid_from"],
                                               name="scm_estimate_unique")]
        verbose_name = _("burden estimate")
        verbose_name_plural = _("burden estimates")


class ManualVolume(MunicipalityScoped):
    """Transactions the platform does not see (e.g. paper applications handled outside it) in a period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=16, choices=CHANNELS)
    start = models.DateField(_("first day"), validators=[plausible_date])
    end = models.DateField(_("last day"), validators=[plausible_date])
    count = models.PositiveIntegerField(_("number of transactions"), validators=[MinValueValidator(1), MaxValueValidator(MAX_VOLUME)])
    note = models.TextField(_("note or source"), blank=True)

    class Meta:
        ordering = ["municipality", "service", "channel", "start"]
        indexes = [models.Index(fields=["municipality", "start", "end"], name="scm_volume_period_idx")]
        verbose_name = _("manual volume")
        verbose_name_plural = _("manual volumes")


class BurdenSettings(MunicipalityScoped):
    """The value of a customer's hour in euros (empty: burden is reported in hours and euros spent only)."""

    hour_value = models.DecimalField(_("value of an hour (€)"), max_digits=7, decimal_places=2, null=True,
                                     blank=True, validators=[MinValueValidator(0), MaxValueValidator(MAX_HOUR_VALUE)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality"], name="scm_settings_unique")]
        verbose_name = _("burden settings")
        verbose_name_plural = _("burden settings")


class Change(MunicipalityScoped):
    """A named change to a service on a date (e.g. "paper application replaced by an e-service"): the
    burden of `window_days` before the date is compared with the burden of as many days from it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("service"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date of the change"), validators=[plausible_date])
    window_days = models.PositiveSmallIntegerField(_("days compared before and after"), default=365,
                                                   validators=[MinValueValidator(7), MaxValueValidator(1096)])

    class Meta:
        ordering = ["municipality", "-date", "name"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
