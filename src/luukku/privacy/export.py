"""The resident's copy of their data (GDPR art. 15 and 20): everything we hold about them as JSON
and as a readable, tagged PDF, made by a background task. Other people appear only by name: never
their identity code or address (a protected address least of all). The same `collect` feeds the
GDPR API (privacy/gdpr_api.py)."""

import datetime as dt
import json
import logging

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core import clock
from luukku.core.models import AuditEvent
from luukku.core.services import record_event
from luukku.core.translation import tr
from luukku.people import hetu

from .models import EXPORT_IN_PROGRESS, DataExport, ExportStatus

log = logging.getLogger(__name__)
FORMAT = "luukku-export/1"
# An export still unfinished after this lost its worker (or its task): a new request replaces it, so
# that the one-in-progress rule never locks the resident out of their data.
STALE_AFTER = dt.timedelta(minutes=30)


def _name(person) -> str | None:
    return person.full_name if person is not None else None


def _user_name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _when(value):
    return value.isoformat() if value is not None else None


def _person(p) -> dict:
    try:
        code = hetu.mask(p.hetu) if p.hetu_encrypted else ""
    except Exception:  # noqa: BLE001 (an unreadable code is left out, not a failed export)
        code = ""
    return {
        "first_names": p.first_names, "last_name": p.last_name, "birth_date": _when(p.birth_date),
        "identity_code": code, "street_address": p.street_address, "postal_code": p.postal_code,
        "post_office": p.post_office, "protected_address": p.protected_address, "email": p.email,
        "phone": p.phone, "language": p.language, "moved_away_on": _when(p.moved_away_on),
        "public_id": str(p.public_id),
    }


def _mandates(person) -> list[dict]:
    from luukku.people.models import Mandate

    rows = []
    for m in Mandate.all_objects.filter(municipality_id=person.municipality_id).filter(
            agent=person).select_related("principal"):
        rows.append({"kind": m.get_kind_display(), "direction": _("you act for"), "other_person": _name(m.principal),
                     "valid_from": _when(m.valid_from), "valid_until": _when(m.valid_until)})
    for m in Mandate.all_objects.filter(municipality_id=person.municipality_id).filter(
            principal=person).select_related("agent"):
        rows.append({"kind": m.get_kind_display(), "direction": _("acts for you"), "other_person": _name(m.agent),
                     "valid_from": _when(m.valid_from), "valid_until": _when(m.valid_until)})
    return rows


def _case(case, person, language) -> dict:
    from luukku.cases import selectors
    from luukku.cases.models import Status
    from luukku.eservices import checks

    return {
        "reference": case.reference, "case_type": tr(case.case_type.name, language),
        "status": str(Status(case.status).label), "submitted_at": _when(case.submitted_at),
        "decided_at": _when(case.decided_at), "unit": tr(case.unit.name, language),
        "applicant": _name(case.applicant), "whom_it_concerns": _name(case.subject),
        "answers": [{"question": a.label, "answer": str(a.value)} for a in selectors.answers(case, language)],
        "history": [{"at": _when(h.at), "from_status": h.from_status, "to_status": h.to_status,
                     "by": _name(h.by_person) or (_("staff") if h.by_user_id else None), "reason": h.reason}
                    for h in case.history.all()],
        "messages": [{"at": _when(m.created_at), "from_resident": m.from_resident,
                      "author": _name(m.author_person) if m.from_resident else _("staff"), "text": m.body,
                      "request_for_information": m.is_information_request}
                     for m in case.messages.all()],
        "decisions": [{"at": _when(d.decided_at), "title": d.title, "text": d.body,
                       "appeal_instructions": d.appeal_instructions} for d in case.decisions.all()],
        "answers_to_decisions": [{"at": _when(a.at), "decision": a.decision.title, "answer": a.get_answer_display(),
                                  "by": _name(a.by_person), "message": a.message}
                                 for a in case.decision_answers.all()],
        # What the application's checks found when it was sent (the handler sees the same).
        "warnings_at_submission": [w["text"] for w in checks.stored(case)],
        "attachments": [{"name": a.name, "content_type": a.content_type, "size": a.size,
                         "added_at": _when(a.created_at)} for a in case.attachments.all()],
    }


