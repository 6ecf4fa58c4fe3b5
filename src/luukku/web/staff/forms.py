"""Forms the staff pages of every app share: giving an item (a case, a feedback item) to a handler of
its unit, or back to the unit's queue, and a form with nothing but its button (claim, release); fields
that take numbers, days and moments as staff type them."""

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.compiled import compiled_query
from luukku.core.models import Role, StaffMembership


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def unit_handlers(unit):
    """Users who handle `unit`'s cases and feedback today (their own membership or one for every unit)."""
    return _unit_handlers(unit.pk, unit.municipality_id, clock.today())


@compiled_query("web.staff.unit_handlers")
def _unit_handlers(unit_id: int, municipality_id: int, today: datetime.date) -> QuerySet:
    from django.contrib.auth import get_user_model

    memberships = StaffMembership.all_objects.filter(
        Q(unit=unit_id) | Q(unit__isnull=True), municipality_id=municipality_id, role=Role.CASE_HANDLER,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return (get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)
            .order_by("last_name", "first_name", "username"))


class ButtonForm(forms.Form):
    """Claim and release: the button is the whole form (the service says when it may not)."""


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Handler"), required=False, error_messages={
        "invalid_choice": _("Choose one of the unit’s handlers.")})

    def __init__(self, data=None, *, handlers, **kwargs):
        super().__init__(data, **kwargs)
        self.handlers = {str(u.pk): u for u in handlers}
        self.fields["assignee"].choices = [("", _("Nobody: back to the unit’s queue")),
                                           *[(k, user_name(u)) for k, u in self.handlers.items()]]

    def chosen(self):
        return self.handlers.get(self.cleaned_data["assignee"])

    def fragment_key(self):
        """What the blank form shows (web.templatetags.fragments): its choices."""
        return self.fields["assignee"].choices


class DecimalField(forms.DecimalField):
    """A number as staff type it in any of the three languages: "2,50", "2.50", "1 000", "12 €"; what
    is typed stays in the field when the form is shown again."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
        return super().to_python(value)


class DateField(forms.DateField):
    """A day for <input type="date">: shown as 2026-03-01 (what the browser's field needs; the
    localised "1.3.2026" would leave it empty); typed "1.3.2026" is accepted too."""

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


class DateTimeField(forms.DateTimeField):
    """A moment for <input type="datetime-local">: shown as 2026-03-01T10:00 in the municipality's
    time; typed "1.3.2026 10.00" is accepted too. A moment that has no UTC time (year 1 in Helsinki)
    is invalid input, not an error when it is saved."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            try:
                result.astimezone(datetime.timezone.utc)
            except OverflowError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return value.strftime("%Y-%m-%dT%H:%M")
        return value
