"""Every write of the proactive services: campaigns (dry run, then the run in the background),
the guardians' answers, reminders, the deadline, withdrawal when a child moves away, opt-outs.
Status changes of an offer go through `_move` (row locked, history appended)."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core import clock
from luukku.core.lifecycle import Lifecycle, labels, move
from luukku.core.services import record_event
from luukku.core.translation import tr

from . import allocation, running, selectors, telling
from .models import (
    ANSWERABLE,
    Campaign,
    CampaignStatus,
    Mode,
    Offer,
    OfferChange,
    OfferStatus,
    OptOut,
    Placement,
    PlacementUnit,
    Rule,
    Trigger,
    UnitLanguage,
)

# --- campaigns -------------------------------------------------------------------------------------

@transaction.atomic
def create_campaign(*, rule: Rule, year: int, by_user=None, name: str = "", reference_date=None, starts_on=None,
                    deadline=None) -> Campaign:
    if rule.trigger != Trigger.COHORT:
        raise ValidationError({"rule": _("Only a cohort rule runs as a campaign.")})
    if not rule.active:
        raise ValidationError({"rule": _("The rule is not active.")})
    today = clock.today()
    reference_date = reference_date or today
    starts_on = starts_on or dt.date(year, 8, 1)
    deadline = deadline or today + dt.timedelta(days=rule.answer_days)
    errors = {}
    if deadline < today:
        errors["deadline"] = _("The deadline must not be in the past.")
    if starts_on < deadline:
        errors["starts_on"] = _("The service must start after the deadline for answers.")
    if errors:
        raise ValidationError(errors)
    return Campaign.all_objects.create(
        municipality_id=rule.municipality_id, rule=rule, year=year,
        name=(name or f"{tr(rule.name, rule.municipality.default_language)} {year}")[:200],
        reference_date=reference_date, starts_on=starts_on, deadline=deadline, created_by=by_user)


@dataclass
class UnitCount:
    place: object
    offered: int = 0
    from_area: int = 0

    @property
    def left(self) -> int:
        return self.place.capacity - self.offered


@dataclass
class DryRun:
    """What a run would do, without writing anything."""

    cohort: int = 0
    already_offered: int = 0
    units: list[UnitCount] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)  # area name → children living there
    outside_areas: int = 0
    waiting_list: list = field(default_factory=list)  # (child, reason) no room, no home
    letters: list = field(default_factory=list)  # (child, guardians): nobody reachable electronically
    no_guardian: list = field(default_factory=list)
    apart: list = field(default_factory=list)  # guardians at different addresses: each gets the offer
    protected: int = 0  # children with a protected address: no address is shown or sent
    opted_out: int = 0
    messages: int = 0

    @property
    def empty(self) -> bool:
        return self.cohort == 0


def service_language(language: str, fallback: str = "fi") -> str:
    """The language a child is served in: its register language when Finnish or Swedish, else the
    municipality's (Finnish when that is neither)."""
    for candidate in (language, fallback):
        if candidate in ("fi", "sv"):
            return candidate
    return "fi"


def unit_languages(language: str) -> tuple[str, ...]:
    return ("fi", "sv") if language == UnitLanguage.BOTH else (language,)


def _plan(campaign):
    """(members, existing offers by child, allocation results) — shared by the dry run and the run."""
    rule = campaign.rule
    members = selectors.cohort(campaign)
    existing = {o.person_id: o for o in Offer.all_objects.filter(campaign=campaign)
                .only("id", "person_id", "placement_unit_id", "status")}
    results = {}
    if rule.allocation:
        places, areas = selectors.places_and_areas(rule)
        taken: dict[int, int] = {}
        for offer in existing.values():
            if offer.placement_unit_id and offer.status != OfferStatus.WITHDRAWN:
                taken[offer.placement_unit_id] = taken.get(offer.placement_unit_id, 0) + 1
        fallback = campaign.municipality.default_language
        children = [allocation.Child(m.child.pk, m.child.latitude, m.child.longitude, tuple(g.pk for g in m.guardians),
                                     service_language(m.child.language, fallback))
                    for m in members if m.child.pk not in existing]
        results = allocation.allocate(children, [allocation.Place(p.pk, p.latitude, p.longitude, p.capacity,
                                                                  unit_languages(p.language)) for p in places],
                                      [(a.area, a.placement_unit_id) for a in areas], taken)
    return members, existing, results


