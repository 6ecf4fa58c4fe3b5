"""The demo's surveys: the library survey open to anyone (answered by visitors), and the resident
panel on the town centre: a stratified sample of Koivula's residents drawn by panels.services (the
young oversampled), its invitations in the outbox, and the answers of those who answered (the young
least, the retired most), so that the results show their cells and some hidden as too small.

Through luukku.panels.services at the moment each step happened."""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from luukku.core import clock
from luukku.panels import services
from luukku.panels.models import Invitation, Question, Survey

from ..data import participation as data

SEED = 2028


def load(municipality) -> None:
    manager = get_user_model().objects.filter(username=data.STAFF).first()
    today = clock.today()
    _survey(municipality, data.OPEN_SURVEY, manager, open_to_all=True,
            opens=today - dt.timedelta(days=9), closes=today + dt.timedelta(days=21))
    _survey(municipality, data.PANEL_SURVEY, manager, open_to_all=False,
            opens=today - dt.timedelta(days=14), closes=today + dt.timedelta(days=7))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.HELSINKI)


def _survey(m, row, manager, *, open_to_all: bool, opens: dt.date, closes: dt.date) -> Survey:
    opens_at, closes_at = _at(opens, 8), _at(closes, 23)
    survey = Survey.all_objects.filter(municipality=m, title=row["title"]).first()
    if survey is not None:
        if not survey.is_open():  # an old demo database: open it again
            Survey.all_objects.filter(pk=survey.pk).update(opens_at=opens_at, closes_at=closes_at)
        return survey
    rng = random.Random(f"{SEED}:{row['title']}")
    with clock.frozen_at(opens_at - dt.timedelta(days=2)):
        survey = services.create_survey(municipality=m, title=row["title"], opens_at=opens_at, closes_at=closes_at,
                                        questions=row["questions"], open_to_all=open_to_all, by_user=manager)
    questions = list(Question.all_objects.filter(survey=survey))
    last = clock.now() - dt.timedelta(hours=1)
    if open_to_all:
        for _ in range(row["answers"]):
            with clock.frozen_at(opens_at + (last - opens_at) * rng.random()):
                services.answer(survey, answers=_answers(questions, row, rng))
        return survey
    with clock.frozen_at(opens_at + dt.timedelta(hours=1)):
        sample = services.draw_sample(survey, size=row["size"], seed=row["seed"], factors=row["factors"],
                                      by_user=manager)
    for invitation in Invitation.all_objects.filter(sample=sample).order_by("pk"):
        band = invitation.stratum.split("|")[0]
        rate = row["rates"].get(band, 0.5) * (0.8 if invitation.stratum.endswith("|sv") else 1)
        if rng.random() < rate:
            with clock.frozen_at(opens_at + dt.timedelta(hours=2) + (last - opens_at) * rng.random() * 0.9):
                services.answer(survey, answers=_answers(questions, row, rng), invitation=invitation)
    return survey


def _answers(questions, row, rng) -> dict:
    """One respondent's answers: the choice questions by the row's weights, a free text now and then."""
    weights = iter(row["weights"])
    out = {}
    for q in questions:
        if q.kind == Question.Kind.TEXT:
            out[q] = [rng.choice(row["texts"])] if rng.random() < 0.35 else []
            continue
        w = next(weights)
        if q.kind == Question.Kind.MULTIPLE:
            picked = [str(i) for i, share in enumerate(w) if rng.random() < share / 100]
            out[q] = picked or [str(rng.choices(range(len(w)), weights=w)[0])]
        else:
            out[q] = [str(rng.choices(range(len(w)), weights=w)[0])]
    return out
