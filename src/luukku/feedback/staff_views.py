"""The feedback back office: the units' queues, the feedback page with its actions, and recording
feedback given by phone or at the desk. Thin views, as in cases.staff_views: every write through
one feedback.services function, who may do what from feedback.access. Readers (managers) see
everything a handler sees, without the forms; other units' feedback is a 404. The shell, the
paginator, the error summary and the POST action view are the staff workspace's (luukku.web.staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from luukku.cases.sla import sla_state
from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.decorators import staff_page
from luukku.core.models import Role, Unit
from luukku.core.services import record_audit
from luukku.web.maps import map_context
from luukku.web.staff import nav
from luukku.web.staff.pages import CappedPaginator, action_view, reading_role, readable_unit
from luukku.web.staff.pages import summary

from . import access, selectors, services
from . import staff_forms as f
from .media import photo_response
from .models import (
    OPEN_STATUSES,
    Assignment,
    Feedback,
    Forward,
    Link,
    Media,
    Note,
    Reply,
    Satisfaction,
    Status,
    StatusChange,
)

gate = staff_page(access.READER_ROLES)  # the queues and the feedback page; actions check may_handle
desk_gate = staff_page((*access.READER_ROLES, Role.SERVICE_POINT_AGENT))  # the home and recording
nav.register("feedback", gettext_lazy("Feedback queues"), "feedback_staff:home", desk_gate.may, order=20)


# --- look-ups -------------------------------------------------------------------------------------

def _readable_unit_ids(request):
    units = access.readable_units(request.user, request.municipality)
    return None if units is None else {u.pk for u in units}


def _readable_unit(request, unit_id):
    return readable_unit(request, unit_id, access.readable_units(request.user, request.municipality))


def _readable_feedback(request, feedback_id) -> Feedback:
    """Feedback the user may read; 404 otherwise (existence is not revealed to other units)."""
    feedback = (Feedback.all_objects.select_related("category", "unit", "assignee", "person", "recorded_by",
                                                    "duplicate_of")
                .filter(municipality=request.municipality, public_id=feedback_id).first())
    if feedback is None or not access.may_read(request.user, feedback):
        raise Http404("no such feedback")
    feedback.municipality = request.municipality  # the request's row: not its ~12 kB again through a join
    return feedback


def _role(user, feedback) -> str:
    """The role the user reads the feedback in, for the audit trail."""
    return reading_role(user, feedback.municipality, handles=access.may_handle(user, feedback))


def has_personal_data(feedback) -> bool:
    return bool(feedback.person_id or feedback.first_name or feedback.last_name or feedback.email or feedback.phone)


def _audit(request, feedback):
    """The reporter's contact details are personal data: every staff read leaves a trace (whose
    data: the resident, or the feedback itself for a reporter without an account)."""
    if not has_personal_data(feedback):
        return
    subject = feedback.person.public_id if feedback.person_id else feedback.public_id
    record_audit(municipality=feedback.municipality, actor=request.user, subject_id=subject, action="feedback.read",
                 purpose="feedback handling", object_type="feedback.feedback", object_id=feedback.public_id,
                 unit=feedback.unit, role=_role(request.user, feedback))


def _url(name, request, lang, **kwargs):
    return reverse(f"feedback_staff:{name}", kwargs={"municipality": request.municipality.slug, "lang": lang,
                                                      **kwargs})


def _detail_url(request, feedback, lang, anchor=""):
    return _url("detail", request, lang, feedback_id=feedback.public_id) + anchor


# --- home and queue -----------------------------------------------------------------------------------

@desk_gate
@require_safe
def home(request, municipality, lang):
    m, today = request.municipality, clock.today()
    ids = _readable_unit_ids(request)
    units = Unit.all_objects.filter(municipality=m).order_by("slug")
    if ids is not None:
        units = units.filter(pk__in=ids)
    counts = {row.pop("unit"): row for row in Feedback.all_objects.filter(
        municipality=m, unit__in=units, status__in=OPEN_STATUSES).values("unit").annotate(
        open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)))}
    handled = core_selectors.units_for(request.user, m, access.HANDLER_ROLES)
    handled_ids = None if handled is None else {u.pk for u in handled}
    rows = [{"unit": u, "handles": handled_ids is None or u.pk in handled_ids, **counts.get(u.pk, {})}
            for u in units]
    return render(request, "feedback/staff/home.html", {
        "rows": rows, "may_record": access.may_record(request.user, m),
    })


def _filtered(request, unit, form):
    data, today = form.cleaned_data, clock.today()
    qs = selectors.queue(request.municipality, unit, status=data["status"] or "open", q=data["q"])
    if data["category"]:
        qs = qs.filter(category__code=data["category"])
    if data["assignee"] == "me":
        qs = qs.filter(assignee=request.user)
    elif data["assignee"] == "none":
        qs = qs.filter(assignee__isnull=True)
    if data["overdue"]:
        qs = qs.filter(due_date__lt=today, status__in=OPEN_STATUSES)
    return qs


@gate
@require_safe
def queue(request, municipality, lang, unit_id):
    unit = _readable_unit(request, unit_id)
    form = f.QueueFilterForm(request.GET, categories=selectors.categories(request.municipality, active_only=False))
    page, errors, today = None, [], clock.today()
    if form.is_valid():
        page = CappedPaginator(_filtered(request, unit, form), f.PER_PAGE).get_page(request.GET.get("page"))
        items = selectors.with_places(request.municipality, list(page.object_list), lang)
        page.rows = [(item, sla_state(item.due_date, today) if item.is_open else "") for item in items]
    else:
        errors = summary("filter", form)
    query = request.GET.copy()
    query.pop("page", None)
    handled = core_selectors.units_for(request.user, request.municipality, access.HANDLER_ROLES)
    return render(request, "feedback/staff/queue.html", {
        "unit": unit, "form": form, "page": page, "errors": errors, "query": query.urlencode(),
        "may_handle": handled is None or unit.pk in {u.pk for u in handled},
    }, status=400 if errors else 200)


# --- the feedback page ----------------------------------------------------------------------------

def history(feedback) -> list[dict]:
    """Status changes, forwards, notes, replies, assignments and ratings in time order."""
    events = []
    for row in StatusChange.all_objects.filter(feedback=feedback).select_related("by_user"):
        events.append({"at": row.at, "kind": "status", "item": row,
                       "from_label": Status(row.from_status).label if row.from_status in Status.values else "",
                       "to_label": Status(row.to_status).label if row.to_status in Status.values else row.to_status})
    for kind, model, related in (("forward", Forward, ("by_user", "from_unit", "to_unit")),
                                 ("note", Note, ("by_user",)), ("reply", Reply, ("by_user",)),
                                 ("assignment", Assignment, ("assignee", "by_user")),
                                 ("rating", Satisfaction, ())):
        for row in model.all_objects.filter(feedback=feedback).select_related(*related):
            events.append({"at": row.at, "kind": kind, "item": row})
    return sorted(events, key=lambda e: (e["at"], e["kind"] != "status"))


def answers(feedback) -> list[tuple[str, str]]:
    """(question, answer) with the labels of the category's extra questions."""
    from luukku.core.translation import tr

    specs = {a.get("code"): a for a in feedback.category.attributes or [] if isinstance(a, dict)}
    shown = []
    for code, value in (feedback.attributes or {}).items():
        spec = specs.get(code) or {}
        names = {str(v.get("key")): tr(v.get("name") or {}) for v in spec.get("values") or []}
        values = value if isinstance(value, list) else [value]
        shown.append((tr(spec.get("description") or {}) or code,
                      ", ".join(names.get(str(v)) or str(v) for v in values)))
    return shown