def dry_run(campaign) -> DryRun:
    from luukku.core import geo
    from luukku.notify.selectors import reach_many

    rule = campaign.rule
    members, existing, results = _plan(campaign)
    report = DryRun(cohort=len(members), already_offered=len(existing))
    everyone = selectors.cohort_people(campaign).values_list("pk", flat=True)
    report.opted_out = len(set(everyone)) - len(members)
    places, areas = selectors.places_and_areas(rule)
    counts = {p.pk: UnitCount(p) for p in places}
    for offer in existing.values():
        if offer.placement_unit_id in counts and offer.status != OfferStatus.WITHDRAWN:
            counts[offer.placement_unit_id].offered += 1
    guardians = {g.pk: g for m in members for g in m.guardians}
    reach = reach_many([*guardians.values(), *(m.child for m in members if not m.guardians)],
                       selectors.preferences(campaign))
    spoken = {language for p in places for language in unit_languages(p.language)}
    by_unit = {p.pk: p for p in places}
    fallback = campaign.municipality.default_language
    for member in members:
        child = member.child
        report.protected += child.protected_address
        home = (child.latitude, child.longitude)
        language = service_language(child.language, fallback)
        area = next((a for a in areas if home[0] is not None and (language not in spoken or by_unit[
            a.placement_unit_id].serves(language)) and geo.contains(a.area, *home)), None)
        if areas:
            if area is None:
                report.outside_areas += 1
            else:
                report.areas[area.name] = report.areas.get(area.name, 0) + 1
        result = results.get(child.pk)
        if result is not None:
            if result.unit is None:
                report.waiting_list.append((child, result.reason))
            else:
                counts[result.unit].offered += 1
                counts[result.unit].from_area += result.placement == Placement.CATCHMENT
        if rule.for_guardians:
            if not member.guardians:
                report.no_guardian.append(child)
                report.letters.append((child, []))  # as the run marks it: someone must write
            elif len({(g.street_address, g.postal_code) for g in member.guardians}) > 1:
                report.apart.append(child)
            reached = [g for g in member.guardians if reach.get(g.pk, ("", []))[1]]
            report.messages += len(reached) if child.pk not in existing else 0
            if member.guardians and not reached:
                report.letters.append((child, member.guardians))
    report.units = list(counts.values())
    return report


@transaction.atomic
def start(campaign, *, by_user=None) -> Campaign:
    """Start the run in the background (again after a crash: it resumes where it stopped)."""
    from .tasks import run_campaign

    locked = Campaign.all_objects.select_for_update().get(pk=campaign.pk)
    if locked.status == CampaignStatus.DONE:
        raise ValidationError(_("This campaign has already been run."))
    if not selectors.cohort(locked):  # the rule's area and the opt-outs too, as the dry run counts
        raise ValidationError(_("Nobody is in the cohort: check the year and the rule's age."))
    locked.status, locked.error = CampaignStatus.RUNNING, ""
    locked.started_at = locked.started_at or clock.now()
    locked.save(update_fields=["status", "error", "started_at"])
    record_event(municipality=locked.municipality, kind="proactive.campaign_started", obj=locked, actor=by_user,
                 data={"rule": locked.rule.slug, "year": locked.year})
    transaction.on_commit(lambda: run_campaign.enqueue(municipality_id=locked.municipality_id,
                                                       campaign_id=locked.pk))
    return locked


