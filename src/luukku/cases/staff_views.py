"""The back office's pages: unit queues, the case page with its actions (the figures moved to insight).
Thin views: reads from cases.queues, every write through one cases.services function, who may do
what from cases.access. Readers (managers) see everything a handler sees, without the forms. The
shell, the paginator, the error summary and the POST action view are the staff workspace's
(luukku.web.staff), shared with feedback and proactive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.compiled import compiled_query, first_of
from luukku.core.decorators import staff_page
from luukku.core.links import url_for_each
from luukku.core.models import Role
from luukku.core.services import record_audits
from luukku.eservices.models import CaseType
from luukku.notify.selectors import notifications_of
from luukku.web.staff import nav
from luukku.web.staff.pages import CappedPaginator, action_view, add_service_errors, first_page, reading_role
from luukku.web.staff.pages import readable_unit, summary
from luukku.web.staff.views import desk_url

from . import access, decisions, files, next_steps, queues, selectors, services
from . import staff_forms as f
from .access import READER_ROLES
from .forms import MAX_FILES, uploaded_files
from .links import links_for
from .models import OPEN_STATUSES, Case, Decision, Handover, InternalNote, Message, case_rows

gate = staff_page(READER_ROLES)  # every staff page; the actions check may_handle on the case
nav.register("cases", gettext_lazy("Case queues"), "staff:home", gate.may, order=10,
             desk_of=(Role.CASE_HANDLER, Role.ADMINISTRATOR))


# --- look-ups ---------------------------------------------------------------------------------

def _readable_unit(request, unit_id):
    return readable_unit(request, unit_id, queues.readable_units(request.user, request.municipality))


@compiled_query("cases.staff_case")
def _staff_case(municipality_id: int, case_id: uuid.UUID) -> QuerySet:
    return first_of(Case.all_objects.select_related("case_type", "unit", "applicant", "subject", "assignee",
                                                    "started_by", "sub_status", "handed_over_to")
                    .filter(municipality=municipality_id, public_id=case_id))


def _readable_case(request, case_id) -> Case:
    """A case the user may read; 404 otherwise (existence is not revealed to other units)."""
    case = next(iter(_staff_case(request.municipality.pk, case_id)), None) if isinstance(case_id, uuid.UUID) \
        else _staff_case.queryset(request.municipality.pk, case_id).first()
    if case is None:
        raise Http404("no such case")
    case.municipality = request.municipality  # the request's row: not its ~12 kB again through a join
    if not access.may_read(request.user, case):
        raise Http404("no such case")
    return case


def _role(user, case) -> str:
    """The role the user reads the case in, for the audit trail."""
    return reading_role(user, case.municipality, handles=access.may_handle(user, case))


def _audit(request, case, action="case.read", object_type="cases.case", object_id=None, listed=()):
    """Whom the case concerns and, when another, who applied (the page shows their contact details);
    `listed`: the subject's other cases the page lists (audited as a list that shows the person's
    cases). One INSERT for all of them."""
    object_id = object_id or case.public_id
    role = _role(request.user, case)
    subjects = [(p.public_id, object_type, object_id) for p in (case.subject, case.applicant)]
    record_audits(municipality=case.municipality, actor=request.user, action=action, purpose="case handling",
                  unit=case.unit, role=role, subjects=subjects, more=[
                      ("case.list", [(case.subject.public_id, "cases.case", o.public_id) for o in listed])])


def _case_url(case, lang, anchor=""):
    url = reverse("staff:case", kwargs={"municipality": case.municipality.slug, "lang": lang,
                                        "case_id": case.public_id})
    return url + anchor


# --- home, queue, figures -----------------------------------------------------------------------

@gate
@require_safe
def home(request, municipality, lang):
    m, user = request.municipality, request.user
    units = queues.readable_units(user, m)
    handled = access.handled_units(user, m)
    handled_ids = None if handled is None else {u.pk for u in handled}
    counts = queues.open_counts(m, units)
    rows = [{"unit": u, "handles": handled_ids is None or u.pk in handled_ids, **counts.get(u.pk, {})}
            for u in units]
    mine = (access.readable_cases(user, m, Case.all_objects.filter(assignee=user, status__in=OPEN_STATUSES))
            .select_related("case_type", "subject", "sub_status").order_by("due_date", "submitted_at", "id"))
    today = clock.today()
    mine = list(mine[:200])
    services.audit_case_rows(user, m, mine, action="case.list", role=Role.CASE_HANDLER)
    return render(request, "cases/staff/home.html", {
        "rows": rows, "mine": [(c, queues.case_sla_state(c, today)) for c in mine],
    })


@compiled_query("cases.queue_case_types")
def _queue_case_types(municipality_id: int) -> QuerySet:
    return CaseType.all_objects.filter(municipality=municipality_id).order_by("slug").only("slug", "name")


@gate
@require_safe
def queue(request, municipality, lang, unit_id):
    m = request.municipality
    unit = _readable_unit(request, unit_id)
    # The filter's choices: slug and name, sorted by slug (Meta.ordering would join core_municipality
    # to sort one municipality's rows by its slug first).
    case_types = _queue_case_types(m.pk)
    form = f.QueueFilterForm(request.GET, case_types=case_types, handlers=f.unit_handlers(unit))
    page, errors = None, []
    if form.is_valid():
        number = request.GET.get("page")
        first = queues.first_page_by_status(m, unit, form.filters()) if number in (None, "", "1") else None
        if first is not None:
            page = first_page(*first, queues.PER_PAGE)
        else:
            cases = queues.page_rows(queues.queue(request.user, m, unit, form.filters()))
            page = CappedPaginator(cases, queues.PER_PAGE).get_page(number)
        page.rows = queues.queue_rows(page.object_list, url_for_each(
            "staff:case", "case_id", municipality=m.slug, lang=lang), {ct.pk: ct.name for ct in case_types})
    else:
        errors = summary("filter", form)
    query = request.GET.copy()
    query.pop("page", None)
    handled = access.handled_units(request.user, m)
    may_handle = handled is None or unit.pk in {u.pk for u in handled}
    if page is not None:
        services.audit_queue_rows(request.user, m, page.rows, action="case.queue",
                                  role=Role.CASE_HANDLER if may_handle else Role.MANAGER)
    return render(request, "cases/staff/queue.html", {
        "unit": unit, "form": form, "page": page, "errors": errors, "query": query.urlencode(),
        "may_handle": may_handle,
    }, status=400 if errors else 200)


@require_safe
def figures(request, municipality, lang):
    """The former service-level figures: the managers' dashboard (insight) replaced them."""
    return redirect(reverse("insight:dashboard", args=[municipality, lang]), permanent=True)


