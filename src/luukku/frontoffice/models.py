"""The front office's own record: contacts with residents on any channel (visit, phone, chat)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import AppendOnly
from luukku.core.tenancy import MunicipalityScoped


class ContactChannel(models.TextChoices):
    SERVICE_POINT = "service_point", _("service point visit")
    PHONE = "phone", _("phone")
    CHAT = "chat", _("chat")
    EMAIL = "email", _("email")
    MAIL = "mail", _("mail")


class ContactOutcome(models.TextChoices):
    """How a contact ended: the first-contact resolution figure counts RESOLVED among them."""

    RESOLVED = "resolved", _("resolved at this contact")
    CASE_STARTED = "case_started", _("a case was started")
    REFERRED = "referred", _("referred to another service or organisation")
    FOLLOW_UP = "follow_up", _("needs a follow-up")


DURATION_MAX_MINUTES = 480


class Contact(MunicipalityScoped, AppendOnly):
    """A contact logged by a service-point or contact-centre agent. Never edited."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts",
                               verbose_name=_("resident"))
    channel = models.CharField(_("channel"), max_length=16, choices=ContactChannel.choices)
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts",
                             verbose_name=_("case"))
    service = models.ForeignKey("catalogue.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("service"))
    life_event = models.ForeignKey("catalogue.Code", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("life event"))
    # Blank only on contacts logged before outcomes were asked.
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "person", "at"], name="contact_person_idx")]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    @property
    def follow_up_or_none(self):
        """The contact's follow-up, or None (the reverse one-to-one raises when there is none)."""
        try:
            return self.follow_up
        except FollowUp.DoesNotExist:
            return None


class FollowUp(MunicipalityScoped):
    """Something an agent promised at a contact: done by its assignee, or by anyone of its unit.
    Written by frontoffice.services only: created open, then closed once (`done_at`), never reopened."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="follow_up")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    task = models.CharField(_("what is to be done"), max_length=300)
    due = models.DateField(_("due"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("assignee"))
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    done_note = models.CharField(_("how it was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["municipality", "done_at", "due"], name="followup_open_idx")]
        verbose_name = _("contact follow-up")
        verbose_name_plural = _("contact follow-ups")


class CaseStart(MunicipalityScoped):
    """A case started under an idempotency key (the start form's hidden key, the API's Idempotency-Key
    header): the unique key makes a second start with it wait for the first and answer with its case.
    `fingerprint` is a hash of what was asked, so the same key with other content is told apart."""

    key = models.CharField(max_length=100)
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    fingerprint = models.CharField(max_length=64)
    # Set in the same transaction that inserts the row, so never seen empty by another one.
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, null=True, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "by_user", "key"],
                                               name="casestart_unique_key")]
