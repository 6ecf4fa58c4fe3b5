"""Cases: what a submission becomes. Status changes only through cases.services, history appended."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_HANDLING = "in_handling", _("in handling")
    WAITING_FOR_RESIDENT = "waiting_for_resident", _("waiting for the resident")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    TRANSFERRED = "transferred", _("transferred")


OPEN_STATUSES = {Status.SUBMITTED, Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT}


class CaseChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PHONE = "phone", _("phone")
    SERVICE_POINT = "service_point", _("service point")
    MAIL = "mail", _("mail")


class ReferenceCounter(MunicipalityScoped):
    """Case references per municipality and year, taken inside the submission transaction
    (select_for_update): gaps are allowed, duplicates never."""

    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="refcounter_unique_year")]


class Case(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("case reference"), max_length=32)
    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.RESTRICT, related_name="cases",
                                  verbose_name=_("case type"))
    definition = models.ForeignKey("eservices.FormDefinition", on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="cases")
    draft = models.OneToOneField("eservices.Draft", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="case")
    applicant = models.ForeignKey("people.Person", on_delete=models.RESTRICT, related_name="cases",
                                  verbose_name=_("applicant"))
    subject = models.ForeignKey("people.Person", on_delete=models.RESTRICT, related_name="cases_about",
                                verbose_name=_("whom it concerns"))
    mandate = models.ForeignKey("people.Mandate", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="cases", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("channel"), max_length=16, choices=CaseChannel.choices, default=CaseChannel.ONLINE)
    data = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=clock.now)
    due_date = models.DateField(_("due"), null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["municipality", "reference"], name="case_unique_reference")]
        indexes = [
            models.Index(fields=["municipality", "applicant", "submitted_at"], name="case_applicant_idx"),
            models.Index(fields=["municipality", "subject", "submitted_at"], name="case_subject_idx"),
            models.Index(fields=["municipality", "unit", "status"], name="case_unit_status_idx"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.reference


class StatusChange(MunicipalityScoped, AppendOnly):
    """The case's history: who, when, from, to, why. Never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=clock.now)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    by_person = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    on_behalf_of = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                     related_name="+")
    # The mandate under which by_person acted for on_behalf_of (None when acting for oneself).
    mandate = models.ForeignKey("people.Mandate", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "at", "id"]


class StatusText(MunicipalityScoped):
    """What a back-office status means to the resident, per case type (Open Inwoner's
    ZaakTypeStatusTypeConfig): plain-language text, whether they must act, what they can do."""

    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.CASCADE, related_name="status_texts")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    text = TranslatedTextField(_("text for the resident"), multiline=True, required_languages=("fi",), blank=False)
    action_required = models.BooleanField(_("the resident must act"), default=False)
    # Subset of ["answer", "add_attachments", "withdraw"].
    actions = models.JSONField(_("what the resident can do"), default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "case_type", "status"], name="statustext_unique"),
        ]
        verbose_name = _("status text")
        verbose_name_plural = _("status texts")


class Message(MunicipalityScoped):
    """A two-way message on a case. A request for information (is_information_request) waits for
    the resident's answer (answer_to on the reply)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_resident = models.BooleanField(default=True)
    author_person = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                      related_name="+")
    author_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="+")
    on_behalf_of = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                     related_name="+")
    mandate = models.ForeignKey("people.Mandate", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    body = models.TextField(_("message"))
    is_information_request = models.BooleanField(default=False)
    answer_to = models.ForeignKey("self", on_delete=models.RESTRICT, null=True, blank=True, related_name="answers")
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")


class Decision(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("decision"))
    decided_at = models.DateTimeField(default=clock.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="+")
    pdf = models.FileField(upload_to="decisions/%Y/", blank=True)

    class Meta:
        ordering = ["case", "decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class NotificationRequest(MunicipalityScoped):
    """A message someone should get (receipt, status change). Delivered by the outbox of the
    back-office issue; until then it waits here, written in the same transaction as its cause."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=40)  # e.g. "case.submitted"
    idempotency_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=clock.now)
    state = models.CharField(max_length=16, default="pending")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "idempotency_key"], name="notification_unique_key"),
        ]
