"""The survey's answer page: /<municipality>/<lang>/kysely/<survey>/<token>/ by an invitation link (no
login: the link is the key; an unknown link is a plain 404), or /kysely/<survey>/ for an open survey.
A refused answer is shown again as typed, with what to fix."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from luukku.core import clock

from . import selectors, services
from .models import Question


def _questions(survey, kept: dict, errors: dict) -> list[dict]:
    rows = []
    for q in survey.questions.all():
        name = f"q{q.pk}"
        values = kept.get(q.pk, [])
        labels = q.choices()
        rows.append({"question": q, "name": name, "id": f"question-{q.pk}", "errors": errors.get(name, []),
                     "text": values[0] if values and q.kind == Question.Kind.TEXT else "",
                     "input": "checkbox" if q.kind == Question.Kind.MULTIPLE else "radio",
                     "options": [{"value": str(i), "label": label, "id": f"{name}-{i}", "checked": str(i) in values}
                                 for i, label in enumerate(labels)]})
    return rows


def _page(request, survey, invitation):
    kept, errors, status = {}, {}, 200
    done = invitation is not None and invitation.answered_at is not None
    closed = not survey.is_open()
    if request.method == "POST" and not done and not closed:
        questions = list(survey.questions.all())
        kept = {q.pk: request.POST.getlist(f"q{q.pk}") for q in questions}
        try:
            services.answer(survey, answers={q: kept[q.pk] for q in questions}, invitation=invitation)
        except ValidationError as exc:
            status = 400
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            done = True
    summary = [(m, f"#question-{key[1:]}" if key.startswith("q") else "#survey-form")
               for key, messages in errors.items() for m in messages]
    return render(request, "panels/answer.html", {
        "survey": survey, "questions": _questions(survey, kept, errors), "errors": summary, "done": done,
        "closed": closed and not done, "not_yet": clock.now() < survey.opens_at,
    }, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, municipality, lang, survey_id, token):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")
    invitation = selectors.invitation_by_token(request.municipality, survey_id, token)
    if invitation is None:
        raise Http404("no such link")
    return _page(request, invitation.survey, invitation)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def open_answer(request, municipality, lang, survey_id):
    survey = selectors.survey_of(request.municipality, survey_id)
    if lang not in request.municipality.languages or survey is None or not survey.open_to_all:
        raise Http404(_("no such survey"))
    return _page(request, survey, None)
