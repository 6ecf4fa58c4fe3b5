"""Reads of cases for the resident: which cases a person may see, and what they mean in plain language."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from luukku.core import clock
from luukku.core.compiled import compiled_query
from luukku.core.translation import localize, tr
from luukku.people.models import Person
from luukku.people.selectors import ended_limited_mandate_ids, persons_acting_for

from .models import (
    OPEN_STATUSES,
    AnswerChoice,
    Case,
    Decision,
    DecisionAnswer,
    Handover,
    Message,
    PartnerOrganisation,
    Status,
    StatusChange,
    StatusText,
    SubStatus,
    Transfer,
    case_rows,
)


def acted_for(person) -> list:
    """[(Person, Mandate | None)]: the person and everyone they may act for today. Kept on the
    instance: a page asks several times (the person list, the cases), the answer is the same."""
    cached = getattr(person, "_acted_for", None)
    if cached is None:
        cached = person._acted_for = persons_acting_for(person)
    return cached


def cases_for(person):
    """The person's own cases (as applicant or subject) and cases about anyone they act for today.
    Joins only the case type and the unit: at millions of cases PostgreSQL spends longer planning a
    seven-table join than running it (bench/RESULTS.md); `with_related` fills in the rest."""
    if person is None:
        return Case.all_objects.none()
    return cases_visible(person.municipality_id, person.pk, *visibility(person))


def visibility(person) -> tuple:
    """(subject ids, {subject id: case type ids} under limited mandates, ended mandate ids) that decide
    which cases the person sees; plain values, so the query can be compiled once (core.compiled)."""
    # Guardianship covers every case of the child; a granted mandate only its case types.
    subject_ids, limited = [], {}
    for p, m in acted_for(person):
        if m is None or not m.limited:
            subject_ids.append(p.pk)
        else:
            limited.setdefault(p.pk, set()).update(ct.pk for ct in m.case_types.all())
    limited = {pk: tuple(sorted(types)) for pk, types in limited.items() if pk not in subject_ids}
    return tuple(subject_ids), limited, tuple(ended_limited_mandate_ids(person))


def cases_visible(municipality_id: int, person_id: int, subject_ids: tuple, limited: dict, ended: tuple):
    visible = Q(subject_id__in=subject_ids)
    for pk, types in limited.items():
        visible |= Q(subject_id=pk, case_type_id__in=types)
    own = Q(applicant_id=person_id)
    if ended:  # applied for someone under a mandate that has ended: no longer theirs to see
        own &= ~Q(mandate_id__in=ended)
    return (Case.all_objects.filter(municipality_id=municipality_id)
            .filter(own | visible)
            .select_related("case_type", "unit")
            .order_by("-updated_at", "-submitted_at"))


def with_related(cases, person) -> list:
    """`cases` (of cases_for(person)) as a list with the municipality, subject, applicant, sub-status
    and hand-over partner set: people from the acted-for list, the rest in one read per table."""
    cases = list(cases)
    people = {p.pk: p for p, _m in acted_for(person)}
    missing = {pk for c in cases for pk in (c.subject_id, c.applicant_id)} - people.keys()
    people.update(Person.all_objects.in_bulk(missing))
    subs = SubStatus.all_objects.in_bulk({c.sub_status_id for c in cases if c.sub_status_id})
    partners = PartnerOrganisation.all_objects.in_bulk({c.handed_over_to_id for c in cases if c.handed_over_to_id})
    for case in cases:
        if case.municipality_id == person.municipality_id:
            case.municipality = person.municipality
        case.subject, case.applicant = people[case.subject_id], people[case.applicant_id]
        if case.sub_status_id:
            case.sub_status = subs[case.sub_status_id]
        if case.handed_over_to_id:
            case.handed_over_to = partners[case.handed_over_to_id]
    return cases


def case_list_for(person) -> list:
    """My cases: cases_for(person) without the form data (not shown in the list), related rows set."""
    return with_related(cases_for(person).defer("data"), person)


@compiled_query("cases.case_for")
def _case_for(municipality_id: int, person_id: int, subject_ids: tuple[int, ...], ended: tuple[int, ...],
              case_id: uuid.UUID) -> QuerySet:
    return cases_visible(municipality_id, person_id, subject_ids, {}, ended).filter(public_id=case_id)[:1]


def case_for(person, case_id):
    """One case the person may see; 404 for anything else (not 403: existence is not revealed)."""
    if person is None:
        raise Http404("no such case")
    subject_ids, limited, ended = visibility(person)
    if limited or not isinstance(case_id, uuid.UUID):  # its shape varies with the limited mandates: the ORM's way
        rows = cases_for(person).filter(public_id=case_id)[:1]
    else:
        rows = _case_for(person.municipality_id, person.pk, subject_ids, ended, case_id)
    found = with_related(rows, person)
    if not found:
        raise Http404("no such case")
    return found[0]


@dataclass
class StatusInfo:
    status: str
    text: str
    language: str
    action_required: bool
    actions: list = field(default_factory=list)


# The status texts every case type has unless it says otherwise: (text, action required, actions).
_GENERIC = {
    Status.SUBMITTED: (gettext_noop("Your case has been received and is waiting to be handled."), False,
                       ("add_attachments", "withdraw")),
    Status.IN_HANDLING: (gettext_noop("Your case is being handled."), False, ("add_attachments", "withdraw")),
    Status.WAITING_FOR_RESIDENT: (
        gettext_noop("The handler needs more information from you. Please answer the request."), True,
        ("answer", "add_attachments", "withdraw")),
    Status.DECIDED: (gettext_noop("A decision has been made. You can read it below."), False, ()),
    Status.CLOSED: (gettext_noop("The case is closed."), False, ()),
    Status.WITHDRAWN: (gettext_noop("The case was withdrawn."), False, ()),
    Status.TRANSFERRED: (gettext_noop("The case was transferred to another authority."), False, ()),
}


def _generic(status: str) -> tuple[str, bool, list]:
    """The generic text of `status` in the active language (only its own translated: a list asks per case)."""
    text, action, actions = _GENERIC.get(status, (None, False, ()))
    return (_(text) if text else str(status)), action, list(actions)


_MISSING = object()


@compiled_query("cases.status_texts")
def _status_texts(municipality_id: int, case_type_ids: tuple[int, ...]) -> QuerySet:
    return StatusText.all_objects.filter(municipality_id=municipality_id, case_type_id__in=case_type_ids)


@compiled_query("cases.status_text")
def _status_text(municipality_id: int, case_type_id: int, status: str) -> QuerySet:
    qs = StatusText.all_objects.filter(municipality_id=municipality_id, case_type_id=case_type_id, status=status)
    return (qs if qs.ordered else qs.order_by("pk"))[:1]  # as first() would


def status_text_rows(cases) -> dict:
    """{(case_type_id, status): StatusText} for a list of cases, in one query (My cases)."""
    cases = list(cases)
    if not cases:
        return {}
    rows = _status_texts(cases[0].municipality_id, tuple(sorted({c.case_type_id for c in cases})))
    return {(r.case_type_id, r.status): r for r in rows}


def status_text(case, language: str, rows: dict | None = None) -> StatusInfo:
    """What the status means to the resident: the sub-status's own text when it has one, else the
    case type's status text, else the generic one. Whether they must act comes from the status.
    `rows` is status_text_rows() of a list the case is in, saving a query per case."""
    row = rows.get((case.case_type_id, case.status)) if rows is not None else _MISSING
    if row is _MISSING:
        row = next(iter(_status_text(case.municipality_id, case.case_type_id, str(case.status))), None)
    with translation.override(language):
        generic, generic_action, generic_actions = _generic(case.status)
    if row is not None:
        action_required, actions = row.action_required, list(row.actions or [])
    else:
        action_required, actions = generic_action, generic_actions
    sub = case.sub_status if case.sub_status_id else None
    if sub is not None and sub.status == case.status:
        picked = localize(sub.resident_text, language)
        if picked:
            return StatusInfo(case.status, picked.text, picked.language, action_required, actions)
    if row is not None:
        picked = localize(row.text, language)
        if picked:
            return StatusInfo(case.status, picked.text, picked.language, action_required, actions)
    return StatusInfo(case.status, generic, language, action_required, actions)


# --- decisions that ask for an answer ----------------------------------------------------------

@dataclass
class AnswerState:
    """Where a decision that asks for an answer stands: "answered", "waiting" or "deadline_passed"."""

    decision: object
    due: dt.date
    answer: object = None  # DecisionAnswer
    state: str = "waiting"

    @property
    def waiting(self) -> bool:
        return self.state == "waiting"


def _state(decision, answer, today) -> AnswerState:
    if answer is not None:
        state = "answered"
    else:
        state = "deadline_passed" if today > decision.answer_due else "waiting"
    return AnswerState(decision, decision.answer_due, answer, state)


@compiled_query("cases.asked_decisions")
def _asked_decisions(case_ids: tuple[int, ...]) -> QuerySet:
    # ordered within each case as Meta.ordering does, without its join to cases_case to sort
    return (Decision.all_objects.filter(case_id__in=case_ids, answer_due__isnull=False)
            .only("pk", "public_id", "case_id", "title", "decided_at", "answer_due").order_by("decided_at"))


@compiled_query("cases.decision_answers")
def _answers_to(decision_ids: tuple[int, ...]) -> QuerySet:
    return (DecisionAnswer.all_objects.filter(decision_id__in=decision_ids)
            .select_related("by_person", "on_behalf_of").order_by("at", "id"))


def answer_states(cases, today: dt.date | None = None, *, decisions: list | None = None,
                  answers: list | None = None) -> dict:
    """{case id: [AnswerState]} of the decisions asking for an answer, for a list of cases (two reads).
    The deadline passing needs no job: the state is worked out from the date. `decisions`: every
    decision of the cases, `answers`: every answer to them (with by_person and on_behalf_of), when
    the caller has read them already (the case page), each saving a read."""
    ids = [c.pk for c in cases]
    if not ids:
        return {}
    today = today or clock.today()
    if decisions is not None:
        asked = [d for d in decisions if d.answer_due is not None]
    else:
        asked = _asked_decisions(tuple(ids))
    if answers is None:
        answers = _answers_to(tuple(d.pk for d in asked)) if asked else []
    answers = {a.decision_id: a for a in answers}
    out: dict = {}
    for decision in asked:
        out.setdefault(decision.case_id, []).append(_state(decision, answers.get(decision.pk), today))
    return out


def answer_state(decision, today: dt.date | None = None) -> AnswerState | None:
    if decision.answer_due is None:
        return None
    answer = DecisionAnswer.all_objects.filter(decision=decision).select_related("by_person", "on_behalf_of").first()
    return _state(decision, answer, today or clock.today())


def with_answers(info: StatusInfo, states: list, language: str) -> StatusInfo:
    """The status as the answers leave it: a decision waiting for an answer needs action; once
    answered (or past its deadline) the resident is told so instead of being asked again."""
    from .decisions import format_date

    if not states or info.status != Status.DECIDED:
        return info
    latest = max(states, key=lambda s: (s.decision.decided_at, s.decision.pk))
    with translation.override(language):
        if latest.state == "waiting":
            return StatusInfo(info.status, info.text, info.language, True, ["answer_decision", *info.actions])
        if latest.state == "answered":
            day = format_date(latest.answer.at.astimezone(clock.HELSINKI).date())
            text = (_("The decision was accepted on %(day)s.") if latest.answer.answer == AnswerChoice.ACCEPT
                    else _("The decision was declined on %(day)s.")) % {"day": day}
        else:
            text = _("The deadline for answering the decision passed on %(day)s without an answer.") % {
                "day": format_date(latest.due)}
    return StatusInfo(info.status, text, language, False, [a for a in info.actions if a != "answer_decision"])


def answers_and_reviews(case, decisions: list) -> dict:
    """What the staff case page shows of answers and reviews, from the case's decisions the page has
    read: each decision's answer state, the reviews asked of it, and for a review case the decision
    it asks to correct (and whether it came late)."""
    states = {s.decision.pk: s for s in answer_states([case], decisions=decisions).get(case.pk, [])}
    reviews = reviews_of(decisions)
    review_of = Decision.all_objects.filter(pk=case.review_of_id).select_related("case").first() \
        if case.review_of_id else None
    return {
        "decisions": [{"decision": d, "state": states.get(d.pk), "reviews": reviews.get(d.pk, [])}
                      for d in decisions if d.pk in states or reviews.get(d.pk)],
        "review_of": review_of,
    }


@compiled_query("cases.reviews_of")
def _reviews_of(decision_ids: tuple[int, ...]) -> QuerySet:
    return Case.all_objects.filter(review_of_id__in=decision_ids).select_related("case_type").order_by("submitted_at")


@compiled_query("cases.sub_statuses")
def sub_statuses(municipality_id: int, case_type_id: int) -> QuerySet:
    """The case type's sub-statuses (the timeline names them)."""
    return SubStatus.all_objects.filter(municipality_id=municipality_id, case_type_id=case_type_id)


