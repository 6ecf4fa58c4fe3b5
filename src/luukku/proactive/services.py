"""Every write of the proactive services: campaigns (dry run, then the run in the background),
the guardians' answers, reminders, the deadline, withdrawal when a child moves away, opt-outs.
Status changes of an offer go through `_move` (row locked, history appended)."""

import datetime as dt
import functools
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from luukku.core import bulk, clock
from luukku.core.services import record_event
from luukku.core.translation import tr

from . import allocation, selectors
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
)

CHUNK = 2000  # children per transaction of a run: its progress and its resume point


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
        children = [allocation.Child(m.child.pk, _float(m.child.latitude), _float(m.child.longitude),
                                     tuple(g.pk for g in m.guardians))
                    for m in members if m.child.pk not in existing]
        results = allocation.allocate(children, [allocation.Place(p.pk, p.latitude, p.longitude, p.capacity)
                                                 for p in places],
                                      [(a.area, a.placement_unit_id) for a in areas], taken)
    return members, existing, results


def _float(value):
    return None if value is None else float(value)


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
    reach = reach_many(list(guardians.values()) or [m.child for m in members if not m.guardians])
    for member in members:
        child = member.child
        report.protected += child.protected_address
        home = (_float(child.latitude), _float(child.longitude))
        area = next((a for a in areas if home[0] is not None and geo.contains(a.area, *home)), None)
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
    if not selectors.cohort(locked):
        raise ValidationError(_("Nobody is in the cohort: check the year and the rule's age."))
    locked.status, locked.error = CampaignStatus.RUNNING, ""
    locked.started_at = locked.started_at or clock.now()
    locked.save(update_fields=["status", "error", "started_at"])
    record_event(municipality=locked.municipality, kind="proactive.campaign_started", obj=locked, actor=by_user,
                 data={"rule": locked.rule.slug, "year": locked.year})
    transaction.on_commit(lambda: run_campaign.enqueue(municipality_id=locked.municipality_id,
                                                       campaign_id=locked.pk))
    return locked


def run(campaign, *, chunk: int = CHUNK) -> int:
    """Create the missing offers and their messages, a chunk per transaction; returns how many were
    created. Idempotent: offers are unique per child and campaign, messages per offer and guardian,
    so a second run (or one after a crash) creates nothing twice."""
    from luukku.notify.selectors import reach_many

    campaign = Campaign.all_objects.select_related("rule", "municipality").get(pk=campaign.pk)
    members, existing, results = _plan(campaign)
    todo = [m for m in members if m.child.pk not in existing]
    places = {p.pk: p for p in PlacementUnit.all_objects.filter(rule=campaign.rule)}  # named in the messages
    Campaign.all_objects.filter(pk=campaign.pk).update(total=len(members), done=len(members) - len(todo))
    created = 0
    for start_at in range(0, len(todo), chunk):
        part = todo[start_at:start_at + chunk]
        reach = reach_many([g for m in part for g in m.guardians] + [m.child for m in part if not m.guardians])
        with transaction.atomic():
            offers = _write_offers(campaign, part, results, reach, places)
            Campaign.all_objects.filter(pk=campaign.pk).update(done=len(members) - len(todo) + start_at + len(part))
        created += len(offers)
    Campaign.all_objects.filter(pk=campaign.pk).update(status=CampaignStatus.DONE, finished_at=clock.now(),
                                                       total=len(members), done=len(members))
    return created


def _initial_status(rule, result) -> str:
    if result is not None and result.unit is None:
        return OfferStatus.WAITING_LIST
    return {Mode.INFORMATION: OfferStatus.INFORMED, Mode.AUTOMATIC: OfferStatus.DECIDED}.get(rule.mode,
                                                                                           OfferStatus.OFFERED)


def _write_offers(campaign, members, results, reach, places) -> list[Offer]:
    from luukku.cases.services import reference_prefix

    rule, now = campaign.rule, clock.now()
    prefix = reference_prefix(campaign.municipality)
    offers = []
    for member in members:
        child, result = member.child, results.get(member.child.pk)
        recipients = member.guardians if rule.for_guardians else [child]
        offers.append(Offer(
            municipality_id=campaign.municipality_id, reference=f"{prefix}-T{campaign.pk}-{child.pk}", rule=rule,
            campaign=campaign, person=child, mode=rule.mode, legal_basis=rule.legal_basis,
            status=_initial_status(rule, result),
            placement_unit_id=result.unit if result else None, placement=result.placement if result else "",
            distance_m=result.distance_m if result else None, starts_on=campaign.starts_on,
            deadline=campaign.deadline,
            needs_letter=not any(reach.get(r.pk, ("", []))[1] for r in recipients),
            created_at=now, updated_at=now))
    for offer in offers:  # the messages name the unit: no query per offer
        offer.placement_unit = places.get(offer.placement_unit_id)
    bulk.insert(offers)
    bulk.insert([OfferChange(municipality_id=o.municipality_id, offer=o, at=now, from_status="", to_status=o.status)
                 for o in offers])
    by_child = {m.child.pk: m for m in members}
    _tell([(o, by_child[o.person_id].guardians if rule.for_guardians else [o.person]) for o in offers],
          campaign.municipality, reach)
    return offers


# --- telling the guardians -----------------------------------------------------------------------

_ANY_ID = uuid.UUID(int=0)


def offer_path(offer, language: str) -> str:
    return _offer_path_of(offer.municipality.slug, language).replace(str(_ANY_ID), str(offer.public_id))


@functools.lru_cache(maxsize=64)
def _offer_path_of(slug: str, language: str) -> str:
    """The path with a placeholder id: one reverse() per municipality and language, not per offer."""
    kwargs = {"municipality": slug, "lang": language, "offer_id": _ANY_ID}
    try:
        return reverse("proactive:offer", kwargs=kwargs)
    except NoReverseMatch:
        return f"/{slug}/{language}/tarjoukset/{_ANY_ID}/"


