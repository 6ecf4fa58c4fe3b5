"""The front office's pages: find a resident, their card, log a contact, start a case for them.

Only service-point agents and administrators get in (403 for other staff). Every page about a
person writes one AuditEvent before showing anything; a person of another municipality is a 404.
The identity code is searched only by POST and is never rendered back, except masked on the card.
Name searches are posted too, so names and birth dates stay out of URLs and access logs.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from luukku.catalogue.selectors import published_services
from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.core.translation import tr
from luukku.eservices import selectors as eservices_selectors
from luukku.participation import selectors as participation_selectors
from luukku.people import hetu as hetu_module
from luukku.people import selectors as people_selectors
from luukku.web.staff import nav

from . import selectors, services
from .forms import CaseForm, ContactForm, FollowUpDoneForm, HetuSearchForm, NameSearchForm, StartForm
from .models import CallbackStatus

FRONT_OFFICE_ROLES = (Role.SERVICE_POINT_AGENT,)  # administrators are let in by has_role
gate = staff_page(FRONT_OFFICE_ROLES)
nav.register("frontoffice", gettext_lazy("Residents"), "frontoffice:search", gate.may, order=40,
             desk_of=(Role.SERVICE_POINT_AGENT,))
nav.register("frontoffice_follow_ups", gettext_lazy("Follow-ups"), "frontoffice:follow_ups", gate.may, order=41)
nav.register("frontoffice_callbacks", gettext_lazy("Call-back requests"), "frontoffice:callbacks", gate.may, order=42)


def _url(request, name, *args):
    return reverse(f"frontoffice:{name}", args=[request.municipality.slug, request.LANGUAGE_CODE, *args])


def _person(request, person_id, *, purpose=selectors.PURPOSE, audit=True):
    person = selectors.person_of(request.municipality, person_id)
    if audit:
        selectors.audit_read(municipality=request.municipality, user=request.user, person=person, purpose=purpose)
    return person


def _add_errors(form, error: ValidationError, mapping=None):
    """A service's ValidationError onto a form: known keys to their fields, the rest to the top."""
    mapping = mapping or {}
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for key, texts in items:
        name = mapping.get(key, key)
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


# --- search --------------------------------------------------------------------------------------


@gate
@sensitive_post_parameters("hetu")
@require_http_methods(["GET", "POST"])
def search(request, municipality, lang):
    if request.method == "GET" and request.META.get("QUERY_STRING"):
        # Nothing is searched from a URL; dropping the query keeps a pasted code out of the page's links.
        return redirect(request.path)
    kind = request.POST.get("search") if request.method == "POST" else None
    name_form = NameSearchForm(request.POST if kind == "name" else None)
    hetu_form = HetuSearchForm(request.POST if kind == "hetu" else None)
    results, status = None, 200
    if kind == "name":
        if name_form.is_valid():
            results = selectors.find_by_name(request.municipality, name=name_form.cleaned_data["name"],
                                             birth_date=name_form.cleaned_data["birth_date"])
            selectors.audit_results(municipality=request.municipality, user=request.user, persons=results)
        else:
            status = 400
    elif kind == "hetu":
        if hetu_form.is_valid():
            try:
                person = selectors.find_by_hetu(request.municipality, hetu=hetu_form.cleaned_data["hetu"],
                                                by_user=request.user)
            except ValidationError as error:
                hetu_form.add_error("hetu", error)
                status = 400
            else:
                results = [person] if person is not None else []
        else:
            status = 400
    errors = [(f"id_{name}", f"{form.fields[name].label}: {e}" if name in form.fields else str(e))
              for form in (name_form, hetu_form) if form.is_bound for name, errs in form.errors.items() for e in errs]
    return render(request, "frontoffice/search.html", {
        "name_form": name_form, "hetu_form": hetu_form, "kind": kind, "results": results, "errors": errors,
        "limit": selectors.SEARCH_LIMIT,
    }, status=status)


# --- the resident card ---------------------------------------------------------------------------


@gate
@require_safe
def person_card(request, municipality, lang, person_id):
    person = _person(request, person_id)
    acting_for = [(p, m) for p, m in people_selectors.persons_acting_for(person) if m is not None]
    cases = selectors.case_summaries(person, request.user)
    # The card names others too (children, whom a case concerns, who made it): their reads, one insert.
    others = [p for p, _m in acting_for] + [row["case"].subject for row in cases if row["about_other"]] + [
        row["case"].applicant for row in cases if row["by_other"]]
    selectors.audit_results(municipality=request.municipality, user=request.user, persons=others,
                            action="person.named", purpose=f"{selectors.PURPOSE}: named on a card")
    return render(request, "frontoffice/person.html", {
        "person": person, "masked_code": hetu_module.mask(person.hetu), "acting_for": acting_for, "cases": cases,
        "contacts": selectors.contacts_of(person)[:100],
        "open_budgets": participation_selectors.open_budgets(request.municipality),
    })


