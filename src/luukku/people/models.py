"""Residents as the municipality knows them, and who may act for whom."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped, ScopedManager, ScopedQuerySet

from . import hetu


class Person(MunicipalityScoped):
    """A resident (or a child of one) in one municipality. The identity code is stored encrypted,
    with a keyed hash for look-up; it is never shown whole and never put in a URL."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="persons", verbose_name=_("user account"))
    hetu_encrypted = models.TextField(editable=False)
    hetu_hash = models.CharField(max_length=64, editable=False)
    first_names = models.CharField(_("first names"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fi")
    # Turvakielto: the address is never shown or sent to anyone but the person.
    protected_address = models.BooleanField(_("protected address"), default=False)
    # The register said the person moved out of the municipality on this day (still kept: their cases).
    moved_away_on = models.DateField(_("moved away on"), null=True, blank=True)
    register_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Level of assurance and authentication methods of the latest strong login (OIDC acr/amr).
    last_loa = models.CharField(max_length=64, blank=True, editable=False)
    last_amr = models.JSONField(default=list, blank=True, editable=False)
    # Moves whenever the people this person may act for could have changed (a mandate made, ended or
    # changed; a principal's row saved): part of the key of their cached acted-for list
    # (selectors.persons_acting_for). Never written from an instance, only incremented (see save).
    acting_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["municipality", "last_name", "first_names"]
        constraints = [models.UniqueConstraint(fields=["municipality", "hetu_hash"], name="person_unique_hetu")]
        indexes = [models.Index(fields=["municipality", "user"], name="person_user_idx"),
                   # the front office finds residents by birth date and name
                   models.Index(fields=["municipality", "birth_date"], name="person_birth_date_idx")]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        """An instance read before a bump must not write the old acting_version back (which would
        revive a stale cached list): a save increments it in the same UPDATE instead."""
        if self._state.adding:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "acting_version"}
        self.acting_version = models.F("acting_version") + 1
        try:
            super().save(*args, **kwargs)
        finally:
            self.refresh_from_db(fields=["acting_version"])

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()

    def set_hetu(self, code: str) -> None:
        code = hetu.validate(code, allow_temporary=False)
        self.hetu_encrypted = hetu.encrypt(code)
        self.hetu_hash = hetu.lookup_hash(code)

    @property
    def hetu(self) -> str:
        return hetu.decrypt(self.hetu_encrypted)

    @property
    def age(self) -> int:
        today = clock.today()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))

    @property
    def is_minor(self) -> bool:
        return self.age < 18


class MandateKind(models.TextChoices):
    GUARDIAN = "guardian", _("guardian of a minor")  # from the population register
    GRANTED = "granted", _("mandate granted by the person")  # in Luukku, for chosen case types and a period
    AUTHORIZATION = "suomifi", _("Suomi.fi e-Authorization")  # checked from Suomi.fi Valtuudet at use


class MandateQuerySet(ScopedQuerySet):
    """Bulk writes send no signals: these retire the agents' cached acted-for lists themselves
    (people.acting), so that no way of changing a mandate can leave a stale list behind."""

    def update(self, **kwargs):
        agents = list(self.values_list("agent_id", flat=True).distinct())
        count = super().update(**kwargs)
        if count:
            _bump_agents(agents)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _bump_agents({m.agent_id for m in created})
        return created


def _bump_agents(agent_ids) -> None:
    from .acting import bump_agents

    if agent_ids:
        bump_agents(list(agent_ids))


class Mandate(MunicipalityScoped):
    """`agent` may act for `principal`. Guardianship comes from the register; ended mandates keep
    their row (valid_until) so that what was done under them stays explainable."""

    objects = ScopedManager.from_queryset(MandateQuerySet)()
    all_objects = models.Manager.from_queryset(MandateQuerySet)()

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    principal = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mandates_given",
                                  verbose_name=_("for whom"))
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mandates_held",
                              verbose_name=_("who acts"))
    kind = models.CharField(_("kind"), max_length=16, choices=MandateKind.choices)
    source = models.CharField(_("source"), max_length=40, blank=True)  # e.g. the register adapter's id
    valid_from = models.DateField(_("valid from"), default=clock.today)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    # Granted and e-Authorization mandates cover only these case types; guardianship covers every one.
    case_types = models.ManyToManyField("eservices.CaseType", blank=True, related_name="+",
                                        verbose_name=_("services"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            # One row per pair for the register's and Suomi.fi's mandates; a resident may grant many.
            models.UniqueConstraint(fields=["municipality", "principal", "agent", "kind"], name="mandate_unique",
                                    condition=~Q(kind="granted")),
        ]
        indexes = [models.Index(fields=["municipality", "agent"], name="mandate_agent_idx")]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def is_valid_on(self, day) -> bool:
        return (self.revoked_at is None and self.valid_from <= day
                and (self.valid_until is None or day <= self.valid_until))

    @property
    def limited(self) -> bool:
        return self.kind != MandateKind.GUARDIAN

    def covers(self, case_type) -> bool:
        """May the agent act in cases of this case type (an instance or id)? Uses prefetched case_types."""
        if not self.limited:
            return True
        wanted = getattr(case_type, "pk", case_type)
        return any(ct.pk == wanted for ct in self.case_types.all())


class MandateChange(MunicipalityScoped, AppendOnly):
    """The history of a mandate: granted, revoked, confirmed from Suomi.fi. Never edited."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("granted")
        REVOKED = "revoked", _("revoked")
        CONFIRMED = "confirmed", _("confirmed from Suomi.fi")

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("time"), default=clock.now)
    by_person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    # What the mandate was after the change: period and case types (slugs), so the row explains itself.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["mandate", "at", "id"]
        verbose_name = _("mandate change")
        verbose_name_plural = _("mandate changes")