def run(campaign, *, chunk: int = running.CHUNK, writers: int | None = None) -> int:
    """Create the missing offers and their messages, a chunk per transaction; returns how many were
    created. Idempotent: offers are unique per child and campaign, messages per offer and guardian,
    so a second run (or one after a crash) creates nothing twice; one run at a time (`running.claim`).
    A birth cohort is 60 000 offers and twice as many messages: they are built and written as
    tuples, by COPY (core.bulk), two chunks at a time on PostgreSQL (`running.write_parts`)."""
    from luukku.notify.selectors import reach_many

    token = uuid.uuid4()
    if not running.claim(campaign, token):
        return 0
    try:
        campaign = Campaign.all_objects.select_related("rule", "municipality").get(pk=campaign.pk)
        members, existing, results = _plan(campaign)
        todo = [m for m in members if m.child.pk not in existing]
        Campaign.all_objects.filter(pk=campaign.pk).update(total=len(members), done=len(members) - len(todo))
        reach = reach_many([p for m in todo for p in (m.guardians or [m.child])], selectors.preferences(campaign))
        parts = [todo[at:at + chunk] for at in range(0, len(todo), chunk)]  # each in the order of the children's ids
        created = running.write_parts(campaign, parts, running.Builder(campaign, results, reach), token, writers)
        Campaign.all_objects.filter(pk=campaign.pk, runner=token).update(
            status=CampaignStatus.DONE, finished_at=clock.now(), total=len(members), done=len(members), runner=None)
        return created
    except running.TakenOver:
        return 0  # another run continues the campaign
    finally:
        Campaign.all_objects.filter(pk=campaign.pk, runner=token).update(runner=None)


# --- the answers ------------------------------------------------------------------------------------

ACTIONS = {"accept": OfferStatus.ACCEPTED, "decline": OfferStatus.DECLINED, "change": OfferStatus.CHANGE_REQUESTED}


def may_answer(offer, person) -> bool:
    return any(p.pk == person.pk for p in telling.recipients_of(offer))


# The only status changes of an offer (core.lifecycle.move refuses the rest). An offer is made
# (running.initial_status, life_events.offer_for) offered, decided automatically, as information
# or on the waiting list; the family answers an offered or decided one (`answer`); a change
# request is worked to a new offer or refused (`reoffer`, `refuse_change`); the deadline passes
# unanswered (`expire`); an open one is withdrawn (`withdraw`). Accepted, declined, withdrawn and
# information are final.
_ANSWERS = {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.CHANGE_REQUESTED}
TRANSITIONS: dict[str, set[str]] = {
    OfferStatus.OFFERED: {*_ANSWERS, OfferStatus.NO_ANSWER, OfferStatus.WITHDRAWN},
    OfferStatus.DECIDED: {*_ANSWERS, OfferStatus.WITHDRAWN},
    OfferStatus.CHANGE_REQUESTED: {OfferStatus.OFFERED, OfferStatus.DECIDED},
    OfferStatus.WAITING_LIST: {OfferStatus.WITHDRAWN},
    OfferStatus.NO_ANSWER: {OfferStatus.WITHDRAWN},
}


def _history_row(offer, change) -> OfferChange:
    return OfferChange(municipality_id=offer.municipality_id, offer=offer, at=change.at,
                       from_status=change.from_status, to_status=change.to_status, by_person=change.by_person,
                       by_user=change.by_user, reason=change.reason, placement_unit=change.fields.get("unit"))


OFFER = Lifecycle(model=Offer, table=TRANSITIONS, history=_history_row, event_prefix="proactive.offer",
                  label=labels(OfferStatus),
                  refusal=gettext_lazy("An offer that is “%(from)s” cannot be changed to “%(to)s”."))


def _move(offer, to_status: str, *, by_person=None, by_user=None, reason: str = "", unit=None,
          fields=()) -> Offer:
    """The one way an offer's status changes (core.lifecycle.move: a history row, the row, the event
    proactive.offer.status_changed). `unit`: the unit a handler offered instead (recorded in the
    history); `fields`: the offer's other fields the caller changed."""
    names = [Offer._meta.get_field(name).attname for name in ("answered_at", "answered_by", "change_case", *fields)]
    also = {name: getattr(offer, name) for name in names}
    move(OFFER, offer, to_status, by_person=by_person, by_user=by_user, reason=reason, unit=unit,
         also={**also, "version": offer.version + 1},
         event_data={"reference": offer.reference, "rule": offer.rule.slug})
    return offer


