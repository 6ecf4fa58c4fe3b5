"""Proactive services (ennakoiva palvelu): rules that say whom the municipality approaches, why and
with what; campaigns that run a cohort rule once (e.g. preschool places for every child turning
six); offers to residents with their appended history; placement units and catchment areas for
rules that allocate a place; opt-outs; life events read from the population register."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


class Trigger(models.TextChoices):
    COHORT = "cohort", _("a birth-year cohort (campaign)")
    MOVED_IN = "moved_in", _("moved into the municipality")
    BORN = "born", _("a child was born")
    REACHED_AGE = "reached_age", _("reached an age")


class Mode(models.TextChoices):
    INFORMATION = "information", _("information only")
    OFFER = "offer", _("an offer to accept")
    # Hallintolaki 53 e §: an automatic decision says so and carries appeal instructions.
    AUTOMATIC = "automatic", _("an automatic decision, with the right to ask for a change")


class Allocation(models.TextChoices):
    NONE = "", _("no place")
    NEAREST = "nearest", _("a place at a unit: catchment area, else the nearest unit with room")


class Rule(MunicipalityScoped):
    """Who (trigger and cohort), why (legal basis), what (service and the offer's text), how (mode,
    deadline, reminders)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("URL name"), max_length=80)
    name = TranslatedTextField(_("name"), required_languages=("fi",))
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices, default=Trigger.COHORT)
    # Who: the age reached in the campaign's year (cohort) or the age that triggers (reached_age).
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    area = models.JSONField(_("area (GeoJSON)"), null=True, blank=True)
    area_name = models.CharField(_("area name"), max_length=100, blank=True)
    # Why: shown to the resident with every offer and kept on it.
    legal_basis = TranslatedTextField(_("legal basis"), multiline=True, required_languages=("fi",))
    # What.
    service = models.ForeignKey("catalogue.Service", on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+", verbose_name=_("service"))
    offer_title = TranslatedTextField(_("title of the offer"), required_languages=("fi",))
    offer_text = TranslatedTextField(_("text of the offer"), multiline=True, required_languages=("fi",))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.OFFER)
    allocation = models.CharField(_("allocation"), max_length=16, choices=Allocation.choices, blank=True)
    for_guardians = models.BooleanField(_("sent to the guardians"), default=True,
                                        help_text=_("The offer concerns a child: its guardians answer."))
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), default=21)
    reminder_days = models.JSONField(_("reminders (days before the deadline)"), default=list, blank=True)
    # A change request becomes a case of this type, in its unit's queue.
    change_case_type = models.ForeignKey("eservices.CaseType", on_delete=models.RESTRICT, null=True, blank=True,
                                         related_name="+", verbose_name=_("case type of change requests"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality", "slug"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="proactive_rule_slug")]
        verbose_name = _("proactive rule")
        verbose_name_plural = _("proactive rules")

    def __str__(self):
        return tr(self.name) or self.slug


class UnitLanguage(models.TextChoices):
    """The language a unit works in: a child is offered a unit of its register language (fi or sv)."""

    FI = "fi", _("Finnish-language")
    SV = "sv", _("Swedish-language")
    BOTH = "both", _("Finnish and Swedish")


class PlacementUnit(MunicipalityScoped):
    """A place where a rule's offers are allocated (e.g. a preschool group), with its capacity and
    the language it works in."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="placement_units")
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, related_name="+", verbose_name=_("unit"))
    name = TranslatedTextField(_("name"), required_languages=("fi",))
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    capacity = models.PositiveIntegerField(_("capacity"))
    language = models.CharField(_("language of service"), max_length=4, choices=UnitLanguage.choices,
                                default=UnitLanguage.FI)

    class Meta:
        ordering = ["rule", "id"]
        verbose_name = _("placement unit")
        verbose_name_plural = _("placement units")

    def __str__(self):
        return tr(self.name)

    def serves(self, language: str) -> bool:
        return self.language in (language, UnitLanguage.BOTH)


class CatchmentArea(MunicipalityScoped):
    """A GeoJSON polygon whose children are offered a place at its unit first."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="catchment_areas")
    name = models.CharField(_("name"), max_length=100)
    area = models.JSONField(_("area (GeoJSON)"))
    placement_unit = models.ForeignKey(PlacementUnit, on_delete=models.CASCADE, related_name="areas",
                                       verbose_name=_("placement unit"))

    class Meta:
        ordering = ["rule", "name"]
        verbose_name = _("catchment area")
        verbose_name_plural = _("catchment areas")

    def __str__(self):
        return self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("stopped by an error")


class Campaign(MunicipalityScoped):
    """One run of a cohort rule, e.g. "Preschool 2027": the cohort turning `rule.age` in `year`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(Rule, on_delete=models.RESTRICT, related_name="campaigns", verbose_name=_("rule"))
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    reference_date = models.DateField(_("reference date"), help_text=_("Residence is checked on this day."))
    starts_on = models.DateField(_("starts on"), help_text=_("The day the offered service begins."))
    deadline = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    total = models.PositiveIntegerField(default=0)  # children in the run
    done = models.PositiveIntegerField(default=0)  # of them, with their offer and messages written
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The run writing it now (one at a time) and when it last wrote a chunk: a run silent for
    # running.STALE_AFTER has lost its worker, and starting again takes over.
    runner = models.UUIDField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-year", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    @property
    def stalled(self) -> bool:
        """Running, but no chunk written for a while: the worker stopped; it may be continued."""
        from .running import STALE_AFTER

        return (self.status == CampaignStatus.RUNNING and self.heartbeat_at is not None
                and self.heartbeat_at < clock.now() - STALE_AFTER)

    @property
    def progress_percent(self) -> int:
        return 100 if self.status == CampaignStatus.DONE else int(100 * self.done / self.total) if self.total else 0


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    CHANGE_REQUESTED = "change_requested", _("change requested")
    DECLINED = "declined", _("declined")
    NO_ANSWER = "no_answer", _("no answer by the deadline")
    WAITING_LIST = "waiting_list", _("on the waiting list")
    DECIDED = "decided", _("decided automatically")
    INFORMED = "informed", _("information sent")
    WITHDRAWN = "withdrawn", _("withdrawn")


ANSWERABLE = (OfferStatus.OFFERED, OfferStatus.DECIDED)
CLOSED_OFFER_STATUSES = (OfferStatus.ACCEPTED, OfferStatus.CHANGE_REQUESTED, OfferStatus.DECLINED,
                         OfferStatus.WITHDRAWN, OfferStatus.INFORMED)
# Offers that keep their unit's place taken: a declined or withdrawn offer frees it.
HOLDING = (OfferStatus.OFFERED, OfferStatus.DECIDED, OfferStatus.ACCEPTED, OfferStatus.CHANGE_REQUESTED,
           OfferStatus.NO_ANSWER)


class Placement(models.TextChoices):
    """Why the offer names its unit."""

    CATCHMENT = "catchment", _("the catchment area of the home")
    NEAREST = "nearest", _("the nearest unit with room")
    SIBLING = "sibling", _("with a sibling")
    CHANGE = "change", _("the family's change request")
    NONE = "", _("no unit")


class Offer(MunicipalityScoped):
    """What the municipality offers one resident (for a child: its guardians answer). The rule and
    its legal basis are copied onto the offer, so that it stays explainable if the rule changes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=40)
    rule = models.ForeignKey(Rule, on_delete=models.RESTRICT, related_name="offers", verbose_name=_("rule"))
    campaign = models.ForeignKey(Campaign, on_delete=models.RESTRICT, null=True, blank=True, related_name="offers")
    # Life-event offers: the event that started it (one offer per rule and event).
    event_key = models.CharField(max_length=100, blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.RESTRICT, related_name="offers",
                               verbose_name=_("for whom"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    legal_basis = TranslatedTextField(_("legal basis"), multiline=True)
    status = models.CharField(_("status"), max_length=24, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    placement_unit = models.ForeignKey(PlacementUnit, on_delete=models.RESTRICT, null=True, blank=True,
                                       related_name="offers", verbose_name=_("unit"))
    placement = models.CharField(_("placement"), max_length=16, choices=Placement.choices, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    deadline = models.DateField(_("answer by"), null=True, blank=True)
    # No guardian can be reached electronically: staff send a letter.
    needs_letter = models.BooleanField(_("needs a paper letter"), default=False)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    change_case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("change request"))
    version = models.PositiveIntegerField(default=1)  # optimistic check for the answer forms

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Idempotent runs: one offer per child per campaign, one per life event and rule.
            models.UniqueConstraint(fields=["campaign", "person"], name="offer_once_per_campaign",
                                    condition=models.Q(campaign__isnull=False)),
            models.UniqueConstraint(fields=["rule", "person", "event_key"], name="offer_once_per_event",
                                    condition=models.Q(campaign__isnull=True)),
        ]
        indexes = [
            models.Index(fields=["municipality", "person", "status"], name="offer_person_idx"),
            models.Index(fields=["campaign", "status"], name="offer_campaign_idx"),
            models.Index(fields=["municipality", "status", "deadline"], name="offer_deadline_idx"),
        ]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in ANSWERABLE


class OfferChange(MunicipalityScoped, AppendOnly):
    """The offer's changes after it was made (the offer row records its making): who, when, from,
    to, why. Never edited."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=clock.now)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    by_person = models.ForeignKey("people.Person", on_delete=models.RESTRICT, null=True, blank=True,
                                  related_name="+")
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="+")
    reason = models.TextField(blank=True)
    # A handler offered this unit instead (a change request worked to its end). Nullable without a
    # default: added to SQLite by ALTER TABLE, which keeps the table's append-only triggers.
    placement_unit = models.ForeignKey(PlacementUnit, on_delete=models.RESTRICT, null=True, blank=True,
                                       related_name="+")

    class Meta:
        ordering = ["offer", "at", "id"]


class OptOut(MunicipalityScoped):
    """The resident does not want this rule's offers (life events); kept with its date."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="opt_outs")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "rule"], name="opt_out_once")]


class LifeEvent(MunicipalityScoped):
    """An event read from the population register's change feed (moved in, born, moved away)."""

    class Kind(models.TextChoices):
        MOVED_IN = "moved_in", _("moved into the municipality")
        MOVED_AWAY = "moved_away", _("moved away")
        BORN = "born", _("a child was born")

    key = models.CharField(max_length=100)  # the register's id of the event: read once
    kind = models.CharField(max_length=16, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    received_at = models.DateTimeField(default=clock.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="life_event_once")]
