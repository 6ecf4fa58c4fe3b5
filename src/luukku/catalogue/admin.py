"""Staff editing of the catalogue, one municipality at a time (see luukku.core.admin for the rules).

Catalogue editors edit services and channels (with their hours); everyone with a role may look.
National code lists are edited only by the platform's superusers.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from luukku.core.admin import ALL_ROLES, RoleAdmin, ScopedAdmin, ScopedInline
from luukku.core.models import Role
from luukku.core.services import record_event

from .models import Channel, Code, Organisation, Service, ServiceHours, ServiceOrganisation
from .validators import CHANNEL_SHAPES, HOURS_SHAPES, SERVICE_SHAPES

CATALOGUE_VIEWERS = (Role.MANAGER, Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT)


@admin.register(Code)
class CodeAdmin(RoleAdmin):
    view_roles = ALL_ROLES
    list_display = ["code", "__str__", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "slug"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    """Organisations responsible for or producing services; PTV's arrive with the import (their PTV id is
    PTV's to change)."""

    view_roles = CATALOGUE_VIEWERS
    edit_roles = (Role.CATALOGUE_EDITOR,)
    bumps_content = True  # names are shown on service pages
    list_display = ["__str__", "business_id", "ptv_id", "is_municipality"]
    search_fields = ["name", "business_id"]
    fields = ["name", "business_id", "website", "is_municipality", "ptv_id"]
    readonly_fields = ["ptv_id"]


class ServiceOrganisationInline(ScopedInline):
    model = ServiceOrganisation
    extra = 0
    max_num = 50  # a forged TOTAL_FORMS must not make the page build thousands
    fields = ["role", "organisation", "provision_type", "info", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)


@admin.register(Service)
class ServiceAdmin(ScopedAdmin):
    view_roles = CATALOGUE_VIEWERS
    edit_roles = (Role.CATALOGUE_EDITOR,)
    unit_field = "responsible_unit"
    json_shapes = SERVICE_SHAPES
    inlines = [ServiceOrganisationInline]
    list_display = ["__str__", "slug", "status", "type", "sector", "responsible_unit", "modified"]
    list_filter = ["status", "type", "sector", "statutory"]
    search_fields = ["slug", "name"]
    filter_horizontal = ["codes", "channels"]
    readonly_fields = ["ptv_id", "source_id", "ptv_modified"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "type", "sector", "responsible_unit"]}),
        (_("Content"), {"fields": [
            "summary", "description", "user_instructions", "requirements", "processing_time", "validity_time",
            "deadline", "charge_type", "fees", "local_notes",
        ]}),
        (_("Classification"), {"fields": [
            "codes", "keywords", "alternative_names", "statutory", "legislation", "vouchers_in_use",
            "service_vouchers", "languages", "areas", "area_type", "ontology_terms", "popularity",
        ]}),
        (_("Channels"), {"fields": ["channels"]}),
        (_("PTV"), {"classes": ["collapse"], "fields": ["ptv_id", "source_id", "ptv_modified", "funding_type"]}),
    ]

    def save_related(self, request, form, formsets, change):
        # Search reindexing and the page-cache bump come from catalogue.signals on save.
        super().save_related(request, form, formsets, change)
        service = form.instance
        record_event(
            municipality=service.municipality, kind="service.changed", obj=service, actor=request.user,
            data={"created": not change},
        )

    def delete_model(self, request, obj):
        record_event(municipality=obj.municipality, kind="service.deleted", obj=obj, actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for service in queryset:
            record_event(municipality=service.municipality, kind="service.deleted", obj=service, actor=request.user)
        super().delete_queryset(request, queryset)


class ServiceHoursForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date is before the start date."))
        return data


class ChannelForm(forms.ModelForm):
    def clean_postal_code(self):
        code = self.cleaned_data.get("postal_code", "")
        if code and not (len(code) == 5 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("A postal code is five digits, e.g. 00100."))
        return code


class ServiceHoursInline(ScopedInline):
    model = ServiceHours
    form = ServiceHoursForm
    json_shapes = HOURS_SHAPES
    extra = 0
    # A channel has a handful of hour sets; a forged TOTAL_FORMS must not make the page build thousands.
    max_num = 50

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)

    fields = ["kind", "valid_from", "valid_to", "is_closed", "is_always_open", "opening", "info", "order"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "opening":
            field.help_text = _(
                'Opening times as a list, e.g. [{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}]; '
                "Monday is 0."
            )
        return field


@admin.register(Channel)
class ChannelAdmin(ScopedAdmin):
    view_roles = CATALOGUE_VIEWERS
    edit_roles = (Role.CATALOGUE_EDITOR,)
    unit_field = "unit"
    form = ChannelForm
    json_shapes = CHANNEL_SHAPES
    bumps_content = True
    inlines = [ServiceHoursInline]
    list_display = ["__str__", "kind", "status", "unit", "modified"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "source_id"]
    readonly_fields = ["ptv_id", "source_id", "ptv_modified"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        channel = form.instance
        record_event(
            municipality=channel.municipality, kind="channel.changed", obj=channel, actor=request.user,
            data={"created": not change},
        )