@transaction.atomic
def answer(offer, *, by_person, action: str, version: int | None = None, reason: str = "",
           wish: dict | None = None) -> Offer:
    """A guardian (or the person) accepts, declines or asks for a change. The first answer counts:
    the row is locked, and an offer already answered refuses with who answered and when. A change
    request becomes a case of the rule's change case type, in its unit's queue."""
    if action not in ACTIONS:
        raise ValidationError({"action": _("Choose what you want to do.")})
    locked = Offer.all_objects.select_for_update(of=("self",)).select_related(
        "rule", "municipality", "person", "placement_unit").get(pk=offer.pk)
    if not may_answer(locked, by_person):
        raise ValidationError(_("Only the guardians of the child can answer this offer."), code="forbidden")
    if locked.status not in ANSWERABLE or (locked.mode == Mode.INFORMATION):
        if locked.answered_by_id:
            raise ValidationError(
                _("This offer was already answered by %(name)s on %(date)s.")
                % {"name": locked.answered_by.first_names.split(" ")[0],
                   "date": locked.answered_at.astimezone(clock.HELSINKI).strftime("%-d.%-m.%Y")}, code="answered")
        raise ValidationError(_("This offer can no longer be answered."), code="closed")
    if version is not None and version != locked.version:
        raise ValidationError(_("The offer changed while you were answering. Look at it again."), code="stale")
    if locked.deadline and clock.today() > locked.deadline and locked.mode != Mode.AUTOMATIC:
        raise ValidationError(_("The deadline for answers has passed. Contact us."), code="late")
    reason = (reason or "").strip()
    if action == "change":
        locked.change_case = _change_case(locked, by_person, reason, wish or {})
    locked.answered_at, locked.answered_by = clock.now(), by_person
    _move(locked, ACTIONS[action], by_person=by_person, reason=reason)
    record_event(municipality=locked.municipality, kind=f"proactive.offer_{action}", obj=locked,
                 data={"reference": locked.reference, "rule": locked.rule.slug})
    telling.tell_now(locked, "offer.answered", f"answered:{locked.version}")
    return locked


def _change_case(offer, by_person, reason: str, wish: dict):
    """The change request as a case in the unit's queue (cases.services.submit_draft)."""
    from luukku.cases.services import submit_draft
    from luukku.eservices import selectors as eservices_selectors
    from luukku.eservices.models import Draft
    from luukku.people.models import Mandate, MandateKind

    case_type = offer.rule.change_case_type
    definition = eservices_selectors.published_definition(case_type) if case_type else None
    if definition is None:
        raise ValidationError(_("Changes to this offer are asked by phone: the municipality has no form for them."),
                              code="no_form")
    if not reason:
        raise ValidationError({"reason": _("Tell us what you would like to change and why.")})
    mandate = (Mandate.all_objects.filter(principal=offer.person, agent=by_person, kind=MandateKind.GUARDIAN)
               .first() if offer.person_id != by_person.pk else None)
    data = {"offer": offer.reference, "offered_unit": tr(offer.placement_unit.name) if offer.placement_unit_id else "",
            "reason": reason[:2000], **{k: str(v)[:200] for k, v in wish.items() if v}}
    now = clock.now()
    draft = Draft.all_objects.create(
        municipality_id=offer.municipality_id, case_type=case_type, definition=definition, applicant=by_person,
        subject=offer.person if mandate else None, mandate=mandate, data=data, page=1, created_at=now,
        updated_at=now)
    return submit_draft(draft, by_person=by_person, channel="online")


# --- a change request worked to its end ------------------------------------------------------------

