"""Feedback in the admin, one municipality at a time (see luukku.core.admin for the rules):
categories (the Open311 services, with their extra questions), routing rules, partner systems'
API keys, and a read-only list of feedback (handled on the staff pages, never here)."""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luukku.core import geo
from luukku.core import selectors as core_selectors
from luukku.core.admin import ScopedAdmin
from luukku.core.models import Role, Unit

from . import config, services
from .models import ApiKey, Category, Feedback, Kind, RoutingRule

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LIST_TYPES = ("singlevaluelist", "multivaluelist")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
EXAMPLE = ('[{"code": "danger", "datatype": "singlevaluelist", "required": false, "order": 1, '
           '"description": {"fi": "Onko vika vaarallinen?"}, "values": [{"key": "yes", "name": {"fi": "Kyllä"}}]}]')


def _fail(message, **params):
    raise ValidationError(message, params=params, code="shape")


def _is_texts(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _attribute_problem(item) -> str | None:
    """What is wrong with one Open311 attribute, in the editor's words (None: nothing)."""
    if not isinstance(item, dict):
        return gettext("each question must be an object { … }")
    if not isinstance(item.get("code"), str) or not CODE.match(item["code"]):
        return gettext("“code” must be letters, digits, - or _ (at most 60)")
    if item.get("datatype") not in DATATYPES:
        return gettext("“datatype” must be one of %(types)s") % {"types": ", ".join(DATATYPES)}
    if "required" in item and not isinstance(item["required"], bool):
        return gettext("“required” must be true or false")
    if "order" in item and (not isinstance(item["order"], int) or isinstance(item["order"], bool)):
        return gettext("“order” must be a whole number")
    if "description" in item and not _is_texts(item["description"]):
        return gettext("“description” must be texts by language code, e.g. {\"fi\": \"…\"}")
    values = item.get("values")
    if item["datatype"] in LIST_TYPES:
        if not isinstance(values, list) or not values:
            return gettext("a list question needs “values”: [{\"key\": …, \"name\": {\"fi\": …}}]")
        keys = [v.get("key") if isinstance(v, dict) else None for v in values]
        if not all(isinstance(k, (str, int)) and not isinstance(k, bool) and str(k) for k in keys):
            return gettext("each value needs a “key”")
        if len({str(k) for k in keys}) != len(keys):
            return gettext("the values’ keys must differ")
        if not all(_is_texts(v.get("name", {})) for v in values):
            return gettext("each value’s “name” must be texts by language code")
    elif values not in (None, []):
        return gettext("only list questions (singlevaluelist, multivaluelist) have “values”")
    return None


def check_attributes(value):
    """The Open311 attribute list of a category (see Category.attributes)."""
    if not isinstance(value, list):
        _fail(_("Give a list of questions, e.g. %(example)s"), example=EXAMPLE)
    for number, item in enumerate(value, start=1):
        problem = _attribute_problem(item)
        if problem:
            _fail(_("Question %(number)s: %(problem)s."), number=number, problem=problem)
    codes = [item["code"] for item in value]
    if len(set(codes)) != len(codes):
        _fail(_("Two questions have the same code: each needs its own."))
    return value


def check_kinds(value):
    if not isinstance(value, list) or not value or not all(v in Kind.values for v in value):
        _fail(_("Give a list of kinds of feedback from %(kinds)s."), kinds=", ".join(Kind.values))
    return value


def check_area(value):
    if not geo.is_valid_area(value):
        _fail(_('Give a GeoJSON Polygon or MultiPolygon in longitude, latitude, e.g. {"type": "Polygon", '
                '"coordinates": [[[25.0, 61.4], [25.2, 61.4], [25.2, 61.6], [25.0, 61.4]]]}; the first and last '
                'point of each ring must be the same. Leave it empty for the whole municipality.'))
    return value


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER, Role.SERVICE_POINT_AGENT)
    edit_roles = (Role.ADMINISTRATOR,)
    json_shapes = {"attributes": check_attributes, "kinds": check_kinds}
    list_display = ["__str__", "code", "public_works", "sla_days", "active", "order"]
    list_filter = ["active", "public_works"]
    search_fields = ["code", "keywords"]
    fields = ["code", "name", "description", "group", "keywords", "kinds", "public_works", "location_required",
              "sla_days", "attributes", "active", "order"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = (Role.ADMINISTRATOR,)
    json_shapes = {"area": check_area}
    list_display = ["__str__", "category", "unit", "priority", "active"]
    list_filter = ["active", "category", "unit"]
    fields = ["category", "area_name", "area", "unit", "priority", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the municipality being administered: another's unit or category is not a choice
        # (and a forced one is an invalid choice).
        municipality = getattr(request, "municipality", None)
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.all_objects.filter(municipality=municipality)
        elif db_field.name == "category":
            kwargs["queryset"] = Category.all_objects.filter(municipality=municipality)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApiKey)
class ApiKeyAdmin(ScopedAdmin):
    """A new key is made by services.create_api_key and shown once; then only its beginning."""

    view_roles = (Role.MANAGER,)
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["name", "prefix", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]

    def get_fields(self, request, obj=None):
        return ["name", "active"] if obj is None else ["name", "prefix", "active", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["prefix", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created, key = services.create_api_key(request.municipality, obj.name)
        if not obj.active:
            ApiKey.all_objects.filter(pk=created.pk).update(active=False)
            config.changed(created.municipality_id)
        for field in ("id", "public_id", "municipality_id", "key_hash", "prefix", "created_at"):
            setattr(obj, field, getattr(created, field))
        obj._state.adding = False
        messages.success(request, gettext(
            "The new API key of %(name)s is %(key)s – copy it now and give it to the partner: it is shown "
            "only this once.") % {"name": obj.name, "key": key})


def staff_feedback_url(feedback) -> str:
    language = (translation.get_language() or "").split("-")[0]
    if language not in (feedback.municipality.languages or []):
        language = feedback.municipality.default_language or "fi"
    return reverse("feedback_staff:detail", kwargs={"municipality": feedback.municipality.slug, "lang": language,
                                                    "feedback_id": feedback.public_id})


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    """Read only and without the reporter's contact details: handling happens on the staff page."""

    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = ()
    unit_field = "unit"
    list_display = ["reference", "category", "kind", "status", "unit", "channel", "submitted_at", "due_date",
                    "publication"]
    list_filter = ["status", "category", "unit", "channel", "publication"]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    fields = ["staff_page", "reference", "category", "kind", "status", "unit", "assignee", "channel", "language",
              "submitted_at", "due_date", "closed_at", "address", "latitude", "longitude", "publication",
              "public_answer", "duplicate_of"]
    readonly_fields = fields
    actions = None

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', staff_feedback_url(obj), gettext("Handle on the staff page"))

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("category", "unit", "municipality")
        municipality = getattr(request, "municipality", None)
        if municipality is None:
            return qs
        units = core_selectors.units_for(request.user, municipality, self.view_roles)
        return qs if units is None else qs.filter(unit__in=units)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return core_selectors.has_role(request.user, obj.municipality, self.view_roles, unit=obj.unit)
        return super().has_view_permission(request, obj)