def reachability(feedback) -> str:
    if feedback.person_id:
        return _("The reporter is a resident with an account: the reply goes through their own notification "
                 "channels and shows in My cases.")
    ways = [w for w, given in ((_("email"), feedback.email), (_("text message"), feedback.phone)) if given]
    if ways:
        return _("The reply is sent by %(ways)s and shows on the follow-up page.") % {"ways": _(" and ").join(ways)}
    return _("No contact details: the reply shows only on the follow-up page.")


def _blank_forms(feedback, handlers, links):
    return {
        "assign": f.AssignForm(handlers=handlers, initial={"assignee": str(feedback.assignee_id or "")}),
        "status": f.StatusForm(feedback=feedback), "note": f.NoteForm(), "reply": f.ReplyForm(),
        "forward": f.ForwardForm(feedback=feedback),
        "publish": f.PublishForm(initial={"public_answer": feedback.public_answer,
                                          "publication": feedback.publication}),
        "duplicate": f.DuplicateForm(feedback=feedback, links=links),
    }


def _render(request, feedback, lang, *, action=None, form=None, status=200):
    _audit(request, feedback)
    may_handle = access.may_handle(request.user, feedback)
    links = list(Link.all_objects.filter(feedback=feedback).select_related("other", "other__unit"))
    forms = _blank_forms(feedback, f.unit_handlers(feedback.unit), links) if may_handle else {}
    if action:
        forms[action] = form
    return render(request, "feedback/staff/detail.html", {
        "feedback": feedback, "may_handle": may_handle, "forms": forms,
        "errors": summary(action, form) if action else [],
        "sla": sla_state(feedback.due_date, clock.today()) if feedback.is_open else "",
        "history": history(feedback), "answers": answers(feedback),
        "photos": list(Media.all_objects.filter(feedback=feedback)), "links": links,
        "duplicates": list(Feedback.all_objects.filter(duplicate_of=feedback).only("public_id", "reference")),
        "reachability": reachability(feedback), "personal": has_personal_data(feedback),
        **_place(request, feedback, lang),
    }, status=status)


