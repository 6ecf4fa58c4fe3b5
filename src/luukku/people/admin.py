"""Residents and mandates in the admin. Service-point agents may look any person up, case handlers
the persons of their units' cases; administrators manage. Every opened person is an AuditEvent (the
resident can see it)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from luukku.core import selectors
from luukku.core.admin import ScopedAdmin
from luukku.core.models import Role
from luukku.core.services import record_audit

from . import hetu as hetu_module
from .models import Mandate, Person

PURPOSE = "resident data administration"


def visible_persons(request, persons):
    """`persons` narrowed to those this user may look up: everyone for the front office and the roles
    of the whole municipality; for a handler of some units, the applicants and subjects of their
    units' cases (a handler of another unit saw every resident's address and contacts)."""
    from luukku.cases.models import Case

    user, municipality = request.user, request.municipality
    if selectors.has_role(user, municipality, (Role.SERVICE_POINT_AGENT,)):
        return persons
    units = selectors.units_for(user, municipality, (Role.CASE_HANDLER,))
    if units is None:
        return persons
    cases = Case.all_objects.filter(municipality=municipality, unit__in=units)
    return persons.filter(Q(pk__in=cases.values("applicant_id")) | Q(pk__in=cases.values("subject_id")))


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
class PersonAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT)
    edit_roles = (Role.ADMINISTRATOR,)
    form = PersonForm
    list_display = ["full_name", "birth_date", "masked_code", "protected_address"]
    search_fields = ["last_name", "first_names"]
    change_list_template = "people/admin/person_change_list.html"
    readonly_fields = ["masked_code", "birth_date", "register_checked_at", "last_loa"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return visible_persons(request, super().get_queryset(request))

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            record_audit(municipality=request.municipality, actor=request.user, subject_id=obj.public_id,
                         action="person.view" if request.method == "GET" else "person.change", purpose=PURPOSE,
                         object_type="people.person", object_id=obj.public_id)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Mandate)
class MandateAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT)
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["agent", "principal", "kind", "source", "valid_from", "valid_until"]
    list_filter = ["kind", "source"]
    search_fields = ["agent__last_name", "principal__last_name"]
    raw_id_fields = ["principal", "agent"]

    def get_queryset(self, request):
        persons = visible_persons(request, Person.all_objects.filter(municipality=request.municipality))
        return super().get_queryset(request).filter(Q(principal__in=persons) | Q(agent__in=persons))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            for subject in (obj.principal, obj.agent):
                record_audit(municipality=request.municipality, actor=request.user, subject_id=subject.public_id,
                             action="mandate.view", purpose=PURPOSE, object_type="people.mandate",
                             object_id=obj.public_id)
        return super().change_view(request, object_id, form_url, extra_context)
