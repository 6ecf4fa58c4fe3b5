"""Reads of the proactive services: the cohort of a campaign with its guardians, offers a resident
may see or answer, and the follow-up figures."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from luukku.core import geo
from luukku.people.models import Mandate, MandateKind, Person

from .models import CatchmentArea, Offer, OfferStatus, OptOut, PlacementUnit


@dataclass
class Member:
    """A child of the cohort and its guardians on the reference date."""

    child: Person
    guardians: list[Person] = field(default_factory=list)


def cohort_people(campaign):
    """Residents of the municipality born in the cohort's year who had not moved away by the
    reference date (the rule's area and opt-outs are applied in `cohort`)."""
    rule = campaign.rule
    born = campaign.year - (rule.age or 0)
    return (Person.all_objects.filter(municipality_id=campaign.municipality_id, birth_date__year=born)
            .filter(Q(moved_away_on__isnull=True) | Q(moved_away_on__gt=campaign.reference_date))
            .order_by("id"))


def guardians_of(children, on: dt.date) -> dict[int, list[Person]]:
    """{child id: [guardians]} valid on `on`, in one query. `children`: ids, or a query of the
    children (a whole cohort: a subquery instead of tens of thousands of ids in an IN list)."""
    if hasattr(children, "values"):
        children = children.values("pk")
    found: dict[int, list[Person]] = {}
    valid = (Q(mandates_held__kind=MandateKind.GUARDIAN, mandates_held__principal__in=children,
               mandates_held__valid_from__lte=on)
             & (Q(mandates_held__valid_until__isnull=True) | Q(mandates_held__valid_until__gte=on)))
    # Persons with the child's id alongside: one instance per guardianship, no Mandate instances.
    guardians = (Person.all_objects.filter(valid).annotate(child_id=F("mandates_held__principal_id"))
                 .order_by("child_id", "id"))
    for guardian in guardians:
        found.setdefault(guardian.child_id, []).append(guardian)
    return found


def opted_out(rule, person_ids) -> set[int]:
    """Which of `person_ids` opted out of the rule (the rule's opt-outs are few; the ids may be many)."""
    return set(OptOut.all_objects.filter(rule=rule).values_list("person_id", flat=True)) & set(person_ids)


def cohort(campaign) -> list[Member]:
    """The campaign's children with their guardians: in the rule's area if it has one, without
    children whose guardian (or who themselves) opted out of the rule."""
    rule = campaign.rule
    people = cohort_people(campaign)
    children = list(people)
    if rule.area:
        children = [c for c in children
                    if c.latitude is not None and geo.contains(rule.area, float(c.latitude), float(c.longitude))]
    guardians = guardians_of(people, campaign.reference_date) if rule.for_guardians else {}
    everyone = {c.pk for c in children} | {g.pk for gs in guardians.values() for g in gs}
    out = opted_out(rule, everyone)
    return [Member(c, guardians.get(c.pk, [])) for c in children
            if c.pk not in out and not any(g.pk in out for g in guardians.get(c.pk, []))]


def places_and_areas(rule):
    places = list(PlacementUnit.all_objects.filter(rule=rule).select_related("unit"))
    areas = list(CatchmentArea.all_objects.filter(rule=rule).order_by("name", "id"))
    return places, areas


def offers_for(person, acted_for=()):
    """Offers the resident may see: their own and those of the people they act for (children)."""
    ids = [person.pk, *[p.pk for p in acted_for]]
    return (Offer.all_objects.filter(municipality_id=person.municipality_id, person_id__in=ids)
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
