"""Reads: a link's invitation, a municipality's rounds, a round's answers scored, and the peers.

Peers are the only read across municipalities: only their aggregates leave this module, never
another municipality's answers, rounds or names."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q

from .content import THEME_KEYS
from .models import Answer, Invitation, Round
from .scoring import ALL, score
from .services import hash_token

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MIN_PEERS = 3


def invitation_by_token(municipality, round_id, token: str) -> Invitation | None:
    """The invitation of this link, when the link is of this round and municipality and the round is
    open; None otherwise (the page says nothing more than 404)."""
    if not TOKEN.match(token or ""):
        return None
    invitation = (Invitation.all_objects.select_related("round")
                  .filter(municipality=municipality, round__public_id=round_id, token_hash=hash_token(token))
                  .first())
    if invitation is None or not invitation.round.is_open:
        return None
    return invitation


def answers_of(invitation) -> dict:
    return dict(Answer.all_objects.filter(municipality_id=invitation.municipality_id, invitation=invitation)
                .values_list("question", "value"))


def rounds_of(municipality):
    return (Round.all_objects.filter(municipality=municipality)
            .annotate(invited=Count("invitations"),
                      finished=Count("invitations", filter=Q(invitations__finished_at__isnull=False))))


def round_of(municipality, round_id) -> Round | None:
    return rounds_of(municipality).filter(public_id=round_id).first()


def progress(round_) -> dict:
    """Per organisational level: invited, started (answered something) and finished."""
    rows = (Invitation.all_objects.filter(municipality_id=round_.municipality_id, round=round_)
            .values("level").annotate(invited=Count("id"), started=Count("id", filter=Q(started_at__isnull=False)),
                                      finished=Count("id", filter=Q(finished_at__isnull=False))))
    return {r["level"]: r for r in rows}


def responses(round_) -> list:
    """[(respondent level, {question: value})] of the respondents who finished: a questionnaire left
    half-way is saved for its respondent, but does not count until they finish it."""
    return _responses_of([round_]).get(round_.pk, [])


def _responses_of(rounds) -> dict:
    """round id → responses, for many rounds in one query (the peers)."""
    by_invitation = {}
    rows = (Answer.all_objects.filter(municipality_id__in={r.municipality_id for r in rounds},
                                      invitation__round__in=[r.pk for r in rounds],
                                      invitation__finished_at__isnull=False)
            .values_list("invitation__round_id", "invitation_id", "invitation__level", "question", "value"))
    for round_id, invitation_id, level, question, value in rows:
        by_invitation.setdefault((round_id, invitation_id), (level, {}))[1][question] = value
    by_round = {}
    for (round_id, _invitation_id), response in by_invitation.items():
        by_round.setdefault(round_id, []).append(response)
    return by_round


def result(round_):
    return score(responses(round_))


@dataclass
class Peers:
    count: int
    themes: dict   # theme → Score-like (mean of the peers' theme means, and its level)
    overall: "PeerScore"


@dataclass
class PeerScore:
    mean: float | None

    @property
    def level(self):
        return int(self.mean) if self.mean is not None else None  # floor, as scoring: means are ≥ 0


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def peers(round_) -> Peers | None:
    """The other municipalities of the same size class: each one's latest closed round with a finished
    respondent. None (nothing shown) when fewer than MIN_PEERS answered. The comparison is the mean of
    the peers' means: each municipality weighs the same however many of its staff answered."""
    candidates = (Round.all_objects.filter(size_class=round_.size_class, status=Round.Status.CLOSED)
                  .exclude(municipality_id=round_.municipality_id)
                  .filter(invitations__finished_at__isnull=False).distinct()
                  .order_by("municipality_id", "-closed_at", "-id"))
    latest = {}
    for peer_round in candidates:
        latest.setdefault(peer_round.municipality_id, peer_round)
    if len(latest) < MIN_PEERS:
        return None
    results = [score(r) for r in _responses_of(list(latest.values())).values()]
    themes = {th: PeerScore(_mean([r.themes[th][ALL].mean for r in results])) for th in THEME_KEYS}
    return Peers(count=len(results), themes=themes, overall=PeerScore(_mean([r.overall[ALL].mean for r in results])))

