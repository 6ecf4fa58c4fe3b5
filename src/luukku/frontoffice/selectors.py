"""Reads of the front office: finding a resident, and what the resident card shows."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from luukku.cases import access
from luukku.core import selectors as core_selectors
from luukku.core.models import Channel, Role
from luukku.core.services import record_audit, record_audits
from luukku.people import hetu as hetu_module
from luukku.people.models import Person

from .models import CallbackRequest, CallbackStatus, Contact, FollowUp

SEARCH_LIMIT = 50
NO_ONE = "00000000-0000-0000-0000-000000000000"  # subject of an audit event of a search that found no one
PURPOSE = "front office"


def _fold(text: str) -> str:
    # casefold + NFC: "Äijälä" = "äijälä" on every database (SQLite's LIKE folds ASCII only).
    return unicodedata.normalize("NFC", text).casefold()


def _name_parts(person) -> list[str]:
    words = f"{person.first_names} {person.last_name}".split()
    return [_fold(p) for word in words for p in {word, *re.split(r"[-‐]", word)} if p]


def name_words(name: str) -> list[str]:
    return [_fold(word) for word in (name or "").split()]


def find_by_name(municipality, *, name: str, birth_date):
    """Persons of the municipality whose names contain every word of `name` and who were born on
    `birth_date` (both required, so a search never lists half the town). A word matches when a first
    name or the last name (or a part of a double name) starts with it, in any letter case."""
    words = name_words(name)
    if not words or birth_date is None:
        return []
    # Born that day narrows to a handful of rows; the words are then matched in Python so that
    # letter case works the same on SQLite and PostgreSQL.
    born = Person.all_objects.filter(municipality=municipality, birth_date=birth_date).order_by(
        "last_name", "first_names", "pk")
    found = []
    for person in born.iterator():
        parts = _name_parts(person)
        if all(any(part.startswith(word) for part in parts) for word in words):
            found.append(person)
            if len(found) >= SEARCH_LIMIT:
                break
    return found


def staff_role(user, municipality) -> tuple[str, object]:
    """(role, unit) in which `user` serves residents here: for the audit trail and the contact log."""
    memberships = core_selectors.memberships_of(user, municipality)
    for role in (Role.SERVICE_POINT_AGENT, Role.ADMINISTRATOR):
        for m in memberships:
            if m.role == role:
                return role, m.unit
    return (Role.ADMINISTRATOR if getattr(user, "is_superuser", False) else ""), None


def audit_read(*, municipality, user, person, action="person.read", purpose=PURPOSE, obj=None):
    """One AuditEvent: `user` saw `person`'s data (obj: a case, when the page is about one)."""
    role, unit = staff_role(user, municipality)
    target = obj if obj is not None else person
    return record_audit(municipality=municipality, actor=user, subject_id=person.public_id, action=action,
                        purpose=purpose, object_type=target._meta.label_lower, object_id=target.public_id,
                        role=role, unit=unit)


def audit_results(*, municipality, user, persons, channel=Channel.WEB, action="person.search_result",
                  purpose=f"{PURPOSE}: name search") -> None:
    """A list of residents (search results, the others a card names) shows names and birth dates:
    one AuditEvent per person listed, in one insert."""
    role, unit = staff_role(user, municipality)
    record_audits(municipality=municipality, actor=user, action=action, purpose=purpose, role=role, unit=unit,
                  channel=channel, subjects=[(p.public_id, "people.person", p.public_id) for p in persons])


def find_by_hetu(municipality, *, hetu: str, by_user):
    """The person with this identity code, or None. Always writes an audit event (the code itself is
    never stored in it). ValidationError for a malformed code."""
    role, unit = staff_role(by_user, municipality)
    try:
        code = hetu_module.validate(hetu or "", allow_temporary=False)
    except ValidationError:
        record_audit(municipality=municipality, actor=by_user, subject_id=NO_ONE, action="person.search",
                     purpose=f"{PURPOSE}: identity code search (malformed code)", role=role, unit=unit)
        raise
    person = Person.all_objects.filter(municipality=municipality, hetu_hash=hetu_module.lookup_hash(code)).first()
    record_audit(municipality=municipality, actor=by_user, subject_id=person.public_id if person else NO_ONE,
                 action="person.search", purpose=f"{PURPOSE}: identity code search",
                 object_type="people.person" if person else "", object_id=person.public_id if person else "",
                 role=role, unit=unit)
    return person


