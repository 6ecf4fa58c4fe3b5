"""A change request worked to its end, and the language of service. The handler sees the offer, its
change request and the units with their language and free places; offers another unit with room
(the family answers the new offer as the first, and is told) or refuses with a reason (the family is
told why; the first place stays open). Each step is in the offer's history and decides the case.
Bad input (a full unit, an offer already handled, no reason) gets a clear message, the input kept.
Swedish-speaking children are offered a Swedish-language unit. Pages in English (/en/)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied

from luukku.cases.models import Case, Decision, Status
from luukku.core.models import AuditEvent, Role
from luukku.notify.models import Notification
from luukku.proactive import allocation, services
from luukku.proactive.messages import allative, to_child
from luukku.proactive.models import (
    CatchmentArea,
    Offer,
    OfferChange,
    OfferStatus,
    PlacementUnit,
    UnitLanguage,
)

from ..factories import MembershipFactory, UnitFactory, UserFactory
from .conftest import NORTH_AREA, NORTH_HOME, SOUTH_HOME, family

pytestmark = pytest.mark.django_db


def staff(municipality, role, unit, username):
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def staff_url(offer, tail=""):
    return f"/esimerkki/en/virkailija/ennakoivat/tarjoukset/{offer.public_id}/{tail}"


def resident_url(offer, tail=""):
    return f"/esimerkki/en/tarjoukset/{offer.public_id}/{tail}"


@pytest.fixture
def handler(municipality, education):
    return staff(municipality, Role.CASE_HANDLER, education, "kasittelija")


@pytest.fixture
def swedish(municipality, rule, places, education):
    """A Swedish-language unit whose area is the north half, beside the Finnish north school."""
    unit = PlacementUnit.all_objects.create(
        municipality=municipality, rule=rule, unit=education, name={"fi": "Svenska skolan", "en": "Swedish school"},
        latitude=61.55, longitude=25.11, capacity=2, language=UnitLanguage.SV)
    CatchmentArea.all_objects.create(municipality=municipality, rule=rule, name="Norr", area=NORTH_AREA,
                                     placement_unit=unit)
    return unit


@pytest.fixture
def requested(municipality, campaign, places):
    """The Virtanens asked for a change of their child's place (the south school)."""
    fam = family(municipality, "Virtanen", SOUTH_HOME)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    services.answer(offer, by_person=fam["guardians"][0], action="change", reason="Isovanhemmat asuvat pohjoisessa",
                    wish={"wished_unit": "Pohjoinen koulu"})
    fam["offer"] = Offer.all_objects.get(pk=offer.pk)
    return fam


def told(offer, kind):
    return Notification.all_objects.filter(kind=kind, idempotency_key__startswith=f"offer:{offer.public_id}:")


def test_the_handler_sees_the_offer_its_request_and_the_units_with_their_language_and_room(
        client, requested, handler, places, swedish):
    offer = requested["offer"]
    client.force_login(handler)
    case = offer.change_case
    # The case page links to the offer; the offer page back to the case.
    html = client.get(f"/esimerkki/en/virkailija/asiat/{case.public_id}/").content.decode()
    assert staff_url(offer) in html
    response = client.get(staff_url(offer))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/esimerkki/en/virkailija/asiat/{case.public_id}/" in html and case.reference in html
    assert "Isovanhemmat asuvat pohjoisessa" in html and "Pohjoinen koulu" in html
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r'<tr data-unit="([^"]+)">(.*?)</tr>', html, re.S)}
    assert "Swedish-language" in rows[str(swedish.public_id)] and "<td>2</td>" in rows[str(swedish.public_id)]
    assert "Finnish-language" in rows[str(places["north"].public_id)]
    # The child's place at the south school is held: 3 places, 2 free.
    assert re.search(r"<td>3</td><td>2</td>", rows[str(places["south"].public_id)])
    assert 'id="reoffer-form"' in html and 'id="refuse-form"' in html
    read = set(AuditEvent.all_objects.filter(actor=handler, action="proactive.offer.read",
                                             object_id=str(offer.public_id)).values_list("subject_id", flat=True))
    assert read == {offer.person.public_id, requested["guardians"][0].public_id}  # the child, the applicant


