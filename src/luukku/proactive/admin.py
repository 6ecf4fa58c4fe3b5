"""Proactive services in the admin, one municipality at a time (see luukku.core.admin for the rules):
rules with their placement units and catchment areas (checked GeoJSON, checked reminders), and
read-only campaigns and offers. Campaigns are created and run on the staff pages
(proactive_staff:…), offers change only through proactive.services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import Service
from luukku.core import geo
from luukku.core.admin import ScopedAdmin, ScopedInline
from luukku.core.models import Channel, Role, Unit
from luukku.core.services import record_audit
from luukku.eservices.models import CaseType

from . import access
from .models import (
    Campaign,
    CatchmentArea,
    Offer,
    OfferChange,
    PlacementUnit,
    Rule,
    Trigger,
)

READERS = access.READER_ROLES
EDITORS = (Role.ADMINISTRATOR,)
AREA_EXAMPLE = ('{"type": "Polygon", "coordinates": [[[25.0, 61.4], [25.2, 61.4], [25.2, 61.6], '
                '[25.0, 61.4]]]}')
MAX_REMINDER_DAYS = 365


def _fail(message, **params):
    raise ValidationError(message, params=params, code="shape")


def check_rule_area(value):
    """The rule's own area (optional): only residents living inside it belong to the cohort."""
    if not geo.is_valid_area(value):
        _fail(_("Give a GeoJSON Polygon or MultiPolygon in longitude, latitude, e.g. %(example)s; the first and "
                "last point of each ring must be the same. Leave it empty for the whole municipality."),
              example=AREA_EXAMPLE)
    return value


def check_catchment_area(value):
    if not geo.is_valid_area(value):
        _fail(_("Give the catchment area as a GeoJSON Polygon or MultiPolygon in longitude, latitude, e.g. "
                "%(example)s; the first and last point of each ring must be the same."), example=AREA_EXAMPLE)
    return value


def check_reminders(value):
    """Days before the deadline on which a reminder is sent, e.g. [7, 2]."""
    if not isinstance(value, list):
        _fail(_("Give the reminders as a list of days before the deadline, e.g. [7, 2], or [] for none."))
    for item in value:
        if not isinstance(item, int) or isinstance(item, bool) or not 0 < item <= MAX_REMINDER_DAYS:
            _fail(_("Each reminder is a whole number of days before the deadline, from 1 to %(max)s: "
                    "“%(value)s” is not."), max=MAX_REMINDER_DAYS, value=item)
    if len(set(value)) != len(value):
        _fail(_("The same reminder day is given twice: give each day once."))
    return value


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = "__all__"

    def clean_reminder_days(self):
        return self.cleaned_data.get("reminder_days") or []  # empty: no reminders (the column is not null)

    def clean(self):
        data = super().clean()
        trigger, age = data.get("trigger"), data.get("age")
        if trigger in (Trigger.COHORT, Trigger.REACHED_AGE) and age is None:
            self.add_error("age", gettext("A cohort rule and a rule for reaching an age need the age."))
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", gettext("The oldest age must not be below the youngest age."))
        if data.get("allocation") and trigger != Trigger.COHORT:
            self.add_error("allocation", gettext("Only a cohort rule allocates places at units."))
        return data


