"""The guardian's pages: the offer in My cases, its page (never anyone's home address), accept in one
step, ask for a change (a case in the unit's queue), decline with a reason; the first answer counts
and the other guardian sees it; nobody else sees or changes anything; opting out of a life-event
rule. Pages in English (/en/): their text does not depend on compiled translations."""

import datetime as dt

import pytest

from luukku.cases.models import Case
from luukku.proactive import services
from luukku.proactive.models import (
    Mode,
    Offer,
    OfferChange,
    OfferStatus,
    OptOut,
    Rule,
    Trigger,
)

from ..cases.conftest import make_person
from ..factories import UserFactory
from .conftest import NORTH_HOME, SOUTH_HOME, family

pytestmark = pytest.mark.django_db


def url(offer, tail=""):
    return f"/esimerkki/en/tarjoukset/{offer.public_id}/{tail}"


@pytest.fixture
def virtanen(municipality, campaign):
    """A family of two guardians and a child turning six; the campaign has been run."""
    fam = family(municipality, "Virtanen", SOUTH_HOME)
    services.run(campaign)
    fam["offer"] = Offer.all_objects.get(person=fam["children"][0])
    return fam


def as_person(client, person):
    client.force_login(person.user)
    return client


def state(offer):
    """What must not change when someone is refused."""
    offer = Offer.all_objects.get(pk=offer.pk)
    return (offer.status, offer.version, offer.answered_by_id, OfferChange.all_objects.filter(offer=offer).count(),
            Case.all_objects.count())


