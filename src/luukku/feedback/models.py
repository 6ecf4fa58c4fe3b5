"""Centralised feedback (palaute) from every channel: categories that are also the Open311
services, routing rules to units, the feedback itself with its appended history, photos, replies to
the reporter, satisfaction, and the API keys of partner systems."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


class Kind(models.TextChoices):
    PRAISE = "praise", _("praise")
    COMPLAINT = "complaint", _("complaint")
    IDEA = "idea", _("idea")
    FAULT = "fault", _("fault report")
    QUESTION = "question", _("question")


class Status(models.TextChoices):
    """Helsinki's detailed statuses (Open311 `extended_attributes.detailed_status`)."""

    RECEIVED = "RECEIVED", _("received")
    IN_PROCESS = "IN_PROCESS", _("in process")
    PROCESSED = "PROCESSED", _("processed")
    ARCHIVED = "ARCHIVED", _("archived")
    REJECTED = "REJECTED", _("rejected")
    PUBLIC_WORKS_NEW = "PUBLIC_WORKS_NEW", _("public works: new")
    PUBLIC_WORKS_IN_PROGRESS = "PUBLIC_WORKS_IN_PROGRESS", _("public works: in progress")
    PUBLIC_WORKS_COMPLETED = "PUBLIC_WORKS_COMPLETED", _("public works: completed")
    PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER = "PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER", _(
        "public works: scheduled for later")
    PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION = "PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION", _(
        "public works: requires no action")
    PUBLIC_WORKS_INTERRUPTED = "PUBLIC_WORKS_INTERRUPTED", _("public works: interrupted")


# What a resident reads (follow-up page, My cases, the public list): plain words, never the
# back office's "public works: new".
RESIDENT_STATUS = {
    Status.RECEIVED: pgettext_lazy("feedback status", "Received"),
    Status.IN_PROCESS: pgettext_lazy("feedback status", "Being handled"),
    Status.PROCESSED: pgettext_lazy("feedback status", "Handled"),
    Status.ARCHIVED: pgettext_lazy("feedback status", "Handled and archived"),
    Status.REJECTED: pgettext_lazy("feedback status", "Closed without action"),
    Status.PUBLIC_WORKS_NEW: pgettext_lazy("feedback status", "Received by maintenance"),
    Status.PUBLIC_WORKS_IN_PROGRESS: pgettext_lazy("feedback status", "The work is in progress"),
    Status.PUBLIC_WORKS_COMPLETED: pgettext_lazy("feedback status", "The work is done"),
    Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER: pgettext_lazy("feedback status", "The work is scheduled for later"),
    Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION: pgettext_lazy("feedback status", "Checked: no work is needed"),
    Status.PUBLIC_WORKS_INTERRUPTED: pgettext_lazy("feedback status", "The work was interrupted"),
}

# Open311's two-valued status: these are "closed", every other one is "open".
CLOSED_STATUSES = frozenset({
    Status.PROCESSED, Status.ARCHIVED, Status.REJECTED, Status.PUBLIC_WORKS_COMPLETED,
    Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER, Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION,
})
OPEN_STATUSES = frozenset(Status.values) - CLOSED_STATUSES


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    API = "api", _("partner system (Open311)")
    PHONE = "phone", _("phone")
    SERVICE_POINT = "service_point", _("service point")
    EMAIL = "email", _("email")
    LETTER = "letter", _("letter")


class Publication(models.TextChoices):
    """Whether the feedback and its public answer show in public lists and the Open311 API."""

    UNMODERATED = "unmoderated", _("not moderated yet")
    PUBLIC = "public", _("public")
    HIDDEN = "hidden", _("hidden")


def default_kinds():
    return list(Kind.values)


class Category(MunicipalityScoped):
    """A feedback category, which is also an Open311 service (`service_code` = `code`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("service code"), max_length=60)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    description = TranslatedTextField(_("description"), multiline=True)
    group = TranslatedTextField(_("group"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    kinds = models.JSONField(_("kinds of feedback"), default=default_kinds)
    # Street and park faults use the public-works statuses.
    public_works = models.BooleanField(_("public works"), default=False)
    location_required = models.BooleanField(_("location required"), default=False)
    sla_days = models.PositiveSmallIntegerField(_("service-level target (working days)"), default=10)
    # Open311 attributes: [{"code", "datatype", "required", "description": {fi, sv, en}, "order",
    #                       "values": [{"key", "name": {fi, sv, en}}]}]
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["municipality", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="feedback_category_code")]
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")

    def __str__(self):
        return tr(self.name) or self.code


class RoutingRule(MunicipalityScoped):
    """Sends feedback of a category (any when empty) from an area (anywhere when empty) to a unit.
    The first matching active rule by `priority` wins; a category-and-area rule should come first."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="rules",
                                 verbose_name=_("category"))
    area_name = TranslatedTextField(_("area name"))
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84 lon/lat), or empty for the whole municipality.
    area = models.JSONField(_("area (GeoJSON)"), null=True, blank=True)
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality", "priority", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return f"{self.category or '*'} / {tr(self.area_name) or '*'} → {self.unit}"


