"""Case types, versioned form definitions, drafts and attachments."""

import uuid

from django.conf import settings

from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


class WhoMayApply(models.TextChoices):
    SELF = "self", _("for oneself")
    CHILD = "child", _("for a child in one's care")
    EITHER = "either", _("for oneself or a child")


class CaseType(MunicipalityScoped):
    """What a resident can apply for online: belongs to a catalogue service, holds its form, its
    service-level target and its resident-facing status texts (eservices.StatusText)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("URL name"), max_length=80)
    service = models.ForeignKey("catalogue.Service", on_delete=models.RESTRICT, related_name="case_types",
                                verbose_name=_("service"))
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    kind = models.CharField(_("kind"), max_length=16, default="application",
                            choices=[("application", _("application")), ("notice", _("notice")),
                                     ("request", _("request"))])
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="case_types",
                             verbose_name=_("handling unit"))
    sla_days = models.PositiveSmallIntegerField(_("service-level target (working days)"), null=True, blank=True)
    requires_strong_identification = models.BooleanField(_("requires strong identification"), default=True)
    who_may_apply = models.CharField(_("who may apply"), max_length=8, choices=WhoMayApply.choices,
                                     default=WhoMayApply.SELF)
    active = models.BooleanField(_("open for applications"), default=True)
    # Checks on an application (eservices.checks): the age of whom it concerns, counted on the start
    # date, outside this range is a warning; a start date in the past is an error.
    min_age_months = models.PositiveSmallIntegerField(
        _("youngest age (months)"), null=True, blank=True,
        help_text=_("Whom the application concerns should be at least this old on the start date."))
    max_age_months = models.PositiveSmallIntegerField(
        _("younger than (months)"), null=True, blank=True,
        help_text=_("Whom the application concerns should be younger than this on the start date, "
                    "e.g. 84 for “under 7 years”."))
    start_date_field = models.SlugField(
        _("start date field"), max_length=60, blank=True,
        help_text=_("Key of the form field that holds the day the service should start."))

    class Meta:
        ordering = ["municipality", "slug"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="casetype_unique_slug")]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self):
        return tr(self.name)


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class FormDefinition(MunicipalityScoped):
    """One version of a case type's form. A published version is never edited: a change makes a new
    version, and every draft and case keeps the version it was made with."""

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="definitions",
                                  verbose_name=_("case type"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=DefinitionStatus.choices,
                              default=DefinitionStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["case_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "case_type", "version"], name="definition_unique_version"),
        ]
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")

    def __str__(self):
        return f"{self.case_type} v{self.version}"


class FormPage(MunicipalityScoped):
    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = TranslatedTextField(_("title"), required_languages=("fi",), blank=False)
    intro = TranslatedTextField(_("introduction"), multiline=True)

    class Meta:
        ordering = ["definition", "order"]
        constraints = [models.UniqueConstraint(fields=["municipality", "definition", "order"], name="page_unique_order")]
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def __str__(self):
        return tr(self.title)


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    LONG_TEXT = "long_text", _("long text")
    NUMBER = "number", _("number")
    DATE = "date", _("date")
    CHOICE = "choice", _("single choice")
    MULTI_CHOICE = "multi_choice", _("multiple choice")
    YES_NO = "yes_no", _("yes / no")
    ADDRESS = "address", _("address")
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    CHILD = "child", _("child of the resident")
    FILE = "file", _("file")


class FormField(MunicipalityScoped):
    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="fields")
    page = models.ForeignKey(FormPage, on_delete=models.CASCADE, related_name="fields", verbose_name=_("page"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    key = models.SlugField(_("key"), max_length=60)
    type = models.CharField(_("type"), max_length=16, choices=FieldType.choices)
    label = TranslatedTextField(_("label"), required_languages=("fi",), blank=False)
    help = TranslatedTextField(_("help text"), multiline=True)
    required = models.BooleanField(_("required"), default=False)
    # [{"value": "morning", "label": {"fi": "Aamupäivä", …}}]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Show only when the field `condition_field` (an earlier one) has the value `condition_value`.
    condition_field = models.SlugField(_("shown when field"), max_length=60, blank=True)
    condition_value = models.CharField(_("has the value"), max_length=200, blank=True)
    # Key of a prefill provider (eservices.prefill registry), e.g. "person.email".
    prefill = models.CharField(_("prefill from"), max_length=60, blank=True)

    class Meta:
        ordering = ["definition", "page__order", "order"]
        constraints = [models.UniqueConstraint(fields=["municipality", "definition", "key"], name="field_unique_key")]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def __str__(self):
        return self.key


class Draft(MunicipalityScoped):
    """An application being filled in; saved at every page, resumable. Submitting turns it into a
    case (cases.Case.draft is unique, so a draft gives at most one case)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_type = models.ForeignKey(CaseType, on_delete=models.RESTRICT, related_name="drafts")
    definition = models.ForeignKey(FormDefinition, on_delete=models.RESTRICT, related_name="drafts")
    applicant = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="drafts")
    subject = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="drafts_about", verbose_name=_("whom it concerns"))
    mandate = models.ForeignKey("people.Mandate", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    prefilled = models.JSONField(default=list, blank=True)  # keys whose value came from a prefill provider
    page = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["municipality", "applicant", "submitted_at"], name="draft_applicant_idx")]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")


class Attachment(MunicipalityScoped):
    """A file a resident or handler added. The type is checked from the content, not the name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    message = models.ForeignKey("cases.Message", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="attachments")
    field_key = models.SlugField(max_length=60, blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