def reviews_of(decisions) -> dict:
    """{decision id: [Case]}: the requests for review made of these decisions."""
    ids = tuple(d.pk for d in decisions)
    out: dict = {}
    if ids:
        for case in _reviews_of(ids):
            out.setdefault(case.review_of_id, []).append(case)
    return out


@dataclass
class Handling:
    """Who has the case now: a unit of the municipality, or the partner it was handed over to."""

    name: str
    language: str
    partner: object = None  # PartnerOrganisation
    handover: object = None  # the latest Handover to it


def handling(case, language: str, *, with_handover: bool = True) -> Handling:
    if case.handed_over_to_id:
        partner = case.handed_over_to
        handover = Handover.all_objects.filter(case=case, partner=partner).order_by("-at", "-id").first() \
            if with_handover else None
        picked = localize(partner.name, language)
        return Handling(picked.text, picked.language, partner, handover)
    picked = localize(case.unit.name, language)
    return Handling(picked.text, picked.language)


def open_request(case, messages=None):
    """The oldest unanswered request for information, if any. `messages`: all of the case's
    messages when the caller has them already (the case page), saving a query."""
    if messages is None:
        return (Message.all_objects.filter(case=case, is_information_request=True, answers__isnull=True)
                .order_by("created_at", "id").first())
    answered = {m.answer_to_id for m in messages if m.answer_to_id}
    asked = [m for m in messages if m.is_information_request and m.pk not in answered]
    return min(asked, key=lambda m: (m.created_at, m.pk), default=None)


