"""The staff side: managers (and administrators) start a round, make the respondents' links, close
the round, and read the report. A round of another municipality is not found (404); other staff get
403 and no menu link (nav.register with the same gate). No personal data is read here: an invitation
names no one, so these pages leave no audit trace."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary, own_or_404, page_url

from . import indicators, selectors, services
from .charts import tier_chart
from .content import CHALLENGES, LEVELS, RespondentLevel, THEMES, TIERS, VIEWS
from .forms import InviteForm, RoundForm
from .scoring import ALL

gate = staff_page((Role.MANAGER,))  # administrators too (core.selectors.has_role)
nav.register("maturity", gettext_lazy("Maturity self-assessment"), "maturity:staff_home", gate.may, order=45)
LINKS_KEY = "maturity-links:%s"


def _round(request, round_id):
    round_ = selectors.round_of(request.municipality, round_id)
    if round_ is None:
        raise Http404("no such round")
    return round_



@gate
@require_http_methods(["GET", "HEAD", "POST"])
def home(request, municipality, lang):
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.start_round(municipality=request.municipality, name=form.cleaned_data["name"].strip(),
                                          population=form.cleaned_data["population"], by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round is open. Make the respondents’ links next."))
            return redirect(page_url(request, lang, "maturity:staff_round", round_id=round_.public_id))
    errors = summary("round", form)
    return render(request, "maturity/staff/home.html", {
        "rounds": selectors.rounds_of(request.municipality), "form": form, "errors": errors,
    }, status=400 if errors else 200)


def _render_round(request, lang, round_, invite_form, *, status=200):
    progress = selectors.progress(round_)
    rows = [{"label": label, **progress.get(value, {"invited": 0, "started": 0, "finished": 0})}
            for value, label in RespondentLevel.choices]
    links = request.session.pop(LINKS_KEY % round_.public_id, None) if status == 200 else None
    return render(request, "maturity/staff/round.html", {
        "round": round_, "rows": rows, "form": invite_form, "errors": summary("invite", invite_form),
        "links": links,
    }, status=status)


@gate
@require_safe
def round_page(request, municipality, lang, round_id):
    return _render_round(request, lang, _round(request, round_id), InviteForm())


@gate
@require_POST
def invite(request, municipality, lang, round_id):
    """New links: shown once on the round page (from the session, then gone); only their hashes stay."""
    round_ = _round(request, round_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            tokens = services.invite(round_, level=form.cleaned_data["level"], count=form.cleaned_data["count"],
                                     by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            label = dict(RespondentLevel.choices)[form.cleaned_data["level"]]
            request.session[LINKS_KEY % round_.public_id] = {
                "level": str(label),
                "urls": [request.build_absolute_uri(
                    page_url(request, lang, "maturity:resume", round_id=round_.public_id, token=t)) for t in tokens]}
            return redirect(page_url(request, lang, "maturity:staff_round", round_id=round_.public_id) + "#new-links")
    return _render_round(request, lang, round_, form, status=400)


@gate
@require_POST
def close(request, municipality, lang, round_id):
    round_ = _round(request, round_id)
    try:
        services.close_round(round_, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round is closed: its links no longer open the questionnaire."))
    return redirect(page_url(request, lang, "maturity:staff_round", round_id=round_.public_id))


def _chart_text(themes, result) -> str:
    """The chart in a few words: the overall level, the strongest and the weakest theme."""
    scored = [row for row in themes if row["score"].count]
    if not scored:
        return _("No finished answers yet: the chart is empty.")
    high = max(scored, key=lambda row: row["score"].mean)
    low = min(scored, key=lambda row: row["score"].mean)
    overall = result.overall[ALL]
    return _("Overall level %(level)d (mean %(mean)s). Highest theme: %(high)s (mean %(high_mean)s). Lowest "
             "theme: %(low)s (mean %(low_mean)s). Every figure is in the table below.") % {
        "level": overall.level, "mean": floatformat(overall.mean, 1), "high": high["theme"].name,
        "high_mean": floatformat(high["score"].mean, 1), "low": low["theme"].name,
        "low_mean": floatformat(low["score"].mean, 1)}


@gate
@require_safe
def report(request, municipality, lang, round_id):
    round_ = _round(request, round_id)
    result = selectors.result(round_)
    group_labels = [(ALL, _("All respondents")), *RespondentLevel.choices]
    themes = [{"theme": t, "cells": [result.cells[(t.key, tier.key)][ALL] for tier in TIERS],
               "score": result.themes[t.key][ALL]} for t in THEMES]
    by_group = [{"label": label, "respondents": result.respondents.get(g, 0),
                 "tiers": [result.tiers[tier.key].get(g) for tier in TIERS], "overall": result.overall.get(g)}
                for g, label in group_labels]
    views = []
    for view in VIEWS:
        rows, answered = result.views[view.key]
        labels = {value: label for value, label, _d in view.choices}
        views.append({"view": view, "answered": answered,
                      "rows": [(labels.get(value, _("Don’t know")), count, share) for value, count, share in rows]})
    peers = selectors.peers(round_)
    if peers is not None:
        peer_rows = [{"theme": t, "own": result.themes[t.key][ALL], "peer": peers.themes[t.key]} for t in THEMES]
    else:
        peer_rows = None
    return render(request, "maturity/staff/report.html", {
        "tier_totals": [result.tiers[tier.key][ALL] for tier in TIERS], "chart_text": _chart_text(themes, result),
        "round": round_, "result": result, "tiers": TIERS, "themes": themes, "by_group": by_group,
        "views": views, "levels": LEVELS, "peers": peers, "peer_rows": peer_rows,
        "min_peers": selectors.MIN_PEERS, "chart": tier_chart(themes, TIERS),
        "challenges": result.challenges, "all_challenges": CHALLENGES,
        "indicators": indicators.measured(request.municipality, clock.now()),
    })
