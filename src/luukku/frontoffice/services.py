"""Writes of the front office (the pages and the staff API share these signatures)."""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luukku.cases import access
from luukku.cases import services as case_services
from luukku.core.services import record_event
from luukku.core.translation import tr
from luukku.eservices import selectors as eservices_selectors
from luukku.eservices import services as eservices_services
from luukku.eservices.models import FieldType, WhoMayApply
from luukku.people import selectors as people_selectors

from . import selectors
from .forms import START_CHANNELS, CaseForm, to_form_data
from .models import CaseStart, Contact, ContactChannel

TOPIC_MAX = Contact._meta.get_field("topic").max_length
NOTES_MAX = 5000


def _require_agent(by_user, municipality):
    if not access.may_serve_residents(by_user, municipality):
        raise PermissionDenied("the user may not serve residents in this municipality")


def log_contact(*, by_user, person, channel: str, topic: str, notes: str = "", case=None, service=None, unit=None):
    """Record a contact with `person` (frontoffice.Contact). ValidationError on bad input;
    PermissionDenied unless by_user may serve residents in the person's municipality.
    `unit` is where the resident was served; by default the agent's own unit."""
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
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = Contact.all_objects.create(
            municipality=municipality, person=person, channel=channel, topic=topic, notes=notes, case=case,
            service=service, by_user=by_user, unit=unit,
        )
        record_event(municipality=municipality, kind="contact.logged", obj=contact, actor=by_user,
                     data={"channel": channel, "case": case.reference if case else None})
    return contact


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
                    service=case_type.service)
        if start is not None:
            start.case = case
            start.save(update_fields=["case"])
    case.replayed = False
    return case
