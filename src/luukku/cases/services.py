"""Writes of the case life cycle. Every status change goes through `_apply_status` (reached by
`change_status` and the use cases below), which moves the case through the one lifecycle door
(core.lifecycle.move, the table TRANSITIONS, the event case.status_changed); every write runs in a
transaction with the case row locked, and leaves history (StatusChange, Assignment, Transfer,
Handover, InternalNote: appended, never edited), a DomainEvent and, when the resident should hear
of it, an outbox Notification written in the same transaction (luukku.notify)."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.lifecycle import Change, Lifecycle, labels, move
from luukku.core.models import Channel
from luukku.core.services import record_audits, record_event

from . import access
from .models import (OPEN_STATUSES, AnswerChoice, Assignment, Case, Decision, DecisionAnswer, Handover, InternalNote,
                     Message, ReferenceCounter, Status, StatusChange, SubStatus, Transfer)
from .selectors import REVIEW_CASE_TYPE
from .sla import add_working_days, working_days_between

# The only status changes there are. Anything else is refused (core.lifecycle.move).
TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.IN_HANDLING, Status.WITHDRAWN, Status.CLOSED, Status.TRANSFERRED},
    Status.IN_HANDLING: {Status.WAITING_FOR_RESIDENT, Status.DECIDED, Status.WITHDRAWN, Status.TRANSFERRED,
                         Status.CLOSED},
    Status.WAITING_FOR_RESIDENT: {Status.IN_HANDLING, Status.WITHDRAWN},
    Status.DECIDED: {Status.CLOSED},
}


def _history_row(case, change: Change) -> StatusChange:
    by_person = change.by_person
    return StatusChange(
        municipality_id=case.municipality_id, case=case, at=change.at, from_status=change.from_status,
        to_status=change.to_status, from_sub_status=change.fields["from_sub_status"],
        to_sub_status=change.fields["to_sub_status"], by_user=change.by_user, by_person=by_person,
        on_behalf_of=case.subject if by_person is not None and by_person.pk != case.subject_id else None,
        mandate=change.fields["mandate"], reason=change.reason)


CASE = Lifecycle(model=Case, table=TRANSITIONS, history=_history_row, event_prefix="case", label=labels(Status),
                 refusal=_("A case that is “%(from)s” cannot be changed to “%(to)s”."))

# Changes the resident hears about (waiting for the resident: request_information sends its own).
NOTIFY_STATUSES = {Status.DECIDED, Status.CLOSED, Status.TRANSFERRED, Status.WITHDRAWN}


# --- helpers ---------------------------------------------------------------------------------

def audit_case_rows(user, municipality, cases, *, action: str, role: str, channel=Channel.WEB,
                    applicants: bool = False) -> None:
    """A list of cases (a queue page, the staff home) shows whom each concerns (and with `applicants`,
    who applied): one AuditEvent per person and case shown, in one insert. Reads no more rows: the
    cases come with their subject's public id (and applicant's) loaded."""
    subjects = []
    for case in cases:
        subjects.append((case.subject.public_id, "cases.case", case.public_id))
        if applicants and case.applicant_id != case.subject_id:
            subjects.append((case.applicant.public_id, "cases.case", case.public_id))
    record_audits(municipality=municipality, actor=user, action=action, purpose="case handling", role=role,
                  channel=channel, subjects=subjects)


def audit_queue_rows(user, municipality, rows, *, action: str, role: str) -> None:
    """The same for a queue page's rows (cases.queues.QueueRow: whom each concerns and the case, by
    their public ids)."""
    record_audits(municipality=municipality, actor=user, action=action, purpose="case handling", role=role,
                  subjects=[(row.subject_public_id, "cases.case", row.public_id) for row in rows])


def reference_prefix(municipality) -> str:
    return (municipality.reference_prefix or municipality.slug[:3]).upper()


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
        if principal.pk == case.subject_id and mandate is not None and mandate.covers(case.case_type_id):
            return True, mandate
    if person.pk == case.applicant_id:
        if case.mandate_id and case.mandate.limited and not case.mandate.is_valid_on(clock.today()):
            return False, None  # a granted mandate ended or was revoked: its cases are out of reach
        return True, case.mandate
    return False, None


def _require_actor(case, person):
    allowed, mandate = acting_mandate(case, person)
    if not allowed:
        raise PermissionDenied("the person may not act on this case")
    return mandate


def _lock(case) -> Case:
    return Case.all_objects.select_for_update().get(pk=case.pk)


_SYNCED = ("status", "sub_status_id", "updated_at", "assignee_id", "unit_id", "due_date", "paused_since",
           "decided_at", "handed_over_to_id")


def _sync(target: Case, source: Case) -> Case:
    """Keep the caller's instance in step with the locked row."""
    if target is not source:
        for name in _SYNCED:
            setattr(target, name, getattr(source, name))
        for name in ("sub_status", "assignee", "unit", "handed_over_to"):
            field = Case._meta.get_field(name)
            if field.is_cached(target):
                field.delete_cached_value(target)
    return source