def _cases(person, language) -> list[dict]:
    from django.db.models import Q

    from luukku.cases.models import Case

    cases = (Case.all_objects.filter(municipality_id=person.municipality_id)
             .filter(Q(applicant=person) | Q(subject=person))
             .select_related("case_type", "unit", "applicant", "subject")
             .prefetch_related("history__by_person", "messages__author_person", "decisions", "attachments",
                               "decision_answers__by_person", "decision_answers__decision")
             .order_by("submitted_at", "id"))
    return [_case(c, person, language) for c in cases]


def _drafts(person, language) -> list[dict]:
    from luukku.eservices.models import Draft

    return [{"case_type": tr(d.case_type.name, language), "whom_it_concerns": _name(d.subject),
             "answers": d.data, "created_at": _when(d.created_at), "updated_at": _when(d.updated_at)}
            for d in Draft.all_objects.filter(municipality_id=person.municipality_id, applicant=person,
                                              submitted_at__isnull=True).select_related("case_type", "subject")]


def _feedback(person, language) -> list[dict]:
    from luukku.feedback.models import Feedback

    rows = (Feedback.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .select_related("category").prefetch_related("history", "replies", "media").order_by("submitted_at"))
    return [{"reference": f.reference, "category": tr(f.category.name, language), "kind": f.get_kind_display(),
             "title": f.title, "description": f.description, "status": f.get_status_display(),
             "submitted_at": _when(f.submitted_at), "address": f.address, "latitude": f.latitude,
             "longitude": f.longitude, "first_name": f.first_name, "last_name": f.last_name, "email": f.email,
             "phone": f.phone, "public_answer": f.public_answer,
             "replies": [{"at": _when(r.at), "text": r.body} for r in f.replies.all()],
             "history": [{"at": _when(h.at), "to_status": h.to_status} for h in f.history.all()],
             "photos": [{"name": m.name, "size": m.size} for m in f.media.all()]}
            for f in rows]


def _offers(person, language) -> list[dict]:
    from luukku.proactive.models import Offer

    rows = (Offer.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .select_related("rule", "placement_unit", "answered_by").prefetch_related("history"))
    return [{"reference": o.reference, "offer": tr(o.rule.offer_title, language), "status": o.get_status_display(),
             "legal_basis": tr(o.legal_basis, language),
             "unit": tr(o.placement_unit.name, language) if o.placement_unit_id else None,
             "starts_on": _when(o.starts_on), "deadline": _when(o.deadline), "created_at": _when(o.created_at),
             "answered_at": _when(o.answered_at), "answered_by": _name(o.answered_by),
             "history": [{"at": _when(h.at), "to_status": h.to_status, "reason": h.reason} for h in o.history.all()]}
            for o in rows]


def _notifications(person) -> tuple[dict | None, list[dict]]:
    from luukku.notify.models import Notification, Preference

    pref = Preference.all_objects.filter(person=person).first()
    settings_ = {"channels": pref.channels, "language": pref.language} if pref else None
    rows = (Notification.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .prefetch_related("deliveries").order_by("created_at", "id"))
    return settings_, [{"at": _when(n.created_at), "subject": n.subject, "text": n.body,
                        "deliveries": [{"channel": d.channel, "status": d.get_status_display(),
                                        "sent_at": _when(d.sent_at)} for d in n.deliveries.all()]}
                       for n in rows]


def _audit(person) -> list[dict]:
    rows = (AuditEvent.all_objects.filter(municipality_id=person.municipality_id, subject_id=person.public_id)
            .select_related("actor", "unit").order_by("at", "id"))
    return [{"at": _when(e.at), "who": _user_name(e.actor), "role": e.actor_role,
             "unit": tr(e.unit.name) if e.unit_id else None, "action": e.action, "purpose": e.purpose,
             "channel": e.get_channel_display()} for e in rows]


def collect(person, language: str = "fi") -> dict:
    """Everything about `person`, in `language` where a text has several."""
    with translation.override(language):
        notification_settings, notifications = _notifications(person)
        return {
            "format": FORMAT,
            "generated_at": _when(clock.now()),
            "municipality": tr(person.municipality.name, language),
            "person": _person(person),
            "mandates": _mandates(person),
            "cases": _cases(person, language),
            "drafts": _drafts(person, language),
            "feedback": _feedback(person, language),
            "offers": _offers(person, language),
            "notification_settings": notification_settings,
            "notifications": notifications,
            "audit_trail": _audit(person),
        }


# --- Requesting and making an export -------------------------------------------------------------