def person_of(municipality, person_id) -> Person:
    """A person of this municipality; 404 for anything else (another municipality's included)."""
    person = Person.all_objects.filter(municipality=municipality, public_id=person_id).first()
    if person is None:
        raise Http404("no such person")
    return person


def cases_of(person):
    """The person's cases as applicant or subject, in every unit, newest first."""
    from luukku.cases.models import Case

    return (Case.all_objects.filter(municipality_id=person.municipality_id)
            .filter(Q(applicant=person) | Q(subject=person))
            .select_related("case_type", "unit", "subject", "applicant", "municipality")
            .order_by("-submitted_at", "-pk"))


def case_summaries(person, user) -> list[dict]:
    """What `user` may see of the person's cases: the summary everywhere the role allows it, and
    whether the full case may be opened."""
    out = []
    for case in cases_of(person):
        if not access.may_see_summary(user, case):
            continue
        out.append({"case": case, "may_read": access.may_read(user, case),
                    "about_other": case.subject_id != person.pk, "by_other": case.applicant_id != person.pk})
    return out


def case_of(person, case_id):
    case = cases_of(person).filter(public_id=case_id).first()
    if case is None:
        raise Http404("no such case")
    return case


def contacts_of(person):
    return (Contact.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .select_related("case", "service", "by_user", "unit", "life_event", "follow_up", "follow_up__assignee")
            .order_by("-at", "-id"))


def life_events(language: str) -> list:
    """The PTV life events a contact may be about, in the language's alphabetical order."""
    from luukku.catalogue.models import Code, CodeKind
    from luukku.core.translation import tr

    return sorted(Code.objects.filter(kind=CodeKind.LIFE_EVENT), key=lambda e: tr(e.name, language).casefold())


def open_follow_ups(municipality, user, unit):
    """Open follow-ups for `user`: assigned to them, or to nobody in their unit; the overdue first."""
    mine = Q(assignee=user)
    if unit is not None:
        mine |= Q(assignee__isnull=True, unit=unit)
    return (FollowUp.all_objects.filter(mine, municipality=municipality, done_at__isnull=True)
            .select_related("person", "assignee", "contact").order_by("due", "id"))


def follow_up_of(municipality, follow_up_id: int):
    row = FollowUp.all_objects.filter(municipality=municipality, pk=follow_up_id).select_related("person").first()
    if row is None:
        raise Http404
    return row


def _open_case_types(municipality):
    from luukku.eservices.models import CaseType, DefinitionStatus

    return (CaseType.all_objects.filter(municipality=municipality, active=True,
                                        definitions__status=DefinitionStatus.PUBLISHED)
            .select_related("unit", "service").distinct())


def open_case_types(municipality) -> list:
    """Active case types that have a published form, by name."""
    from luukku.core.translation import tr

    return sorted(_open_case_types(municipality), key=lambda t: tr(t.name).casefold())


def open_case_type(municipality, slug):
    """An active case type with a published form, or 404 (unknown, closed or another municipality's)."""
    case_type = _open_case_types(municipality).filter(slug=slug).first()
    if case_type is None:
        raise Http404("no such case type")
    return case_type


def callback_queue(municipality):
    """The shared queue: waiting requests, the longest waiting first, then those being called."""
    return (CallbackRequest.all_objects.filter(municipality=municipality,
                                               status__in=(CallbackStatus.WAITING, CallbackStatus.TAKEN))
            .select_related("person", "taken_by", "service").order_by("created_at", "id"))


def callbacks_of(person):
    """A resident's own requests, newest first (the last 20)."""
    return (CallbackRequest.all_objects.filter(municipality_id=person.municipality_id, person=person)
            .order_by("-created_at", "-id")[:20])


def callback_of(municipality, public_id):
    row = CallbackRequest.all_objects.filter(municipality=municipality, public_id=public_id).select_related(
        "person").first()
    if row is None:
        raise Http404
    return row
