"""Residents and mandates in the admin: administrators (and superusers) only. Case handlers and
service-point agents look residents up in the front office, which scopes and audits. Every read here
is an AuditEvent too (list rows, opened pages, autocomplete: the resident can see them); a protected
address (turvakielto) is never shown, and the lists filter and sort by names and dates only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from luukku.core.admin import AuditedAdmin
from luukku.core.models import Role

from . import hetu as hetu_module
from .models import Mandate, MandateChange, Person

PURPOSE = "resident data administration"
ADDRESS_FIELDS = ("street_address", "postal_code", "post_office", "latitude", "longitude")
# Query-string lookups the lists take (names, dates, kinds); anything else, e.g. protected_address__exact,
# would let a list single out who has a protected address.
PERSON_LOOKUPS = ("last_name", "first_names", "birth_date")
MANDATE_LOOKUPS = ("kind", "source", "valid_from", "valid_until")


class FindForm(forms.Form):
    identity_code = forms.CharField(label=_("personal identity code"), max_length=20,
                                    widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean_identity_code(self):
        return hetu_module.validate(self.cleaned_data["identity_code"], allow_temporary=True)


class PersonForm(forms.ModelForm):
    """The identity code is write-only: typed when adding or correcting, never shown back."""

    identity_code = forms.CharField(
        label=_("personal identity code"), required=False, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Shown only masked. Leave empty to keep the stored code."),
    )

    class Meta:
        model = Person
        fields = ["first_names", "last_name", "street_address", "postal_code", "post_office", "latitude",
                  "longitude", "email", "phone", "language", "protected_address", "user"]

    def clean_identity_code(self):
        value = self.cleaned_data.get("identity_code", "")
        if not value:
            if self.instance.pk is None:
                raise ValidationError(_("Type the personal identity code."), code="required")
            return ""
        return hetu_module.validate(value)

    def save(self, commit=True):
        code = self.cleaned_data.get("identity_code")
        if code:
            self.instance.set_hetu(code)
            self.instance.birth_date = hetu_module.birth_date(code)
        return super().save(commit)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    view_roles = ()  # administrators (and superusers): the front office is where residents are looked up
    edit_roles = (Role.ADMINISTRATOR,)
    audit_action, audit_purpose = "person", PURPOSE
    form = PersonForm
    list_display = ["full_name", "birth_date", "masked_code"]
    search_fields = ["last_name", "first_names"]
    change_list_template = "people/admin/person_change_list.html"
    readonly_fields = ["masked_code", "birth_date", "register_checked_at", "last_loa"]
    raw_id_fields = ["user"]

    def lookup_allowed(self, lookup, value, request=None):
        return lookup.split("__")[0] in PERSON_LOOKUPS

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.protected_address:  # turvakielto: not shown, not even to administrators
            fields = [f for f in fields if f not in ADDRESS_FIELDS]
        return fields

    def get_exclude(self, request, obj=None):
        exclude = super().get_exclude(request, obj)
        return [*exclude, *ADDRESS_FIELDS] if obj is not None and obj.protected_address else exclude

    @admin.display(description=_("personal identity code"))
    def masked_code(self, obj):
        return hetu_module.mask(obj.hetu) if obj.hetu_encrypted else "–"

    def get_urls(self):
        return [path("find/", self.admin_site.admin_view(self.find_view), name="people_person_find"), *super().get_urls()]

    def find_view(self, request):
        """Find a person by a typed identity code: a POST form (a code in a GET query would end up in
        URLs and access logs), looked up by the keyed hash."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = FindForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            code_hash = hetu_module.lookup_hash(form.cleaned_data["identity_code"])
            person = self.get_queryset(request).filter(hetu_hash=code_hash).first()
            if person is not None:
                return redirect(reverse("admin:people_person_change", args=[person.pk]))
            form.add_error("identity_code", _("No person with this identity code in this municipality."))
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("Find a person by identity code")}
        return TemplateResponse(request, "people/admin/find_person.html", context)


class MandateChangeInline(admin.TabularInline):
    """The mandate's history: read only, as it is append-only."""

    model = MandateChange
    extra = 0
    fields = readonly_fields = ["at", "action", "by_person", "data"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mandate)
class MandateAdmin(AuditedAdmin):
    view_roles = ()
    edit_roles = (Role.ADMINISTRATOR,)
    audit_action, audit_purpose = "mandate", PURPOSE
    list_display = ["agent", "principal", "kind", "source", "valid_from", "valid_until", "revoked_at"]
    list_select_related = ["agent", "principal"]
    inlines = [MandateChangeInline]
    list_filter = ["kind", "source"]
    search_fields = ["agent__last_name", "principal__last_name"]
    raw_id_fields = ["principal", "agent"]

    def lookup_allowed(self, lookup, value, request=None):
        return lookup.split("__")[0] in MANDATE_LOOKUPS

    def audit_subjects(self, obj) -> list:
        return [obj.principal.public_id, obj.agent.public_id]
