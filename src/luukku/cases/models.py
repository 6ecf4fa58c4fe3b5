"""Cases: what a submission becomes. Status changes only through cases.services, history appended."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.compiled import CompiledQuery
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


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
    EMAIL = "email", _("email")
    CHAT = "chat", _("chat")


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
    sub_status = models.ForeignKey("cases.SubStatus", on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="+", verbose_name=_("sub-status"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                 related_name="assigned_cases", verbose_name=_("handler"))
    # Who started the case for the resident (front office); None when the resident did it online.
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    channel = models.CharField(_("channel"), max_length=16, choices=CaseChannel.choices, default=CaseChannel.ONLINE)
    data = models.JSONField(default=dict, blank=True)
    # What the application's checks found when it was sent (eservices.checks): [{"code": …, "params": {…}}],
    # worded in the reader's language when shown.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=clock.now)
    due_date = models.DateField(_("due"), null=True, blank=True)
    # The service-level clock stops while the case waits for the resident: paused_since is set on
    # entering "waiting for the resident"; on leaving it the due date moves by the working days paused.
    paused_since = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The partner organisation the case was handed over to (status "transferred").
    handed_over_to = models.ForeignKey("cases.PartnerOrganisation", on_delete=models.RESTRICT, null=True,
                                       blank=True, related_name="+", verbose_name=_("handed over to"))
    updated_at = models.DateTimeField(default=clock.now)
    # A request for review (oikaisuvaatimus): the decision it asks to correct, and whether it came
    # after the deadline (accepted all the same; the handler weighs it). The link goes when the decided
    # case's retention ends; the request keeps the decision's title, date and reference in `data`.
    review_of = models.ForeignKey("cases.Decision", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="reviews", verbose_name=_("review of the decision"))
    review_late = models.BooleanField(_("requested after the deadline"), default=False)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["municipality", "reference"], name="case_unique_reference")]
        indexes = [
            models.Index(fields=["municipality", "applicant", "submitted_at"], name="case_applicant_idx"),
            models.Index(fields=["municipality", "subject", "submitted_at"], name="case_subject_idx"),
            models.Index(fields=["municipality", "unit", "status"], name="case_unit_status_idx"),
            # A unit's queue in its order: open cases (the default view) and every status (bench/RESULTS.md:
            # without these, the queue sorted all of a unit's open cases to show 50).
            models.Index(fields=["municipality", "unit", "due_date", "submitted_at", "id"], name="case_open_queue_idx",
                         condition=models.Q(status__in=["submitted", "in_handling", "waiting_for_resident"])),
            models.Index(fields=["municipality", "unit", "due_date", "submitted_at", "id"], name="case_unit_order_idx"),
            models.Index(fields=["municipality", "assignee", "status"], name="case_assignee_idx"),
            # service-level figures: decisions of the last 30 days per unit
            models.Index(fields=["municipality", "unit", "decided_at"], name="case_unit_decided_idx"),
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
    # Sub-status codes (kept as text so history reads the same after a sub-status is renamed).
    from_sub_status = models.CharField(max_length=40, blank=True)
    to_sub_status = models.CharField(max_length=40, blank=True)
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
    template = models.ForeignKey("cases.DecisionTemplate", on_delete=models.RESTRICT, null=True, blank=True,
                                 related_name="+")
    values = models.JSONField(default=dict, blank=True)  # the template's fields as filled in
    appeal_instructions = models.TextField(_("appeal instructions"), blank=True)
    language = models.CharField(max_length=8, blank=True)
    # The resident must accept or decline by this day (None: no answer asked).
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    # The body a request for review goes to (as its instructions name it) and the unit that prepares it.
    review_body = models.CharField(_("review body"), max_length=200, blank=True)
    review_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="+", verbose_name=_("unit handling reviews"))

    class Meta:
        ordering = ["case", "decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class AnswerChoice(models.TextChoices):
    ACCEPT = "accept", _("accepted")
    DECLINE = "decline", _("declined")


class DecisionAnswer(MunicipalityScoped, AppendOnly):
    """The resident's answer to a decision that asks for one (e.g. accepting a day care place).
    One per decision; part of the case's history, never edited."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="answer")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decision_answers")
    answer = models.CharField(_("answer"), max_length=8, choices=AnswerChoice.choices)
    message = models.TextField(_("message"), blank=True)
    by_person = models.ForeignKey("people.Person", on_delete=models.RESTRICT, related_name="+")
    on_behalf_of = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                     related_name="+")
    mandate = models.ForeignKey("people.Mandate", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("answer to a decision")
        verbose_name_plural = _("answers to decisions")


class SubStatus(MunicipalityScoped):
    """A finer step a case type adds inside one core status (e.g. "in handling: site visit booked")."""

    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.CASCADE, related_name="sub_statuses",
                                  verbose_name=_("case type"))
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    # Shown to the resident when set; otherwise the core status text is.
    resident_text = TranslatedTextField(_("text for the resident"), multiline=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["case_type", "status", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "case_type", "code"], name="substatus_unique_code"),
        ]
        verbose_name = _("sub-status")
        verbose_name_plural = _("sub-statuses")

    def __str__(self):
        return tr(self.name)