# --- the case page ------------------------------------------------------------------------------

class _BlankForms(dict):
    """The action forms of the case page, each made when the page first shows it: a decided case
    shows three of eight, and a form reads its choices (units, partners, sub-statuses) when made."""

    def __init__(self, case, may_handle):
        super().__init__()
        self.case, self.may_handle = case, may_handle

    def __missing__(self, action):
        case = self.case
        if action == "assign":
            handlers = f.unit_handlers(case.unit) if self.may_handle else []
            form = f.AssignForm(handlers=handlers, initial={"assignee": str(case.assignee_id or "")})
        elif action in ("status", "transfer", "handover"):
            form = {"status": f.StatusForm, "transfer": f.TransferForm, "handover": f.HandoverForm}[action](case=case)
        else:
            form = {"claim": f.ClaimForm, "note": f.NoteForm, "message": f.TextForm, "request": f.TextForm}[action]()
        self[action] = form
        return form


def _other_cases(request, case) -> list[Case]:
    """The subject's other cases in every unit, only as much as a handler may know of them (type,
    unit, status, dates; the reference and a link where the user may read the case). Their audit
    rows are written with the page's own (_audit)."""
    others = selectors.other_cases_of(case)
    units = core_selectors.units_for(request.user, case.municipality, READER_ROLES)  # as access.readable_cases
    readable = None if units is None else {u.pk for u in units}
    for other in others:
        other.readable = readable is None or other.unit_id in readable
    return others


