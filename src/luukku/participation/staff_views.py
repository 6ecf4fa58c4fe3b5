"""Staff pages of participatory budgeting (managers of the municipality): a budget created and edited
(dates, rule, areas), its phases moved on now, its history; screening, costing, co-operation, plans,
results and their publication, the winners' follow-up; comment moderation. And the service point's
vote, recorded by an agent. Another municipality's budget is a 404 (its slug is looked up in this one)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary

from . import selectors, services
from .forms import BudgetForm, HideForm, area_formset
from .models import Area, Budget, BudgetChangeKind, Comment, Plan, Proposal, ProposalStatus
from .views import _budget, _int, _messages, _url

gate = staff_page((Role.MANAGER,))
nav.register("participation", gettext_lazy("Participatory budgeting"), "participation:staff_budgets", gate.may,
             order=57)


def _budget_forms_valid(form, areas) -> bool:
    valid = form.is_valid()
    return areas.is_valid() and valid


def _summary(form, areas) -> list[tuple[str, str]]:
    """The error summary of the budget form: each message linked to its field, the areas' to their rows."""
    rows = summary("budget", form) + [(str(e), "#areas") for e in areas.non_form_errors()]
    for area_form in areas.forms:
        rows += [(str(e), f"#{area_form[name].auto_id}") for name, errs in area_form.errors.items() for e in errs]
    return rows


@gate
@require_http_methods(["GET", "POST"])
def staff_budgets(request, municipality, lang):
    """The municipality's budgets and the form for a new one (with its areas)."""
    form = BudgetForm(request.POST or None, creating=True, initial={"minimum_age": 12, "threshold_percent": 0})
    areas = area_formset(data=request.POST or None)
    if request.method == "POST" and _budget_forms_valid(form, areas):
        try:
            budget = services.create_budget(request.municipality, slug=form.cleaned_data["slug"], areas=areas.rows(),
                                            by_user=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)  # by its field; the areas' and the voting's at the top
        else:
            messages.success(request, _("The budget was created."))
            return redirect(_url(request, lang, "staff_budget", budget.slug))
    return render(request, "participation/staff_budgets.html",
                  {"budgets": Budget.all_objects.filter(municipality=request.municipality), "form": form,
                   "areas": areas, "errors": _summary(form, areas)},
                  status=400 if request.method == "POST" else 200)


@gate
@require_http_methods(["GET", "POST"])
def staff_budget_edit(request, municipality, lang, slug):
    budget = _budget(request, slug)
    initial = {name: getattr(budget, name) for name in services.BUDGET_FIELDS}
    form = BudgetForm(request.POST or None, initial=initial)
    areas = area_formset(budget, data=request.POST or None)
    if request.method == "POST" and _budget_forms_valid(form, areas):
        try:
            services.update_budget(budget, areas=areas.rows(), by_user=request.user, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)  # by its field; the areas' and the voting's at the top
        else:
            messages.success(request, _("The budget was saved."))
            return redirect(_url(request, lang, "staff_budget", slug) + "#history")
    return render(request, "participation/staff_budget_edit.html",
                  {"budget": budget, "form": form, "areas": areas, "errors": _summary(form, areas),
                   "started": clock.now() >= budget.voting_starts}, status=400 if request.method == "POST" else 200)


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
    proposals = Proposal.all_objects.filter(budget=budget).select_related("area", "plan") \
        .prefetch_related("cooperates_with")
    results = selectors.results(budget)
    winners = [row["plan"] for area in results for row in area["rows"] if row["winner"]] \
        if budget.results_published_at else []
    return render(request, "participation/staff_budget.html",
                  {"budget": budget, "proposals": proposals, "areas": budget.areas.all(), "errors": errors,
                   "statuses": ProposalStatus, "results": results, "data": request.POST,
                   "ballots": selectors.ballots_count(budget), "history": selectors.history(budget),
                   "voting_open": budget.voting_open(), "last_phase": budget.phase() == "follow_up",
                   "winners": [(plan, list(plan.follow_ups.all())) for plan in winners]},
                  status=400 if errors else 200)


def _staff_action(request, budget) -> list[str]:
    data, user = request.POST, request.user
    action = data.get("action")
    proposal = Proposal.all_objects.filter(budget=budget, public_id=data.get("proposal")).first() \
        if _is_uuid(data.get("proposal")) else None
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
        elif action in ("next_phase", "close_voting"):
            services.set_phase_now(budget, BudgetChangeKind.NEXT_PHASE if action == "next_phase"
                                   else BudgetChangeKind.VOTING_CLOSED, by_user=user)
        elif action == "cooperate":
            first, second = (Proposal.all_objects.filter(budget=budget, public_id=data.get(key) or None).first()
                             if _is_uuid(data.get(key)) else None for key in ("first", "second"))
            if first is None or second is None:
                return [_("Choose two proposals of this budget.")]
            services.link_cooperation(first, second, by_user=user)
        elif action == "follow_up":
            plan = Plan.all_objects.filter(budget=budget, pk=_int(data.get("plan"))).first()
            progress = _int(data.get("progress"))
            if plan is None:
                return [_("Choose the plan.")]
            if progress is None:
                return [_("Give the progress as a percentage from 0 to 100.")]
            services.add_follow_up(plan, text=data.get("text", ""), progress=progress, by_user=user)
        else:
            return [_("Choose what to do.")]
    except ValidationError as exc:
        return _messages(exc)
    return []


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@gate
@require_http_methods(["GET", "POST"])
def staff_comments(request, municipality, lang, slug):
    """The budget's latest comments, newest first; each can be removed with a reason, which the
    proposal page then shows in its place. A refused removal keeps the typed reason."""
    budget = _budget(request, slug)
    failed, failed_form = None, None
    if request.method == "POST":
        comment = Comment.all_objects.filter(proposal__budget=budget, pk=_int(request.POST.get("comment"))).first()
        if comment is None:
            raise Http404("no such comment here")
        form = HideForm(request.POST)
        if form.is_valid():
            try:
                services.hide_comment(comment, reason=form.cleaned_data["reason"], by_user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The comment was removed."))
                return redirect(_url(request, lang, "staff_comments", slug))
        failed, failed_form = comment.pk, form
    rows = [(c, failed_form if c.pk == failed else HideForm()) for c in selectors.recent_comments(budget)]
    errors = summary(f"hide-{failed}", failed_form) if failed else []
    return render(request, "participation/staff_comments.html",
                  {"budget": budget, "comments": rows, "errors": errors}, status=400 if failed else 200)


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