class ApiKey(MunicipalityScoped):
    """A partner system's key for Open311 `POST requests`. Only a hash is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)  # SHA-256 hex of the key
    prefix = models.CharField(_("key begins"), max_length=8, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class Feedback(MunicipalityScoped):
    """One piece of feedback (an Open311 service request)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The Open311 service_request_id and what the reporter quotes, e.g. KOI-P-000123.
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    # The secret of the follow-up link (and the Open311 token); never shown to anyone else.
    token = models.CharField(max_length=64, unique=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.RESTRICT, related_name="feedback",
                                 verbose_name=_("category"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FAULT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=48, choices=Status.choices, default=Status.RECEIVED)
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("handler"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(_("language"), max_length=8, default="fi")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    zipcode = models.CharField(_("postal code"), max_length=10, blank=True)
    attributes = models.JSONField(default=dict, blank=True)  # Open311 attribute[code] answers
    # The reporter. Contact details are personal data: never public, never in the Open311 API.
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    api_key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="+")  # staff who wrote down phone or desk feedback
    submitted_at = models.DateTimeField(_("submitted"), default=clock.now)
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    due_date = models.DateField(_("target date"), null=True, blank=True)
    expected_at = models.DateTimeField(_("expected to be done"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The municipality's public answer (Open311 status_notes) and whether the item is public.
    public_answer = models.TextField(_("public answer"), blank=True)
    publication = models.CharField(_("publication"), max_length=16, choices=Publication.choices,
                                   default=Publication.UNMODERATED)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("same as"))
    # Taken in through the API but not yet given its reference, history, links and acknowledgement:
    # the worker completes these in batches (feedback/intake.py), so a POST writes one row.
    intake_pending = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # Open311 GET requests: a service code in a time window; updated_after; public lists.
            models.Index(fields=["municipality", "category", "submitted_at"], name="feedback_category_time_idx"),
            models.Index(fields=["municipality", "submitted_at"], name="feedback_time_idx"),
            models.Index(fields=["municipality", "updated_at"], name="feedback_updated_idx"),
            models.Index(fields=["municipality", "unit", "status", "due_date"], name="feedback_queue_idx"),
            models.Index(fields=["municipality", "reference"], name="feedback_reference_idx"),
            models.Index(fields=["municipality", "person", "submitted_at"], name="feedback_person_idx"),
            # Open reports near a point (duplicates): only open ones, and with submitted_at inside the
            # index PostgreSQL answers from the index alone.
            models.Index(fields=["municipality", "category", "latitude", "longitude"], include=["submitted_at", "id"],
                         condition=models.Q(status__in=sorted(OPEN_STATUSES)), name="feedback_nearby_open_idx"),
            models.Index(fields=["municipality", "id"], name="feedback_intake_idx",
                         condition=models.Q(intake_pending=True)),
        ]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.reference or str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def open311_status(self) -> str:
        return open311_status(self.status)

    @property
    def reporter_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class StatusChange(MunicipalityScoped, AppendOnly):
    """The feedback's history: who, when, from, to, why. Never edited."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=clock.now)
    from_status = models.CharField(max_length=48, blank=True)
    to_status = models.CharField(max_length=48)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["feedback", "at", "id"]


class Note(MunicipalityScoped, AppendOnly):
    """An internal note: staff only."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(default=clock.now)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["feedback", "at", "id"]


class Assignment(MunicipalityScoped, AppendOnly):
    """Who handled the feedback when: appended on every claim, assignment and release (as cases')."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="assignments")
    at = models.DateTimeField(default=clock.now)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                 related_name="+")
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["feedback", "at", "id"]


class Forward(MunicipalityScoped, AppendOnly):
    """A move to another unit, with the reason."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="forwards")
    at = models.DateTimeField(default=clock.now)
    from_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+")
    to_unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+")
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    reason = models.TextField()

    class Meta:
        ordering = ["feedback", "at", "id"]


class Reply(MunicipalityScoped, AppendOnly):
    """A reply to the reporter: shown on the follow-up page and sent to their contact details."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    at = models.DateTimeField(default=clock.now)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["feedback", "at", "id"]


class Media(MunicipalityScoped):
    """A photo with the feedback (checked to be an image; shown publicly only with a public item)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to="feedback/%Y/%m/")
    name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["feedback", "created_at", "id"]


class Satisfaction(MunicipalityScoped, AppendOnly):
    """The reporter's rating of how the feedback was handled (1–5), after it was closed."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    at = models.DateTimeField(default=clock.now)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    reopened = models.BooleanField(default=False)

    class Meta:
        ordering = ["feedback", "at", "id"]


class Link(MunicipalityScoped, AppendOnly):
    """A possible duplicate found when the feedback arrived: an open report of the same category
    nearby, for the handler to look at (and mark `duplicate_of`)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="+")
    distance_m = models.PositiveIntegerField()
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["feedback", "distance_m", "id"]
        constraints = [models.UniqueConstraint(fields=["feedback", "other"], name="feedback_link_unique")]