def _locked_change(offer, by_user, version):
    """The offer locked, if it waits for a handler's answer to its change request."""
    from luukku.cases import access as case_access

    locked = Offer.all_objects.select_for_update(of=("self",)).select_related(
        "rule", "municipality", "person", "placement_unit", "change_case").get(pk=offer.pk)
    if locked.change_case_id and not case_access.may_handle(by_user, locked.change_case):
        raise PermissionDenied("the user may not handle this change request")
    if locked.status != OfferStatus.CHANGE_REQUESTED:
        raise ValidationError(
            _("This offer is not waiting for an answer to a change request: it is “%(status)s”. Nothing was "
              "changed.") % {"status": OfferStatus(locked.status).label}, code="closed")
    if version is not None and version != locked.version:
        raise ValidationError(_("The offer changed while you were working on it. Look at it again."),
                              code="stale")
    return locked


def _new_round(offer, today) -> list[str]:
    """The offer is open for an answer again, as when it was made: a new deadline, no answer yet."""
    offer.mode = Mode.OFFER
    offer.deadline = max(offer.deadline or today, today + dt.timedelta(days=offer.rule.answer_days))
    offer.answered_at, offer.answered_by = None, None
    return ["mode", "deadline"]


@transaction.atomic
def reoffer(offer, *, unit, by_user, note: str = "", version: int | None = None) -> Offer:
    """A handler answers a change request by offering another unit of the rule that has room. The
    family answers it as they answered the first (accept, ask for a change, decline) and is told
    through the outbox; the change-request case is decided."""
    locked = _locked_change(offer, by_user, version)
    if unit is None or unit.rule_id != locked.rule_id:
        raise ValidationError({"unit": _("Choose a unit of this offer's rule.")})
    if unit.pk == locked.placement_unit_id:
        raise ValidationError({"unit": _("This unit is the one already offered. To keep it, refuse the change "
                                         "request.")})
    unit = PlacementUnit.all_objects.select_for_update().get(pk=unit.pk)  # one re-offer of its places at a time
    if selectors.free_places([unit]).get(unit.pk, 0) < 1:
        raise ValidationError({"unit": _("%(unit)s has no free places. Choose a unit with room.")
                               % {"unit": tr(unit.name)}}, code="full")
    note = (note or "").strip()
    fields = _new_round(locked, clock.today())
    locked.placement_unit, locked.placement, locked.distance_m = unit, Placement.CHANGE, None
    _move(locked, OfferStatus.OFFERED, by_user=by_user, reason=note, unit=unit,
          fields=[*fields, "placement_unit", "placement", "distance_m"])
    _decide_change(locked, by_user, "reoffered", note)
    record_event(municipality=locked.municipality, kind="proactive.offer_reoffered", obj=locked, actor=by_user,
                 data={"reference": locked.reference, "unit": str(unit.public_id)})
    telling.tell_now(locked, "offer.reoffered", f"reoffered:{locked.version}")
    return locked


@transaction.atomic
def refuse_change(offer, *, reason: str, by_user, version: int | None = None) -> Offer:
    """A handler refuses a change request, saying why: the offer stands as it was made (the family
    answers it again: an automatic decision stays in force) and is told; the case is decided."""
    reason = (reason or "").strip()
    locked = _locked_change(offer, by_user, version)
    if not reason:
        raise ValidationError({"reason": _("Say why the change cannot be made: the family reads it.")})
    automatic = locked.mode == Mode.AUTOMATIC
    fields = [] if automatic else _new_round(locked, clock.today())
    if automatic:
        locked.answered_at, locked.answered_by = None, None
    _move(locked, OfferStatus.DECIDED if automatic else OfferStatus.OFFERED, by_user=by_user, reason=reason,
          fields=fields)
    _decide_change(locked, by_user, "refused", reason)
    record_event(municipality=locked.municipality, kind="proactive.change_refused", obj=locked, actor=by_user,
                 data={"reference": locked.reference})
    telling.tell_now(locked, "offer.change_refused_decision" if automatic else "offer.change_refused",
                     f"change_refused:{locked.version}")
    return locked