def _render_case(request, case, lang, *, action=None, form=None, status=200):
    from luukku.eservices.checks import stored

    others = _other_cases(request, case)
    _audit(request, case, listed=others)
    may_handle = access.may_handle(request.user, case)
    forms = _BlankForms(case, may_handle) if may_handle else {}
    if action:
        forms[action] = form
    steps, shown = None, ()
    if may_handle:
        offered = forms["status"].offered if "status" in forms else f.offered_statuses(case)
        steps = next_steps.steps(case, request.user, status_choices=bool(offered),
                                 with_errors=[action] if action and form is not None and form.errors else [])
        shown = (*steps.first, *steps.more)
        forms = {a: forms[a] for a in shown if a != "decide"}  # the forms shown, and only those
    decided = case_rows(Decision, case, "decided_by")
    handovers = case_rows(Handover, case, "partner", "by_user")
    messages_ = case_rows(Message, case, "author_person", "author_user", "on_behalf_of")
    attachments = selectors.files_of(case, messages_)
    answered = {m.answer_to_id for m in messages_ if m.answer_to_id}
    for m in messages_:
        m.answered = m.pk in answered
    return render(request, "cases/staff/case.html", {
        "case": case, "viewer_id": request.user.pk, "may_handle": may_handle,
        "is_open": case.status in OPEN_STATUSES, "forms": forms,
        "steps": steps, "warnings": stored(case), "other_cases": others,
        "errors": summary(action, form) if action else [],
        "sla": queues.case_sla_state(case), "history": queues.case_history(case, handovers=handovers),
        "answers": selectors.answers(case, lang, attachments=attachments),
        "attachments": [a for a in attachments if a.message_id is None],
        "case_messages": messages_,
        "notes": case_rows(InternalNote, case, "author"),
        "decisions": decided, "da": selectors.answers_and_reviews(case, decided),
        "handovers": handovers,
        "notifications": notifications_of(case),
        "templates": f.decision_templates(case) if "decide" in shown else [],  # only its form shows them
        "links": links_for(case, request.user, lang),
        "max_files": MAX_FILES,
    }, status=status)


@gate
@require_safe
def case_page(request, municipality, lang, case_id):
    return _render_case(request, _readable_case(request, case_id), lang)


def _handler_action(action, make_form, run):
    """A POST action of the case page (luukku.web.staff.pages.action_view): handlers of the case's unit."""
    return action_view(action, gate=gate, load=_readable_case, may_act=access.may_handle, make_form=make_form,
                       run=run, render=_render_case)


def _claim(request, case, form, lang):
    services.claim(case, request.user)
    return _("You are now handling this case."), _case_url(case, lang)


def _assign(request, case, form, lang):
    user = form.chosen()
    services.assign(case, request.user, user)
    text = (_("The case was given to %(name)s.") % {"name": f.user_name(user)} if user
            else _("The case is back in the unit’s queue."))
    return text, _case_url(case, lang)


def _status(request, case, form, lang):
    data = form.cleaned_data
    services.change_status(case, data["status"], by_user=request.user, reason=data["reason"].strip(),
                           sub_status=data["sub_status"])
    return _("The status was changed."), _case_url(case, lang)


def _note(request, case, form, lang):
    services.add_note(case, request.user, form.cleaned_data["body"])
    return _("The note was saved."), _case_url(case, lang, "#notes")


def _message(request, case, form, lang):
    files = uploaded_files(request)
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(n)s files can be added at a time.") % {"n": MAX_FILES})
    services.send_message(case, by_user=request.user, body=form.cleaned_data["body"], files=files)
    return _("The message was sent to the resident."), _case_url(case, lang, "#messages")


def _request(request, case, form, lang):
    services.request_information(case, request.user, form.cleaned_data["body"])
    return (_("The request for information was sent. The case waits for the resident’s answer."),
            _case_url(case, lang, "#messages"))


def _transfer(request, case, form, lang):
    to_unit = form.chosen()
    services.transfer_to_unit(case, request.user, to_unit, form.cleaned_data["reason"])
    text = _("The case was transferred to %(unit)s.") % {"unit": to_unit}
    if access.may_read(request.user, case):
        return text, _case_url(case, lang)
    return text, desk_url(case.municipality, lang)


def _handover(request, case, form, lang):
    partner = form.chosen()
    services.hand_over(case, request.user, partner, form.cleaned_data["reason"])
    return (_("The case was handed over to %(partner)s. Download the package for them below.") % {
        "partner": partner}, _case_url(case, lang, "#handovers"))