def can_add(case) -> bool:
    return case.status in OPEN_STATUSES


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # "status", "message", "decision"; with transfers also "transfer", "handover", "decision_answer"
    item: object
    label: str = ""  # the new status (and sub-status), for status entries


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def timeline(case, *, transfers: bool = False, language: str | None = None,
             decisions: list | None = None, decision_answers: list | None = None,
             attachments: list | None = None) -> list[TimelineEntry]:
    """What happened, oldest first. `transfers` adds moves between units and hand-overs (the
    resident's page; the API's schema names only the first three kinds). `decisions` and
    `decision_answers` (with by_person): the case's, when the caller has read them already.
    `attachments`: the case's (files_of); each message then has its own as `files` instead of
    prefetched `attachments`."""
    changes = case_rows(StatusChange, case)
    sub_names = {}
    if language and any(c.to_sub_status for c in changes):
        sub_names = {s.code: tr(s.name, language) for s in case_sub_statuses(case)}
    entries = []
    for c in changes:
        label = _status_label(c.to_status)
        if c.to_sub_status and sub_names.get(c.to_sub_status):
            label = f"{label} ({sub_names[c.to_sub_status]})"
        entries.append(TimelineEntry(c.at, "status", c, label))
    messages = case_rows(Message, case, "author_person", "on_behalf_of")
    if attachments is None:
        prefetch_related_objects(messages, "attachments")
    else:
        with_files(messages, attachments)
    entries += [TimelineEntry(m.created_at, "message", m) for m in messages]
    if decisions is None:
        decisions = case_rows(Decision, case)
    entries += [TimelineEntry(d.decided_at, "decision", d) for d in decisions]
    if transfers:
        entries += [TimelineEntry(t.at, "transfer", t, tr(t.to_unit.name, language))
                    for t in case_rows(Transfer, case, "to_unit")]
        entries += [TimelineEntry(h.at, "handover", h, tr(h.partner.name, language))
                    for h in case_rows(Handover, case, "partner")]
        if decision_answers is None:
            decision_answers = case_rows(DecisionAnswer, case, "by_person")
        entries += [TimelineEntry(a.at, "decision_answer", a) for a in decision_answers]
    order = {"status": 0, "transfer": 1, "handover": 2, "message": 3, "decision": 4, "decision_answer": 5}
    return sorted(entries, key=lambda e: (e.at, order[e.kind]))


