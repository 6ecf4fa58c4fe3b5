"""Every write of the self-assessment: a round started and closed, invitations made, a page of answers
saved, a questionnaire finished. One function per use case, each in a transaction."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.services import record_event

from .content import ALL_QUESTIONS, RespondentLevel, valid_values
from .models import Answer, Invitation, Round, size_class

MAX_INVITATIONS = 200  # links made at one go


def hash_token(token: str) -> str:
    """As feedback's API keys: the secret goes out once, only its SHA-256 stays."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def start_round(*, municipality, name: str, population: int, by_user) -> Round:
    if population < 1:
        raise ValidationError({"population": _("Give the number of residents as a whole number above zero.")})
    round_ = Round.all_objects.create(municipality=municipality, name=name, population=population,
                                      size_class=size_class(population), created_by=by_user)
    record_event(municipality=municipality, kind="maturity.round_started", obj=round_, actor=by_user,
                 data={"size_class": round_.size_class})
    return round_


@transaction.atomic
def invite(round_, *, level: str, count: int, by_user) -> list[str]:
    """`count` new links for respondents at `level`; returns their tokens (shown once, never stored)."""
    locked = Round.all_objects.select_for_update().get(pk=round_.pk)
    if not locked.is_open:
        raise ValidationError(_("The round is closed: it takes no new respondents."), code="closed")
    if level not in dict(RespondentLevel.choices):
        raise ValidationError({"level": _("Choose one of the three organisational levels.")})
    if not 1 <= count <= MAX_INVITATIONS:
        raise ValidationError({"count": _("Make from 1 to %(max)d links at a time.") % {"max": MAX_INVITATIONS}})
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    Invitation.all_objects.bulk_create([
        Invitation(municipality_id=locked.municipality_id, round=locked, level=level, token_hash=hash_token(t))
        for t in tokens])
    record_event(municipality=locked.municipality, kind="maturity.invited", obj=locked, actor=by_user,
                 data={"level": level, "count": count})
    return tokens


@transaction.atomic
def close_round(round_, *, by_user) -> Round:
    """Closing ends every link of the round; the answers stay for the report and the peers."""
    locked = Round.all_objects.select_for_update().get(pk=round_.pk)
    if not locked.is_open:
        raise ValidationError(_("The round is already closed."), code="closed")
    locked.status, locked.closed_at = Round.Status.CLOSED, clock.now()
    locked.save(update_fields=["status", "closed_at"])
    record_event(municipality=locked.municipality, kind="maturity.round_closed", obj=locked, actor=by_user)
    return locked


@transaction.atomic
def save_answers(invitation, *, page: int, answers: dict) -> None:
    """Answers as sent (only valid ones reach here); a later answer to a question replaces the earlier
    one. `page` is the page they came from: the link resumes after the furthest page sent."""
    locked = Invitation.all_objects.select_for_update().select_related("round").get(pk=invitation.pk)
    if not locked.round.is_open:
        raise ValidationError(_("The round has closed: answers can no longer be changed."), code="closed")
    for question, value in answers.items():
        if question not in ALL_QUESTIONS or value not in valid_values(question):
            raise ValidationError(_("That is not an answer to this questionnaire."), code="invalid")
    now = clock.now()
    for question, value in answers.items():
        Answer.all_objects.update_or_create(
            municipality_id=locked.municipality_id, invitation=locked, question=question,
            defaults={"value": value, "updated_at": now})
    fields = []
    if locked.started_at is None:
        locked.started_at, fields = now, ["started_at"]
    if page > locked.last_page:
        locked.last_page = page
        fields.append("last_page")
    if fields:
        locked.save(update_fields=fields)
    invitation.started_at, invitation.last_page = locked.started_at, locked.last_page


@transaction.atomic
def finish(invitation) -> None:
    locked = Invitation.all_objects.select_for_update().select_related("round").get(pk=invitation.pk)
    if not locked.round.is_open:
        raise ValidationError(_("The round has closed: answers can no longer be changed."), code="closed")
    if locked.finished_at is None:
        locked.finished_at = clock.now()
        locked.save(update_fields=["finished_at"])
        record_event(municipality=locked.municipality, kind="maturity.answered", obj=locked.round,
                     data={"level": locked.level})
    invitation.finished_at = locked.finished_at
