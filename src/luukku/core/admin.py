"""Admin of the platform primitives, and the mixins every municipality-scoped admin uses.

Who may do what comes from StaffMembership roles in the municipality being administered
(`selectors.has_role`), never from Django's global permissions; superusers may do everything.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import router
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import selectors
from .forms import StrictJSONAdminMixin
from .models import (AddressPoint, AppendOnly, AuditEvent, Channel, Domain, DomainEvent, Municipality, Role, Sector,
                     StaffMembership, Unit)
from .services import bump_content_version, record_audits

ALL_ROLES = tuple(Role.values)


def history_in_cascade(model, objs, limit=20) -> list[str]:
    """What a delete of `objs` would take of history (AppendOnly rows), for the admin's "protected" list."""
    collector = NestedObjects(using=router.db_for_write(model))
    collector.collect(objs)
    found = [f"{capfirst(model._meta.verbose_name)}: {obj}" for model, instances in collector.data.items()
             if issubclass(model, AppendOnly) for obj in instances]
    return found[:limit] + ([f"… ({len(found) - limit})"] if len(found) > limit else [])


class RoleAdmin(StrictJSONAdminMixin, admin.ModelAdmin):
    """Permissions from membership roles. Administrators (and superusers) hold every role."""

    view_roles: tuple = ()  # may look
    edit_roles: tuple = ()  # may add, change and delete
    unit_field: str | None = None  # an editor limited to some units may edit only their rows

    class Media:
        css = {"all": ["core/admin.css"]}

    def _has(self, request, roles, unit=None) -> bool:
        municipality = getattr(request, "municipality", None)
        return bool(roles) and selectors.has_role(request.user, municipality, roles, unit=unit)

    def _unit_of(self, obj):
        if obj is None or self.unit_field is None:
            return None
        return getattr(obj, f"{self.unit_field}_id") or 0  # 0: no unit, only whole-municipality roles

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._has(request, self.view_roles + self.edit_roles) or self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return self._has(request, self.edit_roles)

    def has_change_permission(self, request, obj=None):
        return self._has(request, self.edit_roles, unit=self._unit_of(obj))

    def has_delete_permission(self, request, obj=None):
        return self._has(request, self.edit_roles, unit=self._unit_of(obj))

    def get_deleted_objects(self, objs, request):
        """History rows (AppendOnly) that a delete would take with it count as protected: the
        database refuses to delete them outside core.history.history_maintenance(), so the admin
        says why it cannot delete instead of failing."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, protected + history_in_cascade(self.model, objs)


class ScopedAdmin(RoleAdmin):
    """A model with a `municipality` key: rows, choices and saves of the current municipality only."""

    bumps_content = False  # shown on cached pages: a change must invalidate them
    def get_queryset(self, request):
        municipality = getattr(request, "municipality", None)
        if municipality is None:
            return self.model._base_manager.none()
        # The scoped manager filters already; the explicit filter keeps models without it honest.
        return super().get_queryset(request).filter(municipality=municipality)

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "municipality"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return scoped_form(super().get_form(request, obj, change, **kwargs), request.municipality)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.unit_field and not request.user.is_superuser:
            units = selectors.units_for(request.user, request.municipality, self.edit_roles)
            if units is not None:
                kwargs["queryset"] = Unit.objects.filter(pk__in=[u.pk for u in units])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.municipality_id is None:
            obj.municipality = request.municipality
        if obj.municipality_id != request.municipality.pk:
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        if self.bumps_content:
            bump_content_version(obj.municipality_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if self.bumps_content:
            bump_content_version(obj.municipality_id)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        if self.bumps_content:
            bump_content_version(request.municipality.pk)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "municipality_id") and instance.municipality_id is None:
                instance.municipality = request.municipality
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()


class AuditedListMixin:
    """A list page that shows residents' names: one AuditEvent per person on the page, in one insert
    (and autocomplete results, see admin_site). For admins that audit their change page themselves."""

    audit_action = ""  # "person": person.list, person.view, person.change, person.autocomplete, …
    audit_purpose = ""

    def audit_subjects(self, obj) -> list:
        """Whose data a row shows (public ids)."""
        return [obj.public_id]

    def audit(self, request, objs, verb: str) -> None:
        label = self.model._meta.label_lower
        record_audits(municipality=request.municipality, actor=request.user, action=f"{self.audit_action}.{verb}",
                      purpose=self.audit_purpose, channel=Channel.ADMIN,
                      subjects=[(subject, label, obj.public_id)
                                for obj in objs for subject in self.audit_subjects(obj)])

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:  # the page's rows only (result_list is this page, read once)
            self.audit(request, changelist.result_list, "list")
        return response


class AuditedAdmin(AuditedListMixin, ScopedAdmin):
    """Rows that are residents' personal data: every admin page that shows them writes AuditEvents
    before it is sent (the resident can see them): the list, one per person on the page in one insert;
    the change, history and delete pages; autocomplete results (see admin_site)."""

    def _audit_one(self, request, object_id, verb):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            self.audit(request, [obj], verb)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._audit_one(request, object_id, "view" if request.method in ("GET", "HEAD") else "change")
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._audit_one(request, object_id, "history")
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._audit_one(request, object_id, "delete")
        return super().delete_view(request, object_id, extra_context)


def scoped_form(form_class, municipality):
    """The form validates unique constraints that lead with `municipality` though it is not shown."""

    class ScopedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if getattr(self.instance, "municipality_id", None) is None and municipality is not None:
                self.instance.municipality = municipality

        def _get_validation_exclusions(self):
            exclusions = super()._get_validation_exclusions()
            exclusions.discard("municipality")
            return exclusions

    ScopedForm.__name__ = form_class.__name__
    return ScopedForm


class ScopedInline(StrictJSONAdminMixin, admin.StackedInline):
    """An inline of a scoped model: the parent admin's roles decide."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = scoped_form(formset.form, request.municipality)
        return formset

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "municipality"]

    def _parent(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)