claim = _handler_action("claim", lambda r, c: f.ClaimForm(r.POST), _claim)
assign = _handler_action("assign", lambda r, c: f.AssignForm(r.POST, handlers=f.unit_handlers(c.unit)), _assign)
change_status = _handler_action("status", lambda r, c: f.StatusForm(r.POST, case=c), _status)
add_note = _handler_action("note", lambda r, c: f.NoteForm(r.POST), _note)
send_message = _handler_action("message", lambda r, c: f.TextForm(r.POST), _message)
request_information = _handler_action("request", lambda r, c: f.TextForm(r.POST), _request)
transfer = _handler_action("transfer", lambda r, c: f.TransferForm(r.POST, case=c), _transfer)
hand_over = _handler_action("handover", lambda r, c: f.HandoverForm(r.POST, case=c), _handover)


# --- decision from a template -------------------------------------------------------------------

@gate
def decide(request, municipality, lang, case_id):
    """GET: the template (the only one is taken as chosen) and its fields, prefilled from the
    application. POST step "preview": the decision as the resident will read it, nothing stored;
    "edit": back to the fields as typed; "sign": make it (services.decide_from_template). A
    refusal (bad values, the case closed or decided meanwhile) shows by the form, input kept."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    case = _readable_case(request, case_id)
    if not access.may_handle(request.user, case):
        raise PermissionDenied
    templates = f.decision_templates(case)
    posted = request.method == "POST"
    chosen_id = request.POST.get("template") if posted else request.GET.get("template")
    if not posted and not chosen_id and len(templates) == 1:
        chosen_id = str(templates[0].public_id)
    template = next((t for t in templates if str(t.public_id) == chosen_id), None)
    step = request.POST.get("step", "preview") if posted else ""
    errors, form, status, preview = [], None, 200, None
    if chosen_id and template is None:
        errors, status = [(_("Choose a decision template for this case type."), "#template-choice")], 400
    if template is not None:
        if not posted:
            form = f.DecisionForm(initial=decisions.prefill(template, case), template=template, language=lang)
        elif step == "edit":
            form = f.DecisionForm(initial=request.POST.dict(), template=template, language=lang)
        else:
            form = f.DecisionForm(request.POST, template=template, language=lang)
        if form.is_bound and form.is_valid():
            try:
                if step == "sign":
                    services.decide_from_template(case, request.user, template, form.values())
                else:
                    preview = services.preview_decision(case, template, form.values())
            except ValidationError as exc:
                add_service_errors(form, exc)
                case.refresh_from_db()  # e.g. decided by someone else meanwhile: show it as it is now
            else:
                if step == "sign":
                    messages.success(request, _("The decision was made and its PDF stored."))
                    return redirect(_case_url(case, lang, "#decisions"))
        if form.is_bound and form.errors:
            errors, status, preview = summary("decision", form), 400, None
    elif posted and not errors:
        errors, status = [(_("Choose a decision template for this case type."), "#template-choice")], 400
    _audit(request, case)
    return render(request, "cases/staff/decide.html", {
        "case": case, "templates": templates, "template": template, "form": form, "errors": errors,
        "closed": case.status not in OPEN_STATUSES, "preview": preview,
        "kept": posted and bool(errors),
    }, status=status)


# --- downloads (each one audited) ----------------------------------------------------------------

@gate
@require_safe
def attachment(request, municipality, lang, case_id, attachment_id):
    case = _readable_case(request, case_id)
    row = files.attachment_of(case, attachment_id)
    response = files.stored_file(row.file, filename=row.name, content_type=row.content_type)
    _audit(request, case, "case.attachment.read", "eservices.attachment", row.public_id)
    return response


@gate
@require_safe
def decision_pdf(request, municipality, lang, case_id, decision_id):
    case = _readable_case(request, case_id)
    decision = files.decision_of(case, decision_id)
    response = files.decision_response(case, decision, lang)
    _audit(request, case, "case.decision.read", "cases.decision", decision.public_id)
    return response


@gate
@require_safe
def handover_package(request, municipality, lang, case_id, handover_id):
    case = _readable_case(request, case_id)
    handover = Handover.all_objects.filter(case=case, public_id=handover_id).first()
    if handover is None or not handover.package:
        raise Http404("no such hand-over")
    response = files.stored_file(handover.package, filename=f"{case.reference}-{handover.at:%Y%m%d}.zip",
                                 content_type="application/zip")
    _audit(request, case, "case.handover.read", "cases.handover", handover.public_id)
    return response