def _decide_change(offer, by_user, outcome: str, text: str) -> None:
    """The change-request case gets its decision (in the applicant's language) and is done; a case
    a handler already closed by hand is left as it is."""
    from luukku.cases.models import OPEN_STATUSES
    from luukku.cases.services import decide

    from .change_decisions import decision_text

    case = offer.change_case
    if case is None or case.status not in OPEN_STATUSES:
        return
    language = case.applicant.language or offer.municipality.default_language
    title, body = decision_text(offer, outcome, text, language)
    decide(case, by_user, title, body, language)


@transaction.atomic
def withdraw(offer, *, reason: str, by_user=None) -> Offer | None:
    """Take back an open offer (the child moved away, staff decided so); the guardians are told."""
    locked = Offer.all_objects.select_for_update(of=("self",)).select_related(
        "rule", "municipality", "person").get(pk=offer.pk)
    if locked.status not in (*ANSWERABLE, OfferStatus.WAITING_LIST, OfferStatus.NO_ANSWER):
        return None
    _move(locked, OfferStatus.WITHDRAWN, by_user=by_user, reason=reason)
    telling.tell_now(locked, "offer.withdrawn", "withdrawn")
    return locked


def moved_away(person, on: dt.date) -> int:
    """The register says `person` left the municipality: withdraw their open offers."""
    person.moved_away_on = on
    person.save(update_fields=["moved_away_on"])
    count = 0
    for offer in Offer.all_objects.filter(person=person, status__in=[*ANSWERABLE, OfferStatus.WAITING_LIST]):
        count += withdraw(offer, reason=_("Moved away from the municipality.")) is not None
    return count


def expire(today: dt.date | None = None) -> int:
    """Offers nobody answered by the deadline go on the staff's follow-up list."""
    today = today or clock.today()
    count = 0
    for offer in Offer.all_objects.filter(status=OfferStatus.OFFERED, deadline__lt=today).only("pk"):
        with transaction.atomic():
            locked = Offer.all_objects.select_for_update(of=("self",)).select_related("rule", "municipality").get(
                pk=offer.pk)
            if locked.status == OfferStatus.OFFERED:
                _move(locked, OfferStatus.NO_ANSWER, reason=_("No answer by the deadline."))
                count += 1
    return count


def remind(today: dt.date | None = None) -> int:
    """Reminders the rules ask for, so many days before the deadline; once per offer and day count.
    A campaign's offers are reminded a chunk at a time: its guardians and their reach read once."""
    from luukku.notify.selectors import reach_many

    today = today or clock.today()
    count = 0
    for rule in Rule.all_objects.exclude(reminder_days=[]).filter(active=True).select_related("municipality"):
        for days in sorted({int(d) for d in rule.reminder_days or [] if str(d).isdigit()}):
            ids = list(Offer.all_objects.filter(rule=rule, status__in=ANSWERABLE,
                                                deadline=today + dt.timedelta(days=days))
                       .exclude(mode=Mode.INFORMATION).order_by("id").values_list("pk", flat=True))
            for start_at in range(0, len(ids), running.CHUNK):
                offers = list(Offer.all_objects.filter(pk__in=ids[start_at:start_at + running.CHUNK])
                              .select_related("person", "placement_unit", "rule"))
                people = telling.recipients_of_many(offers)
                reach = reach_many([p for ps in people.values() for p in ps])
                with transaction.atomic():
                    telling.tell([(telling.note(o, "offer.reminder"), people[o.pk]) for o in offers],
                                 rule.municipality, reach, event=f"reminder:{days}")
                count += len(offers)
    return count


@transaction.atomic
def opt_out(person, rule) -> OptOut:
    found, _created = OptOut.all_objects.get_or_create(municipality_id=person.municipality_id, person=person,
                                                       rule=rule)
    return found


@transaction.atomic
def opt_in(person, rule) -> None:
    OptOut.all_objects.filter(person=person, rule=rule).delete()
