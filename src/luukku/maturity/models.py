"""An assessment round of one municipality, its invitations (one secret link each, only the link's
hash kept) and the answers saved as each page is sent. Respondents are not users: an invitation
carries no name, only the organisational level it was made for."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.tenancy import MunicipalityScoped

from .content import RespondentLevel

# The size classes of the peer comparison: small is the seed's "under 30 000 residents"; a large
# municipality has at least 100 000 (the seed names no upper border; the six largest cities).
SMALL_BELOW, LARGE_FROM = 30_000, 100_000


class SizeClass(models.TextChoices):
    SMALL = "small", _("small (under 30 000 residents)")
    MEDIUM = "medium", _("medium (30 000–99 999 residents)")
    LARGE = "large", _("large (100 000 residents or more)")


def size_class(population: int) -> str:
    if population < SMALL_BELOW:
        return SizeClass.SMALL
    return SizeClass.MEDIUM if population < LARGE_FROM else SizeClass.LARGE


class Round(MunicipalityScoped):
    """One self-assessment: open while respondents answer; closing it ends every link."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    # Municipality has no population: the manager enters it for the round (it also dates the figure).
    population = models.PositiveIntegerField(_("residents"), validators=[MinValueValidator(1),
                                                                           MaxValueValidator(10_000_000)])
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # No index for the peers' read across municipalities: a municipality has a round or two a year.
        indexes = [models.Index(fields=["municipality", "created_at"], name="maturity_round_idx")]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Invitation(MunicipalityScoped):
    """One respondent's link. The token itself is shown once, when made; only its SHA-256 is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    level = models.CharField(_("organisational level"), max_length=8, choices=RespondentLevel.choices)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The page the respondent last sent: the link brings them back to the one after it.
    last_page = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "token_hash"], name="maturity_token_unique")]
        indexes = [models.Index(fields=["municipality", "round", "level"], name="maturity_invitation_idx")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")


class Answer(MunicipalityScoped):
    """An answer as last sent: "0"–"4", a big-picture view's word, or "dk" (don't know)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    value = models.CharField(max_length=12)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["invitation", "question"]
        constraints = [models.UniqueConstraint(fields=["municipality", "invitation", "question"],
                                               name="maturity_answer_unique")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