def _notify(case, kind: str, key: str, **context) -> None:
    """Tell the applicant (an outbox row in this transaction; delivered after commit)."""
    from luukku.notify.services import notify

    notify(person=case.applicant, kind=kind, key=key, case=case, context=context)


def _staff(user):
    return user if getattr(user, "is_authenticated", False) else None


def _require_handler(case, user) -> None:
    if user is not None and not access.may_handle(user, case):
        raise PermissionDenied("the user may not handle cases of this unit")


def _who(case, by_person, mandate) -> dict:
    data = {}
    if by_person is not None:
        data["by_person"] = str(by_person.public_id)
        if by_person.pk != case.subject_id:
            data["on_behalf_of"] = str(case.subject.public_id)
        if mandate is not None:
            data["mandate"] = str(mandate.public_id)
    return data


def _check_sub_status(case: Case, status: str, sub_status):
    if sub_status is None:
        return None
    if isinstance(sub_status, str):
        sub_status = SubStatus.all_objects.filter(municipality_id=case.municipality_id, case_type_id=case.case_type_id,
                                                  code=sub_status).first()
    if sub_status is None or sub_status.case_type_id != case.case_type_id or sub_status.status != status:
        raise ValidationError(_("This sub-status does not belong to the chosen status of this case type."),
                              code="invalid_sub_status")
    return sub_status


def _sla_clock(case: Case, from_status: str, to_status: str, now) -> dict:
    """The case's fields the move changes besides its status: pause the service-level clock while
    the case waits for the resident; on resuming, move the due date by the working days it waited."""
    fields = {}
    if to_status == Status.WAITING_FOR_RESIDENT and case.paused_since is None:
        fields["paused_since"] = now
    elif from_status == Status.WAITING_FOR_RESIDENT and case.paused_since is not None:
        waited = working_days_between(case.paused_since.astimezone(clock.HELSINKI).date(),
                                      now.astimezone(clock.HELSINKI).date())
        if case.due_date and waited:
            fields["due_date"] = add_working_days(case.due_date, waited)
        fields["paused_since"] = None
    if to_status == Status.DECIDED and case.decided_at is None:
        fields["decided_at"] = now
    return fields


