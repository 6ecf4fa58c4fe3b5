"""Privacy models: data exports, retention rules, legal holds and runs, links to a profile service,
consents and the disclosures made under them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped

# --- Export: the resident's copy of their data (privacy/export.py) ---------------------------------


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be made")
    RUNNING = "running", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("could not be made")


EXPORT_IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.RUNNING)


class DataExport(MunicipalityScoped):
    """One export of a person's data (JSON and PDF), made by a background task. At most one is in
    progress per person: a second request while it is made gets the same row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices,
                              default=ExportStatus.PENDING)
    language = models.CharField(_("language"), max_length=8, default="fi")
    created_at = models.DateTimeField(_("requested"), default=clock.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    json_file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    pdf_file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "person"], name="export_one_in_progress",
                                    condition=Q(status__in=["pending", "running"])),
        ]
        indexes = [models.Index(fields=["municipality", "person", "created_at"], name="export_person_idx")]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")


# --- Retention (privacy/retention.py) ------------------------------------------------------------


class RecordType(models.TextChoices):
    DRAFT = "draft", _("unsent drafts")
    FEEDBACK_CONTACT = "feedback_contact", _("contact details of closed feedback")
    NOTIFICATION = "notification", _("notifications and their deliveries")
    AUDIT_EVENT = "audit_event", _("audit events")
    CASE = "case", _("closed cases")
    DATA_EXPORT = "data_export", _("data exports")


# Used when a municipality has no rule of its own. Audit events: 5 years (the logs of personal-data
# use are kept as long as a complaint about the use can be made); cases: 10 years as a cautious
# default until each case type's archive plan (arkistonmuodostussuunnitelma) sets its own.
DEFAULT_RETENTION_DAYS = {
    RecordType.DRAFT: 90,
    RecordType.FEEDBACK_CONTACT: 365,
    RecordType.NOTIFICATION: 365,
    RecordType.AUDIT_EVENT: 5 * 365,
    RecordType.CASE: 10 * 365,
    RecordType.DATA_EXPORT: 30,
}


class RetentionRule(MunicipalityScoped):
    """How long a kind of record is kept (for cases: per case type, or for every case type when the
    case type is empty). Counted from the record's last event: a draft's last save, feedback's
    closing, a case's last change."""

    record_type = models.CharField(_("record type"), max_length=24, choices=RecordType.choices)
    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("case type"),
                                  help_text=_("Only for closed cases; empty: every case type without a rule."))
    days = models.PositiveIntegerField(_("kept for (days)"))
    notes = models.TextField(_("basis"), blank=True, help_text=_("The law or archive plan behind the period."))

    class Meta:
        ordering = ["municipality", "record_type", "case_type"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "record_type"], name="retention_rule_unique_type",
                                    condition=Q(case_type__isnull=True)),
            models.UniqueConstraint(fields=["municipality", "record_type", "case_type"],
                                    name="retention_rule_unique_case_type", condition=Q(case_type__isnull=False)),
            models.CheckConstraint(condition=Q(case_type__isnull=True) | Q(record_type="case"),
                                   name="retention_rule_case_type_only_for_cases"),
        ]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return f"{self.get_record_type_display()}{f' – {self.case_type}' if self.case_type_id else ''}: {self.days}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.case_type_id and self.record_type != RecordType.CASE:
            raise ValidationError({"case_type": _("A case type can be given only for closed cases.")})


class LegalHold(MunicipalityScoped):
    """Stops retention and erasure for a person or a case (e.g. a pending appeal or a court order)
    until it is released."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("case"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("set by"))
    created_at = models.DateTimeField(_("set"), default=clock.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False, case__isnull=True)
                                   | Q(person__isnull=True, case__isnull=False), name="legal_hold_one_target"),
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self):
        return str(self.case or self.person)

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.person_id) == bool(self.case_id):
            raise ValidationError(_("Choose either a person or a case."))


class RetentionRun(MunicipalityScoped):
    """One run of the retention job in one municipality: what it removed, per record type."""

    started_at = models.DateTimeField(_("started"), default=clock.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("removed"), default=dict, blank=True)  # {record type: rows}
    held = models.PositiveIntegerField(_("kept by legal holds"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["municipality", "-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"


# --- The Helsinki profile GDPR API (privacy/gdpr_api.py) ------------------------------------------


class ProfileLink(MunicipalityScoped):
    """The person's id in a city's resident-profile service (Helsinki profile): the GDPR API finds
    the person by it (or by the person's own public id)."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="+")
    profile_id = models.UUIDField(_("profile id"))
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "profile_id"], name="profile_link_unique")]
        verbose_name = _("profile link")
        verbose_name_plural = _("profile links")


# --- Consents and disclosures (privacy/consents.py) ------------------------------------------------


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