def _kind(offer) -> str:
    if offer.status == OfferStatus.WAITING_LIST:
        return "offer.waiting_list"
    return {Mode.INFORMATION: "offer.information", Mode.AUTOMATIC: "offer.decided"}.get(offer.mode, "offer.made")


def _tell(pairs, municipality, reach, kind: str | None = None, event: str = "made") -> None:
    """One notification per offer and recipient (a guardian, or the person), keyed so that a
    replay writes nothing twice. Never the child's address: only the child's first name, the
    offer's title, the unit's name and the link behind the login."""
    from luukku.notify import messages
    from luukku.notify.selectors import languages_of
    from luukku.notify.services import notify_many

    offered = languages_of(municipality)
    texts = {}  # one rendering per kind, language, unit and deadline; the child and the link put in after
    drafts = []
    for offer, recipients in pairs:
        offer.municipality = municipality
        what = kind or _kind(offer)
        child = offer.person.first_names.split(" ")[0]
        for person in recipients:
            language, channels = reach.get(person.pk, (person.language, []))
            if not channels:
                continue
            language = language if language in offered else offered[0]
            key = (what, language, offer.placement_unit_id, offer.deadline, offer.rule_id)
            if key not in texts:
                texts[key] = messages.render(what, municipality=municipality, language=language, context={
                    "title": offer.rule.offer_title, "child": _CHILD, "deadline": offer.deadline, "link": _LINK,
                    "unit": tr(offer.placement_unit.name, language) if offer.placement_unit_id else ""})
            link = offer_path(offer, language)
            drafts.append({
                "municipality": municipality, "person": person, "language": language, "channels": channels,
                "kind": what, "key": f"offer:{offer.public_id}:{event}:{person.public_id}",
                "rendered": tuple(t.replace(_CHILD, child).replace(_LINK, link) for t in texts[key])})
    notify_many(drafts)


_CHILD, _LINK = "\x00child\x00", "\x00link\x00"  # placeholders no real name or path contains


def recipients_of(offer) -> list:
    """Who answers and hears of the offer: the child's guardians today, else the person."""
    if not offer.rule.for_guardians:
        return [offer.person]
    return selectors.guardians_of([offer.person_id], clock.today()).get(offer.person_id, [])


def _tell_now(offer, kind: str, event: str) -> None:
    from luukku.notify.selectors import reach_many

    people = recipients_of(offer)
    _tell([(offer, people)], offer.municipality, reach_many(people), kind=kind, event=event)


# --- the answers ------------------------------------------------------------------------------------

ACTIONS = {"accept": OfferStatus.ACCEPTED, "decline": OfferStatus.DECLINED, "change": OfferStatus.CHANGE_REQUESTED}


def may_answer(offer, person) -> bool:
    return any(p.pk == person.pk for p in recipients_of(offer))


def _move(offer, to_status: str, *, by_person=None, by_user=None, reason: str = "") -> Offer:
    now = clock.now()
    OfferChange.all_objects.create(municipality_id=offer.municipality_id, offer=offer, at=now,
                                   from_status=offer.status, to_status=to_status, by_person=by_person,
                                   by_user=by_user, reason=reason)
    offer.status, offer.updated_at, offer.version = to_status, now, offer.version + 1
    offer.save(update_fields=["status", "updated_at", "version", "answered_at", "answered_by", "change_case"])
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
    _tell_now(locked, "offer.answered", f"answered:{locked.version}")
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


@transaction.atomic
def withdraw(offer, *, reason: str, by_user=None) -> Offer | None:
    """Take back an open offer (the child moved away, staff decided so); the guardians are told."""
    locked = Offer.all_objects.select_for_update(of=("self",)).select_related(
        "rule", "municipality", "person").get(pk=offer.pk)
    if locked.status not in (*ANSWERABLE, OfferStatus.WAITING_LIST, OfferStatus.NO_ANSWER):
        return None
    _move(locked, OfferStatus.WITHDRAWN, by_user=by_user, reason=reason)
    _tell_now(locked, "offer.withdrawn", "withdrawn")
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
            locked = Offer.all_objects.select_for_update().get(pk=offer.pk)
            if locked.status == OfferStatus.OFFERED:
                _move(locked, OfferStatus.NO_ANSWER, reason=_("No answer by the deadline."))
                count += 1
    return count


def remind(today: dt.date | None = None) -> int:
    """Reminders the rules ask for, so many days before the deadline; once per offer and day count."""
    from luukku.notify.selectors import reach_many

    today = today or clock.today()
    count = 0
    rules = Rule.all_objects.exclude(reminder_days=[]).filter(active=True)
    for rule in rules:
        for days in {int(d) for d in rule.reminder_days or [] if str(d).isdigit()}:
            offers = list(Offer.all_objects.filter(rule=rule, status__in=ANSWERABLE,
                                                   deadline=today + dt.timedelta(days=days))
                          .exclude(mode=Mode.INFORMATION).select_related("person", "placement_unit", "municipality"))
            for offer in offers:
                people = recipients_of(offer)
                with transaction.atomic():
                    _tell([(offer, people)], offer.municipality, reach_many(people), kind="offer.reminder",
                          event=f"reminder:{days}")
                count += 1
    return count


@transaction.atomic
def opt_out(person, rule) -> OptOut:
    found, _created = OptOut.all_objects.get_or_create(municipality_id=person.municipality_id, person=person,
                                                       rule=rule)
    return found


@transaction.atomic
def opt_in(person, rule) -> None:
    OptOut.all_objects.filter(person=person, rule=rule).delete()