class InternalNote(MunicipalityScoped, AppendOnly):
    """A handler's note on a case: staff only, never shown to the resident."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    body = models.TextField(_("note"))
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


class Assignment(MunicipalityScoped, AppendOnly):
    """Who handled the case when: appended on every claim, assignment, release and transfer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                 related_name="+")
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["case", "at", "id"]


class Transfer(MunicipalityScoped, AppendOnly):
    """A case moved from one unit to another of the same municipality. The resident sees it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+")
    to_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+")
    reason = models.TextField(_("reason"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")


class PartnerOrganisation(MunicipalityScoped):
    """An organisation outside the municipality that takes cases over (e.g. the wellbeing services county)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # What the resident is told about the organisation after a hand-over (contact, how to follow up).
    resident_info = TranslatedTextField(_("information for the resident"), multiline=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "id"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return tr(self.name)

    def clean(self):
        from django.core.exceptions import ValidationError

        from luukku.core.models import business_id_validator

        try:
            business_id_validator(self.business_id)
        except ValidationError as exc:
            raise ValidationError({"business_id": exc.messages}) from None


class Handover(MunicipalityScoped, AppendOnly):
    """A case handed to a partner organisation as a package (ZIP: case.json, documents as PDF,
    attachments, manifest.json with SHA-256 of every file)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    partner = models.ForeignKey(PartnerOrganisation, on_delete=models.RESTRICT, related_name="handovers")
    reason = models.TextField(_("reason"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    at = models.DateTimeField(default=clock.now)
    package = models.FileField(upload_to="handovers/%Y/")
    sha256 = models.CharField(max_length=64)  # of the whole ZIP
    manifest = models.JSONField(default=dict)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")


class DecisionTemplate(MunicipalityScoped):
    """A decision the handler fills in: a title and text with {field} placeholders, the fields to
    ask (each {key, label, type, required}) and the appeal instructions (oikaisuvaatimusohje) that
    Finnish administrative law requires on every decision that can be appealed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_type = models.ForeignKey("eservices.CaseType", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="decision_templates", verbose_name=_("case type"))
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    title = TranslatedTextField(_("decision title"), required_languages=("fi",), blank=False)
    body = TranslatedTextField(_("decision text"), multiline=True, required_languages=("fi",), blank=False)
    # [{"key": "amount", "label": {"fi": …}, "type": "text|textarea|date|number|choice",
    #   "required": true, "choices": [{"value": …, "label": {…}}]}]
    fields = models.JSONField(_("fields"), default=list, blank=True)
    appeal_instructions = TranslatedTextField(_("appeal instructions"), multiline=True,
                                              required_languages=("fi",), blank=False)
    # The resident accepts or declines within this many days of being notified (empty: no answer asked).
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), null=True, blank=True)
    # To whom a request for review is made ({review_body} in the instructions) and which unit prepares it
    # (empty: the case's own unit).
    review_body = TranslatedTextField(_("review body"))
    # The time for a request for review: 30 days under hallintolaki 49 c §, 14 under kuntalaki 134 §
    # (decisions of the municipality's own bodies) — the law behind the decision decides.
    review_days = models.PositiveSmallIntegerField(
        _("days to request a review"), default=30, validators=[MinValueValidator(1), MaxValueValidator(90)])
    review_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="+", verbose_name=_("unit handling reviews"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "id"]
        verbose_name = _("decision template")
        verbose_name_plural = _("decision templates")

    def __str__(self):
        return tr(self.name)


def of_case(model, case):
    """`model`'s rows of one case in its Meta.ordering without the leading "case": within one case
    it sorts nothing, yet makes the ORM join cases_case to sort by the case's own ordering."""
    return model.all_objects.filter(case=case).order_by(*[f for f in model._meta.ordering if f != "case"])


_CASE_ROWS: dict = {}


def case_rows(model, case, *related: str) -> list:
    """list(of_case(model, case).select_related(*related)), its query compiled once per model and
    related set (core.compiled): the case pages read six to ten of these on every request."""
    compiled = _CASE_ROWS.get((model, related))
    if compiled is None:
        def build(case_id: int) -> models.QuerySet:
            qs = of_case(model, case_id)
            return qs.select_related(*related) if related else qs  # select_related() alone follows every key

        name = f"cases.of_case.{model._meta.label}" + "".join(f".{r}" for r in related)
        compiled = _CASE_ROWS[(model, related)] = CompiledQuery(name, build)
    return compiled(case.pk)
