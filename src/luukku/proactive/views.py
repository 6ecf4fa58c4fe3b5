"""The guardian's side of the proactive services: /<municipality>/<lang>/tarjoukset/…

An offer is shown only to those who may answer it (the child's guardians today, or the person it
is for); anyone else gets a 404 without a hint. Every answer goes through services.answer, which
locks the row: the first answer counts and a later one gets a clear message (409). The page never
shows anyone's home address, only the unit's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from luukku.people.decorators import resident_page
from luukku.core import clock
from luukku.core.translation import tr

from . import services
from .forms import AcceptForm, ChangeForm, DeclineForm, OptOutForm, mark_invalid
from .items import needs_answer, status_text
from .models import (
    Mode,
    Offer,
    OfferChange,
    OfferStatus,
    OptOut,
    PlacementUnit,
    Rule,
    Trigger,
)

# Codes of services.answer's refusals that mean "the offer is no longer as you saw it".
CONFLICTS = {"answered", "closed", "stale", "late"}


def _offer_url(offer, lang: str) -> str:
    return reverse("proactive:offer", kwargs={"municipality": offer.municipality.slug, "lang": lang,
                                              "offer_id": offer.public_id})


def _offer_for(request, offer_id) -> Offer:
    """The offer, if the current person may see it; else a 404 that says nothing more."""
    offer = (Offer.all_objects.filter(municipality=request.municipality, public_id=offer_id)
             .select_related("rule", "placement_unit", "person", "answered_by", "change_case").first())
    if offer is None:
        raise Http404("no such offer")
    offer.municipality = request.municipality
    person = request.person
    if offer.person_id != person.pk and not services.may_answer(offer, person):
        raise Http404("no such offer")
    return offer


def _fresh(request, offer) -> Offer:
    """The offer as it is now (after a refused answer the page shows what changed)."""
    return _offer_for(request, offer.public_id)


def _answerable(offer, person) -> bool:
    if offer.mode == Mode.INFORMATION or not offer.is_open:
        return False
    if offer.deadline and clock.today() > offer.deadline and offer.mode != Mode.AUTOMATIC:
        return False
    return services.may_answer(offer, person)


def _appeal_instructions(offer, lang: str) -> str:
    """Oikaisuvaatimusohje of an automatic decision (hallintolaki 49 b §; perusopetuslaki 42 §: 14 days)."""
    municipality = offer.municipality
    with translation.override(lang):
        address = ", ".join(x for x in (tr(municipality.street_address, lang), " ".join(
            x for x in (municipality.postal_code, tr(municipality.post_office, lang)) if x)) if x)
        return _(
            "If you are not satisfied with this decision, you may ask for it to be corrected (a request for "
            "correction). Send the request in writing to %(authority)s. Address: %(address)s. Email: %(email)s.\n\n"
            "Time limit: the request must be made within 14 days of receiving the decision. A decision sent "
            "electronically is deemed received on the third day after it was sent, unless shown otherwise.\n\n"
            "Say in the request which decision it concerns (reference %(reference)s), how you want it corrected "
            "and why. Give your name and contact details. Handling the request is free of charge. You cannot "
            "appeal directly to an administrative court."
        ) % {"authority": tr(municipality.name, lang), "address": address or "-", "email": municipality.email or "-",
             "reference": offer.reference}


def _history(offer, viewer):
    """When the offer was made, then who changed it and when. A reason written by another person
    stays with them and the staff; the reasons of the municipality (e.g. why it was withdrawn)
    are shown. The making is the offer row itself (OfferChange holds the changes after it)."""
    rows = list(OfferChange.all_objects.filter(offer=offer).select_related("by_person", "placement_unit"))
    made = OfferChange(offer=offer, at=offer.created_at, from_status="",
                       to_status=rows[0].from_status if rows else offer.status,
                       reason="" if offer.campaign_id else str(Trigger(offer.rule.trigger).label))
    for row in (made, *rows):
        row.label = OfferStatus(row.to_status).label if row.to_status in OfferStatus.values else row.to_status
        if row.from_status == OfferStatus.CHANGE_REQUESTED and row.by_user_id:  # a handler answered the request
            row.label = (_("Another place was offered: %(unit)s") % {"unit": tr(row.placement_unit.name)}
                         if row.placement_unit_id else _("The change request was not granted"))
        row.shown_reason = row.reason if (row.by_person_id is None or row.by_person_id == viewer.pk) else ""
    return [made, *rows]


def _change_case(offer, person):
    if not offer.change_case_id:
        return None
    from luukku.cases.selectors import cases_for

    return cases_for(person).filter(pk=offer.change_case_id).first()


def _render_offer(request, offer, lang, *, errors=(), status=200):
    person = request.person
    opted_out = (offer.rule.trigger != Trigger.COHORT
                 and OptOut.all_objects.filter(municipality=request.municipality, person=person,
                                               rule=offer.rule).exists())
    can_answer = _answerable(offer, person)
    late = (offer.is_open and offer.mode not in (Mode.INFORMATION, Mode.AUTOMATIC) and offer.deadline
            and clock.today() > offer.deadline)
    return render(request, "proactive/offer.html", {
        "offer": offer,
        "rule": offer.rule,
        "child": offer.person,
        "is_self": offer.person_id == person.pk,
        "unit": offer.placement_unit,
        "status_text": status_text(offer, lang),
        "action_required": needs_answer(offer) and can_answer,
        "can_answer": can_answer,
        "can_accept": can_answer and offer.mode == Mode.OFFER,
        "can_change": can_answer and bool(offer.rule.change_case_type_id),
        "late": late,
        "automatic": offer.mode == Mode.AUTOMATIC,
        "appeal": _appeal_instructions(offer, lang) if offer.mode == Mode.AUTOMATIC else "",
        "history": _history(offer, person),
        "change_case": _change_case(offer, person),
        "life_event": offer.rule.trigger != Trigger.COHORT,
        "opted_out": opted_out,
        "errors": list(errors),
        "person": person,
    }, status=status)


def _refusal(exc: ValidationError, form=None) -> tuple[list[str], int]:
    """(messages for the summary, status) of a refused answer: field errors go next to their field."""
    if hasattr(exc, "error_dict"):
        summary = []
        for field, errors in exc.error_dict.items():
            if form is not None and field in form.fields and not form.fields[field].widget.is_hidden:
                form.add_error(field, errors)
            else:
                summary.extend(str(m) for e in errors for m in e.messages)
        return summary, 400
    codes = {e.code for e in exc.error_list}
    return [str(m) for m in exc.messages], 409 if codes & CONFLICTS else 400


def _version_errors(form) -> list[str]:
    return [str(e) for e in form.errors.get("version", [])]


@resident_page
@require_safe
def offer_page(request, municipality, lang, offer_id):
    return _render_offer(request, _offer_for(request, offer_id), lang)


@resident_page
@require_POST
def accept(request, municipality, lang, offer_id):
    offer = _offer_for(request, offer_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _render_offer(request, offer, lang, errors=_version_errors(form), status=400)
    try:
        services.answer(offer, by_person=request.person, action="accept", version=form.cleaned_data["version"])
    except ValidationError as exc:
        errors, status = _refusal(exc)
        return _render_offer(request, _fresh(request, offer), lang, errors=errors, status=status)
    messages.success(request, _("Thank you. You accepted the offer."))
    return redirect(_offer_url(offer, lang))


def _answer_form_page(request, offer, lang, template, form, *, errors=(), status=200, extra=None):
    mark_invalid(form)
    field_errors = [(form[name].auto_id, str(e)) for name in form.errors if name in form.fields
                    and not form.fields[name].widget.is_hidden for e in form.errors[name]]
    return render(request, template, {
        "offer": offer, "rule": offer.rule, "child": offer.person, "unit": offer.placement_unit, "form": form,
        "errors": list(errors) + _version_errors(form), "field_errors": field_errors,
        "version": offer.version, **(extra or {}),
    }, status=status)


@resident_page
@require_http_methods(["GET", "POST"])
def decline(request, municipality, lang, offer_id):
    offer = _offer_for(request, offer_id)
    if request.method == "GET":
        if not _answerable(offer, request.person):
            return redirect(_offer_url(offer, lang))
        return _answer_form_page(request, offer, lang, "proactive/decline.html", DeclineForm())
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _answer_form_page(request, offer, lang, "proactive/decline.html", form, status=400)
    try:
        services.answer(offer, by_person=request.person, action="decline", version=form.cleaned_data["version"],
                        reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        errors, status = _refusal(exc, form)
        return _answer_form_page(request, _fresh(request, offer), lang, "proactive/decline.html", form,
                                 errors=errors, status=status)
    messages.success(request, _("You declined the offer."))
    return redirect(_offer_url(offer, lang))


def _other_units(offer):
    return list(PlacementUnit.all_objects.filter(municipality_id=offer.municipality_id, rule_id=offer.rule_id)
                .exclude(pk=offer.placement_unit_id or 0).order_by("id"))


@resident_page
@require_http_methods(["GET", "POST"])
def change(request, municipality, lang, offer_id):
    offer = _offer_for(request, offer_id)
    units = _other_units(offer)
    if request.method == "GET":
        if not _answerable(offer, request.person) or not offer.rule.change_case_type_id:
            return redirect(_offer_url(offer, lang))
        return _answer_form_page(request, offer, lang, "proactive/change.html",
                                 ChangeForm(units=units, language=lang))
    form = ChangeForm(request.POST, units=units, language=lang)
    if not form.is_valid():
        return _answer_form_page(request, offer, lang, "proactive/change.html", form, status=400)
    try:
        answered = services.answer(offer, by_person=request.person, action="change",
                                   version=form.cleaned_data["version"], reason=form.cleaned_data["reason"],
                                   wish=form.wish(request.municipality.default_language))
    except ValidationError as exc:
        errors, status = _refusal(exc, form)
        return _answer_form_page(request, _fresh(request, offer), lang, "proactive/change.html", form,
                                 errors=errors, status=status)
    reference = answered.change_case.reference if answered.change_case_id else ""
    messages.success(request, _("Your change request was sent. Its reference is %(reference)s.")
                     % {"reference": reference})
    return redirect(_offer_url(offer, lang))


@resident_page
@require_POST
def opt_out(request, municipality, lang, offer_id):
    """Stop (or start again) receiving this life-event rule's offers."""
    offer = _offer_for(request, offer_id)
    form = OptOutForm(request.POST)
    if offer.rule.trigger == Trigger.COHORT or not form.is_valid():
        raise Http404("no such choice")
    if form.cleaned_data["choice"] == "out":
        services.opt_out(request.person, offer.rule)
        messages.success(request, _("You will no longer receive these messages."))
    else:
        services.opt_in(request.person, offer.rule)
        messages.success(request, _("You will receive these messages again."))
    return redirect(_offer_url(offer, lang) + "#opt-out")


@resident_page
@require_http_methods(["GET", "POST"])
def settings_page(request, municipality, lang):
    """The rules whose messages the person stopped, each with a way to receive them again."""
    person = request.person
    if request.method == "POST":
        rule = Rule.all_objects.filter(municipality=request.municipality,
                                       public_id=_uuid_or_none(request.POST.get("rule", ""))).first()
        if rule is None:
            raise Http404("no such rule")
        services.opt_in(person, rule)
        messages.success(request, _("You will receive these messages again."))
        return redirect(reverse("proactive:settings", kwargs={"municipality": request.municipality.slug,
                                                              "lang": lang}))
    rows = list(OptOut.all_objects.filter(municipality=request.municipality, person=person)
                .select_related("rule").order_by("-at", "-id"))
    return render(request, "proactive/settings.html", {"opt_outs": rows, "person": person})


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