@dataclass
class Answer:
    key: str
    label: str
    value: str


def _format(field, value, case, language, files=None) -> str:
    from luukku.eservices.models import FieldType

    if value in (None, "", []):
        return ""
    kind = field.type if field is not None else ""
    choices = {str(c.get("value")): tr(c.get("label"), language) for c in (field.choices or [])} if field else {}
    if kind == FieldType.CHOICE:
        return choices.get(str(value), str(value))
    if kind == FieldType.MULTI_CHOICE:
        values = value if isinstance(value, list) else [value]
        return ", ".join(choices.get(str(v), str(v)) for v in values)
    if kind == FieldType.YES_NO:
        yes = value in (True, "yes", "true", "True", "1", 1)
        with translation.override(language):
            return _("Yes") if yes else _("No")
    if kind == FieldType.DATE:
        try:
            day = dt.date.fromisoformat(str(value))
            return f"{day.day}.{day.month}.{day.year}"
        except ValueError:
            return str(value)
    if kind == FieldType.CHILD:
        from luukku.people.models import Person

        wanted = _uuid(value)
        if wanted is None:
            return str(value)
        subject = case.subject if case.subject_id else None  # usually the child: read with the case
        child = subject if subject is not None and subject.public_id == wanted else \
            Person.all_objects.filter(municipality_id=case.municipality_id, public_id=wanted).first()
        return child.full_name if child else str(value)
    if kind == FieldType.FILE:
        names = [a.name for a in (files if files is not None else case.attachments.all()) if a.field_key == field.key]
        return ", ".join(names)
    if isinstance(value, dict):
        from luukku.eservices.forms import PROTECTED_TEXT
        from luukku.eservices.prefill import is_protected_address

        if is_protected_address(value):  # turvakielto: the answers hold no address, only this marker
            with translation.override(language):
                return str(PROTECTED_TEXT)
        return ", ".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


