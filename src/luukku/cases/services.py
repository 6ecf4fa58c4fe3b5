"""Writes of the case life cycle. Every status change goes through `change_status`; every write
runs in a transaction with the case row locked, and leaves history (StatusChange), a DomainEvent
and, when the resident should hear of it, a NotificationRequest written in the same transaction."""

import datetime as dt

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.services import record_event

from .models import OPEN_STATUSES, Case, Decision, Message, NotificationRequest, ReferenceCounter, Status, StatusChange

# The only status changes there are. Anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.IN_HANDLING, Status.WITHDRAWN, Status.CLOSED, Status.TRANSFERRED},
    Status.IN_HANDLING: {Status.WAITING_FOR_RESIDENT, Status.DECIDED, Status.WITHDRAWN, Status.TRANSFERRED,
                         Status.CLOSED},
    Status.WAITING_FOR_RESIDENT: {Status.IN_HANDLING, Status.WITHDRAWN},
    Status.DECIDED: {Status.CLOSED},
}

# Changes the resident hears about (the notification outbox of a later issue delivers them).
NOTIFY_STATUSES = {Status.WAITING_FOR_RESIDENT, Status.DECIDED, Status.CLOSED, Status.TRANSFERRED, Status.WITHDRAWN}


# --- helpers ---------------------------------------------------------------------------------

def reference_prefix(municipality) -> str:
    return (municipality.reference_prefix or municipality.slug[:3]).upper()


