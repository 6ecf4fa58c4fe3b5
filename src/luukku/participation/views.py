"""Pages of participatory budgeting for residents: "Take part" (budgets, open hearings and surveys); the
budget with its phases, proposals (filtered by area and status, on a map), plans and results; a plan
with its proposals, votes and follow-up; the proposal form (place in words or on the map, images with
their text) and page (images, place, comments); the vote page, which works without JavaScript:
checkboxes per plan, "Check" shows the totals computed here, "Vote" casts the ballot, a refusal keeps the choices.
The staff pages are in staff_views.py."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from luukku.core import clock
from luukku.feedback.media import photo_response
from luukku.people.decorators import resident_page
from luukku.people.selectors import is_strongly_identified
from luukku.web.maps import map_context, osm_link

from . import selectors, services
from .models import PHASE_STARTS, Area, Budget, Phase, Plan, Proposal, ProposalImage, ProposalStatus


def _budget(request, slug) -> Budget:
    budget = Budget.all_objects.filter(municipality=request.municipality, slug=slug).first()
    if budget is None:
        raise Http404("no such budget here")
    return budget


def _url(request, lang, name, *args):
    return reverse(f"participation:{name}", args=[request.municipality.slug, lang, *args])


def _int(value):
    try:
        return int(str(value).strip().replace(" ", "").replace("\u00a0", ""))
    except (TypeError, ValueError):
        return None


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- residents -----------------------------------------------------------------------------------

def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _public_budget(request, lang, slug) -> Budget:
    _check_language(request, lang)
    budget = selectors.public_budget(request.municipality, slug)
    if budget is None:
        raise Http404("no such budget here")
    return budget


def doing_now(budget, at=None) -> dict:
    """What a resident can do in the budget now, for the templates (participation/_now.html):
    a kind and the day that matters to it."""
    at = at or clock.now()
    phase = budget.phase(at)
    if budget.results_published_at:
        return {"kind": "results"}
    if budget.voting_open(at):
        return {"kind": "voting", "until": budget.voting_ends}
    if at >= budget.voting_ends:
        return {"kind": "counting", "on": budget.results_starts}
    if phase == Phase.PROPOSALS:
        return {"kind": "proposals", "until": budget.screening_starts - dt.timedelta(days=1)}
    if phase == Phase.SCREENING:
        return {"kind": "screening", "on": budget.voting_starts}
    return {"kind": "informing", "on": budget.proposals_starts}


def _with_now(budgets):
    budgets = list(budgets)
    for budget in budgets:
        budget.now = doing_now(budget)
        budget.phase_label = Phase(budget.phase()).label
    return budgets


@require_safe
def hub(request, municipality, lang):
    """Take part: the budgets, the hearings open for comments and the surveys anyone may answer."""
    from luukku.hearings import selectors as hearings
    from luukku.panels import selectors as panels

    _check_language(request, lang)
    return render(request, "participation/hub.html", {
        "budgets": _with_now(selectors.public_budgets(request.municipality)[:20]),
        "hearings": list(hearings.open_hearings(request.municipality)[:20]),
        "surveys": list(panels.open_surveys(request.municipality)[:20])})


@require_safe
def budgets(request, municipality, lang):
    _check_language(request, lang)
    return render(request, "participation/budgets.html",
                  {"budgets": _with_now(selectors.public_budgets(request.municipality))})


def _points(request, lang, budget, proposals) -> list[dict]:
    return [{"lat": p.latitude, "lon": p.longitude, "title": p.title,
             "url": _url(request, lang, "proposal", budget.slug, p.public_id)}
            for p in proposals if p.latitude is not None and p.longitude is not None]


@require_safe
def budget_page(request, municipality, lang, slug):
    budget = _public_budget(request, lang, slug)
    phase = budget.phase()
    phases = [{"phase": Phase(p).label, "start": getattr(budget, f), "current": phase == p} for p, f in PHASE_STARTS]
    areas = list(budget.areas.all())
    counts = selectors.proposal_counts(budget)
    # The filters: a value not offered (typed into the address) shows every proposal rather than an error.
    area_id = _int(request.GET.get("area"))
    area_id = area_id if any(a.pk == area_id for a in areas) else None
    status = request.GET.get("status", "")
    status = status if status in ProposalStatus.values else ""
    page = Paginator(selectors.proposals(budget, area_id=area_id, status=status or None),
                     selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("area", area_id or ""), ("status", status)) if v})
    context = {"budget": budget, "phases": phases, "phase": phase, "now": doing_now(budget), "areas": areas,
               "plans": selectors.plans(budget), "page": page, "query": query, "counts": counts,
               "area_filter": area_id, "status_filter": status,
               "area_choices": [(a, counts["area"].get(a.pk, 0)) for a in areas],
               "status_choices": [(value, label, counts["status"].get(value, 0))
                                  for value, label in ProposalStatus.choices],
               "points": _points(request, lang, budget, page.object_list), **map_context(request.municipality)}
    if budget.results_published_at:
        context["results"] = selectors.results(budget)
        latest = selectors.latest_follow_ups(budget)
        for area in context["results"]:
            for row in area["rows"]:
                row["follow_up"] = latest.get(row["plan"].pk)
    return render(request, "participation/budget.html", context)


@require_safe
def plan_page(request, municipality, lang, slug, plan_id):
    budget = _public_budget(request, lang, slug)
    plan = selectors.public_plan(budget, plan_id)
    if plan is None:
        raise Http404("no such plan")
    return render(request, "participation/plan.html",
                  {"budget": budget, "plan": plan, "result": selectors.plan_result(budget, plan),
                   "follow_ups": list(plan.follow_ups.all()), "proposals": list(plan.proposals.all())})


IMAGE_SLOTS = 3  # image fields on the proposal form, each with its text alternative


def _proposal_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """(anchor, message) pairs: a message about a field links to it."""
    anchors = {"images": "image-1", "address": "address", "area": "area", "title": "title", "text": "text"}
    if hasattr(exc, "error_dict"):
        return [(anchors.get(field, ""), m) for field, errs in exc.message_dict.items() for m in errs]
    return [("", m) for m in exc.messages]


@resident_page
@require_http_methods(["GET", "POST"])
def propose(request, municipality, lang, slug):
    budget = _public_budget(request, lang, slug)
    errors, data = [], request.POST
    if request.method == "POST":
        area = Area.all_objects.filter(budget=budget, pk=_int(data.get("area"))).first()
        title, text = data.get("title", "").strip(), data.get("text", "").strip()
        address = data.get("address", "").strip()
        if area is None:
            errors.append(("area", _("Choose the area of the proposal.")))
        if not title:
            errors.append(("title", _("Give the proposal a title.")))
        if not text:
            errors.append(("text", _("Describe the proposal.")))
        if len(address) > 200:
            errors.append(("address", _("Shorten the place to at most 200 characters.")))
        lat, lon = data.get("latitude", "").strip(), data.get("longitude", "").strip()
        try:
            lat = float(lat.replace(",", ".")) if lat else None
            lon = float(lon.replace(",", ".")) if lon else None
            if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            lat = lon = None
            errors.append(("address", _("The place chosen on the map could not be read. Choose it again, or "
                                        "write the place in words.")))
        images = [(request.FILES[f"image-{n}"], data.get(f"image-{n}-alt", ""))
                  for n in range(1, IMAGE_SLOTS + 1) if f"image-{n}" in request.FILES]
        if not errors:
            try:
                proposal = services.submit_proposal(budget, request.person, area=area, title=title[:200], text=text,
                                                    address=address, latitude=lat, longitude=lon, images=images)
            except ValidationError as exc:
                errors += _proposal_errors(exc)
            else:
                messages.success(request, _("Thank you: your proposal was sent."))
                return redirect(_url(request, lang, "proposal", slug, proposal.public_id))
    fields = {anchor for anchor, _m in errors}
    keep_point = "address" not in fields  # a point refused is not shown again
    return render(request, "participation/propose.html",
                  {"budget": budget, "areas": budget.areas.all(), "errors": errors, "data": data, "fields": fields,
                   "image_errors": [m for anchor, m in errors if anchor == "image-1"],
                   "images_dropped": bool(errors and request.FILES),
                   "slots": [{"n": n, "alt": data.get(f"image-{n}-alt", "")} for n in range(1, IMAGE_SLOTS + 1)],
                   "latitude": data.get("latitude", "") if keep_point else "",
                   "longitude": data.get("longitude", "") if keep_point else "",
                   **map_context(request.municipality)},
                  status=400 if errors else 200)


def _proposal_context(request, lang, budget, proposal, **extra) -> dict:
    images = list(proposal.images.all())
    for n, image in enumerate(images, start=1):
        image.n = n
    place = None
    if proposal.latitude is not None and proposal.longitude is not None:
        place = {"osm": osm_link(proposal.latitude, proposal.longitude)}
    return {"budget": budget, "proposal": proposal, "comments": selectors.comments(proposal), "images": images,
            "place": place, "points": _points(request, lang, budget, [proposal]) if place else [],
            "cooperation": proposal.cooperates_with.all(), **map_context(request.municipality), **extra}


@require_http_methods(["GET", "POST"])
def proposal_page(request, municipality, lang, slug, proposal_id):
    budget = _public_budget(request, lang, slug)
    proposal = Proposal.all_objects.filter(budget=budget, public_id=proposal_id).select_related("area", "plan").first()
    if proposal is None:
        raise Http404("no such proposal")
    if request.method == "POST":
        return _comment(request, municipality, lang, slug, proposal)
    return render(request, "participation/proposal.html",
                  _proposal_context(request, lang, budget, proposal, errors=[]))


@resident_page
def _comment(request, municipality, lang, slug, proposal):
    try:
        services.add_comment(proposal, request.person, request.POST.get("text", ""))
    except ValidationError as exc:
        return render(request, "participation/proposal.html",
                      _proposal_context(request, lang, proposal.budget, proposal, errors=_messages(exc),
                                        text=request.POST.get("text", "")), status=400)
    return redirect(_url(request, lang, "proposal", slug, proposal.public_id) + "#comments")


@require_safe
def proposal_image(request, municipality, lang, slug, proposal_id, image_id):
    """A proposal's image, inline: only through its proposal, of this municipality's budget."""
    budget = _public_budget(request, lang, slug)
    image = ProposalImage.all_objects.filter(municipality=request.municipality, proposal__budget=budget,
                                             proposal__public_id=proposal_id, pk=image_id).first()
    if image is None:
        raise Http404("no such image")
    return photo_response(image, cache_control="public, max-age=3600")


@resident_page(strong=True)
@require_http_methods(["GET", "POST"])
def vote(request, municipality, lang, slug):
    budget = _public_budget(request, lang, slug)
    plans = list(Plan.all_objects.filter(budget=budget).select_related("area"))
    chosen = {pk for pk in (_int(v) for v in request.POST.getlist("plan")) if pk is not None}
    errors, voted = [], services.has_voted(budget, request.person)
    if request.method == "POST" and "vote" in request.POST and not voted:
        try:
            services.cast_ballot(budget, request.person, sorted(chosen), strong=is_strongly_identified(request))
        except ValidationError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, _("Your vote was counted. Thank you!"))
            return redirect(_url(request, lang, "vote", slug))
    elif request.method == "POST" and not voted:
        errors = services.check_choices(budget, [p for p in plans if p.pk in chosen]) if chosen else []
    areas = []
    for area in budget.areas.all():
        mine = [p for p in plans if p.area_id == area.pk]
        total = sum(p.price for p in mine if p.pk in chosen)
        areas.append({"area": area, "plans": mine, "total": total, "left": area.amount - total})
    return render(request, "participation/vote.html",
                  {"budget": budget, "whole": [a for a in areas if a["area"].is_whole],
                   "districts": [a for a in areas if not a["area"].is_whole], "chosen": chosen, "errors": errors,
                   "voted": voted, "open": budget.voting_open(), "checked": request.method == "POST"},
                  status=400 if errors else 200)


def pabulib(request, municipality, lang, slug, area_id):
    """The published results of an area as a Pabulib file (open data once the results are out)."""
    budget = _budget(request, slug)
    area = Area.all_objects.filter(budget=budget, pk=area_id).first()
    if area is None or not budget.results_published_at:
        raise Http404("no published results")
    response = HttpResponse(selectors.pabulib(budget, area), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{budget.slug}-{area.pk}.pb"'
    return response
