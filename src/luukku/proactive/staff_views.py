"""The proactive services' back office: the rules and their campaigns, a new campaign, the campaign
page (dry run, the run with its progress, the figures) and the follow-up lists. Thin views, as in
feedback.staff_views: every write through one proactive.services function, who may do what from
proactive.access. A rule of other units is a 404; every list of children is audited. The error
summary and the service's refusals by their fields are the staff workspace's (luukku.web.staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import AuditEvent, Channel
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary

from . import access, selectors, services
from . import staff_forms as f
from luukku.core.translation import tr

from .models import Campaign, CampaignStatus, Offer, OfferChange, OfferStatus, Rule, Trigger

gate = staff_page(access.READER_ROLES)
nav.register("proactive", gettext_lazy("Proactive services"), "proactive_staff:home", gate.may, order=30)
SHOWN = 50  # children named per list of the dry run; the rest are counted

# The follow-up lists: URL word → (offer status, or None for the paper letters; title; explanation).
LISTS = {
    "ei-vastausta": (OfferStatus.NO_ANSWER, gettext_lazy("No answer by the deadline"),
                     gettext_lazy("Nobody answered these offers by the deadline. Contact the guardians.")),
    "jonossa": (OfferStatus.WAITING_LIST, gettext_lazy("Waiting list"),
                gettext_lazy("No unit had room for these children, or their home has no coordinates. "
                             "Find them a place.")),
    "muutospyynnot": (OfferStatus.CHANGE_REQUESTED, gettext_lazy("Change requests"),
                      gettext_lazy("The guardians asked for a change. Each request is a case in the unit's queue.")),
    "kirjeet": (None, gettext_lazy("Paper letters"),
                gettext_lazy("No guardian of these children can be reached electronically. Send the offer "
                             "by post.")),
}
REASONS = {"no_home": gettext_lazy("no home coordinates"), "no_room": gettext_lazy("no room in any unit")}


# --- look-ups and the audit trail -----------------------------------------------------------------

def _rule(request, rule_id) -> Rule:
    rule = (Rule.all_objects.select_related("municipality", "change_case_type")
            .filter(municipality=request.municipality, public_id=rule_id).first())
    if rule is None or not access.may_read(request.user, rule):
        raise Http404("no such rule")
    return rule


def _campaign(request, campaign_id) -> Campaign:
    """A campaign the user may see; 404 otherwise (other units do not learn that it exists)."""
    campaign = (Campaign.all_objects.select_related("rule", "rule__municipality", "rule__change_case_type",
                                                    "municipality")
                .filter(municipality=request.municipality, public_id=campaign_id).first())
    if campaign is None or not access.may_read(request.user, campaign.rule):
        raise Http404("no such campaign")
    return campaign


def _audit(request, campaign, people, action: str) -> None:
    """Names (and in the letters list, addresses) of children and guardians are personal data:
    one AuditEvent per person shown, as core.services.record_audit writes them, in one insert."""
    seen, rows = set(), []
    rule = campaign.rule
    unit_id = rule.change_case_type.unit_id if rule.change_case_type_id else None
    role = access.role_of(request.user, campaign.municipality)
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(AuditEvent(municipality_id=campaign.municipality_id, actor=request.user, actor_role=role,
                               unit_id=unit_id, subject_id=person.public_id, action=action,
                               object_type="proactive.campaign", object_id=str(campaign.public_id),
                               purpose="proactive campaign follow-up", channel=Channel.WEB, at=clock.now()))
    if rows:
        AuditEvent.all_objects.bulk_create(rows)


def _url(name, request, lang, **kwargs):
    return reverse(f"proactive_staff:{name}", kwargs={"municipality": request.municipality.slug, "lang": lang,
                                                       **kwargs})


# --- home -------------------------------------------------------------------------------------------

@gate
@require_safe
def home(request, municipality, lang):
    rules = list(access.readable_rules(request.user, request.municipality).order_by("slug"))
    campaigns = {}
    for campaign in Campaign.all_objects.filter(municipality=request.municipality, rule__in=rules):
        if campaign.status != CampaignStatus.DRAFT:
            campaign.figures = selectors.figures(campaign)
        campaigns.setdefault(campaign.rule_id, []).append(campaign)
    rows = [{"rule": rule, "campaigns": campaigns.get(rule.pk, []), "cohort": rule.trigger == Trigger.COHORT,
             "may_run": rule.trigger == Trigger.COHORT and rule.active and access.may_run(request.user, rule)}
            for rule in rules]
    return render(request, "proactive/staff/home.html", {"rows": rows})


# --- a new campaign ---------------------------------------------------------------------------------

@gate
@require_http_methods(["GET", "HEAD", "POST"])
def new_campaign(request, municipality, lang, rule_id):
    rule = _rule(request, rule_id)
    if rule.trigger != Trigger.COHORT:
        raise Http404("only cohort rules have campaigns")
    if not access.may_run(request.user, rule):
        raise PermissionDenied
    form = f.CampaignForm(request.POST if request.method == "POST" else None, rule=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                rule=rule, year=data["year"], by_user=request.user, name=data["name"].strip(),
                reference_date=data["reference_date"], starts_on=data["starts_on"], deadline=data["deadline"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign was created. Check the dry run before you run it."))
            return redirect(_url("campaign", request, lang, campaign_id=campaign.public_id))
    errors = summary("campaign", form)
    return render(request, "proactive/staff/new_campaign.html", {"rule": rule, "form": form, "errors": errors},
                  status=400 if errors else 200)


# --- the campaign page ------------------------------------------------------------------------------

def _named(items, limit=SHOWN):
    return {"shown": items[:limit], "more": max(0, len(items) - limit), "count": len(items)}


def _render_campaign(request, campaign, lang, *, start_form=None, status=200):
    rule = campaign.rule
    may_run = access.may_run(request.user, rule)
    context = {"campaign": campaign, "rule": rule, "may_run": may_run, "report": None, "figures": None,
               "lists": [(key, title) for key, (_s, title, _t) in LISTS.items()],
               "errors": summary("start", start_form) if start_form is not None else []}
    if campaign.status in (CampaignStatus.DRAFT, CampaignStatus.FAILED):
        report = services.dry_run(campaign)
        waiting = [(child, REASONS.get(reason, reason)) for child, reason in report.waiting_list]
        context.update({
            "report": report, "waiting": _named(waiting), "no_guardian": _named(report.no_guardian),
            "apart": _named(report.apart), "letters": len(report.letters),
            "areas": sorted(report.areas.items()),
            "start_form": start_form or f.StartForm(needs_confirmation=campaign.status == CampaignStatus.DRAFT),
        })
        shown = ([c for c, _r in context["waiting"]["shown"]] + context["no_guardian"]["shown"]
                 + context["apart"]["shown"])
        _audit(request, campaign, shown, "proactive.dry_run.read")
    if campaign.status == CampaignStatus.DONE:
        context["figures"] = selectors.figures(campaign)
    return render(request, "proactive/staff/campaign.html", context, status=status)


@gate
@require_safe
def campaign_page(request, municipality, lang, campaign_id):
    return _render_campaign(request, _campaign(request, campaign_id), lang)


@gate
@require_POST
def start(request, municipality, lang, campaign_id):
    campaign = _campaign(request, campaign_id)
    if not access.may_run(request.user, campaign.rule):
        raise PermissionDenied
    form = f.StartForm(request.POST, needs_confirmation=campaign.status == CampaignStatus.DRAFT)
    if form.is_valid():
        if campaign.status == CampaignStatus.RUNNING and not campaign.stalled:
            form.add_error(None, _("The run is already going on."))
        else:
            try:
                services.start(campaign, by_user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The run started. The offers are written in the background."))
                return redirect(_url("campaign", request, lang, campaign_id=campaign.public_id))
    campaign.refresh_from_db()
    return _render_campaign(request, campaign, lang, start_form=form, status=400)


@gate
@require_safe
def progress(request, municipality, lang, campaign_id):
    """The run's progress for the page's script: {"status", "done", "total", "percent", "text"}."""
    campaign = _campaign(request, campaign_id)
    return JsonResponse({
        "status": campaign.status, "done": campaign.done, "total": campaign.total,
        "percent": campaign.progress_percent,
        "text": _("%(done)s of %(total)s") % {"done": campaign.done, "total": campaign.total},
    })


# --- the follow-up lists ----------------------------------------------------------------------------

def _address(person) -> dict:
    return {"street": person.street_address, "postal_code": person.postal_code, "post_office": person.post_office}


@gate
@require_safe
def follow_up(request, municipality, lang, campaign_id, kind):
    if kind not in LISTS:
        raise Http404("no such list")
    campaign = _campaign(request, campaign_id)
    status, title, explanation = LISTS[kind]
    if status is None:
        offers = (Offer.all_objects.filter(campaign=campaign, needs_letter=True)
                  .exclude(status=OfferStatus.WITHDRAWN)
                  .select_related("person", "placement_unit").order_by("person__last_name", "id"))
    else:
        offers = selectors.follow_up(campaign, status)
    page = Paginator(offers, f.PER_PAGE).get_page(request.GET.get("page"))
    rows, shown = [], []
    guardians = (selectors.guardians_of([o.person_id for o in page.object_list], clock.today())
                 if status is None else {})
    for offer in page.object_list:
        child = offer.person
        shown.append(child)
        row = {"offer": offer, "child": child, "guardians": []}
        for guardian in guardians.get(child.pk, []):
            shown.append(guardian)
            hidden = child.protected_address or guardian.protected_address
            row["guardians"].append({"person": guardian, "protected": hidden,
                                     "address": None if hidden else _address(guardian)})
        rows.append(row)
    _audit(request, campaign, shown, "proactive.follow_up.read")
    return render(request, "proactive/staff/follow_up.html", {
        "campaign": campaign, "kind": kind, "title": title, "explanation": explanation, "page": page,
        "rows": rows, "letters": status is None, "changes": status == OfferStatus.CHANGE_REQUESTED,
    })


# --- a change request worked to its end -------------------------------------------------------------

def _offer(request, offer_id) -> Offer:
    """An offer of a rule the user may see; 404 otherwise."""
    offer = (Offer.all_objects.select_related("rule", "rule__change_case_type", "person", "placement_unit",
                                              "campaign", "change_case", "change_case__applicant")
             .filter(municipality=request.municipality, public_id=offer_id).first())
    if offer is None or not access.may_read(request.user, offer.rule):
        raise Http404("no such offer")
    offer.municipality = request.municipality
    return offer


def _may_work(request, offer) -> bool:
    from luukku.cases import access as case_access

    return (offer.status == OfferStatus.CHANGE_REQUESTED and offer.change_case_id is not None
            and case_access.may_handle(request.user, offer.change_case))


def _staff_history(offer):
    """Every row with who made it and why (staff see the family's reasons too)."""
    rows = list(OfferChange.all_objects.filter(offer=offer).select_related("by_person", "by_user", "placement_unit"))
    for row in rows:
        row.label = OfferStatus(row.to_status).label if row.to_status in OfferStatus.values else row.to_status
    return rows


def _render_offer(request, offer, lang, *, reoffer_form=None, refuse_form=None, status=200):
    from luukku.core.services import record_audits

    rule = offer.rule
    history = _staff_history(offer)
    case = offer.change_case
    # The child, the applicant of the change request and the guardians named in the history.
    shown = [offer.person, *([case.applicant] if case else []), *(r.by_person for r in history if r.by_person)]
    record_audits(municipality=request.municipality, actor=request.user, action="proactive.offer.read",
                  purpose="case handling", role=access.role_of(request.user, request.municipality),
                  unit=rule.change_case_type.unit if rule.change_case_type_id else None,
                  subjects=[(p.public_id, "proactive.offer", offer.public_id) for p in shown])
    units = selectors.change_units(offer)
    may_work = _may_work(request, offer)
    others = [u for u in units if u.pk != offer.placement_unit_id]
    reoffer_form = reoffer_form or f.ReofferForm(initial={"version": offer.version}, units=others)
    refuse_form = refuse_form or f.RefuseChangeForm(initial={"version": offer.version})
    return render(request, "proactive/staff/offer.html", {
        "offer": offer, "rule": rule, "child": offer.person, "campaign": offer.campaign, "units": units,
        "case": case, "wish": case.data if case else {}, "history": history, "may_work": may_work,
        "reoffer_form": reoffer_form, "refuse_form": refuse_form,
        "errors": summary("reoffer", reoffer_form) + summary("refuse", refuse_form),
    }, status=status)


@gate
@require_safe
def offer_page(request, municipality, lang, offer_id):
    return _render_offer(request, _offer(request, offer_id), lang)


def _offer_step(request, lang, offer_id, form_class, kind, step):
    """A handler's answer to a change request: the form's shape, then the service (which refuses
    a full unit, an offer already handled or a missing reason); the page again with what was typed."""
    offer = _offer(request, offer_id)
    if not _may_work(request, offer) and offer.status == OfferStatus.CHANGE_REQUESTED:
        raise PermissionDenied
    others = [u for u in selectors.change_units(offer) if u.pk != offer.placement_unit_id]
    form = form_class(request.POST, units=others) if kind == "reoffer" else form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            step(offer, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            codes = {e.code for e in getattr(exc, "error_list", [])}
            status = 409 if codes & {"closed", "stale"} else 400
        else:
            return redirect(_url("offer", request, lang, offer_id=offer.public_id))
        offer = _offer(request, offer_id)
    return _render_offer(request, offer, lang, status=status, **{f"{kind}_form": form})


@gate
@require_POST
def reoffer(request, municipality, lang, offer_id):
    def step(offer, form):
        unit = form.units[form.cleaned_data["unit"]]
        services.reoffer(offer, unit=unit, by_user=request.user, note=form.cleaned_data["note"],
                         version=form.cleaned_data["version"])
        messages.success(request, _("%(unit)s was offered instead. The family was told and answers the new "
                                    "offer.") % {"unit": tr(unit.name)})

    return _offer_step(request, lang, offer_id, f.ReofferForm, "reoffer", step)


@gate
@require_POST
def refuse_change(request, municipality, lang, offer_id):
    def step(offer, form):
        services.refuse_change(offer, reason=form.cleaned_data["reason"], by_user=request.user,
                               version=form.cleaned_data["version"])
        messages.success(request, _("The change request was refused. The family was told why."))

    return _offer_step(request, lang, offer_id, f.RefuseChangeForm, "refuse", step)