class HistoryAdmin(ScopedAdmin):
    """Append-only history: administrators and managers of the municipality may read it."""

    view_roles = (Role.MANAGER,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- The platform primitives ----------------------------------------------------------------------


@admin.register(Municipality)
class MunicipalityAdmin(StrictJSONAdminMixin, admin.ModelAdmin):
    """Tenants are created and configured by the platform's superusers."""

    list_display = ["__str__", "code", "slug"]
    search_fields = ["slug", "code"]

    class Media:
        css = {"all": ["core/admin.css"]}

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_content_version(obj.pk)  # name, colour and contacts are on every cached page

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)

    def get_deleted_objects(self, objs, request):
        """A municipality goes with all its history only through core.history.history_maintenance()
        (the demo reset does that); the admin lists the history that keeps it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, protected + history_in_cascade(self.model, objs)


@admin.register(Domain)
class DomainAdmin(ScopedAdmin):
    """Host names are platform settings: only a superuser maps one to the municipality administered
    (a municipality's administrator could otherwise claim a host that other municipalities use)."""

    list_display = ["host"]

    def _has(self, request, roles, unit=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self._has(request, ())


@admin.register(Sector)
class SectorAdmin(ScopedAdmin):
    bumps_content = True
    view_roles = ALL_ROLES
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["__str__", "slug", "order"]
    search_fields = ["slug"]


@admin.register(AddressPoint)
class AddressPointAdmin(ScopedAdmin):
    view_roles = ALL_ROLES
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["__str__", "latitude", "longitude"]
    search_fields = ["street", "number", "postal_code"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    bumps_content = True
    view_roles = ALL_ROLES
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["__str__", "slug", "sector", "email", "phone"]
    list_filter = ["sector"]
    search_fields = ["slug", "email"]


class MembershipForm(forms.ModelForm):
    # A user name, not a list of every user of the platform (other municipalities' staff among them).
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput,
        label=_("user name"),
        error_messages={"invalid_choice": _("No active user has this user name.")},
    )

    class Meta:
        model = StaffMembership
        fields = ["user", "unit", "role", "valid_until"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(ScopedAdmin):
    view_roles = (Role.MANAGER,)
    edit_roles = (Role.ADMINISTRATOR,)
    form = MembershipForm
    list_display = ["user", "role", "unit", "valid_until"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.user.is_staff:
            # A membership is the permission; is_staff only lets the person log in to the admin.
            type(obj.user).objects.filter(pk=obj.user.pk).update(is_staff=True)


@admin.register(AuditEvent)
class AuditEventAdmin(HistoryAdmin):
    list_display = ["at", "actor", "actor_role", "action", "object_type", "purpose", "channel"]
    list_filter = ["channel", "action"]
    search_fields = ["subject_id", "object_id"]
    date_hierarchy = "at"


@admin.register(DomainEvent)
class DomainEventAdmin(HistoryAdmin):
    list_display = ["at", "kind", "object_type", "object_id", "actor"]
    list_filter = ["kind", "object_type"]
    search_fields = ["object_id"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        """A manager of some units reads the events of their units' cases (a case event carries its
        reference); the whole stream is for the managers and administrators of the municipality."""
        events = super().get_queryset(request)
        units = selectors.units_for(request.user, getattr(request, "municipality", None), self.view_roles)
        if units is None:
            return events
        from luukku.cases.models import Case

        cases = Case.all_objects.filter(municipality=request.municipality, unit__in=units)
        return events.filter(object_type="cases.case",
                             object_id__in=[str(pid) for pid in cases.values_list("public_id", flat=True)])
