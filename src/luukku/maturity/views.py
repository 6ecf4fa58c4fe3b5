"""The respondent's questionnaire: /<municipality>/<lang>/kypsyys/<round>/<token>/…. No login: the
secret link is the key (an unknown, closed or other round's link is a plain 404). One theme per page,
then the big picture, then the summary where the respondent finishes. Every page's answers are saved
as it is sent, so a respondent who leaves returns by the same link where they left off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, services
from .content import (
    ALL_QUESTIONS,
    DONT_KNOW,
    LEVELS,
    PAGES,
    THEMES,
    TIERS,
    VIEWS,
    question_id,
)
from .forms import PREFIX, PageForm

LAST = len(PAGES)


def _invitation(request, lang, round_id, token):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")
    invitation = selectors.invitation_by_token(request.municipality, round_id, token)
    if invitation is None:
        raise Http404("no such link")
    return invitation


def _url(request, name, invitation_round, token, **kwargs):
    return reverse(f"maturity:{name}", kwargs={"municipality": request.municipality.slug,
                                               "lang": request.LANGUAGE_CODE, "round_id": invitation_round.public_id,
                                               "token": token, **kwargs})


@never_cache
@require_safe
def resume(request, municipality, lang, round_id, token):
    """The link itself: where the respondent left off (the page after the furthest one sent)."""
    invitation = _invitation(request, lang, round_id, token)
    if invitation.finished_at or invitation.last_page >= LAST:
        return redirect(_url(request, "summary", invitation.round, token))
    return redirect(_url(request, "page", invitation.round, token, page=invitation.last_page + 1))


def _questions(page: int, form, saved: dict) -> list[dict]:
    """What the template draws for each question of the page: its legend, hint, options (checked as
    last sent, or as just typed) and its error."""
    key, questions = PAGES[page - 1]
    rows = []
    for question in questions:
        name = PREFIX + question
        current = form.data.get(name) if form.is_bound else saved.get(question)
        html_id = name.replace(".", "-")
        if key == "views":
            view = next(v for v in VIEWS if v.key == question)
            legend, hint = view.title, view.question
            options = [(value, label, description) for value, label, description in view.choices]
        else:
            tier = next(t for t in TIERS if question == question_id(key, t.key))
            legend, hint = f"{tier.name}: {tier.question}", tier.description
            options = [(str(n), _("Level %(n)s") % {"n": n}, text) for n, text in LEVELS.items()]
        options.append((DONT_KNOW, _("Don’t know"), ""))
        rows.append({"name": name, "id": html_id, "legend": legend, "hint": hint,
                     "errors": form.errors.get(name, []),
                     "options": [{"value": v, "label": label, "description": d, "checked": v == current,
                                  "id": f"{html_id}-{v}"} for v, label, d in options]})
    return rows


def _render_page(request, invitation, token, page, form, saved, *, status=200):
    key, _questions_of_page = PAGES[page - 1]
    theme = next((t for t in THEMES if t.key == key), None)
    questions = _questions(page, form, saved)
    errors = [(str(e), "#questionnaire") for e in form.non_field_errors()]
    errors += [(str(e), f"#{q['id']}-{q['options'][0]['value']}") for q in questions for e in q["errors"]]
    return render(request, "maturity/questionnaire.html", {
        "invitation": invitation, "round": invitation.round, "token": token, "page": page, "pages": LAST,
        "theme": theme, "questions": questions, "errors": errors, "previous": page - 1 if page > 1 else None,
    }, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def page(request, municipality, lang, round_id, token, page):
    invitation = _invitation(request, lang, round_id, token)
    if not 1 <= page <= LAST:
        raise Http404("no such page")
    questions = PAGES[page - 1][1]
    if request.method != "POST":
        return _render_page(request, invitation, token, page, PageForm(questions=questions),
                            selectors.answers_of(invitation))
    moving_on = request.POST.get("action") != "later"
    form = PageForm(request.POST, questions=questions, require_all=moving_on)
    valid = form.is_valid()
    try:
        # The furthest page sent moves on only with the page complete: "later" brings them back here.
        services.save_answers(invitation, page=page if valid and moving_on else page - 1,
                              answers=form.valid_answers())
    except ValidationError as exc:  # the round closed while the page was open
        form.add_error(None, exc)
        valid = False
    if not valid:
        return _render_page(request, invitation, token, page, form, selectors.answers_of(invitation), status=400)
    if not moving_on:
        messages.success(request, _("Your answers are saved. Return by the same link to continue where you "
                                    "left off."))
        return redirect(_url(request, "saved", invitation.round, token))
    if page == LAST:
        return redirect(_url(request, "summary", invitation.round, token))
    return redirect(_url(request, "page", invitation.round, token, page=page + 1))


@never_cache
@require_safe
def saved(request, municipality, lang, round_id, token):
    invitation = _invitation(request, lang, round_id, token)
    return render(request, "maturity/saved.html", {
        "invitation": invitation, "round": invitation.round, "token": token,
        "link": request.build_absolute_uri(_url(request, "resume", invitation.round, token))})


def _unanswered_pages(saved_answers) -> list[tuple[int, str]]:
    missing = []
    for number, (key, questions) in enumerate(PAGES, start=1):
        if any(q not in saved_answers for q in questions):
            theme = next((t for t in THEMES if t.key == key), None)
            missing.append((number, theme.name if theme else _("The big picture")))
    return missing


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def summary(request, municipality, lang, round_id, token):
    """The end: what is still unanswered (with links), and the button that finishes."""
    invitation = _invitation(request, lang, round_id, token)
    saved_answers = selectors.answers_of(invitation)
    missing = _unanswered_pages(saved_answers)
    errors, status = [], 200
    if request.method == "POST":
        if missing:
            errors = [(_("Some questions are still unanswered: answer them, or choose “Don’t know”."),
                       "#unanswered")]
            status = 400
        else:
            try:
                services.finish(invitation)
            except ValidationError as exc:
                errors, status = [(m, "#finish") for m in exc.messages], 400
            else:
                messages.success(request, _("Thank you: your answers are in. You can still change them by the same "
                                            "link until the round closes."))
                return redirect(_url(request, "summary", invitation.round, token))
    return render(request, "maturity/summary.html", {
        "invitation": invitation, "round": invitation.round, "token": token, "missing": missing, "errors": errors,
        "answered": sum(q in saved_answers for q in ALL_QUESTIONS), "total": len(ALL_QUESTIONS),
        "pages": [(n, next((t.name for t in THEMES if t.key == key), _("The big picture")))
                  for n, (key, _q) in enumerate(PAGES, start=1)],
    }, status=status)