def _apply_status(case: Case, to_status: str, *, by_user=None, by_person=None, mandate=None, reason="",
                  sub_status=None, notify_kind=None) -> StatusChange:
    """Change the status (and sub-status) of a locked case (the caller holds the transaction) through
    core.lifecycle.move. Moving to a sub-status of the current status is a change too, and leaves history."""
    to_status = Status(to_status) if to_status in Status.values else to_status
    sub = _check_sub_status(case, to_status, sub_status)
    now = clock.now()
    from_status = case.status
    change = move(CASE, case, to_status, by_user=by_user, by_person=by_person, reason=reason, at=now,
                  step=to_status in OPEN_STATUSES and sub is not None,
                  also={"sub_status": sub, **_sla_clock(case, from_status, to_status, now)},
                  event_data={"reference": case.reference, "sub_status": sub.code if sub else "",
                              **_who(case, by_person, mandate)},
                  from_sub_status=case.sub_status.code if case.sub_status_id else "",
                  to_sub_status=sub.code if sub else "", mandate=mandate)
    if to_status in NOTIFY_STATUSES and to_status != from_status:
        n = StatusChange.all_objects.filter(case=case).count()
        _notify(case, notify_kind or f"case.{to_status}", f"{case.public_id}:{to_status}:{n}")
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
    from luukku.eservices.attachments import checked_file, clean_name
    from luukku.eservices.models import Attachment
    from luukku.eservices.services import add_attachment

    for uploaded in files or ():
        if by_person is not None:
            add_attachment(municipality=case.municipality, uploaded_file=uploaded, by_person=by_person,
                           case=case, message=message)
            continue
        name = clean_name(uploaded.name)
        # A handler's file: same checks (an image loses its metadata), no resident total.
        stored, content_type, size, sha256 = checked_file(uploaded)
        attachment = Attachment(municipality_id=case.municipality_id, case=case, message=message, name=name[:255],
                                content_type=content_type, size=size, sha256=sha256,
                                uploaded_by_user=by_user if getattr(by_user, "is_authenticated", False) else None)
        attachment.file.save(f"{sha256[:16]}{name[name.rfind('.'):] if '.' in name else ''}", stored, save=False)
        attachment.save()


# --- the life cycle --------------------------------------------------------------------------

def submit_draft(draft, *, by_person, channel="online", started_by=None) -> Case:
    """Turn a draft into a case: idempotent (a replay returns the same case); the reference is
    taken from the counter inside this transaction, so two submissions never share one.
    `started_by` is the front-office user who made the case for the resident (by_person is then None)."""
    from luukku.eservices import checks, prefill
    from luukku.eservices.models import Attachment, Draft
    from luukku.eservices.services import fields_of

    with transaction.atomic():
        draft = Draft.all_objects.select_for_update().select_related("case_type", "municipality").get(pk=draft.pk)
        existing = Case.all_objects.filter(draft=draft).first()
        if existing is not None:
            return existing
        municipality = draft.municipality
        now = clock.now()
        local = now.astimezone(clock.HELSINKI)
        case_type = draft.case_type
        mandate = draft.mandate
        if mandate is not None and mandate.limited and not (mandate.is_valid_on(clock.today())
                                                            and mandate.covers(case_type)):
            raise PermissionDenied("the mandate the draft was started under has ended")
        subject = draft.subject or draft.applicant
        data = draft.data
        if any(isinstance(v, dict) for v in (data or {}).values()):  # an address among the answers
            data = prefill.protect(fields_of(draft.definition), data, draft.applicant, draft.subject)
        # Against all of the subject's cases (the handler sees them listed), before this one exists.
        warnings = [f.as_json() for f in checks.check(case_type, draft.data, subject)]
        case = Case.all_objects.create(
            municipality=municipality,
            reference=_next_reference(municipality, local.year),
            case_type=case_type, definition=draft.definition, draft=draft,
            applicant=draft.applicant, subject=subject, mandate=draft.mandate,
            unit_id=case_type.unit_id, status=Status.SUBMITTED, channel=channel,
            data=data, warnings=warnings,
            started_by=_staff(started_by),
            submitted_at=now, updated_at=now,
            due_date=add_working_days(local.date(), case_type.sla_days) if case_type.sla_days else None,
        )
        Attachment.all_objects.filter(draft=draft).update(case=case)
        draft.submitted_at = now
        draft.save(update_fields=["submitted_at"])
        StatusChange.all_objects.create(
            municipality=municipality, case=case, at=now, from_status="", to_status=Status.SUBMITTED,
            by_person=by_person, on_behalf_of=subject if by_person is not None and by_person.pk != subject.pk else None,
            mandate=draft.mandate, by_user=_staff(started_by),
        )
        record_event(municipality=municipality, kind="case.submitted", obj=case, actor=started_by,
                     data={"reference": case.reference, "case_type": case_type.slug, "channel": channel,
                           "applicant": str(draft.applicant.public_id), **_who(case, by_person, draft.mandate)})
        _notify(case, "case.submitted", f"{case.public_id}:{Status.SUBMITTED}:1")
        return case