REVIEW_CASE_TYPE = "oikaisuvaatimus"  # cases.services.review_case_type


def _review_answers(case, language: str) -> list[Answer]:
    """A request for review has no form version: its answers are labelled here."""
    from .decisions import format_date

    data = case.data or {}
    with translation.override(language):
        labels = {"decision": _("Decision"), "decision_date": _("Date of the decision"),
                  "case_reference": _("Case reference"), "review_body": _("To whom"),
                  "deadline": _("Deadline"), "grounds": _("Why should the decision be corrected?"),
                  "demand": _("How do you want the decision corrected?")}
        result = []
        for key, label in labels.items():
            value = data.get(key) or ""
            if key in ("deadline", "decision_date") and value:
                try:
                    value = format_date(dt.date.fromisoformat(value))
                except ValueError:
                    pass
            if value:
                result.append(Answer(key, label, str(value)))
    return result


@compiled_query("cases.form_fields")
def _form_fields(definition_id: int) -> QuerySet:
    from luukku.eservices.models import FormField

    return FormField.all_objects.filter(definition_id=definition_id).order_by("page__order", "order")


def answers(case, language: str, *, attachments: list | None = None) -> list[Answer]:
    """The answers given, labelled from the form version the case was made with. `attachments`: the
    case's (files_of), when the caller has read them already."""
    if case.review_of_id or case.case_type.slug == REVIEW_CASE_TYPE:
        return _review_answers(case, language)
    data = case.data or {}
    result = []
    if case.definition_id:
        fields = _form_fields(case.definition_id)
        for f in fields:
            if f.key in data or f.type == "file":
                value = _format(f, data.get(f.key), case, language, attachments)
                if value:
                    result.append(Answer(f.key, tr(f.label, language), value))
        known = {f.key for f in fields}
    else:
        known = set()
    for key, value in data.items():
        if key not in known:
            text = _format(None, value, case, language, attachments)
            if text:
                result.append(Answer(key, key, text))
    return result


