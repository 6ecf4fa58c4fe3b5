"""Every write of panels and surveys: a survey made, a panel drawn and invited, a questionnaire
answered. One function per use case, each in a transaction."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.services import record_event
from luukku.notify import selectors as notify_selectors
from luukku.notify.services import notify_many

from . import sampling, selectors
from .models import Answer, Invitation, Question, Response, Sample, Survey

MAX_SAMPLE = 5000


def hash_token(token: str) -> str:
    """As maturity's links: the secret goes out once, only its SHA-256 stays."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_survey(*, municipality, title: str, opens_at, closes_at, questions: list[dict], open_to_all=False,
                  by_user=None) -> Survey:
    """`questions`: [{"kind", "text", "options"}] in order."""
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the survey a title.")
    if opens_at >= closes_at:
        errors["closes"] = _("The closing time must be after the opening time.")
    if not questions:
        errors["questions"] = _("Add at least one question.")
    for q in questions:
        if q["kind"] in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(q.get("options") or []) < 2:
            errors["questions"] = _("A choice question needs at least two options.")
    if errors:
        raise ValidationError(errors)
    survey = Survey.all_objects.create(municipality=municipality, title=title.strip(), opens_at=opens_at,
                                       closes_at=closes_at, open_to_all=open_to_all, created_by=by_user)
    Question.all_objects.bulk_create([
        Question(municipality=municipality, survey=survey, position=i, kind=q["kind"], text=q["text"].strip(),
                 options=list(q.get("options") or []) if q["kind"] in ("single", "multiple") else [])
        for i, q in enumerate(questions)])
    record_event(municipality=municipality, kind="panels.survey_created", obj=survey, actor=by_user,
                 data={"questions": len(questions), "open": open_to_all})
    return survey


def answer_path(survey, token: str, language: str) -> str:
    return reverse("panels:answer", kwargs={"municipality": survey.municipality.slug, "lang": language,
                                            "survey_id": survey.public_id, "token": token})


@transaction.atomic
def draw_sample(survey, *, size: int, seed: str, factors: dict | None = None, by_rates=False,
                by_user=None) -> Sample:
    """Draw the panel from the residents living in the municipality, one invitation each, and put
    the invitation in the outbox in the invitee's language. `factors` oversample strata by name; with
    `by_rates` the factors come from the response rates of the municipality's earlier panels."""
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError({"size": _("Give a sample size from 1 to %(max)d.") % {"max": MAX_SAMPLE}})
    if not seed.strip():
        raise ValidationError({"seed": _("Give a seed: the same seed draws the same people again.")})
    if clock.now() >= survey.closes_at:
        raise ValidationError(_("The survey has closed: it takes no new respondents."), code="closed")
    municipality = survey.municipality
    members = selectors.residents_by_stratum(municipality, clock.today())
    population = {key: len(ids) for key, ids in members.items()}
    if by_rates:
        factors = {**sampling.factors_from_rates(selectors.past_rates(municipality)), **(factors or {})}
    factors = {key: float(v) for key, v in (factors or {}).items() if key in population and float(v) >= 1}
    sizes = sampling.oversample(sampling.allocate(population, size), population, factors)
    chosen = sampling.draw(members, sizes, seed.strip())
    sample = Sample.all_objects.create(municipality=municipality, survey=survey, size=size, seed=seed.strip(),
                                       factors=factors, population=population,
                                       drawn={key: len(ids) for key, ids in chosen.items()}, created_by=by_user)
    people = selectors.persons_by_id(municipality, [pk for ids in chosen.values() for pk in ids])
    tokens, invitations = [], []
    for key in sorted(chosen):
        for pk in chosen[key]:
            tokens.append(secrets.token_urlsafe(32))
            invitations.append(Invitation(municipality=municipality, survey=survey, sample=sample, person_id=pk,
                                          stratum=key, token_hash=hash_token(tokens[-1])))
    Invitation.all_objects.bulk_create(invitations)
    # One batch into the outbox; each message in the invitee's language, its link in that language too.
    notify_many([{"municipality": municipality, "person": people[i.person_id], "kind": "panel.invited",
                  "key": f"panel:{i.public_id}",
                  "context": {"survey": survey.title, "closes": survey.closes_at.date().isoformat(),
                              "link": answer_path(survey, token, notify_selectors.language_for(people[i.person_id]))}}
                 for i, token in zip(invitations, tokens)])
    record_event(municipality=municipality, kind="panels.sample_drawn", obj=sample, actor=by_user,
                 data={"size": size, "invited": sum(sample.drawn.values()), "strata": len(chosen)})
    return sample


def _values(question, raw) -> list[str]:
    """The valid values of one question's answer as sent, [] for none; ValidationError for a wrong one."""
    values = [v.strip() for v in raw if v and v.strip()]
    if question.kind == Question.Kind.TEXT:
        return [values[0][:5000]] if values else []
    if question.kind != Question.Kind.MULTIPLE:
        values = values[:1]
    allowed = {str(i) for i in range(len(question.choices()))}
    if any(v not in allowed for v in values):
        raise ValidationError({f"q{question.pk}": _("Choose one of the options given.")})
    return list(dict.fromkeys(values))


@transaction.atomic
def answer(survey, *, answers: dict, invitation=None) -> Response:
    """`answers`: {question: [values]} (a choice as its option's index). By an invitation link once; an
    open survey also without one."""
    if not survey.is_open():
        raise ValidationError(_("The survey is not open for answers now."), code="closed")
    if invitation is not None:
        invitation = Invitation.all_objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise ValidationError(_("This link has already been used to answer."), code="answered")
    elif not survey.open_to_all:
        raise ValidationError(_("This survey is answered by invitation only."), code="invitation")
    rows = [(q, v) for q, raw in answers.items() for v in _values(q, raw)]
    if not rows:
        raise ValidationError(_("Answer at least one question."), code="empty")
    now = clock.now()
    response = Response.all_objects.create(municipality_id=survey.municipality_id, survey=survey,
                                           invitation=invitation, stratum=invitation.stratum if invitation else "",
                                           created_at=now)
    Answer.all_objects.bulk_create([Answer(municipality_id=survey.municipality_id, response=response, question=q,
                                           value=v) for q, v in rows])
    if invitation is not None:
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    record_event(municipality=survey.municipality, kind="panels.answered", obj=survey,
                 data={"invited": invitation is not None})
    return response