def open_for_person(*, by_user, person, case_type, channel: str, data: dict, origin: str = "") -> Case:
    """A case staff open for a resident without an application form, e.g. from a booking (the adviser
    saw that a permit is needed): the case type's unit handles it, `data` says what it is about (shown
    as its answers), the resident is told as of any new case. `by_user` must handle the case type's
    unit or serve residents at the front office. `origin`: what it came from, for the domain event."""
    from luukku.core import selectors as core_selectors
    from luukku.core.models import Role

    from .models import CaseChannel

    municipality = person.municipality
    if case_type.municipality_id != person.municipality_id or case_type.slug == REVIEW_CASE_TYPE:
        raise ValidationError({"case_type": _("Choose a case type of this municipality.")}, code="case_type")
    if not (core_selectors.has_role(by_user, municipality, (Role.CASE_HANDLER,), unit=case_type.unit_id)
            or access.may_serve_residents(by_user, municipality)):
        raise PermissionDenied("the user may not open cases of this unit")
    if channel not in CaseChannel.values:
        raise ValidationError({"channel": _("Choose the channel.")}, code="channel")
    with transaction.atomic():
        now = clock.now()
        local = now.astimezone(clock.HELSINKI)
        case = Case.all_objects.create(
            municipality=municipality, reference=_next_reference(municipality, local.year), case_type=case_type,
            applicant=person, subject=person, unit_id=case_type.unit_id, status=Status.SUBMITTED, channel=channel,
            data=data, started_by=_staff(by_user), submitted_at=now, updated_at=now,
            due_date=add_working_days(local.date(), case_type.sla_days) if case_type.sla_days else None)
        StatusChange.all_objects.create(municipality=municipality, case=case, at=now, from_status="",
                                        to_status=Status.SUBMITTED, by_user=_staff(by_user))
        record_event(municipality=municipality, kind="case.submitted", obj=case, actor=by_user,
                     data={"reference": case.reference, "case_type": case_type.slug, "channel": channel,
                           "applicant": str(person.public_id), "origin": origin})
        _notify(case, "case.submitted", f"{case.public_id}:{Status.SUBMITTED}:1")
        return case


def change_status(case, to_status, *, by_user=None, by_person=None, reason="", sub_status=None) -> Case:
    """The one entry point for status changes (refuses what TRANSITIONS does not allow).
    `sub_status` is a SubStatus (or its code) of the case type under `to_status`."""
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, _staff(by_user))
        mandate = acting_mandate(locked, by_person)[1] if by_person is not None else None
        _apply_status(locked, to_status, by_user=by_user, by_person=by_person, mandate=mandate, reason=reason,
                      sub_status=sub_status)
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
        else:
            _require_handler(locked, _staff(by_user))
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


