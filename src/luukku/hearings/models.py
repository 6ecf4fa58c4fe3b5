"""A hearing → its sections (with attachments) → comments on a section or the whole → votes on
comments. The status moves only through core.lifecycle (services.HEARING); every move leaves a
HearingChange row. Comments keep who wrote them (to show the author their hidden comment and to
refuse a second vote) but show only the name the resident chose, or none."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")
    REPORTED = "reported", _("reported")


class Participation(models.TextChoices):
    ANYONE = "anyone", _("anyone")
    REGISTERED = "registered", _("signed-in residents")
    STRONG = "strong", _("strongly identified residents")


class Label(MunicipalityScoped):
    """A theme of hearings (e.g. "kaavoitus", "liikenne"), typed by staff; the public list filters by it."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(max_length=50, allow_unicode=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="hearings_label_unique")]

    def __str__(self):
        return self.name


class Hearing(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    abstract = models.TextField(_("abstract"), max_length=4000)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    geojson = models.JSONField(_("area (GeoJSON)"), default=dict, blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    participation = models.CharField(_("who may take part"), max_length=16, choices=Participation.choices,
                                     default=Participation.ANYONE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    labels = models.ManyToManyField(Label, blank=True, related_name="hearings", verbose_name=_("labels"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-opens_at"]
        indexes = [models.Index(fields=["municipality", "status"])]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self):
        return self.title


class HearingChange(MunicipalityScoped, AppendOnly):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    at = models.DateTimeField()
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["municipality", "hearing", "at"]


class Section(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)

    class Meta:
        ordering = ["municipality", "hearing", "position", "id"]

    def __str__(self):
        return self.title


class Attachment(MunicipalityScoped):
    """A file of a section, checked and cleaned as every upload is (eservices.attachments.checked_file)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to="hearings/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["municipality", "section", "id"]


class Comment(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(max_length=5000)
    shown_name = models.CharField(max_length=100, blank=True)  # empty: anonymous
    author_key = models.CharField(max_length=80)  # "user:<pk>" or "session:<key>": never shown
    created_at = models.DateTimeField()
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    votes_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["municipality", "hearing", "created_at", "id"]


class Vote(MunicipalityScoped):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=80)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "voter_key"], name="hearings_vote_once")]
