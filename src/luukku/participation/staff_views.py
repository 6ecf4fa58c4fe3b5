"""Staff pages of participatory budgeting (managers of the municipality): screening, costing, plans,
results and their publication; and the service point's vote, recorded by an agent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav

from . import selectors, services
from .models import Area, Budget, Plan, Proposal, ProposalStatus
from .views import _budget, _int, _messages, _url

gate = staff_page((Role.MANAGER,))
nav.register("participation", gettext_lazy("Participatory budgeting"), "participation:staff_budgets", gate.may,
             order=57)


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