def _place(request, feedback, lang) -> dict:
    """The map (the border and the point, as on the resident's side) and the nearest known address."""
    selectors.with_places(request.municipality, [feedback], lang, always=True)
    points = ([{"lat": feedback.latitude, "lon": feedback.longitude, "title": feedback.reference, "url": ""}]
              if feedback.latitude is not None and feedback.longitude is not None else [])
    return {**map_context(request.municipality), "points": points}


@gate
@require_safe
def detail(request, municipality, lang, feedback_id):
    return _render(request, _readable_feedback(request, feedback_id), lang)


@gate
@require_safe
def photo(request, municipality, lang, feedback_id, media_id):
    feedback = _readable_feedback(request, feedback_id)
    item = Media.all_objects.filter(feedback=feedback, public_id=media_id).first()
    if item is None or not item.file:
        raise Http404("no such photo")
    return photo_response(item)


def _action(action, make_form, run):
    """A POST action of the feedback page (luukku.web.staff.pages.action_view): handlers of its unit."""
    return action_view(action, gate=gate, load=_readable_feedback, may_act=access.may_handle, make_form=make_form,
                       run=run, render=_render)


def _claim(request, feedback, form, lang):
    services.claim(feedback, by_user=request.user)
    return _("You are now handling this feedback."), _detail_url(request, feedback, lang)


def _assign(request, feedback, form, lang):
    user = form.chosen()
    services.assign(feedback, by_user=request.user, assignee=user)
    text = (_("The feedback was given to %(name)s.") % {"name": f.user_name(user)} if user
            else _("The feedback is back in the unit’s queue."))
    return text, _detail_url(request, feedback, lang)


def _release(request, feedback, form, lang):
    services.assign(feedback, by_user=request.user, assignee=None)
    return _("The feedback is back in the unit’s queue."), _detail_url(request, feedback, lang)


def _status(request, feedback, form, lang):
    data = form.cleaned_data
    services.change_status(feedback, data["status"], by_user=request.user, reason=data["reason"])
    return _("The status was changed."), _detail_url(request, feedback, lang)


def _note(request, feedback, form, lang):
    services.add_note(feedback, by_user=request.user, text=form.cleaned_data["text"])
    return _("The note was saved."), _detail_url(request, feedback, lang, "#history")