def decide(case, by_user, title, body, language=None, *, appeal_instructions=None, template=None,
           values=None) -> Decision:
    """Record the decision, store its PDF (with the appeal instructions), move the case to "decided".
    Without explicit instructions the municipality's general ones are used: no decision goes out
    without telling the resident how to ask for a correction."""
    from . import decisions
    from .pdf import decision_pdf

    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError(_("A decision needs a title and a text."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, _staff(by_user))
        refuse_decision(locked)
        if locked.status == Status.WAITING_FOR_RESIDENT:
            _apply_status(locked, Status.IN_HANDLING, by_user=by_user)
        language = language or locked.applicant.language or locked.municipality.default_language
        if appeal_instructions is None:
            appeal_instructions = decisions.default_appeal_instructions(locked.municipality, language)
        decision = Decision(
            municipality_id=locked.municipality_id, case=locked, title=title[:200], body=body,
            decided_at=clock.now(), decided_by=_staff(by_user), template=template,
            values=decisions.as_json(values or {}),  # dates and decimals from clean_values, as JSON
            appeal_instructions=appeal_instructions, language=language,
            review_body=decisions.review_body(template, locked, language)[:200],
            review_unit=template.review_unit if template is not None else None,
        )
        if template is not None and template.answer_days:
            decision.answer_due = decisions.deadline(decisions.notification_date(decision), template.answer_days)
        decision.save()
        # A decision that asks for an answer says so in its notification (and when the answer is due).
        _route_to(locked, Status.DECIDED, by_user=by_user,
                  notify_kind="case.decided_answer" if decision.answer_due else None)
        decision.pdf.save(f"{locked.reference}-{decision.public_id}.pdf",
                          ContentFile(decision_pdf(decision, language)), save=True)
        record_event(municipality=locked.municipality, kind="case.decided", obj=locked, actor=by_user,
                     data={"decision": str(decision.public_id), "reference": locked.reference,
                           "template": str(template.public_id) if template else ""})
        _sync(case, locked)
        return decision


def refuse_decision(case) -> None:
    """A decision only on an open case. Two handlers deciding at once: the second is told the
    first one's decision is out (the form keeps what they wrote)."""
    if case.status in OPEN_STATUSES:
        return
    if case.status == Status.DECIDED:
        raise ValidationError(_("A decision on this case has already been made, so no other decision can be "
                                "made."), code="already_decided")
    raise ValidationError(_("This case is closed, so no decision can be made."), code="case_closed")


def decision_language(case) -> str:
    return case.applicant.language or case.municipality.default_language


def preview_decision(case, template, values, language=None) -> tuple[str, str, str, str]:
    """(title, body, appeal instructions, language): the decision as decide_from_template would make
    it and the resident will read it; nothing is stored. The same refusals as deciding."""
    from . import decisions

    if template is None or template.municipality_id != case.municipality_id or not template.active or (
            template.case_type_id not in (None, case.case_type_id)):
        raise ValidationError(_("Choose a decision template for this case type."), code="unknown_template")
    refuse_decision(case)
    language = language or decision_language(case)
    cleaned = decisions.clean_values(template, values or {}, language)
    title, body, appeal = decisions.render(template, cleaned, case, language)
    return title, body, appeal, language


def decide_from_template(case, by_user, template, values, language=None) -> Decision:
    """Fill a decision template: required fields are checked (all problems at once, per field),
    the text is rendered in the resident's language and carries the template's appeal instructions."""
    from . import decisions

    if template is None or template.municipality_id != case.municipality_id or not template.active or (
            template.case_type_id not in (None, case.case_type_id)):
        raise ValidationError(_("Choose a decision template for this case type."), code="unknown_template")
    language = language or decision_language(case)
    cleaned = decisions.clean_values(template, values or {}, language)  # raises ValidationError per field
    title, body, appeal = decisions.render(template, cleaned, case, language)
    return decide(case, by_user, title, body, language, appeal_instructions=appeal, template=template,
                  values=cleaned)


# --- the resident answers a decision; a request for review --------------------------------------

def _contact(case) -> str:
    """Whom to contact when the e-service cannot take the answer: the unit, with its email or phone."""
    from luukku.core.translation import tr

    unit = case.unit
    reach = ", ".join(x for x in (unit.email, unit.phone) if x)
    return f"{tr(unit.name)} ({reach})" if reach else tr(unit.name)


def answer_decision(decision, by_person, answer, message="") -> DecisionAnswer:
    """The resident (or whoever may act for the person it concerns) accepts or declines a decision
    that asks for an answer: once, by its deadline. Appended to the case's history."""
    from . import decisions

    if answer not in AnswerChoice.values:
        raise ValidationError(_("Choose whether you accept or decline."), code="required")
    message = (message or "").strip()[:2000]
    with transaction.atomic():
        locked = _lock(decision.case)
        mandate = _require_actor(locked, by_person)
        decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
        if decision.answer_due is None:
            raise ValidationError(_("This decision does not ask for an answer."), code="no_answer_asked")
        previous = DecisionAnswer.all_objects.filter(decision=decision).first()
        if previous is not None:
            raise ValidationError(
                _("This decision was already answered on %(day)s. If you want to change the answer, contact "
                  "%(contact)s."), code="already_answered",
                params={"day": decisions.format_date(previous.at.astimezone(clock.HELSINKI).date()),
                        "contact": _contact(locked)})
        if clock.today() > decision.answer_due:
            raise ValidationError(
                _("The deadline for answering was %(day)s, so the answer can no longer be given here. Contact "
                  "%(contact)s and say what you want to do."), code="deadline_passed",
                params={"day": decisions.format_date(decision.answer_due), "contact": _contact(locked)})
        now = clock.now()
        row = DecisionAnswer.all_objects.create(
            municipality_id=locked.municipality_id, decision=decision, case=locked, answer=answer, message=message,
            by_person=by_person, on_behalf_of=locked.subject if by_person.pk != locked.subject_id else None,
            mandate=mandate, at=now)
        locked.updated_at = now
        locked.save(update_fields=["updated_at"])
        record_event(municipality=locked.municipality, kind="case.decision_answered", obj=locked,
                     data={"decision": str(decision.public_id), "answer": answer, "reference": locked.reference,
                           **_who(locked, by_person, mandate)})
        _sync(decision.case, locked)
        return row


REVIEW_NAME = {"fi": "Oikaisuvaatimus", "sv": "Begäran om omprövning", "en": "Request for review"}


def review_case_type(municipality, *, service, unit):
    """The case type of requests for review: one per municipality, made on first use. Not open for
    applications in the catalogue (a review is asked from the decision, not from a blank form)."""
    from luukku.eservices.models import CaseType

    case_type, _created = CaseType.all_objects.get_or_create(
        municipality=municipality, slug=REVIEW_CASE_TYPE,
        defaults={"service": service, "unit": unit, "name": REVIEW_NAME, "kind": "request", "sla_days": 20,
                  "who_may_apply": "either", "active": False})
    return case_type


def request_review(decision, by_person, grounds, demand="", files=()) -> Case:
    """A request for review (oikaisuvaatimus) of `decision`: a new case for the unit preparing the
    body named in the decision's instructions, linked to the decision. A late request is taken and
    marked late (the reviewer decides whether to examine it)."""
    from . import decisions

    grounds, demand = (grounds or "").strip(), (demand or "").strip()
    if not grounds:
        raise ValidationError({"grounds": _("Say why the decision should be corrected.")}, code="required")
    with transaction.atomic():
        original = _lock(decision.case)
        mandate = _require_actor(original, by_person)
        decision = Decision.all_objects.select_related("review_unit").get(pk=decision.pk)
        decision.case = original
        municipality = original.municipality
        if original.case_type.slug == REVIEW_CASE_TYPE:  # hallintolaki 49 b §: no review of a review
            raise ValidationError(_("A decision on a request for review cannot be reviewed again. Its "
                                    "instructions tell how to appeal to the administrative court."),
                                  code="review_of_review")
        open_review = Case.all_objects.filter(review_of=decision, applicant=by_person,
                                              status__in=OPEN_STATUSES).first()
        if open_review is not None:
            raise ValidationError(
                _("You have already requested a review of this decision (%(reference)s). You can add to it by "
                  "sending a message on that case."), code="already_requested",
                params={"reference": open_review.reference})
        unit = decision.review_unit or original.unit
        case_type = review_case_type(municipality, service=original.case_type.service, unit=unit)
        now = clock.now()
        local = now.astimezone(clock.HELSINKI)
        due = decisions.appeal_deadline(decision)
        case = Case.all_objects.create(
            municipality=municipality, reference=_next_reference(municipality, local.year), case_type=case_type,
            applicant=by_person, subject=original.subject, mandate=mandate, unit=unit, status=Status.SUBMITTED,
            channel="online", submitted_at=now, updated_at=now,
            data={"decision": decision.title, "decision_date": decision.decided_at.astimezone(clock.HELSINKI).date()
                  .isoformat(), "case_reference": original.reference, "review_body": decision.review_body,
                  "deadline": due.isoformat(), "grounds": grounds[:10000], "demand": demand[:5000]},
            due_date=add_working_days(local.date(), case_type.sla_days) if case_type.sla_days else None,
            review_of=decision, review_late=local.date() > due)
        StatusChange.all_objects.create(
            municipality=municipality, case=case, at=now, from_status="", to_status=Status.SUBMITTED,
            by_person=by_person, on_behalf_of=original.subject if by_person.pk != original.subject_id else None,
            mandate=mandate)
        _add_files(case, None, files, by_person=by_person)
        record_event(municipality=municipality, kind="case.review_requested", obj=case,
                     data={"reference": case.reference, "decision": str(decision.public_id),
                           "case": original.reference, "late": case.review_late, **_who(case, by_person, mandate)})
        _notify(case, "case.submitted", f"{case.public_id}:{Status.SUBMITTED}:1")
        return case


# --- the back office ---------------------------------------------------------------------------

def _record_assignment(case, assignee, by_user, now):
    Assignment.all_objects.create(municipality_id=case.municipality_id, case=case, assignee=assignee,
                                  by_user=_staff(by_user), at=now)


def claim(case, by_user) -> Case:
    """A handler takes an unassigned case. Two claiming at once: the first wins, the second is told."""
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, by_user)
        if locked.assignee_id == by_user.pk:
            return _sync(case, locked)
        if locked.assignee_id is not None:
            raise ValidationError(_("%(name)s is already handling this case."),
                                  code="already_claimed", params={"name": _user_name(locked.assignee)})
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so it cannot be taken."), code="case_closed")
        now = clock.now()
        locked.assignee, locked.updated_at = by_user, now
        locked.save(update_fields=["assignee", "updated_at"])
        _record_assignment(locked, by_user, by_user, now)
        record_event(municipality=locked.municipality, kind="case.assigned", obj=locked, actor=by_user,
                     data={"assignee": by_user.pk, "claimed": True})
        if locked.status == Status.SUBMITTED:
            _apply_status(locked, Status.IN_HANDLING, by_user=by_user)
        return _sync(case, locked)


