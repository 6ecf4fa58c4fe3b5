"""Reads of the proactive services: the cohort of a campaign with its guardians, offers a resident
may see or answer, and the follow-up figures."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, FloatField, Q, Value
from django.db.models.functions import Cast

from luukku.core import geo
from luukku.notify.models import Preference
from luukku.people.models import MandateKind, Person

from .models import HOLDING, CatchmentArea, Offer, OfferStatus, OptOut, PlacementUnit


class Someone(NamedTuple):
    """A person of a campaign's cohort read as a tuple, not a model instance (a whole birth cohort
    and its guardians are read at once): what the allocation, the channels, the messages and the
    dry run read of a person."""

    pk: int
    public_id: uuid.UUID
    first_names: str
    last_name: str
    birth_date: dt.date
    language: str
    email: str
    phone: str
    hetu_encrypted: bool  # whether there is one (Suomi.fi Messages needs it): never decrypted here
    protected_address: bool
    street_address: str
    postal_code: str
    latitude: float | None
    longitude: float | None

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()


def _someone(people, *extra, homes: bool = True):
    """`people` (a query of persons) as value rows in the order of Someone's fields, then `extra`.
    Without `homes` the coordinates are not read (None): a guardian's home is not needed."""
    people = people.annotate(has_hetu=ExpressionWrapper(~Q(hetu_encrypted=""), output_field=BooleanField()))
    if homes:
        people = people.annotate(lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField()))
    else:
        nothing = Value(None, output_field=CharField())  # NULL, with no per-row conversion
        people = people.annotate(lat=nothing, lon=nothing)
    return people.values_list("pk", "public_id", "first_names", "last_name", "birth_date", "language", "email",
                              "phone", "has_hetu", "protected_address", "street_address", "postal_code", "lat", "lon",
                              *extra)


@dataclass
class Member:
    """A child of the cohort and its guardians on the reference date."""

    child: Someone
    guardians: list[Someone] = field(default_factory=list)


def cohort_people(campaign):
    """Residents of the municipality born in the cohort's year who had not moved away by the
    reference date (the rule's area and opt-outs are applied in `cohort`)."""
    rule = campaign.rule
    born = campaign.year - (rule.age or 0)
    return (Person.all_objects.filter(municipality_id=campaign.municipality_id, birth_date__year=born)
            .filter(Q(moved_away_on__isnull=True) | Q(moved_away_on__gt=campaign.reference_date))
            .order_by("id"))


def _guardianships(children, on: dt.date) -> Q:
    """Persons holding a guardian mandate of one of `children` (ids or a query of them) on `on`."""
    if hasattr(children, "values"):
        children = children.values("pk")  # a whole cohort: a subquery, not tens of thousands of ids
    return (Q(mandates_held__kind=MandateKind.GUARDIAN, mandates_held__principal__in=children,
              mandates_held__valid_from__lte=on)
            & (Q(mandates_held__valid_until__isnull=True) | Q(mandates_held__valid_until__gte=on)))


def guardians_of(children, on: dt.date) -> dict[int, list[Person]]:
    """{child id: [guardians]} valid on `on`, in one query; `children`: ids or a query of them."""
    found: dict[int, list[Person]] = {}
    # Persons with the child's id alongside: one instance per guardianship, no Mandate instances.
    guardians = (Person.all_objects.filter(_guardianships(children, on))
                 .annotate(child_id=F("mandates_held__principal_id")).order_by("child_id", "id"))
    for guardian in guardians:
        found.setdefault(guardian.child_id, []).append(guardian)
    return found


def opted_out(rule, person_ids) -> set[int]:
    """Which of `person_ids` opted out of the rule (the rule's opt-outs are few; the ids may be many)."""
    return set(OptOut.all_objects.filter(rule=rule).values_list("person_id", flat=True)) & set(person_ids)


def cohort(campaign) -> list[Member]:
    """The campaign's children with their guardians, as tuples: in the rule's area if it has one,
    without children whose guardian (or who themselves) opted out of the rule."""
    rule = campaign.rule
    children = [Someone._make(row) for row in _someone(cohort_people(campaign))]
    if rule.area:
        children = [c for c in children if c.latitude is not None and geo.contains(rule.area, c.latitude, c.longitude)]
    guardians: dict[int, list[Someone]] = {}
    if rule.for_guardians:
        held = (_guardians_of_cohort(campaign).annotate(child_id=F("mandates_held__principal_id"))
                .order_by("child_id", "id"))
        for row in _someone(held, "child_id", homes=False):
            guardians.setdefault(row[-1], []).append(Someone._make(row[:-1]))
    members = [Member(c, guardians.get(c.pk, [])) for c in children]
    out = opted_out(rule, {c.pk for c in children} | {g.pk for gs in guardians.values() for g in gs})
    if out:  # few opt out of a rule, if anyone does
        members = [m for m in members if m.child.pk not in out and not any(g.pk in out for g in m.guardians)]
    return members