# --- log a contact -------------------------------------------------------------------------------


@gate
@require_http_methods(["GET", "POST"])
def log_contact(request, municipality, lang, person_id):
    person = selectors.person_of(request.municipality, person_id)
    cases = list(selectors.cases_of(person))
    service_list = sorted(published_services(), key=lambda s: tr(s.name, lang).casefold())
    callback = _callback_for(request, person)
    initial = {"channel": "phone", "topic": callback.topic[:200],
               "service": str(callback.service.public_id) if callback.service else ""} if callback else None
    form = ContactForm(request.POST if request.method == "POST" else None, cases=cases, services=service_list,
                       life_events=selectors.life_events(lang), language=lang, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.log_contact(
                                 by_user=request.user, person=person, channel=data["channel"], topic=data["topic"],
                                 notes=data["notes"], case=form.case_by_id.get(data["case"]),
                                 service=form.service_by_id.get(data["service"]),
                                 life_event=form.life_event_by_id.get(data["life_event"]), outcome=data["outcome"],
                                 duration_minutes=data["duration_minutes"], follow_up=form.follow_up(request.user))
            if callback is not None:
                services.close_callback(by_user=request.user, callback=callback, contact=contact)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The contact was logged."))
            return redirect(_url(request, "person", person.public_id))
    selectors.audit_read(municipality=request.municipality, user=request.user, person=person,
                         purpose=f"{selectors.PURPOSE}: logging a contact")
    errors = [(f"field-{name}" if name in ("channel", "outcome") else f"id_{name}",
               f"{form.fields[name].label}: {e}" if name in form.fields else str(e))
              for name, errs in (form.errors.items() if form.is_bound else []) for e in errs]
    return render(request, "frontoffice/contact.html", {"person": person, "form": form, "errors": errors,
                                                        "callback": callback},
                  status=400 if form.is_bound else 200)


def _callback_for(request, person):
    """The call-back request this contact answers (`?soittopyynto=`), if it is this resident's and open."""
    key = request.GET.get("soittopyynto", "")
    try:
        row = selectors.callback_of(request.municipality, uuid.UUID(key)) if key else None
    except (ValueError, Http404):
        return None
    if row is None or row.person_id != person.pk or row.status not in (CallbackStatus.WAITING, CallbackStatus.TAKEN):
        return None
    return row


# --- the call-back queue -------------------------------------------------------------------------


@gate
@require_http_methods(["GET", "POST"])
def callbacks(request, municipality, lang):
    if request.method == "POST":
        try:
            row = selectors.callback_of(request.municipality, uuid.UUID(request.POST.get("callback", "")))
        except ValueError:
            raise Http404 from None
        try:
            services.take_callback(by_user=request.user, callback=row)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("You took the call. Call the resident, then log the call."))
        return redirect(_url(request, "callbacks"))
    rows = list(selectors.callback_queue(request.municipality)[:200])
    selectors.audit_results(municipality=request.municipality, user=request.user, persons=[r.person for r in rows],
                            action="person.named", purpose=f"{selectors.PURPOSE}: call-backs")
    now = clock.now()
    for row in rows:
        row.waited_minutes = int((now - row.created_at).total_seconds() // 60)
    return render(request, "frontoffice/callbacks.html", {"rows": rows})


# --- follow-ups ----------------------------------------------------------------------------------


@gate
@require_safe
def follow_ups(request, municipality, lang):
    _role, unit = selectors.staff_role(request.user, request.municipality)
    rows = list(selectors.open_follow_ups(request.municipality, request.user, unit)[:200])
    selectors.audit_results(municipality=request.municipality, user=request.user, persons=[r.person for r in rows],
                            action="person.named", purpose=f"{selectors.PURPOSE}: follow-ups")
    return render(request, "frontoffice/follow_ups.html", {"rows": rows, "today": clock.today(), "unit": unit})


@gate
@require_http_methods(["POST"])
def follow_up_done(request, municipality, lang, follow_up_id):
    row = selectors.follow_up_of(request.municipality, follow_up_id)
    form = FollowUpDoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["note"])
        services.complete_follow_up(by_user=request.user, follow_up=row, note=form.cleaned_data["note"])
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The follow-up was marked done."))
    back = request.POST.get("next") or ""
    return redirect(back if back == _url(request, "person", row.person.public_id) else _url(request, "follow_ups"))


