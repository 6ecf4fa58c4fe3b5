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
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "person", "at"], name="contact_person_idx")]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


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
