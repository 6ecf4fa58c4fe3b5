"""Writes of the front office (the pages and the staff API share these signatures)."""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luukku.cases import access
from luukku.cases import services as case_services
from luukku.catalogue.models import CodeKind
from luukku.core import clock
from luukku.core.services import record_event
from luukku.core.translation import tr
from luukku.eservices import selectors as eservices_selectors
from luukku.eservices import services as eservices_services
from luukku.eservices.models import FieldType, WhoMayApply
from luukku.people import selectors as people_selectors

from . import selectors
from .forms import START_CHANNELS, CaseForm, to_form_data
from .models import DURATION_MAX_MINUTES, CaseStart, Contact, ContactChannel, ContactOutcome, FollowUp

TOPIC_MAX = Contact._meta.get_field("topic").max_length
NOTES_MAX = 5000
FOLLOW_UP_TASK_MAX = FollowUp._meta.get_field("task").max_length
FOLLOW_UP_NOTE_MAX = FollowUp._meta.get_field("done_note").max_length


def _require_agent(by_user, municipality):
    if not access.may_serve_residents(by_user, municipality):
        raise PermissionDenied("the user may not serve residents in this municipality")


def log_contact(*, by_user, person, channel: str, topic: str, notes: str = "", case=None, service=None, unit=None,
                life_event=None, outcome: str = "", duration_minutes=None, follow_up: dict | None = None):
    """Record a contact with `person` (frontoffice.Contact). ValidationError on bad input;
    PermissionDenied unless by_user may serve residents in the person's municipality.
    `unit` is where the resident was served; by default the agent's own unit. `outcome` (ContactOutcome;
    the pages ask for it, the API may leave it out); FOLLOW_UP needs `follow_up`: {"task", "due",
    "assignee" (a user or None: anyone of the unit)}, written as a FollowUp with the contact."""
    municipality = person.municipality
    _require_agent(by_user, municipality)
    errors = {}
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose how the resident contacted us.")
    topic = " ".join(str(topic or "").split())
    if not topic:
        errors["topic"] = _("Write the topic in a few words.")
    elif len(topic) > TOPIC_MAX:
        errors["topic"] = _("Keep the topic under %(n)s characters.") % {"n": TOPIC_MAX}
    notes = str(notes or "").strip()
    if len(notes) > NOTES_MAX:
        errors["notes"] = _("Keep the notes under %(n)s characters.") % {"n": NOTES_MAX}
    if case is not None and (case.municipality_id != person.municipality_id
                             or person.pk not in (case.applicant_id, case.subject_id)):
        errors["case"] = _("Choose one of this resident's cases.")
    if service is not None and service.municipality_id != person.municipality_id:
        errors["service"] = _("Choose a service of this municipality.")
    if unit is None:
        unit = selectors.staff_role(by_user, municipality)[1]
    elif unit.municipality_id != person.municipality_id:
        errors["unit"] = _("Choose a unit of this municipality.")
    if life_event is not None and life_event.kind != CodeKind.LIFE_EVENT:
        errors["life_event"] = _("Choose a life event from the list.")
    if outcome and outcome not in ContactOutcome.values:
        errors["outcome"] = _("Choose how the contact ended.")
    if duration_minutes is not None and not 1 <= duration_minutes <= DURATION_MAX_MINUTES:
        errors["duration_minutes"] = _("Give the duration in whole minutes, from 1 to %(n)s.") % {"n": DURATION_MAX_MINUTES}
    task = _follow_up_errors(outcome, follow_up, municipality, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = Contact.all_objects.create(
            municipality=municipality, person=person, channel=channel, topic=topic, notes=notes, case=case,
            service=service, by_user=by_user, unit=unit, life_event=life_event, outcome=outcome,
            duration_minutes=duration_minutes,
        )
        if task is not None:
            FollowUp.all_objects.create(municipality=municipality, contact=contact, person=person, unit=unit,
                                        task=task, due=follow_up["due"], assignee=follow_up.get("assignee"))
        record_event(municipality=municipality, kind="contact.logged", obj=contact, actor=by_user,
                     data={"channel": channel, "case": case.reference if case else None, "outcome": outcome,
                           "follow_up": task is not None})
    return contact


def _follow_up_errors(outcome, follow_up, municipality, errors) -> str | None:
    """The follow-up's task when the outcome asks for one (errors filled in otherwise)."""
    if outcome != ContactOutcome.FOLLOW_UP:
        return None
    follow_up = follow_up or {}
    task = " ".join(str(follow_up.get("task") or "").split())
    if not task:
        errors["follow_up_task"] = _("Write what is to be done, so that a colleague can do it too.")
    elif len(task) > FOLLOW_UP_TASK_MAX:
        errors["follow_up_task"] = _("Keep the task under %(n)s characters.") % {"n": FOLLOW_UP_TASK_MAX}
    due = follow_up.get("due")
    if due is None:
        errors["follow_up_due"] = _("Give the day by which it is to be done.")
    elif due < clock.today():
        errors["follow_up_due"] = _("The due day cannot be in the past.")
    assignee = follow_up.get("assignee")
    if assignee is not None and not access.may_serve_residents(assignee, municipality):
        errors["follow_up_assignee"] = _("Choose a colleague who serves residents here.")
    return task or None


def complete_follow_up(*, by_user, follow_up, note: str = "") -> FollowUp:
    """Mark a follow-up done, once. Any agent of the municipality may (the assignee may be away)."""
    _require_agent(by_user, follow_up.municipality)
    note = " ".join(str(note or "").split())
    if len(note) > FOLLOW_UP_NOTE_MAX:
        raise ValidationError({"note": _("Keep the note under %(n)s characters.") % {"n": FOLLOW_UP_NOTE_MAX}})
    with transaction.atomic():
        row = FollowUp.all_objects.select_for_update().get(pk=follow_up.pk)
        if row.done_at is not None:
            raise ValidationError(_("This follow-up was already marked done."))
        row.done_at, row.done_by, row.done_note = clock.now(), by_user, note
        row.save(update_fields=["done_at", "done_by", "done_note"])
        record_event(municipality=row.municipality, kind="contact.follow_up_done", obj=row.contact, actor=by_user,
                     data={"follow_up": row.pk})
    return row


def _subject(case_type, person, subject, children):
    """(subject or None, mandate or None) for whom the case is; ValidationError({"subject": …})."""
    if subject is None or subject.pk == person.pk:
        if case_type.who_may_apply == WhoMayApply.CHILD:
            raise ValidationError({"subject": _("This case is made for a child in the resident's care: choose the child.")})
        return None, None
    if case_type.who_may_apply == WhoMayApply.SELF:
        raise ValidationError({"subject": _("This case can only be made by residents for themselves.")})
    for child, mandate in children:
        if child.pk == subject.pk:
            return child, mandate
    raise ValidationError({"subject": _("According to the population register, this person is not a child in the resident's care.")})


class KeyReused(ValidationError):
    """The idempotency key already started `case` from a different request."""

    def __init__(self, case):
        super().__init__(_("This key was already used to start case %(reference)s with different content.")
                         % {"reference": case.reference}, code="idempotency_key_reused")
        self.case = case


def _fingerprint(person, case_type, data, channel, subject, contact_topic) -> str:
    asked = {"person": str(person.public_id), "case_type": case_type.pk, "channel": channel,
             "subject": str(subject.public_id) if subject is not None else None, "topic": contact_topic or "",
             "data": data}
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


def _earlier_start(municipality, by_user, key: str, fingerprint: str):
    """The case this key started (replayed=True), KeyReused if it was for other content, else None."""
    start = CaseStart.all_objects.select_related("case").filter(municipality=municipality, by_user=by_user,
                                                                 key=key).first()
    if start is None or start.case is None:
        return None
    if start.fingerprint != fingerprint:
        raise KeyReused(start.case)
    start.case.replayed = True
    return start.case


def start_case(*, by_user, person, case_type, data: dict, channel: str, subject=None, contact_topic: str = "",
               idempotency_key: str = ""):
    """Start a case for `person` (optionally about `subject`, e.g. their child) from the front office:
    `data` is checked against the case type's published form exactly as the e-service checks it
    (ValidationError({field_key: message}) listing every problem); then cases.services.submit_draft
    runs with started_by=by_user and `channel` (phone, service_point, mail, email, chat), and the
    contact is logged. Returns the Case, which the resident then sees in My cases.

    `data` is in the draft's stored shape (dates ISO, addresses {street, postal_code, post_office},
    multiple choices as lists). File fields are not asked: the resident (or the handler) adds the
    attachments to the case later. The child field of a form is filled from `subject`.

    With `idempotency_key`, one case per key whatever the timing: a repeat with the same content
    returns the first case (its `replayed` is True; nothing else is written), with other content
    raises KeyReused. A concurrent repeat waits on the key's unique row until the first commits."""
    municipality = person.municipality
    _require_agent(by_user, municipality)
    key = str(idempotency_key or "")[:100]
    fingerprint = _fingerprint(person, case_type, data, channel, subject, contact_topic) if key else ""
    if key and (earlier := _earlier_start(municipality, by_user, key, fingerprint)) is not None:
        return earlier
    if case_type.municipality_id != person.municipality_id:
        raise ValidationError({"case_type": _("Choose a case type of this municipality.")})
    definition = eservices_selectors.published_definition(case_type)
    if not case_type.active or definition is None:
        raise ValidationError({"case_type": _("This case type is not open for applications.")})
    if channel not in dict(START_CHANNELS):
        raise ValidationError({"channel": _("Choose the channel.")})
    children = people_selectors.children_of(person)
    subject, mandate = _subject(case_type, person, subject, children)
    fields = [f for f in eservices_services.fields_of(definition) if f.type != FieldType.FILE]
    form = CaseForm(to_form_data(fields, data), case_type=case_type, definition=definition, person=person,
                    subject=subject, children=children, language=get_language() or person.language)
    if not form.is_valid():
        raise ValidationError(form.errors_by_key())
    pages = len(form.pages)
    with transaction.atomic():
        start = None
        if key:
            try:
                with transaction.atomic():
                    start = CaseStart.all_objects.create(municipality=municipality, by_user=by_user, key=key,
                                                         fingerprint=fingerprint)
            except IntegrityError:  # the same key committed meanwhile (we waited for it)
                earlier = _earlier_start(municipality, by_user, key, fingerprint)
                if earlier is None:
                    raise
                return earlier
        draft = eservices_services.start_draft(case_type=case_type, definition=definition, applicant=person,
                                               subject=subject, mandate=mandate)
        draft = eservices_services.save_page(draft, form.page_values(), page_number=pages, children=children)
        missing = [f for f in eservices_services.missing_answers(draft) if f.type != FieldType.FILE]
        if missing:  # the forms above should have said so: never submit a case the e-service would refuse
            raise ValidationError({f.key: [_("This field is required.")] for f in missing})
        case = case_services.submit_draft(draft, by_person=None, channel=channel, started_by=by_user)
        topic = contact_topic or _("Case started: %(name)s") % {"name": tr(case_type.name)}
        log_contact(by_user=by_user, person=person, channel=channel, topic=topic[:TOPIC_MAX], case=case,
                    outcome=ContactOutcome.CASE_STARTED,
                    service=case_type.service)
        if start is not None:
            start.case = case
            start.save(update_fields=["case"])
    case.replayed = False
    return case
