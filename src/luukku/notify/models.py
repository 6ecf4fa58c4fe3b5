"""The transactional outbox. A Notification is written in the same transaction as the change it
reports; one Delivery per channel is then worked off by tasks, each claimed by exactly one worker
(a conditional UPDATE), retried with back-off, its status visible to staff and resident."""

import uuid
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.tenancy import MunicipalityScoped


@dataclass
class Contact:
    """The recipient of a notification without a Person (e.g. a feedback reporter who only typed an
    email or a phone number): what the channels read of a person, and no identity code, so Suomi.fi
    Messages has no address for it."""

    municipality: object
    language: str
    email: str = ""
    phone: str = ""
    hetu_encrypted: str = ""
    hetu: None = None
    protected_address: bool = False


class Notification(MunicipalityScoped):
    """What a person should be told (rendered at write time, in their language). Without a person
    (`person` empty) it goes to the `email` or `phone` given for the cause (a contact)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="notifications")
    # A contact's own address: personal data, kept only for sending (never in the text).
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)  # e.g. "case.submitted", "case.decided"
    # The cause's own key (e.g. "<case>:decided:5"): the same cause never makes two notifications.
    idempotency_key = models.CharField(max_length=100)
    language = models.CharField(_("language"), max_length=8, default="fi")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    # Where the resident reads more (a path in the portal); messages carry no personal details.
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "idempotency_key"], name="notification_unique_key"),
        ]
        indexes = [models.Index(fields=["municipality", "person", "created_at"], name="notification_person_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject

    @property
    def recipient(self):
        """Whom the channels send to: the person, or a Contact made of the notification's own address."""
        if self.person_id:
            return self.person
        return Contact(municipality=self.municipality, language=self.language, email=self.email, phone=self.phone)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("will be retried")
    FAILED = "failed", _("could not be sent")
    SKIPPED = "skipped", _("not sent")  # e.g. no address for the channel


class Delivery(MunicipalityScoped):
    """One notification over one channel. The channel gets `idempotency_key` (Suomi.fi's externalId)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=24)  # a key of notify.channels.channels
    status = models.CharField(_("delivery status"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    # A claim expires: a worker that died mid-send leaves the row to be retried after this.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)  # the gateway's own message id

    class Meta:
        ordering = ["notification", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_unique_channel"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    @property
    def idempotency_key(self) -> str:
        return str(self.public_id)


class Preference(MunicipalityScoped):
    """How a resident wants to be told: channels in order and language."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="notification_preference")
    channels = models.JSONField(_("channels"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