def add_working_days(start: dt.date, days: int) -> dt.date:
    """`days` Finnish working days after `start` (weekends and public holidays skipped)."""
    fi = holidays.Finland(years=range(start.year, start.year + 2 + days // 200))
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in fi:
            days -= 1
    return day


def _next_reference(municipality, year: int) -> str:
    counter, _created = ReferenceCounter.all_objects.select_for_update().get_or_create(
        municipality=municipality, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"{reference_prefix(municipality)}-{year}-{counter.value:06d}"


def acting_mandate(case, person):
    """(allowed, mandate) for `person` acting on `case`: the subject for themself, anyone holding a
    mandate for the subject today, and the applicant (under the mandate they applied with)."""
    from luukku.people.selectors import persons_acting_for

    if person is None:
        return False, None
    if person.pk == case.subject_id:
        return True, None
    for principal, mandate in persons_acting_for(person):
        if principal.pk == case.subject_id and mandate is not None:
            return True, mandate
    if person.pk == case.applicant_id:
        return True, case.mandate
    return False, None


def _require_actor(case, person):
    allowed, mandate = acting_mandate(case, person)
    if not allowed:
        raise PermissionDenied("the person may not act on this case")
    return mandate


def _lock(case) -> Case:
    return Case.all_objects.select_for_update().get(pk=case.pk)


def _sync(target: Case, source: Case) -> Case:
    """Keep the caller's instance in step with the locked row."""
    if target is not source:
        target.status = source.status
        target.updated_at = source.updated_at
    return source


def _notify(case, kind: str, key: str) -> None:
    NotificationRequest.all_objects.get_or_create(
        municipality_id=case.municipality_id, idempotency_key=key[:100],
        defaults={"person_id": case.applicant_id, "case": case, "kind": kind},
    )


def _who(case, by_person, mandate) -> dict:
    data = {}
    if by_person is not None:
        data["by_person"] = str(by_person.public_id)
        if by_person.pk != case.subject_id:
            data["on_behalf_of"] = str(case.subject.public_id)
        if mandate is not None:
            data["mandate"] = str(mandate.public_id)
    return data


def _apply_status(case: Case, to_status: str, *, by_user=None, by_person=None, mandate=None, reason="") -> StatusChange:
    """Change the status of a locked case (the caller holds the transaction)."""
    to_status = Status(to_status) if to_status in Status.values else to_status
    if to_status not in TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            _("A case that is “%(from)s” cannot be changed to “%(to)s”."),
            code="invalid_transition",
            params={"from": Status(case.status).label if case.status in Status.values else case.status,
                    "to": Status(to_status).label if to_status in Status.values else to_status},
        )
    now = clock.now()
    change = StatusChange.all_objects.create(
        municipality_id=case.municipality_id, case=case, at=now, from_status=case.status, to_status=to_status,
        by_user=by_user if getattr(by_user, "is_authenticated", False) else None, by_person=by_person,
        on_behalf_of=case.subject if by_person is not None and by_person.pk != case.subject_id else None,
        mandate=mandate, reason=reason,
    )
    from_status = case.status
    case.status = to_status
    case.updated_at = now
    case.save(update_fields=["status", "updated_at"])
    record_event(municipality=case.municipality, kind="case.status_changed", obj=case, actor=by_user,
                 data={"from": from_status, "to": str(to_status), "reference": case.reference,
                       **_who(case, by_person, mandate)})
    if to_status in NOTIFY_STATUSES:
        n = StatusChange.all_objects.filter(case=case).count()
        _notify(case, f"case.{to_status}", f"{case.public_id}:{to_status}:{n}")
    return change


def _route_to(case: Case, to_status: str, **who) -> None:
    """Go to `to_status`, through "in handling" when the case has not been picked up yet."""
    if to_status not in TRANSITIONS.get(case.status, set()) and Status.IN_HANDLING in TRANSITIONS.get(case.status, set()):
        _apply_status(case, Status.IN_HANDLING, **who)
    _apply_status(case, to_status, **who)


def _refuse_closed(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise ValidationError(_("This case is closed, so nothing can be added to it. Your text was not sent."),
                              code="case_closed")


def _add_files(case, message, files, *, by_person=None, by_user=None):
    from luukku.eservices.attachments import check_upload, clean_name
    from luukku.eservices.models import Attachment
    from luukku.eservices.services import add_attachment

    for uploaded in files or ():
        if by_person is not None:
            add_attachment(municipality=case.municipality, uploaded_file=uploaded, by_person=by_person,
                           case=case, message=message)
            continue
        content_type, sha256 = check_upload(uploaded)  # a handler's file: same checks, no resident total
        name = clean_name(uploaded.name)
        attachment = Attachment(municipality_id=case.municipality_id, case=case, message=message, name=name[:255],
                                content_type=content_type, size=uploaded.size, sha256=sha256,
                                uploaded_by_user=by_user if getattr(by_user, "is_authenticated", False) else None)
        uploaded.seek(0)
        attachment.file.save(f"{sha256[:16]}{name[name.rfind('.'):] if '.' in name else ''}", uploaded, save=False)
        attachment.save()


# --- the life cycle --------------------------------------------------------------------------

def submit_draft(draft, *, by_person, channel="online") -> Case:
    """Turn a draft into a case: idempotent (a replay returns the same case); the reference is
    taken from the counter inside this transaction, so two submissions never share one."""
    from luukku.eservices.models import Attachment, Draft

    with transaction.atomic():
        draft = Draft.all_objects.select_for_update().select_related("case_type", "municipality").get(pk=draft.pk)
        existing = Case.all_objects.filter(draft=draft).first()
        if existing is not None:
            return existing
        municipality = draft.municipality
        now = clock.now()
        local = now.astimezone(clock.HELSINKI)
        case_type = draft.case_type
        subject = draft.subject or draft.applicant
        case = Case.all_objects.create(
            municipality=municipality,
            reference=_next_reference(municipality, local.year),
            case_type=case_type, definition=draft.definition, draft=draft,
            applicant=draft.applicant, subject=subject, mandate=draft.mandate,
            unit_id=case_type.unit_id, status=Status.SUBMITTED, channel=channel, data=draft.data,
            submitted_at=now, updated_at=now,
            due_date=add_working_days(local.date(), case_type.sla_days) if case_type.sla_days else None,
        )
        Attachment.all_objects.filter(draft=draft).update(case=case)
        draft.submitted_at = now
        draft.save(update_fields=["submitted_at"])
        StatusChange.all_objects.create(
            municipality=municipality, case=case, at=now, from_status="", to_status=Status.SUBMITTED,
            by_person=by_person, on_behalf_of=subject if by_person is not None and by_person.pk != subject.pk else None,
            mandate=draft.mandate,
        )
        record_event(municipality=municipality, kind="case.submitted", obj=case,
                     data={"reference": case.reference, "case_type": case_type.slug, "channel": channel,
                           "applicant": str(draft.applicant.public_id), **_who(case, by_person, draft.mandate)})
        _notify(case, "case.submitted", f"{case.public_id}:{Status.SUBMITTED}:1")
        return case


def change_status(case, to_status, *, by_user=None, by_person=None, reason="") -> Case:
    """The one entry point for status changes (refuses what TRANSITIONS does not allow)."""
    with transaction.atomic():
        locked = _lock(case)
        mandate = acting_mandate(locked, by_person)[1] if by_person is not None else None
        _apply_status(locked, to_status, by_user=by_user, by_person=by_person, mandate=mandate, reason=reason)
        return _sync(case, locked)


def withdraw(case, by_person, reason="") -> Case:
    """The resident takes their case back; only while it is open."""
    with transaction.atomic():
        locked = _lock(case)
        mandate = _require_actor(locked, by_person)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so it can no longer be withdrawn."), code="case_closed")
        _apply_status(locked, Status.WITHDRAWN, by_person=by_person, mandate=mandate, reason=reason)
        return _sync(case, locked)


def send_message(case, *, by_person=None, by_user=None, body, files=(), answer_to=None,
                 is_information_request=False) -> Message:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        mandate = None
        if by_person is not None:
            mandate = _require_actor(locked, by_person)
            _refuse_closed(locked)
        now = clock.now()
        message = Message.all_objects.create(
            municipality_id=locked.municipality_id, case=locked, from_resident=by_person is not None,
            author_person=by_person, author_user=by_user if getattr(by_user, "is_authenticated", False) else None,
            on_behalf_of=locked.subject if by_person is not None and by_person.pk != locked.subject_id else None,
            mandate=mandate, body=body, is_information_request=is_information_request, answer_to=answer_to,
            created_at=now,
        )
        _add_files(locked, message, files, by_person=by_person, by_user=by_user)
        locked.updated_at = now
        locked.save(update_fields=["updated_at"])
        record_event(municipality=locked.municipality, kind="case.message", obj=locked, actor=by_user,
                     data={"message": str(message.public_id), "from_resident": by_person is not None,
                           "information_request": is_information_request, **_who(locked, by_person, mandate)})
        if by_person is None and not is_information_request:
            _notify(locked, "case.message", f"{locked.public_id}:message:{message.public_id}")
        _sync(case, locked)
        return message


def request_information(case, by_user, body) -> Message:
    """The handler asks the resident for more; the case waits for the resident's answer."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so no information can be requested."), code="case_closed")
        message = send_message(locked, by_user=by_user, body=body, is_information_request=True)
        if locked.status != Status.WAITING_FOR_RESIDENT:
            _route_to(locked, Status.WAITING_FOR_RESIDENT, by_user=by_user, reason=body[:500])
        _notify(locked, "case.information_requested", f"{locked.public_id}:request:{message.public_id}")
        _sync(case, locked)
        return message


def open_information_requests(case):
    return Message.all_objects.filter(case=case, is_information_request=True, answers__isnull=True)


def answer_information_request(request_message, by_person, body, files=()) -> Message:
    """The resident's answer; the case goes back to the handler once nothing is left unanswered."""
    with transaction.atomic():
        request_message = Message.all_objects.select_for_update().get(pk=request_message.pk)
        if not request_message.is_information_request:
            raise ValidationError(_("This message is not a request for information."), code="not_a_request")
        if request_message.answers.exists():
            raise ValidationError(_("This request has already been answered."), code="already_answered")
        case = _lock(request_message.case)
        answer = send_message(case, by_person=by_person, body=body, files=files, answer_to=request_message)
        case.refresh_from_db()
        if case.status == Status.WAITING_FOR_RESIDENT and not open_information_requests(case).exists():
            _apply_status(case, Status.IN_HANDLING, by_person=by_person, mandate=answer.mandate,
                          reason="information_request_answered")
        return answer


def decide(case, by_user, title, body, language=None) -> Decision:
    """Record the decision, store its PDF, and move the case to "decided"."""
    from .pdf import decision_pdf

    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError(_("A decision needs a title and a text."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so no decision can be made."), code="case_closed")
        if locked.status == Status.WAITING_FOR_RESIDENT:
            _apply_status(locked, Status.IN_HANDLING, by_user=by_user)
        _route_to(locked, Status.DECIDED, by_user=by_user)
        decision = Decision.all_objects.create(
            municipality_id=locked.municipality_id, case=locked, title=title[:200], body=body,
            decided_at=clock.now(), decided_by=by_user if getattr(by_user, "is_authenticated", False) else None,
        )
        language = language or locked.applicant.language or locked.municipality.default_language
        decision.pdf.save(f"{locked.reference}-{decision.public_id}.pdf",
                          ContentFile(decision_pdf(decision, language)), save=True)
        record_event(municipality=locked.municipality, kind="case.decided", obj=locked, actor=by_user,
                     data={"decision": str(decision.public_id), "reference": locked.reference})
        _sync(case, locked)
        return decision