def assign(case, by_user, assignee) -> Case:
    """Give the case to a handler of its unit (None releases it to the queue)."""
    from luukku.core.selectors import has_role

    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, by_user)
        if assignee is not None and not has_role(assignee, locked.municipality, access.HANDLER_ROLES,
                                                 unit=locked.unit_id):
            raise ValidationError(_("%(name)s does not handle cases of this unit."), code="not_a_handler",
                                  params={"name": _user_name(assignee)})
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so it cannot be assigned."), code="case_closed")
        if locked.assignee_id == getattr(assignee, "pk", None):
            return _sync(case, locked)
        now = clock.now()
        locked.assignee, locked.updated_at = assignee, now
        locked.save(update_fields=["assignee", "updated_at"])
        _record_assignment(locked, assignee, by_user, now)
        record_event(municipality=locked.municipality, kind="case.assigned", obj=locked, actor=by_user,
                     data={"assignee": getattr(assignee, "pk", None)})
        return _sync(case, locked)


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def add_note(case, by_user, body) -> InternalNote:
    """A staff-only note (never shown to the resident)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the note."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, by_user)
        note = InternalNote.all_objects.create(municipality_id=locked.municipality_id, case=locked, author=by_user,
                                               body=body[:20000], at=clock.now())
        record_event(municipality=locked.municipality, kind="case.note_added", obj=locked, actor=by_user)
        return note


def transfer_to_unit(case, by_user, to_unit, reason) -> Transfer:
    """Hand the case to another unit of the same municipality; it leaves the handler's queue and
    lands unassigned in the other unit's. The resident sees where it went and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the case is transferred: the resident sees the reason."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, by_user)
        if to_unit is None or to_unit.municipality_id != locked.municipality_id:
            raise ValidationError(_("Choose a unit of this municipality."), code="other_municipality")
        if to_unit.pk == locked.unit_id:
            raise ValidationError(_("The case is already in this unit."), code="same_unit")
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This case is closed, so it cannot be transferred."), code="case_closed")
        now = clock.now()
        transfer = Transfer.all_objects.create(municipality_id=locked.municipality_id, case=locked,
                                               from_unit_id=locked.unit_id, to_unit=to_unit, reason=reason[:5000],
                                               by_user=_staff(by_user), at=now)
        locked.unit, locked.assignee, locked.updated_at = to_unit, None, now
        locked.save(update_fields=["unit", "assignee", "updated_at"])
        _record_assignment(locked, None, by_user, now)
        record_event(municipality=locked.municipality, kind="case.transferred_to_unit", obj=locked, actor=by_user,
                     data={"from_unit": str(transfer.from_unit.public_id), "to_unit": str(to_unit.public_id)})
        _notify(locked, "case.transferred_to_unit", f"{locked.public_id}:unit:{transfer.pk}")
        _sync(case, locked)
        return transfer