def test_the_offer_is_in_my_cases_and_its_page_says_what_where_when_and_why(client, virtanen, places):
    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    html = client.get("/esimerkki/en/omat-asiat/").content.decode()
    assert "A preschool place" in html and offer.reference in html
    assert url(offer) in html
    assert "Waiting for your answer by 15.2.2027." in html
    response = client.get(url(offer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A preschool place" in html and "A preschool place is reserved." in html
    assert "Lapsi1 Toinen Virtanen" in html
    assert "South school" in html and "1.8.2027" in html and "15.2.2027" in html
    assert "Basic Education Act, section 26 a" in html
    assert "Accept the offer" in html and "Ask for a change" in html and "Decline the offer" in html
    assert "made automatically" not in html  # an offer, not an automatic decision


def test_accept_in_one_post_and_the_other_guardian_sees_who_accepted(client, virtanen):
    offer, first, second = virtanen["offer"], *virtanen["guardians"]
    as_person(client, first)
    response = client.post(url(offer, "hyvaksy/"), {"version": offer.version})
    assert response.status_code == 302 and response["Location"] == url(offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.answered_by == first
    as_person(client, second)
    html = client.get(url(offer)).content.decode()
    assert "Accepted by Huoltaja1 Virtanen on 10.1.2027." in html
    assert "Accept the offer" not in html  # nothing left to answer
    items = client.get("/esimerkki/en/omat-asiat/").content.decode()
    assert "Accepted by Huoltaja1 Virtanen" in items


def test_the_timeline_begins_with_the_offer_being_made_then_each_change_with_who_made_it(client, virtanen):
    offer, first, second = virtanen["offer"], *virtanen["guardians"]
    services.answer(offer, by_person=first, action="accept", version=offer.version)
    as_person(client, second)
    html = client.get(url(offer)).content.decode()
    timeline = html[html.index('id="history-heading"'):]
    timeline = timeline[:timeline.index("</ol>")]
    made, accepted = timeline.index("Waiting for an answer"), timeline.index("Accepted")
    assert made < accepted and "Huoltaja1 Virtanen" in timeline[accepted:]
    assert timeline.count("<li>") == 2


def test_the_second_guardian_answering_after_the_first_gets_a_clear_message_and_nothing_changes(client, virtanen):
    offer, first, second = virtanen["offer"], *virtanen["guardians"]
    version = offer.version  # both opened the page before either answered
    services.answer(offer, by_person=first, action="decline", version=version, reason="Muutamme pois")
    before = state(offer)
    as_person(client, second)
    response = client.post(url(offer, "hyvaksy/"), {"version": version})
    assert response.status_code == 409
    assert "This offer was already answered by Huoltaja1 on 10.1.2027." in response.content.decode()
    response = client.post(url(offer, "muutos/"), {"version": version, "reason": "Toinen koulu, kiitos"})
    html = response.content.decode()
    assert response.status_code == 409 and "already answered by Huoltaja1" in html
    assert "Toinen koulu, kiitos" in html  # what was typed is kept
    assert state(offer) == before
    # The other guardian sees the outcome, not the first guardian's own reason.
    html = client.get(url(offer)).content.decode()
    assert "Declined by Huoltaja1 Virtanen on 10.1.2027." in html and "Muutamme pois" not in html


def test_a_change_request_becomes_a_case_in_the_units_queue_with_its_reference_shown(client, virtanen, places,
                                                                                     change_type):
    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    form = client.get(url(offer, "muutos/"))
    assert form.status_code == 200
    html = form.content.decode()
    assert "North school" in html and f'value="{places["north"].public_id}"' in html
    assert f'value="{places["south"].public_id}"' not in html  # the offered unit is not a wish
    response = client.post(url(offer, "muutos/"), {
        "version": offer.version, "wished_unit": str(places["north"].public_id),
        "reason": "Isovanhemmat asuvat pohjoisessa.", "wished_start": "15.8.2027"})
    assert response.status_code == 302
    offer.refresh_from_db()
    case = Case.all_objects.get(pk=offer.change_case_id)
    assert offer.status == OfferStatus.CHANGE_REQUESTED
    assert case.case_type == change_type and case.unit == change_type.unit and case.subject == offer.person
    assert case.data["wished_unit"] == "Pohjoinen koulu" and case.data["wished_start"] == "15.8.2027"
    assert case.data["reason"] == "Isovanhemmat asuvat pohjoisessa."
    html = client.get(response["Location"]).content.decode()
    assert case.reference in html
    assert f"/esimerkki/en/omat-asiat/{case.public_id}/" in html
    # The case is in My cases of the guardian, too.
    assert client.get(f"/esimerkki/en/omat-asiat/{case.public_id}/").status_code == 200


def test_a_change_request_without_a_reason_is_refused_next_to_the_field_and_keeps_what_was_typed(client, virtanen):
    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    before = state(offer)
    response = client.post(url(offer, "muutos/"), {"version": offer.version, "wished_unit": "other",
                                                    "reason": "", "wished_start": "31.2.2027"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tell us what you would like to change and why." in html
    assert 'aria-invalid="true"' in html and "error-summary" in html
    assert 'value="31.2.2027"' in html and 'value="other" selected' in html
    assert state(offer) == before


def test_decline_asks_for_confirmation_then_records_the_reason(client, virtanen):
    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    assert client.get(url(offer, "kieltaydy/")).status_code == 200
    response = client.post(url(offer, "kieltaydy/"), {"version": offer.version, "reason": "Yksityinen koulu"})
    html = response.content.decode()
    assert response.status_code == 400 and "Confirm that you want to decline the offer." in html
    assert "Yksityinen koulu" in html
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.OFFERED
    response = client.post(url(offer, "kieltaydy/"), {"version": offer.version, "reason": "Yksityinen koulu",
                                                       "confirm": "on"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert OfferChange.all_objects.filter(offer=offer, to_status=OfferStatus.DECLINED).get().reason == \
        "Yksityinen koulu"
    html = client.get(url(offer)).content.decode()
    assert "Declined by Huoltaja1 Virtanen" in html and "Yksityinen koulu" in html  # their own reason


def test_an_answer_to_an_outdated_page_gets_a_message_and_changes_nothing(client, virtanen):
    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    before = state(offer)
    response = client.post(url(offer, "hyvaksy/"), {"version": offer.version + 5})
    assert response.status_code == 409
    assert "The offer changed while you were answering. Look at it again." in response.content.decode()
    response = client.post(url(offer, "hyvaksy/"), {"version": "x"})
    assert response.status_code == 400 and "The page was out of date." in response.content.decode()
    assert state(offer) == before


def test_after_the_deadline_the_answer_is_refused(client, virtanen):
    from luukku.core import clock

    offer, first = virtanen["offer"], virtanen["guardians"][0]
    as_person(client, first)
    with clock.frozen_at(dt.datetime(2027, 2, 20, 10, 0, tzinfo=clock.HELSINKI)):
        html = client.get(url(offer)).content.decode()
        assert "Accept the offer" not in html and "The deadline for answers has passed." in html
        response = client.post(url(offer, "hyvaksy/"), {"version": offer.version})
    assert response.status_code == 409 and "The deadline for answers has passed." in response.content.decode()
    assert Offer.all_objects.get(pk=offer.pk).status == OfferStatus.OFFERED


def test_nobody_else_sees_or_changes_the_offer(client, municipality, other_municipality, virtanen):
    offer = virtanen["offer"]
    before = state(offer)
    stranger = make_person(municipality, "Ville", "Vieras", user=UserFactory(username="vieras"))
    carl = make_person(other_municipality, "Carl", "Kaukonen", user=UserFactory(username="carl"))
    pages = ["", "kieltaydy/", "muutos/"]
    posts = {"hyvaksy/": {"version": offer.version},
             "kieltaydy/": {"version": offer.version, "confirm": "on"},
             "muutos/": {"version": offer.version, "reason": "Vieras muutos"},
             "viestit/": {"choice": "out"}}
    # Anonymous: the login, keeping where they were going.
    client.logout()
    for tail in pages:
        response = client.get(url(offer, tail))
        assert response.status_code == 302 and "next=" in response["Location"]
    for tail, data in posts.items():
        assert client.post(url(offer, tail), data).status_code == 302
    # A resident who is not a guardian: a 404 that says nothing.
    as_person(client, stranger)
    for tail in pages:
        response = client.get(url(offer, tail))
        assert response.status_code == 404 and "Virtanen" not in response.content.decode()
    for tail, data in posts.items():
        assert client.post(url(offer, tail), data).status_code == 404
    # A resident of another municipality: no person here (403), and under their own slug no offer (404).
    as_person(client, carl)
    for tail in pages:
        assert client.get(url(offer, tail)).status_code in (403, 404)
        response = client.get(f"/toinen/en/tarjoukset/{offer.public_id}/{tail}")
        assert response.status_code == 404 and "Virtanen" not in response.content.decode()
    for tail, data in posts.items():
        assert client.post(url(offer, tail), data).status_code in (403, 404)
        assert client.post(f"/toinen/en/tarjoukset/{offer.public_id}/{tail}", data).status_code == 404
    assert "Virtanen" not in client.get("/toinen/en/omat-asiat/").content.decode()
    assert state(offer) == before
    assert not OptOut.all_objects.exists()


def test_a_bad_offer_id_is_404(client, virtanen):
    as_person(client, virtanen["guardians"][0])
    assert client.get("/esimerkki/en/tarjoukset/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/esimerkki/en/tarjoukset/not-a-uuid/").status_code == 404


def test_no_home_address_on_the_page_of_a_child_with_a_protected_address(client, municipality, campaign):
    fam = family(municipality, "Salainen", NORTH_HOME, protected=True, apart=True)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    for guardian in fam["guardians"]:
        as_person(client, guardian)
        pages = [client.get(url(offer)), client.get(url(offer, "muutos/")), client.get(url(offer, "kieltaydy/")),
                 client.get("/esimerkki/en/omat-asiat/")]
        for response in pages:
            html = response.content.decode()
            assert response.status_code == 200
            assert "Salainenkatu" not in html  # neither the child's nor either guardian's home
            assert "41900" not in html
        assert "North school" in pages[0].content.decode()


def test_an_automatic_decision_says_so_and_carries_appeal_instructions(client, municipality, rule, places,
                                                                      campaign):
    Rule.all_objects.filter(pk=rule.pk).update(mode=Mode.AUTOMATIC)
    fam = family(municipality, "Automaatti", SOUTH_HOME)
    services.run(campaign)
    offer = Offer.all_objects.get(person=fam["children"][0])
    assert offer.status == OfferStatus.DECIDED
    as_person(client, fam["guardians"][0])
    html = client.get(url(offer)).content.decode()
    assert "This decision was made automatically" in html
    assert "Appeal instructions" in html and "within 14 days of receiving the decision" in html
    assert offer.reference in html
    assert "Accept the offer" not in html and "Ask for a change" in html


@pytest.fixture
def welcome(municipality):
    """A life-event rule: a welcome for a resident who moved in, with an offer for them."""
    rule = Rule.all_objects.create(
        municipality=municipality, slug="tervetuloa", name={"fi": "Tervetuloa", "en": "Welcome"},
        trigger=Trigger.MOVED_IN, mode=Mode.INFORMATION, for_guardians=False,
        legal_basis={"fi": "Kuntalaki 1 §", "en": "Local Government Act, section 1"},
        offer_title={"fi": "Tervetuloa", "en": "Welcome to Example"},
        offer_text={"fi": "Palvelut uusille asukkaille.", "en": "Services for new residents."})
    newcomer = make_person(municipality, "Uusi", "Asukas", user=UserFactory(username="uusi"))
    offer = Offer.all_objects.create(municipality=municipality, reference="T-1", rule=rule, event_key="muutto-1",
                                     person=newcomer, mode=Mode.INFORMATION, legal_basis=rule.legal_basis,
                                     status=OfferStatus.INFORMED)
    return {"rule": rule, "person": newcomer, "offer": offer}


def test_a_resident_can_stop_and_restart_the_messages_of_a_life_event_rule(client, welcome, virtanen):
    offer, person, rule = welcome["offer"], welcome["person"], welcome["rule"]
    as_person(client, person)
    html = client.get(url(offer)).content.decode()
    assert "Welcome to Example" in html and "Stop these messages" in html
    assert "Accept the offer" not in html  # information only
    assert "Reason: moved into the municipality" in " ".join(html.split())  # why it was sent, on the timeline
    response = client.post(url(offer, "viestit/"), {"choice": "out"})
    assert response.status_code == 302
    assert OptOut.all_objects.filter(person=person, rule=rule).exists()
    settings = client.get("/esimerkki/en/tarjoukset/asetukset/").content.decode()
    assert "Welcome" in settings and "Receive these messages again" in settings
    response = client.post("/esimerkki/en/tarjoukset/asetukset/", {"rule": str(rule.public_id)})
    assert response.status_code == 302
    assert not OptOut.all_objects.filter(person=person, rule=rule).exists()
    assert client.post("/esimerkki/en/tarjoukset/asetukset/", {"rule": "nonsense"}).status_code == 404
    # A cohort rule's offer has no such choice.
    as_person(client, virtanen["guardians"][0])
    assert "Stop these messages" not in client.get(url(virtanen["offer"])).content.decode()
    assert client.post(url(virtanen["offer"], "viestit/"), {"choice": "out"}).status_code == 404
    assert not OptOut.all_objects.filter(person=virtanen["guardians"][0]).exists()


def test_a_mandate_for_chosen_services_does_not_show_the_childs_offers(client, municipality, virtanen, change_type):
    """Offers are the guardians' to answer: someone acting for the child under an e-Authorization for
    a case type sees neither the offer in My cases nor its page."""
    from luukku.core import clock
    from luukku.people.models import Mandate, MandateKind

    offer, kid = virtanen["offer"], virtanen["children"][0]
    grandma = make_person(municipality, "Mummo", "Virtanen", birth=dt.date(1950, 1, 1),
                          user=UserFactory(username="mummo"))
    mandate = Mandate.all_objects.create(municipality=municipality, principal=kid, agent=grandma,
                                         kind=MandateKind.AUTHORIZATION, valid_from=clock.today(),
                                         valid_until=clock.today())
    mandate.case_types.set([change_type])
    as_person(client, grandma)
    assert offer.reference not in client.get("/esimerkki/en/omat-asiat/").content.decode()
    assert client.get(url(offer)).status_code == 404


def test_my_cases_reads_offers_narrowly_and_renders_them_as_whole_rows_would(client, virtanen, monkeypatch,
                                                                            django_assert_max_num_queries):
    """The child's offer under the child's heading, the answered one with who answered: the same HTML
    from the few columns My cases reads as from every column (issue 15), and no query per offer."""
    import re

    from django.db.models import QuerySet

    from luukku.core import compiled

    first = virtanen["guardians"][0]
    services.answer(virtanen["offer"], by_person=virtanen["guardians"][1], action="accept",
                    version=virtanen["offer"].version)
    as_person(client, first)

    def page():
        html = client.get("/esimerkki/en/omat-asiat/").content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return re.sub(r'<div class="container session-status".*?</div>', "", html, flags=re.S)

    narrowed = page()
    assert "Accepted by Huoltaja2 Virtanen" in narrowed
    assert narrowed.index("Cases of Lapsi1 Toinen Virtanen") < narrowed.index(virtanen["offer"].reference)
    with monkeypatch.context() as m:
        m.setattr(QuerySet, "only", lambda self, *fields: self)
        compiled.forget()  # the kept queries were compiled with only()
        assert page() == narrowed
        compiled.forget()
    with django_assert_max_num_queries(12):  # the frame's reads and one per provider, however many offers
        client.get("/esimerkki/en/omat-asiat/")