def test_a_reoffer_opens_a_new_round_that_the_family_answers_as_the_first(client, requested, handler, places):
    offer, first = requested["offer"], requested["guardians"][0]
    case = offer.change_case
    client.force_login(handler)
    response = client.post(staff_url(offer, "uusi-tarjous/"), {
        "version": offer.version, "unit": str(places["north"].public_id), "note": "Paikka vapautui."})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.placement_unit, offer.placement) == (OfferStatus.OFFERED, places["north"], "change")
    assert offer.answered_by is None and offer.deadline == dt.date(2027, 2, 15)  # not earlier than the first
    assert offer.change_case_id == case.pk
    step = OfferChange.all_objects.filter(offer=offer).last()
    assert (step.from_status, step.to_status, step.by_user, step.placement_unit) == (
        OfferStatus.CHANGE_REQUESTED, OfferStatus.OFFERED, handler, places["north"])
    # The case is decided, and the guardians are told of the new offer through the outbox.
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    decision = Decision.all_objects.get(case=case)
    assert "North school" in decision.body or "Pohjoinen koulu" in decision.body
    notes = told(offer, "offer.reoffered")
    assert {n.person_id for n in notes} == {g.pk for g in requested["guardians"]}
    # The family sees the new place and the step in the history, and accepts as before.
    client.force_login(first.user)
    html = client.get(resident_url(offer)).content.decode()
    assert "North school" in html and "Another place was offered: North school" in html
    assert "Paikka vapautui." in html and "Accept the offer" in html
    assert f"Your change request {case.reference} has been answered." in html
    assert client.post(resident_url(offer, "hyvaksy/"), {"version": offer.version}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.placement_unit == places["north"]


def test_a_reoffer_to_a_full_unit_is_refused_with_what_was_chosen_kept(client, municipality, requested, handler,
                                                                     places):
    offer = requested["offer"]
    north = places["north"]
    north.capacity = 0
    north.save()
    client.force_login(handler)
    before = (offer.version, OfferChange.all_objects.count(), Case.all_objects.get(pk=offer.change_case_id).status)
    response = client.post(staff_url(offer, "uusi-tarjous/"), {
        "version": offer.version, "unit": str(north.public_id), "note": "Kokeillaan"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "North school has no free places. Choose a unit with room." in html
    assert f'value="{north.public_id}" selected' in html and "Kokeillaan</textarea>" in html
    assert 'aria-invalid="true"' in html and "error-summary" in html
    offer.refresh_from_db()
    assert (offer.version, OfferChange.all_objects.count(),
            Case.all_objects.get(pk=offer.change_case_id).status) == before


def test_an_offer_already_handled_or_answered_is_not_reoffered_again(client, requested, handler, places):
    offer = requested["offer"]
    client.force_login(handler)
    services.refuse_change(offer, reason="Ei tilaa", by_user=handler)
    offer.refresh_from_db()
    before = (offer.status, offer.version, OfferChange.all_objects.count())
    response = client.post(staff_url(offer, "uusi-tarjous/"), {"version": offer.version,
                                                               "unit": str(places["north"].public_id)})
    html = response.content.decode()
    assert response.status_code == 409
    assert "This offer is not waiting for an answer to a change request" in html
    offer.refresh_from_db()
    assert (offer.status, offer.version, OfferChange.all_objects.count()) == before
    # A page that is out of date is refused too, and nothing changes.
    services.answer(offer, by_person=requested["guardians"][0], action="change", reason="Sittenkin muutos")
    offer.refresh_from_db()
    response = client.post(staff_url(offer, "hylkaa-muutos/"), {"version": offer.version - 1, "reason": "Ei"})
    assert response.status_code == 409 and Offer.all_objects.get(pk=offer.pk).status == OfferStatus.CHANGE_REQUESTED


def test_a_refusal_needs_a_reason_then_the_family_is_told_and_the_first_place_stays(client, requested, handler,
                                                                                    places):
    offer, first = requested["offer"], requested["guardians"][0]
    client.force_login(handler)
    response = client.post(staff_url(offer, "hylkaa-muutos/"), {"version": offer.version, "reason": "  "})
    assert response.status_code == 400
    assert "Say why the change cannot be made: the family reads it." in response.content.decode()
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.CHANGE_REQUESTED
    response = client.post(staff_url(offer, "hylkaa-muutos/"), {
        "version": offer.version, "reason": "Pohjoisen koulun ryhmät ovat täynnä."})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.placement_unit) == (OfferStatus.OFFERED, places["south"])
    assert Case.all_objects.get(pk=offer.change_case_id).status == Status.DECIDED
    assert told(offer, "offer.change_refused").count() == 2
    client.force_login(first.user)
    html = client.get(resident_url(offer)).content.decode()
    assert "The change request was not granted" in html and "Pohjoisen koulun ryhmät ovat täynnä." in html
    assert "Accept the offer" in html


def test_only_handlers_of_the_change_requests_unit_work_it(client, municipality, other_municipality, requested,
                                                          places):
    offer = requested["offer"]
    stranger = staff(municipality, Role.CASE_HANDLER, UnitFactory(municipality=municipality, slug="kirjasto"),
                     "kirjasto")
    client.force_login(stranger)
    assert client.get(staff_url(offer)).status_code == 404
    assert client.post(staff_url(offer, "uusi-tarjous/"), {"version": offer.version,
                                                           "unit": str(places["north"].public_id)}).status_code == 404
    with pytest.raises(PermissionDenied):  # the service itself asks who may handle the case
        services.reoffer(offer, unit=places["north"], by_user=stranger)
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.CHANGE_REQUESTED


def test_swedish_speaking_children_are_offered_a_swedish_language_unit(municipality, campaign, places, swedish):
    finnish = family(municipality, "Korhonen", NORTH_HOME)
    svensk = family(municipality, "Lindqvist", NORTH_HOME)
    for person in (*svensk["children"], *svensk["guardians"]):
        person.language = "sv"
        person.save()
    services.run(campaign)
    assert Offer.all_objects.get(person=svensk["children"][0]).placement_unit == swedish
    assert Offer.all_objects.get(person=finnish["children"][0]).placement_unit == places["north"]


def test_allocation_keeps_each_language_to_its_units_and_ignores_a_language_no_unit_speaks():
    fi, sv = allocation.Place(1, 61.0, 25.0, 1, ("fi",)), allocation.Place(2, 61.0, 25.001, 5, ("sv",))
    children = [allocation.Child(10, 61.0, 25.0, (100,), "sv"), allocation.Child(11, 61.0, 25.0, (101,), "fi"),
                allocation.Child(12, 61.0, 25.0, (102,), "fi")]
    results = allocation.allocate(children, [fi, sv], [])
    assert results[10].unit == 2 and results[11].unit == 1
    assert results[12].unit is None and results[12].reason == "no_room"  # not the Swedish unit
    only_finnish = allocation.allocate([allocation.Child(10, 61.0, 25.0, (), "sv")],
                                       [allocation.Place(1, 61.0, 25.0, 1, ("fi",))], [])
    assert only_finnish[10].unit == 1


def test_the_change_form_offers_the_other_languages_units_labelled(client, requested, places, swedish, campaign,
                                                                   municipality):
    fam = family(municipality, "Nieminen", SOUTH_HOME)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    client.force_login(fam["guardians"][0].user)
    html = client.get(resident_url(offer, "muutos/")).content.decode()
    assert "Swedish school (Swedish-language)" in html and "North school (Finnish-language)" in html


def test_the_offer_message_names_the_child_in_a_proper_sentence():
    assert [allative(n) for n in ("Helmi", "Pekka", "Matti", "Elias", "Oliver", "Väinö")] == [
        "Helmille", "Pekalle", "Matille", "Eliakselle", "Oliverille", "Väinölle"]
    assert to_child("Helmi", "fi") == "Helmille" and to_child("Helmi", "sv") == "Helmi"
    from luukku.proactive import messages

    subject, lines, _link = messages.render("offer.made", None, "en", {"title": "A preschool place",
                                                                       "child": "Helmi", "deadline": None})
    assert subject == "A preschool place: an offer for Helmi"
    assert lines[0] == "We have made an offer for Helmi: A preschool place."