def hand_over(case, by_user, partner, reason) -> Handover:
    """Hand the case to a partner organisation as a package (cases.handover builds the ZIP); the
    case then shows as transferred outside, with the receiver named."""
    from luukku.privacy import consents

    from .handover import build_package

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the case is handed over: the resident sees the reason."), code="required")
    with transaction.atomic():
        locked = _lock(case)
        _require_handler(locked, by_user)
        if partner is None or partner.municipality_id != locked.municipality_id or not partner.active:
            raise ValidationError(_("Choose one of this municipality's partner organisations."),
                                  code="unknown_partner")
        if Status.TRANSFERRED not in TRANSITIONS.get(locked.status, set()) and \
                locked.status != Status.WAITING_FOR_RESIDENT:
            raise ValidationError(_("This case is closed, so it cannot be handed over."), code="case_closed")
        # The package discloses the resident's data: a consent or a recorded legal basis, checked now.
        basis = consents.check_disclosure(locked.subject, partner, case_type=locked.case_type)
        locked.handed_over_to, locked.assignee = partner, None
        locked.save(update_fields=["handed_over_to", "assignee"])
        if locked.status == Status.WAITING_FOR_RESIDENT:
            _apply_status(locked, Status.IN_HANDLING, by_user=by_user, reason="handover")
        _apply_status(locked, Status.TRANSFERRED, by_user=by_user, reason=reason[:5000])
        now = clock.now()
        handover = Handover(municipality_id=locked.municipality_id, case=locked, partner=partner,
                            reason=reason[:5000], by_user=_staff(by_user), at=now)
        data, manifest, sha256 = build_package(locked, handover)
        handover.sha256, handover.manifest = sha256, manifest
        handover.package.save(f"{locked.reference}-{handover.public_id}.zip", ContentFile(data), save=False)
        handover.save()
        consents.log_disclosure(locked.subject, partner, basis, by_user=by_user, channel="handover", case=locked)
        record_event(municipality=locked.municipality, kind="case.handed_over", obj=locked, actor=by_user,
                     data={"partner": str(partner.public_id), "handover": str(handover.public_id),
                           "sha256": sha256, "basis": basis.describe()})
        _sync(case, locked)
        return handover
