"""Every write of the burden estimates, volumes, the hour value and the changes: one function per use
case, in a transaction. The forms say what is wrong in words; these refuse what the forms let past
(another municipality's service, a duplicate) so the API or a script cannot store it either."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import BurdenSettings, Change, Estimate, ManualVolume


def _check_service(municipality, service):
    if service.municipality_id != municipality.pk:
        raise ValidationError({"service": _("Choose one of the municipality’s services.")})


def _save(obj):
    obj.full_clean(exclude=["municipality", "service"])
    obj.save()
    return obj


@transaction.atomic
def save_estimate(*, municipality, service, channel, valid_from, minutes, money, note="", estimate=None):
    """A new estimate, or `estimate` edited. One estimate per service, channel and first day: saving
    another with the same three edits that one (the form says so)."""
    _check_service(municipality, service)
    same = Estimate.all_objects.select_for_update().filter(
        municipality=municipality, service=service, channel=channel, valid_from=valid_from)
    if estimate is not None:
        same = same.exclude(pk=estimate.pk)
    if same.exists():
        raise ValidationError({"valid_from": _("This service already has an estimate for this channel from "
                                               "this day. Edit that one, or give another first day.")})
    estimate = estimate or Estimate(municipality=municipality)
    estimate.service, estimate.channel, estimate.valid_from = service, channel, valid_from
    estimate.minutes, estimate.money, estimate.note = minutes, money, note
    return _save(estimate)


@transaction.atomic
def delete_estimate(estimate) -> None:
    estimate.delete()


@transaction.atomic
def add_volume(*, municipality, service, channel, start, end, count, note="") -> ManualVolume:
    _check_service(municipality, service)
    if end < start:
        raise ValidationError({"end": _("The last day is before the first day.")})
    return _save(ManualVolume(municipality=municipality, service=service, channel=channel, start=start, end=end,
                              count=count, note=note))


@transaction.atomic
def delete_volume(volume) -> None:
    volume.delete()


@transaction.atomic
def set_hour_value(*, municipality, hour_value) -> BurdenSettings | None:
    """Set (or clear, with None) the value of an hour. Clearing what was never set writes nothing."""
    row = BurdenSettings.all_objects.select_for_update().filter(municipality=municipality).first()
    if row is None:
        if hour_value is None:
            return None
        row = BurdenSettings(municipality=municipality)
    row.hour_value = hour_value
    return _save(row)


@transaction.atomic
def save_change(*, municipality, service, name, date, window_days, description="", change=None) -> Change:
    _check_service(municipality, service)
    change = change or Change(municipality=municipality)
    change.service, change.name, change.date = service, name, date
    change.window_days, change.description = window_days, description
    return _save(change)


@transaction.atomic
def delete_change(change) -> None:
    change.delete()