def _forward(request, feedback, form, lang):
    to_unit = form.chosen()
    if to_unit is None:
        return None, None
    services.forward(feedback, to_unit=to_unit, by_user=request.user, reason=form.cleaned_data["reason"])
    text = _("The feedback was forwarded to %(unit)s.") % {"unit": to_unit}
    feedback.unit = to_unit
    if access.may_read(request.user, feedback):
        return text, _detail_url(request, feedback, lang)
    return text, _url("home", request, lang)


def _reply(request, feedback, form, lang):
    services.reply(feedback, by_user=request.user, body=form.cleaned_data["body"])
    return _("The reply was saved for the reporter."), _detail_url(request, feedback, lang, "#history")


def _publish(request, feedback, form, lang):
    data = form.cleaned_data
    services.publish(feedback, by_user=request.user, publication=data["publication"],
                     public_answer=data["public_answer"])
    return _("The public answer and the publication were saved."), _detail_url(request, feedback, lang, "#public")


def _duplicate(request, feedback, form, lang):
    target = form.cleaned_data.get("target")
    services.mark_duplicate(feedback, of=target, by_user=request.user)
    text = (_("The feedback was marked as the same as %(reference)s.") % {"reference": target.reference} if target
            else _("The feedback is no longer marked as a duplicate."))
    return text, _detail_url(request, feedback, lang, "#duplicates")


def _links(feedback):
    return Link.all_objects.filter(feedback=feedback).select_related("other")


claim = _action("claim", lambda r, fb: f.EmptyForm(r.POST), _claim)
assign = _action("assign", lambda r, fb: f.AssignForm(r.POST, handlers=f.unit_handlers(fb.unit)), _assign)
release = _action("release", lambda r, fb: f.EmptyForm(r.POST), _release)
change_status = _action("status", lambda r, fb: f.StatusForm(r.POST, feedback=fb), _status)
add_note = _action("note", lambda r, fb: f.NoteForm(r.POST), _note)
forward = _action("forward", lambda r, fb: f.ForwardForm(r.POST, feedback=fb), _forward)
reply = _action("reply", lambda r, fb: f.ReplyForm(r.POST), _reply)
publish = _action("publish", lambda r, fb: f.PublishForm(r.POST), _publish)
duplicate = _action("duplicate", lambda r, fb: f.DuplicateForm(r.POST, feedback=fb, links=_links(fb)), _duplicate)


# --- recording feedback given by phone or at the desk -------------------------------------------

def _record_form(request, lang, data=None):
    return f.RecordForm(data, municipality=request.municipality, categories=list(selectors.categories(
        request.municipality)), language=lang)


@desk_gate
@require_http_methods(["GET", "HEAD", "POST"])
def record(request, municipality, lang):
    if not access.may_record(request.user, request.municipality):
        raise PermissionDenied
    form = _record_form(request, lang, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.submit(
                municipality=request.municipality, category=form.chosen_category(), description=data["description"],
                channel=data["channel"], language=data["language"], kind=data["kind"],
                latitude=data["latitude"].strip() or None, longitude=data["longitude"].strip() or None,
                address=data["address"], attributes=form.attributes(), first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"], phone=data["phone"].strip(),
                recorded_by=request.user, photos=request.FILES.getlist("photos"))
        except ValidationError as exc:
            for key, errors in exc.error_dict.items():
                field = {"location": "latitude", "photos": None}.get(key, key)
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The feedback was recorded with the reference %(reference)s.")
                             % {"reference": feedback.reference})
            if access.may_read(request.user, feedback):
                return redirect(_detail_url(request, feedback, lang))
            return redirect(_url("recorded", request, lang, feedback_id=feedback.public_id))
    errors = summary("record", form)
    return render(request, "feedback/staff/record.html", {"form": form, "errors": errors},
                  status=400 if errors else 200)


@desk_gate
@require_safe
def recorded(request, municipality, lang, feedback_id):
    """The receipt of feedback the user recorded but may not read (no contact details on it)."""
    feedback = (Feedback.all_objects.select_related("category", "unit")
                .filter(municipality=request.municipality, public_id=feedback_id, recorded_by=request.user).first())
    if feedback is None:
        raise Http404("no such feedback")
    return render(request, "feedback/staff/recorded.html", {"feedback": feedback})
