"""Privacy models."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped


class DataCategory(models.TextChoices):
    """What a consent lets the municipality share (a hand-over package holds all of them)."""

    IDENTITY = "identity", _("Name and personal identity code")
    CONTACT = "contact", _("Address, phone number and email")
    CASE = "case", _("Applications, messages and attachments")
    DECISIONS = "decisions", _("Decisions")


class ConsentPurpose(models.TextChoices):
    CASE_HANDLING = "case_handling", _("Handing my cases over so that the organisation can continue handling them")
    SERVICE_COORDINATION = "service_coordination", _("Coordinating the services I receive")


class Consent(MunicipalityScoped):
    """A resident lets the municipality share the chosen data with a partner organisation for a
    purpose. Revoking ends it (revoked_at); the row stays so that earlier disclosures stay explainable."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("person"))
    partner = models.ForeignKey("cases.PartnerOrganisation", on_delete=models.RESTRICT, related_name="consents",
                                verbose_name=_("partner organisation"))
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    categories = models.JSONField(_("data categories"), default=list)
    given_at = models.DateTimeField(_("given"), default=clock.now)
    given_by = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-given_at", "-id"]
        indexes = [models.Index(fields=["municipality", "person", "partner"], name="consent_person_partner_idx")]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")


class DisclosureBasis(MunicipalityScoped):
    """A provision of law under which a case type's cases are handed to a partner without consent
    (e.g. the Social Welfare Act's section on transferring a client's case). No partner: any."""

    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("case type"))
    partner = models.ForeignKey("cases.PartnerOrganisation", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("partner organisation"))
    law = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        ordering = ["municipality", "case_type", "id"]
        verbose_name = _("legal basis for disclosure")
        verbose_name_plural = _("legal bases for disclosure")

    def __str__(self):
        return self.law


class Disclosure(MunicipalityScoped, AppendOnly):
    """One disclosure of a person's data to a partner, with the basis it was made on at that moment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=clock.now)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("cases.PartnerOrganisation", on_delete=models.RESTRICT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=32)  # "handover", "partner_api", …
    purpose = models.CharField(_("purpose"), max_length=40)
    categories = models.JSONField(default=list)
    consent = models.ForeignKey(Consent, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    law = models.CharField(_("legal basis"), max_length=300, blank=True)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["municipality", "-at", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
