"""Surveys, their questions, the resident panels drawn from the register, invitations and answers.
An invitation's token is shown once (in the message); only its SHA-256 is kept, as in maturity/."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import MunicipalityScoped


class Survey(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # Open: anyone with the survey's address may answer; otherwise only by an invitation link.
    open_to_all = models.BooleanField(_("open to anyone"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title

    def is_open(self, at=None) -> bool:
        at = at or clock.now()
        return self.opens_at <= at < self.closes_at


class Question(MunicipalityScoped):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale 1–5")
        TEXT = "text", _("free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(default=list, blank=True)  # the choices' words; a scale's are "1"–"5"

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def choices(self) -> list[str]:
        return [str(i) for i in range(1, 6)] if self.kind == self.Kind.SCALE else list(self.options)


class Sample(MunicipalityScoped):
    """A panel drawn for a survey: the population and the sample by stratum ("age band|area|language")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="samples")
    size = models.PositiveIntegerField(_("sample size"))
    seed = models.CharField(_("seed"), max_length=64)
    factors = models.JSONField(default=dict, blank=True)  # oversampling factor by stratum
    population = models.JSONField(default=dict)  # residents by stratum on the day of the draw
    drawn = models.JSONField(default=dict)  # invited by stratum
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resident panel")
        verbose_name_plural = _("resident panels")


class Invitation(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    stratum = models.CharField(max_length=60, blank=True)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "token_hash"], name="panels_token_unique")]
        indexes = [models.Index(fields=["municipality", "survey", "stratum"], name="panels_invitation_idx")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")


class Response(MunicipalityScoped):
    """One answered questionnaire; its stratum copied from the invitation (blank for an open answer).
    It names no one."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(Invitation, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="response")
    stratum = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")


class Answer(MunicipalityScoped):
    """One chosen option (a multiple choice has a row per option) or a free text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField()

    class Meta:
        ordering = ["response", "question", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
