"""Pages of participatory budgeting. Residents: the budget with its phases, plans and results; the
proposal form and page (comments); the vote page, which works without JavaScript: checkboxes per
plan, "Check" shows the totals computed here, "Vote" casts the ballot, a refusal keeps the choices.
Staff (managers of the municipality): screening, costing, plans, results and their publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.people.decorators import resident_page
from luukku.people.selectors import is_strongly_identified
from luukku.web.staff import nav

from . import selectors, services
from .models import PHASE_STARTS, Area, Budget, Phase, Plan, Proposal, ProposalStatus

gate = staff_page((Role.MANAGER,))
nav.register("participation", gettext_lazy("Participatory budgeting"), "participation:staff_budgets", gate.may,
             order=57)


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
                  {"budget": budget, "proposal": proposal, "comments": proposal.comments.all(), "errors": errors,
                   "cooperation": proposal.cooperates_with.all()})


@resident_page
def _comment(request, municipality, lang, slug, proposal):
    try:
        services.add_comment(proposal, request.person, request.POST.get("text", ""))
    except ValidationError as exc:
        return render(request, "participation/proposal.html",
                      {"budget": proposal.budget, "proposal": proposal, "comments": proposal.comments.all(),
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


# --- staff ---------------------------------------------------------------------------------------

@gate
@require_safe
def staff_budgets(request, municipality, lang):
    return render(request, "participation/staff_budgets.html",
                  {"budgets": Budget.all_objects.filter(municipality=request.municipality)})


@gate
@require_http_methods(["GET", "POST"])
def staff_budget(request, municipality, lang, slug):
    budget = _budget(request, slug)
    errors = []
    if request.method == "POST":
        errors = _staff_action(request, budget)
        if not errors:
            messages.success(request, _("Saved."))
            return redirect(_url(request, lang, "staff_budget", slug))
    proposals = Proposal.all_objects.filter(budget=budget).select_related("area", "plan")
    return render(request, "participation/staff_budget.html",
                  {"budget": budget, "proposals": proposals, "areas": budget.areas.all(), "errors": errors,
                   "statuses": ProposalStatus, "results": selectors.results(budget), "data": request.POST,
                   "ballots": selectors.ballots_count(budget)},
                  status=400 if errors else 200)


def _staff_action(request, budget) -> list[str]:
    data, user = request.POST, request.user
    action = data.get("action")
    proposal = Proposal.all_objects.filter(budget=budget, public_id=data.get("proposal") or None).first() \
        if data.get("proposal") else None
    try:
        if action in ("feasible", "not_feasible", "cost") and proposal is None:
            return [_("Choose a proposal.")]
        if action == "feasible":
            services.screen(proposal, feasible=True, by_user=user)
        elif action == "not_feasible":
            services.screen(proposal, feasible=False, reason=data.get("reason", ""), by_user=user)
        elif action == "cost":
            price = _int(data.get("price"))
            if price is None:
                return [_("Give the price in euros, more than zero.")]
            services.cost(proposal, price=price, explanation=data.get("price_explanation", ""), by_user=user)
        elif action == "plan":
            area = Area.all_objects.filter(budget=budget, pk=_int(data.get("area"))).first()
            if area is None:
                return [_("Choose the area of the plan.")]
            merged = list(Proposal.all_objects.filter(budget=budget, public_id__in=data.getlist("proposals")))
            price = _int(data.get("price"))
            services.make_plan(budget, area=area, title=data.get("title", ""), description=data.get("description", ""),
                               price=price, proposals=merged, by_user=user)
        elif action == "publish":
            services.publish_results(budget, by_user=user)
        else:
            return [_("Choose what to do.")]
    except ValidationError as exc:
        return _messages(exc)
    return []


# --- the service point: an agent records the vote of a resident who is present ------------------

agent_gate = staff_page((Role.SERVICE_POINT_AGENT,))


@agent_gate
@require_http_methods(["GET", "POST"])
def agent_vote(request, municipality, lang, person_id, slug):
    """The same cast_ballot as online: the agent has checked the resident's identity document (they
    tick it), so the identification counts as strong; the ballot records the agent and the channel."""
    from luukku.frontoffice import selectors as front

    budget = _budget(request, slug)
    person = front.person_of(request.municipality, person_id)
    front.audit_read(municipality=request.municipality, user=request.user, person=person,
                     purpose=f"{front.PURPOSE}: voting in participatory budgeting")
    plans = list(Plan.all_objects.filter(budget=budget).select_related("area"))
    chosen = {pk for pk in (_int(v) for v in request.POST.getlist("plan")) if pk is not None}
    errors, voted = [], services.has_voted(budget, person)
    if request.method == "POST" and not voted:
        if not request.POST.get("identity_checked"):
            errors = [_("Check the resident's identity document and tick the box.")]
        else:
            try:
                services.cast_ballot(budget, person, sorted(chosen), strong=True, channel="service_point",
                                     agent=request.user)
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                messages.success(request, _("The vote was counted."))
                return redirect(reverse("participation:agent_vote",
                                        args=[request.municipality.slug, lang, person.public_id, slug]))
    areas = [{"area": a, "plans": [p for p in plans if p.area_id == a.pk]} for a in budget.areas.all()]
    return render(request, "participation/agent_vote.html",
                  {"budget": budget, "person": person, "areas": areas, "chosen": chosen, "errors": errors,
                   "voted": voted, "open": budget.voting_open()}, status=400 if errors else 200)