def _guardians_of_cohort(campaign):
    """The guardians of the cohort on the reference date (a person once per child)."""
    return Person.all_objects.filter(_guardianships(cohort_people(campaign), campaign.reference_date))


def preferences(campaign) -> dict[int, tuple[list, str]]:
    """{person id: (channels, language)}: the notification preferences of the cohort and its
    guardians, for notify.selectors.reach_many (by subqueries: a few among many set one)."""
    people = Q(person__in=cohort_people(campaign).values("pk"))
    if campaign.rule.for_guardians:
        people |= Q(person__in=_guardians_of_cohort(campaign).values("pk"))
    return {pk: (channels, language) for pk, channels, language in Preference.all_objects
            .filter(people).values_list("person_id", "channels", "language")}


def places_and_areas(rule):
    places = list(PlacementUnit.all_objects.filter(rule=rule).select_related("unit"))
    areas = list(CatchmentArea.all_objects.filter(rule=rule).order_by("name", "id"))
    return places, areas


def offers_for(person, acted_for=()):
    """Offers the resident may see: their own and those of the people they act for (children)."""
    return offers_of(person.municipality_id, (person.pk, *[p.pk for p in acted_for]))


def offers_of(municipality_id: int, person_ids: tuple):
    return (Offer.all_objects.filter(municipality_id=municipality_id, person_id__in=person_ids)
            .select_related("rule", "placement_unit", "campaign", "person", "answered_by")
            .order_by("-created_at", "-id"))


def figures(campaign) -> dict:
    """Follow-up figures of a campaign: how many were reached and how each offer ended."""
    rows = dict(Offer.all_objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id")))
    total = sum(rows.values())
    letters = Offer.all_objects.filter(campaign=campaign, needs_letter=True).count()
    accepted = rows.get(OfferStatus.ACCEPTED, 0)
    decided = rows.get(OfferStatus.DECIDED, 0)
    return {
        "offers": total,
        "reached": total - letters,
        "letters": letters,
        "accepted": accepted,
        "decided": decided,
        "change_requested": rows.get(OfferStatus.CHANGE_REQUESTED, 0),
        "declined": rows.get(OfferStatus.DECLINED, 0),
        "waiting": rows.get(OfferStatus.OFFERED, 0),
        "no_answer": rows.get(OfferStatus.NO_ANSWER, 0),
        "waiting_list": rows.get(OfferStatus.WAITING_LIST, 0),
        "withdrawn": rows.get(OfferStatus.WITHDRAWN, 0),
        # Each accepted offer and each automatic decision left in force is an application that no
        # family had to fill in (the input of the administrative-burden figures).
        "applications_saved": accepted + decided,
    }


def follow_up(campaign, status: str):
    """Offers of one status (no answer, waiting list, change requested), children by name."""
    return (Offer.all_objects.filter(campaign=campaign, status=status)
            .select_related("person", "placement_unit", "change_case").order_by("person__last_name", "id"))


def free_places(units) -> dict[int, int]:
    """{placement unit id: places left}: its capacity less the offers that hold a place there."""
    units = list(units)
    held = dict(Offer.all_objects.filter(placement_unit__in=[u.pk for u in units], status__in=HOLDING)
                .values_list("placement_unit").annotate(n=Count("id")))
    return {u.pk: max(0, u.capacity - held.get(u.pk, 0)) for u in units}


def change_units(offer):
    """The rule's units, each with its free places (`free`), for a handler answering a change request."""
    units = list(PlacementUnit.all_objects.filter(rule_id=offer.rule_id).order_by("id"))
    free = free_places(units)
    for unit in units:
        unit.free = free[unit.pk]
    return units


def accepted_places(person, service_id):
    """Offers of `service_id` that gave `person` a place: accepted, or decided automatically
    (the e-service checks warn of a second application)."""
    return (Offer.all_objects.filter(municipality_id=person.municipality_id, person=person,
                                     rule__service_id=service_id,
                                     status__in=(OfferStatus.ACCEPTED, OfferStatus.DECIDED))
            .order_by("-answered_at", "-updated_at"))