# --- start a case --------------------------------------------------------------------------------


@gate
@require_safe
def choose_case_type(request, municipality, lang, person_id):
    person = _person(request, person_id, purpose=f"{selectors.PURPOSE}: starting a case")
    return render(request, "frontoffice/case_types.html", {
        "person": person, "case_types": selectors.open_case_types(request.municipality),
    })


def _for_whom(case_type, person, children):
    return [(value, _("%(name)s (the resident)") % {"name": name} if value == "self" else name)
            for value, name in eservices_selectors.for_whom_choices(case_type, person, children)]


@gate
@require_http_methods(["GET", "POST"])
def start_case(request, municipality, lang, person_id, case_type):
    person = selectors.person_of(request.municipality, person_id)
    case_type = selectors.open_case_type(request.municipality, case_type)
    definition = eservices_selectors.published_definition(case_type)
    children = people_selectors.children_of(person)
    choices = _for_whom(case_type, person, children)
    bound = request.method == "POST"
    # The key made when the form is shown: the same form sent twice (a double click, a reload, two
    # tabs at once) starts one case (services.start_case), the second post is shown the first case.
    start = StartForm(request.POST if bound else None, choices=choices, initial={"token": str(uuid.uuid4())})
    status = 200
    chosen = choices[0][0] if len(choices) == 1 else (start.data.get("frontoffice-for_whom", "") if bound else "")
    by_id = {str(c.public_id): c for c, _m in children}
    subject = by_id.get(chosen) if chosen in dict(choices) else None
    form = CaseForm(request.POST if bound else None, case_type=case_type, definition=definition, person=person,
                    subject=subject, children=children, language=lang)
    if bound and choices:
        start.is_valid()
        if form.child_errors() and not start.has_error("for_whom"):
            # The form's own child field is answered by "for whom" (as online by the start page).
            start.add_error("for_whom" if "for_whom" in start.fields else None,
                            _("Choose the child the case concerns."))
        if start.is_valid() and form.is_valid():
            try:
                case = services.start_case(by_user=request.user, person=person, case_type=case_type,
                                           data=form.values, channel=start.cleaned_data["channel"], subject=subject,
                                           contact_topic=start.cleaned_data["topic"],
                                           idempotency_key=start.cleaned_data.get("token") or "")
            except services.KeyReused as error:
                status = 409
                start.add_error(None, _("This form was already sent with different answers, and case %(reference)s "
                                        "was started from it. To start another case, open the form again from the "
                                        "resident's case types.") % {"reference": error.case.reference})
            except ValidationError as error:
                _add_errors(start, error, {"subject": "for_whom", "channel": "channel"})
            else:
                return redirect(_url(request, "case_started", person.public_id, case.public_id))
    selectors.audit_read(municipality=request.municipality, user=request.user, person=person,
                         purpose=f"{selectors.PURPOSE}: starting a case")
    shown = dict(choices)  # "for whom" names the children the case may concern
    selectors.audit_results(municipality=request.municipality, user=request.user, action="person.named",
                            persons=[c for c, _m in children if str(c.public_id) in shown],
                            purpose=f"{selectors.PURPOSE}: named on a case form")
    errors = []
    if bound:
        anchors = {"channel": "field-frontoffice-channel", "for_whom": "field-frontoffice-for_whom",
                   "topic": "id_frontoffice-topic"}
        errors = [(anchors.get(name, ""), f"{start.fields[name].label}: {e}" if name in start.fields else str(e))
                  for name, errs in start.errors.items() for e in errs] + form.error_list()
    return render(request, "frontoffice/start_case.html", {
        "person": person, "case_type": case_type, "start": start, "sections": form.sections(),
        "choices": choices, "errors": errors,
    }, status=status if status != 200 else 400 if errors or (bound and not choices) else 200)


@gate
@require_safe
def case_started(request, municipality, lang, person_id, case_id):
    person = selectors.person_of(request.municipality, person_id)
    case = selectors.case_of(person, case_id)
    if case.started_by_id is None:
        raise Http404("not started in the front office")
    selectors.audit_read(municipality=request.municipality, user=request.user, person=person, action="case.read",
                         obj=case)
    return render(request, "frontoffice/case_started.html", {"person": person, "case": case})
