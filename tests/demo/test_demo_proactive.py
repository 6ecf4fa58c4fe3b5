"""The demo's proactive services: the preschool campaign "Esiopetus 2027" is ready for staff to preview
and run (a cohort of about 120 children with guardians, units whose capacity one area slightly
exceeds, families needing a paper letter, a protected child, Helmi Asukas of the demo register),
and loading the demo again adds nothing."""

import datetime as dt

import pytest

from luukku.core import clock, geo
from luukku.core.translation import tr
from tests._demo_snapshot import load_demo
from luukku.eservices import selectors as eservices_selectors
from luukku.eservices.models import CaseType
from luukku.notify.models import Notification
from luukku.people.models import Mandate, Person
from luukku.proactive import selectors, services
from luukku.proactive.models import (
    Campaign,
    CampaignStatus,
    CatchmentArea,
    Mode,
    Offer,
    OfferStatus,
    PlacementUnit,
    Rule,
    Trigger,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def koivula(db):
    return load_demo()


def _campaign(m):
    return Campaign.all_objects.select_related("rule").get(municipality=m, name="Esiopetus 2027")


def _counts(m):
    return {model.__name__: model.all_objects.filter(municipality=m).count()
            for model in (Person, Mandate, Rule, PlacementUnit, CatchmentArea, Campaign, CaseType, Offer)}


def test_the_preschool_campaign_is_ready_to_preview_and_run(koivula):
    campaign = _campaign(koivula)
    rule = campaign.rule
    assert campaign.status == CampaignStatus.DRAFT and campaign.year == 2027
    assert campaign.starts_on == dt.date(2027, 8, 1)
    assert campaign.deadline == clock.today() + dt.timedelta(days=21)
    assert (rule.slug, rule.trigger, rule.age, rule.mode, rule.allocation) == \
        ("esiopetus", Trigger.COHORT, 6, Mode.OFFER, "nearest")
    assert rule.for_guardians and rule.answer_days == 21 and rule.reminder_days == [7, 2]
    for lang in ("fi", "sv", "en"):
        assert "26 a" in rule.legal_basis[lang] and rule.offer_title[lang] and rule.offer_text[lang]
    assert rule.service.slug == "esiopetus"
    assert rule.change_case_type.name["fi"] == "Esiopetuspaikan muutospyyntö"
    form = eservices_selectors.published_definition(rule.change_case_type)
    assert {f.key: f.type for f in form.fields.all()} == {
        "offer": "text", "offered_unit": "text", "wished_unit": "text", "reason": "long_text"}

    members = selectors.cohort(campaign)
    assert 110 <= len(members) <= 130
    assert all(m.guardians for m in members)
    assert all(m.child.birth_date.year == 2021 for m in members)
    everyone = {p.pk for m in members for p in (m.child, *m.guardians)}
    for person in Person.all_objects.filter(pk__in=everyone):  # every home inside the border
        assert geo.contains(koivula.boundary, float(person.latitude), float(person.longitude)), person.full_name
    helmi = next(m for m in members if m.child.full_name == "Helmi Sofia Asukas")
    assert sorted(g.first_names for g in helmi.guardians) == ["Aino Maria", "Mikko Johannes"]
    assert any(m.child.language == "sv" and all(g.language == "sv" for g in m.guardians) for m in members)
    by_guardian = {}
    for member in members:
        by_guardian.setdefault(member.guardians[0].pk, []).append(member.child)
    assert any(len(kids) == 2 and kids[0].birth_date == kids[1].birth_date for kids in by_guardian.values())

    report = services.dry_run(campaign)
    assert report.cohort == len(members) and report.already_offered == 0
    placed = sum(u.offered for u in report.units)
    assert placed + len(report.waiting_list) == report.cohort
    assert len(report.units) == 5 and all(u.offered <= u.place.capacity for u in report.units)
    areas = {a.name: a.placement_unit for a in CatchmentArea.all_objects.filter(rule=rule)}
    assert len(areas) == 5
    overflowing = [name for name, n in report.areas.items() if n > areas[name].capacity]
    assert overflowing == ["Keskusta"]
    assert report.areas["Keskusta"] - areas["Keskusta"].capacity <= 10  # slightly
    assert report.outside_areas >= 1  # the western tip belongs to no area
    assert 1 <= len(report.letters) <= 10 and report.protected == 2
    assert report.apart and not report.no_guardian
    assert report.messages > report.cohort

    # The run writes what the dry run promised, and a second run writes nothing.
    assert services.run(campaign) == report.cohort
    offers = Offer.all_objects.filter(campaign=campaign)
    assert offers.count() == report.cohort
    assert offers.filter(needs_letter=True).count() == len(report.letters)
    assert offers.filter(status=OfferStatus.WAITING_LIST).count() == len(report.waiting_list)
    assert offers.filter(person=helmi.child, status=OfferStatus.OFFERED).exists()
    # Language of service: every Swedish-speaking child is offered the Swedish-language school, and
    # only they are.
    swedish = offers.filter(placement_unit__language="sv")
    assert swedish.exists() and set(swedish.values_list("person__language", flat=True)) == {"sv"}
    assert not offers.filter(person__language="sv").exclude(placement_unit__language="sv").exists()
    sent = Notification.all_objects.filter(municipality=koivula, idempotency_key__startswith="offer:").count()
    assert sent == report.messages
    for offer in offers.filter(person__protected_address=True):
        for note in Notification.all_objects.filter(idempotency_key__startswith=f"offer:{offer.public_id}:"):
            assert offer.person.street_address not in note.body + note.subject
    assert services.run(campaign) == 0
    assert Notification.all_objects.filter(municipality=koivula, idempotency_key__startswith="offer:").count() == sent

    welcome = Rule.all_objects.get(municipality=koivula, slug="tervetuloa")
    assert (welcome.trigger, welcome.mode) == (Trigger.MOVED_IN, Mode.INFORMATION)
    assert "Kuntalaki 1 §" in welcome.legal_basis["fi"] and tr(welcome.offer_text, "sv")
