"""A staff member's authenticator (one per user, across municipalities) and its recovery codes."""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.people import hetu


def _cipher() -> MultiFernet:
    # The identity codes' keys (LUUKKU_HETU_KEYS, newest first): one key set to rotate and guard.
    return MultiFernet([Fernet(k) for k in hetu._keys()])


class SecondFactor(models.Model):
    """The TOTP secret, encrypted at rest. Without `confirmed_at` the enrolment is unfinished: the
    secret has been shown but no code from it has been entered yet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor",
                                verbose_name=_("user"))
    secret_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    confirmed_at = models.DateTimeField(_("taken into use"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)  # the last accepted time step: no replay
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")

    def __str__(self):
        return str(self.user)

    @property
    def secret(self) -> str:
        return _cipher().decrypt(self.secret_encrypted.encode()).decode()

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = _cipher().encrypt(value.encode()).decode()


class RecoveryCode(models.Model):
    """A one-time code for when the phone is lost: only its keyed hash is kept."""

    factor = models.ForeignKey(SecondFactor, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["factor", "code_hash"], name="recovery_code_unique")]