def request_export(person, *, user=None, language: str = "fi") -> tuple[DataExport, bool]:
    """The export in progress for `person`, or a new one queued. Two requests at once make one
    export: the person's row is locked, and a partial unique constraint backs it up."""
    from django.db import IntegrityError

    from luukku.people.models import Person

    from . import tasks

    try:
        with transaction.atomic():
            Person.all_objects.select_for_update().filter(pk=person.pk).first()
            existing = DataExport.all_objects.filter(person=person, status__in=EXPORT_IN_PROGRESS).first()
            if existing is not None and existing.created_at >= clock.now() - STALE_AFTER:
                return existing, False
            if existing is not None:
                DataExport.all_objects.filter(pk=existing.pk).update(
                    status=ExportStatus.FAILED, finished_at=clock.now(), error="stalled: no worker finished it")
            export = DataExport.all_objects.create(municipality_id=person.municipality_id, person=person,
                                                   requested_by=user if getattr(user, "pk", None) else None,
                                                   language=language)
            record_event(municipality=person.municipality, kind="privacy.export_requested", obj=export, actor=user)
            transaction.on_commit(lambda: tasks.build_export.enqueue(export.pk))
            return export, True
    except IntegrityError:  # another request won between our check and insert (no row lock: SQLite)
        return DataExport.all_objects.get(person=person, status__in=EXPORT_IN_PROGRESS), False


def build(export_id: int) -> str:
    """The task body: claim the export (pending → running, one worker), write its files."""
    if not DataExport.all_objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.RUNNING):
        return "skipped"
    export = DataExport.all_objects.select_related("person__municipality").get(pk=export_id)
    try:
        data = collect(export.person, export.language)
        stamp = f"{clock.now():%Y%m%d-%H%M%S}"
        export.json_file.save(f"luukku-{stamp}-{export.public_id.hex[:8]}.json",
                              ContentFile(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
                                          .encode()), save=False)
        export.pdf_file.save(f"luukku-{stamp}-{export.public_id.hex[:8]}.pdf",
                             ContentFile(render_pdf(data, export.language)), save=False)
        export.status, export.finished_at = ExportStatus.READY, clock.now()
        export.save(update_fields=["json_file", "pdf_file", "status", "finished_at"])
        return "ready"
    except Exception as exc:  # noqa: BLE001 (recorded on the row: the resident sees it failed and may retry)
        log.exception("data export %s failed", export_id)
        DataExport.all_objects.filter(pk=export_id).update(status=ExportStatus.FAILED, finished_at=clock.now(),
                                                           error=f"{type(exc).__name__}: {exc}"[:2000])
        return "failed"


# --- The PDF: the same data as headed sections and definition lists ------------------------------

