"""Pages of participatory budgeting. Residents: the budget with its phases, plans and results; the
proposal form and page (comments); the vote page, which works without JavaScript: checkboxes per
plan, "Check" shows the totals computed here, "Vote" casts the ballot, a refusal keeps the choices.
The staff pages are in staff_views.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from luukku.people.decorators import resident_page
from luukku.people.selectors import is_strongly_identified

from . import selectors, services
from .models import PHASE_STARTS, Area, Budget, Phase, Plan, Proposal, ProposalStatus


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

@require_safe
def budget_page(request, municipality, lang, slug):
    budget = _budget(request, slug)
    phases = [{"phase": Phase(p).label, "start": getattr(budget, f), "current": budget.phase() == p}
              for p, f in PHASE_STARTS]
    context = {"budget": budget, "phases": phases, "phase": budget.phase(), "areas": budget.areas.all(),
               "plans": Plan.all_objects.filter(budget=budget).select_related("area"),
               "proposals": Proposal.all_objects.filter(budget=budget).exclude(status=ProposalStatus.NOT_FEASIBLE)[:200]}
    if budget.results_published_at:
        context["results"] = selectors.results(budget)
    return render(request, "participation/budget.html", context)


@resident_page
@require_http_methods(["GET", "POST"])
def propose(request, municipality, lang, slug):
    budget = _budget(request, slug)
    errors, data = [], request.POST
    if request.method == "POST":
        area = Area.all_objects.filter(budget=budget, pk=_int(data.get("area"))).first()
        title, text = data.get("title", "").strip(), data.get("text", "").strip()
        if area is None:
            errors.append(_("Choose the area of the proposal."))
        if not title:
            errors.append(_("Give the proposal a title."))
        if not text:
            errors.append(_("Describe the proposal."))
        lat, lon = data.get("latitude", "").strip(), data.get("longitude", "").strip()
        try:
            lat = float(lat.replace(",", ".")) if lat else None
            lon = float(lon.replace(",", ".")) if lon else None
            if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            errors.append(_("Give the location as decimal degrees, e.g. 62.60 and 29.76, or leave it empty."))
        if not errors:
            try:
                proposal = services.submit_proposal(budget, request.person, area=area, title=title[:200], text=text,
                                                    latitude=lat, longitude=lon,
                                                    images=request.FILES.getlist("images"))
            except ValidationError as exc:
                errors += _messages(exc)
            else:
                messages.success(request, _("Thank you: your proposal was sent."))
                return redirect(_url(request, lang, "proposal", slug, proposal.public_id))
    return render(request, "participation/propose.html",
                  {"budget": budget, "areas": budget.areas.all(), "errors": errors, "data": data},
                  status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def proposal_page(request, municipality, lang, slug, proposal_id):
    budget = _budget(request, slug)
    proposal = Proposal.all_objects.filter(budget=budget, public_id=proposal_id).select_related("area", "plan").first()
    if proposal is None:
        raise Http404("no such proposal")
    errors = []
    if request.method == "POST":
        return _comment(request, municipality, lang, slug, proposal)
    return render(request, "participation/proposal.html",
                  {"budget": budget, "proposal": proposal, "comments": selectors.comments(proposal),
                   "errors": errors, "cooperation": proposal.cooperates_with.all()})


@resident_page
def _comment(request, municipality, lang, slug, proposal):
    try:
        services.add_comment(proposal, request.person, request.POST.get("text", ""))
    except ValidationError as exc:
        return render(request, "participation/proposal.html",
                      {"budget": proposal.budget, "proposal": proposal, "comments": selectors.comments(proposal),
                       "errors": _messages(exc), "text": request.POST.get("text", "")}, status=400)
    return redirect(_url(request, lang, "proposal", slug, proposal.public_id) + "#comments")


@resident_page(strong=True)
@require_http_methods(["GET", "POST"])
def vote(request, municipality, lang, slug):
    budget = _budget(request, slug)
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
                  {"budget": budget, "areas": areas, "chosen": chosen, "errors": errors, "voted": voted,
                   "open": budget.voting_open(), "checked": request.method == "POST"},
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