def done_under_mandates(mandates) -> dict:
    """{mandate id: [(time, what, case)]}: what the agents did under these mandates (applied, sent a
    message, changed a status), newest first, so the represented person can see it."""
    ids = [m.pk for m in mandates]
    out: dict[int, list] = {pk: [] for pk in ids}
    if not ids:
        return out
    for case in Case.all_objects.filter(mandate_id__in=ids).select_related("case_type"):
        out[case.mandate_id].append((case.submitted_at, _("Sent an application or notice"), case))
    for message in Message.all_objects.filter(mandate_id__in=ids, from_resident=True).select_related("case__case_type"):
        out[message.mandate_id].append((message.created_at, _("Sent a message"), message.case))
    for change in (StatusChange.all_objects.filter(mandate_id__in=ids).exclude(to_status=Status.SUBMITTED)
                   .select_related("case__case_type")):
        out[change.mandate_id].append((change.at, _("Changed the status: %(status)s") % {
            "status": Status(change.to_status).label}, change.case))
    for rows in out.values():
        rows.sort(key=lambda row: row[0], reverse=True)
    return out


OTHER_CASES = 50  # the most the staff case page lists


@compiled_query("cases.other_cases_of")
def _other_cases_of(municipality_id: int, subject_id: int, case_id: int) -> QuerySet:
    return (Case.all_objects.filter(municipality_id=municipality_id, subject_id=subject_id)
            .exclude(pk=case_id).select_related("case_type", "unit")
            .only("public_id", "reference", "status", "submitted_at", "decided_at", "municipality_id",
                  "unit_id", "case_type_id", "subject_id", "case_type__name", "unit__name")
            .order_by("-submitted_at", "-id")[:OTHER_CASES])


def other_cases_of(case) -> list:
    """The other cases about the same person in the municipality, every unit, the newest first:
    only the columns the case page shows of them (type, unit, status, dates, reference)."""
    return _other_cases_of(case.municipality_id, case.subject_id, case.pk)


@compiled_query("cases.files_of")
def _files_of(municipality_id: int, case_id: int) -> QuerySet:
    from luukku.eservices.models import Attachment

    return Attachment.all_objects.filter(municipality_id=municipality_id, case_id=case_id).order_by("created_at", "id")


def files_of(case, messages=()) -> list:
    """Every attachment of the case (the application's and the messages'), in one read; each of
    `messages` gets its own as `files` (a message's attachments belong to its case: services._add_files)."""
    found = _files_of(case.municipality_id, case.pk)
    with_files(messages, found)
    return found


def with_files(messages, attachments) -> None:
    """Each message's own attachments of `attachments` (files_of) as its `files`."""
    by_message: dict = {}
    for a in attachments:
        if a.message_id is not None:
            by_message.setdefault(a.message_id, []).append(a)
    for m in messages:
        m.files = by_message.get(m.pk, [])


def case_sub_statuses(case) -> list:
    """sub_statuses() of the case's type, read once for the instance (a staff page asks three times)."""
    found = case.__dict__.get("_sub_statuses")
    if found is None:
        found = case.__dict__["_sub_statuses"] = sub_statuses(case.municipality_id, case.case_type_id)
    return found