LABELS = {
    "person": gettext_lazy("Your personal details"), "mandates": gettext_lazy("Mandates"),
    "cases": gettext_lazy("Cases"), "drafts": gettext_lazy("Unsent drafts"), "feedback": gettext_lazy("Feedback"),
    "offers": gettext_lazy("Offers"), "notification_settings": gettext_lazy("Notification settings"),
    "notifications": gettext_lazy("Notifications sent to you"),
    "audit_trail": gettext_lazy("Who has handled your data"),
    "first_names": gettext_lazy("First names"), "last_name": gettext_lazy("Last name"),
    "birth_date": gettext_lazy("Date of birth"), "identity_code": gettext_lazy("Personal identity code"),
    "street_address": gettext_lazy("Street address"), "postal_code": gettext_lazy("Postal code"),
    "post_office": gettext_lazy("Post office"), "protected_address": gettext_lazy("Protected address"),
    "email": gettext_lazy("Email"), "phone": gettext_lazy("Phone"), "language": gettext_lazy("Language"),
    "moved_away_on": gettext_lazy("Moved away on"), "public_id": gettext_lazy("Identifier"),
    "kind": gettext_lazy("Kind"), "direction": gettext_lazy("Direction"),
    "other_person": gettext_lazy("Other person"), "valid_from": gettext_lazy("Valid from"),
    "valid_until": gettext_lazy("Valid until"), "reference": gettext_lazy("Reference"),
    "case_type": gettext_lazy("Case type"), "status": gettext_lazy("Status"),
    "submitted_at": gettext_lazy("Submitted"), "decided_at": gettext_lazy("Decided"), "unit": gettext_lazy("Unit"),
    "applicant": gettext_lazy("Applicant"), "whom_it_concerns": gettext_lazy("Whom it concerns"),
    "answers": gettext_lazy("Answers"), "question": gettext_lazy("Question"), "answer": gettext_lazy("Answer"),
    "history": gettext_lazy("History"), "messages": gettext_lazy("Messages"), "decisions": gettext_lazy("Decisions"),
    "attachments": gettext_lazy("Attachments"), "at": gettext_lazy("Time"),
    "answers_to_decisions": gettext_lazy("Answers to decisions"), "decision": gettext_lazy("Decision"),
    "message": gettext_lazy("Message"), "warnings_at_submission": gettext_lazy("Checks when the application was sent"),
    "from_status": gettext_lazy("From status"), "to_status": gettext_lazy("To status"), "by": gettext_lazy("By"),
    "reason": gettext_lazy("Reason"), "from_resident": gettext_lazy("From the resident"),
    "author": gettext_lazy("Author"), "text": gettext_lazy("Text"),
    "request_for_information": gettext_lazy("Request for information"), "title": gettext_lazy("Title"),
    "appeal_instructions": gettext_lazy("Appeal instructions"), "name": gettext_lazy("Name"),
    "content_type": gettext_lazy("File type"), "size": gettext_lazy("Size (bytes)"),
    "added_at": gettext_lazy("Added"), "created_at": gettext_lazy("Created"), "updated_at": gettext_lazy("Updated"),
    "category": gettext_lazy("Category"), "description": gettext_lazy("Description"),
    "address": gettext_lazy("Address"), "latitude": gettext_lazy("Latitude"), "longitude": gettext_lazy("Longitude"),
    "first_name": gettext_lazy("First name"), "public_answer": gettext_lazy("Public answer"),
    "replies": gettext_lazy("Replies"), "photos": gettext_lazy("Photos"), "offer": gettext_lazy("Offer"),
    "legal_basis": gettext_lazy("Legal basis"), "starts_on": gettext_lazy("Starts on"),
    "deadline": gettext_lazy("Answer by"), "answered_at": gettext_lazy("Answered"),
    "answered_by": gettext_lazy("Answered by"), "channels": gettext_lazy("Channels"),
    "subject": gettext_lazy("Subject"), "deliveries": gettext_lazy("Deliveries"), "channel": gettext_lazy("Channel"),
    "sent_at": gettext_lazy("Sent"), "who": gettext_lazy("Who"), "role": gettext_lazy("Role"),
    "action": gettext_lazy("Action"), "purpose": gettext_lazy("Purpose"),
}


def _label(key) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:  # ISO times in Finnish time, as on the pages
            import datetime as dt

            return dt.datetime.fromisoformat(value).astimezone(clock.HELSINKI).strftime("%-d.%-m.%Y %H:%M")
        except ValueError:
            pass
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def _node(heading: str, value, level: int) -> dict:
    """A section: scalar fields as a definition list, lists and dicts inside as sub-sections."""
    node = {"heading": heading, "level": min(level, 6), "rows": [], "children": [], "empty": False}
    if isinstance(value, list):
        if not value:
            node["empty"] = True
        for i, item in enumerate(value, start=1):
            if isinstance(item, dict):
                first = next((v for v in item.values() if isinstance(v, str) and v), "")
                node["children"].append(_node(f"{i}. {_text(first)}", item, level + 1))
            else:
                node["rows"].append(("", _text(item)))
    elif isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, list) and (not v or isinstance(v[0], dict)) or isinstance(v, dict):
                node["children"].append(_node(_label(key), v, level + 1))
            else:
                node["rows"].append((_label(key), _text(v)))
    elif value is None:
        node["empty"] = True
    else:
        node["rows"].append(("", _text(value)))
    return node


def render_pdf(data: dict, language: str) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDFs need it

    with translation.override(language):
        sections = [_node(_label(key), data[key], 2) for key in LABELS if key in data
                    and key in ("person", "mandates", "cases", "drafts", "feedback", "offers",
                                "notification_settings", "notifications", "audit_trail")]
        title = _("Your data in %(municipality)s") % {"municipality": data["municipality"]}
        html = render_to_string("privacy/pdf/export.html", {
            "title": title, "language": language, "municipality_name": data["municipality"],
            "generated": _text(data["generated_at"]), "sections": sections})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