class PlacementUnitInline(ScopedInline):
    model = PlacementUnit
    extra = 0
    fields = ["name", "unit", "language", "street_address", "latitude", "longitude", "capacity"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.all_objects.filter(municipality=getattr(request, "municipality", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CatchmentAreaFormSet(BaseInlineFormSet):
    """An area leads to a placement unit of the same rule (saved before: add the units first)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "placement_unit" in form.fields:
            form.fields["placement_unit"].queryset = (
                PlacementUnit.all_objects.filter(rule=self.instance, municipality_id=self.instance.municipality_id)
                if self.instance.pk else PlacementUnit.all_objects.none())
            form.fields["placement_unit"].help_text = gettext(
                "A placement unit of this rule. Save the rule with its placement units first, then add their "
                "areas.")


class CatchmentAreaInline(ScopedInline):
    model = CatchmentArea
    formset = CatchmentAreaFormSet
    extra = 0
    json_shapes = {"area": check_catchment_area}
    fields = ["name", "placement_unit", "area"]


@admin.register(Rule)
class RuleAdmin(ScopedAdmin):
    view_roles = READERS
    edit_roles = EDITORS
    form = RuleForm
    json_shapes = {"area": check_rule_area, "reminder_days": check_reminders}
    list_display = ["__str__", "slug", "trigger", "mode", "service", "active"]
    list_filter = ["trigger", "mode", "active"]
    search_fields = ["slug"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "active"]}),
        (_("Who"), {"fields": ["trigger", "age", "age_min", "age_max", "area_name", "area"]}),
        (_("Why"), {"fields": ["legal_basis"]}),
        (_("What"), {"fields": ["service", "offer_title", "offer_text", "mode", "allocation", "for_guardians",
                                "change_case_type"]}),
        (_("When"), {"fields": ["answer_days", "reminder_days"]}),
    ]
    inlines = [PlacementUnitInline, CatchmentAreaInline]

    def get_queryset(self, request):
        municipality = getattr(request, "municipality", None)
        if municipality is None:
            return Rule.all_objects.none()
        # Readers see their units' rules; an administrator's units are all of them.
        return super().get_queryset(request).filter(
            pk__in=access.readable_rules(request.user, municipality).values("pk"))

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return access.may_read(request.user, obj) or self.has_change_permission(request, obj)
        return super().has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        municipality = getattr(request, "municipality", None)
        if db_field.name == "service":
            kwargs["queryset"] = Service.all_objects.filter(municipality=municipality)
        elif db_field.name == "change_case_type":
            kwargs["queryset"] = CaseType.all_objects.filter(municipality=municipality)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _language(municipality) -> str:
    language = (translation.get_language() or "").split("-")[0]
    return language if language in (municipality.languages or []) else municipality.default_language or "fi"


def staff_campaign_url(campaign) -> str:
    return reverse("proactive_staff:campaign", kwargs={"municipality": campaign.municipality.slug,
                                                       "lang": _language(campaign.municipality),
                                                       "campaign_id": campaign.public_id})


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows of the rules the user may read; nothing is added, changed or deleted here."""

    view_roles = READERS
    edit_roles = ()
    actions = None

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("rule", "municipality")
        municipality = getattr(request, "municipality", None)
        if municipality is None:
            return qs
        return qs.filter(rule__in=access.readable_rules(request.user, municipality).values("pk"))

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return access.may_read(request.user, obj.rule)
        return super().has_view_permission(request, obj)


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "rule", "year", "status", "progress", "deadline", "created_at"]
    list_filter = ["status", "year", "rule"]
    search_fields = ["name"]
    fields = ["staff_page", "name", "rule", "year", "reference_date", "starts_on", "deadline", "status", "progress",
              "error", "created_by", "created_at", "started_at", "finished_at"]
    readonly_fields = fields

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return gettext("%(done)s of %(total)s (%(percent)s %%)") % {
            "done": obj.done, "total": obj.total, "percent": obj.progress_percent}

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', staff_campaign_url(obj),
                           gettext("Dry run, run and follow-up on the staff page"))


class OfferChangeInline(admin.TabularInline):
    model = OfferChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by_person", "by_user", "reason"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return True  # the offer's admin decides who sees the offer

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(ReadOnlyScopedAdmin):
    """The list shows no names; opening an offer shows whose it is and is audited."""

    list_display = ["reference", "rule", "campaign", "status", "placement_unit", "deadline", "needs_letter"]
    list_filter = ["status", "rule", "campaign", "needs_letter"]
    search_fields = ["reference"]
    fields = ["reference", "rule", "campaign", "person", "mode", "status", "placement_unit", "placement",
              "distance_m", "starts_on", "deadline", "needs_letter", "answered_at", "answered_by", "change_case",
              "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [OfferChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("campaign", "placement_unit")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        offer = self.get_object(request, object_id)
        if offer is not None and self.has_view_permission(request, offer):
            record_audit(municipality=offer.municipality, actor=request.user, subject_id=offer.person.public_id,
                         action="proactive.offer.read", purpose="proactive campaign follow-up",
                         object_type="proactive.offer", object_id=offer.public_id,
                         role=access.role_of(request.user, offer.municipality), channel=Channel.ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)
