"""Enrolment, checking a code, and the administrator's reset. Wrong codes are throttled per user."""

import enum

from django.db import transaction

from luukku.core import clock, ratelimit
from luukku.core.services import record_event
from luukku.core.sessions import end_sessions

from . import totp
from .models import RecoveryCode, SecondFactor

RECOVERY_CODE_COUNT = 10
# Wrong codes per user and window: then even the right code is refused until the window ends.
FAILURE_LIMIT, FAILURE_WINDOW = 5, 300


class Outcome(enum.Enum):
    OK = "ok"
    RECOVERY = "recovery"  # passed with a recovery code, now spent
    WRONG = "wrong"
    REPLAYED = "replayed"  # the code of a time step already used
    THROTTLED = "throttled"


def _throttled(user) -> bool:
    return ratelimit.over("second-factor", str(user.pk), FAILURE_LIMIT, FAILURE_WINDOW) > 0


def _failed(user, outcome: Outcome) -> Outcome:
    ratelimit.hit("second-factor", str(user.pk), FAILURE_LIMIT, FAILURE_WINDOW)
    return outcome


@transaction.atomic
def start_enrolment(user) -> SecondFactor:
    """The unfinished factor with its new secret (the same one again until it is confirmed)."""
    factor, created = SecondFactor.objects.select_for_update().get_or_create(
        user=user, defaults={"secret_encrypted": ""})
    if created or not factor.secret_encrypted:
        factor.secret = totp.new_secret()
        factor.save(update_fields=["secret_encrypted"])
    return factor


@transaction.atomic
def confirm_enrolment(user, code: str) -> tuple[Outcome, list[str]]:
    """A code from the new secret takes it into use; returns the recovery codes, shown only now."""
    factor = SecondFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if factor is None:
        return Outcome.WRONG, []
    if _throttled(user):
        return Outcome.THROTTLED, []
    step = totp.matching_step(factor.secret, totp.normalize_code(code))
    if step is None:
        return _failed(user, Outcome.WRONG), []
    factor.confirmed_at = factor.last_used_at = clock.now()
    factor.last_step = step
    factor.save(update_fields=["confirmed_at", "last_used_at", "last_step"])
    codes = [totp.new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(factor=factor, code_hash=totp.recovery_hash(c)) for c in codes])
    return Outcome.OK, codes


@transaction.atomic
def check(user, code: str) -> Outcome:
    """A code from the app (each time step once) or an unused recovery code (spent by this)."""
    factor = SecondFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if factor is None:
        return Outcome.WRONG
    if _throttled(user):
        return Outcome.THROTTLED
    typed = totp.normalize_code(code)
    now = clock.now()
    if totp.is_code(typed):
        step = totp.matching_step(factor.secret, typed, after=factor.last_step)
        if step is None:
            replayed = totp.matching_step(factor.secret, typed) is not None
            return _failed(user, Outcome.REPLAYED if replayed else Outcome.WRONG)
        factor.last_step, factor.last_used_at = step, now
        factor.save(update_fields=["last_step", "last_used_at"])
        return Outcome.OK
    spent = RecoveryCode.objects.filter(factor=factor, code_hash=totp.recovery_hash(typed),
                                        used_at__isnull=True).update(used_at=now)
    if not spent:
        return _failed(user, Outcome.WRONG)
    factor.last_used_at = now
    factor.save(update_fields=["last_used_at"])
    return Outcome.RECOVERY


@transaction.atomic
def enrol_with_secret(user, secret: str) -> SecondFactor:
    """An authenticator with a known key, already in use: the demo's staff (their key is printed)."""
    factor, _ = SecondFactor.objects.select_for_update().get_or_create(user=user, defaults={"secret_encrypted": ""})
    if factor.confirmed_at is None or factor.secret != secret:
        factor.secret = secret
        factor.confirmed_at = clock.now()
        factor.save(update_fields=["secret_encrypted", "confirmed_at"])
    return factor


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(factor__user=user, used_at__isnull=True).count()


@transaction.atomic
def reset(*, actor, user, municipality) -> bool:
    """Forget a staff member's authenticator (a lost phone): the next login enrols a new one.
    Recorded as an event of the municipality it was done in. The caller checks `may_reset`."""
    deleted, _ = SecondFactor.objects.filter(user=user).delete()
    if deleted:
        # The lost phone's codes opened sessions that may be in someone else's hands: all of them end.
        end_sessions(user)
    if deleted and municipality is not None:
        record_event(municipality=municipality, kind="staff.second_factor_reset", object_type="auth.user",
                     object_id=str(user.pk), actor=actor, data={"username": user.get_username()})
    return bool(deleted)
