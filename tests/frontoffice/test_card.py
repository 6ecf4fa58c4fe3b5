"""The resident card: details (identity code masked, a protected address withheld), whom they act for,
their cases in every unit as a summary, the contacts; every opening audited."""

import pytest
from django.urls import reverse

from luukku.core.models import AuditEvent, Role

from ..factories import MembershipFactory
from .conftest import login, make_case, url

pytestmark = pytest.mark.django_db

SECRET = "Secret-answer-only-for-handlers-4d1f"


@pytest.fixture
def cases(world):
    parent, child = world["parent"], world["child"]
    daycare = make_case(parent, world["daycare"], world["daycare_form"],
                        {"child": str(child.public_id), "start_date": "2026-08-01", "other_info": SECRET},
                        subject=child, mandate=world["mandate"])
    mooring = make_case(parent, world["mooring"], world["mooring_form"], {"harbour": "keskusta", "boat_type": "sail"})
    foreign = make_case(world["other"], world["mooring"], world["mooring_form"], {"harbour": "keskusta"})
    return {"daycare": daycare, "mooring": mooring, "foreign": foreign}


def staff_case_url(world, case):
    return reverse("staff:case", args=[world["municipality"].slug, "en", case.public_id])


def test_the_card_shows_details_with_the_code_masked(agent, world):
    parent = world["parent"]
    response = agent.get(url(world, "person", parent.public_id))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Asukas, Aino Maria", "15.3.1985", parent.hetu[:7] + "****", "aino@example.fi", "+358 40 555 0101",
                 "Koivulantie 12 B 4", "41990 Koivula"):
        assert text in html, text
    assert parent.hetu not in html
    # Whom they act for, with a way to their card.
    assert "Eero Asukas" in html and url(world, "person", world["child"].public_id) in html
    assert "Saga" not in html


def test_a_protected_address_is_not_shown(agent, world):
    parent = world["parent"]
    parent.protected_address = True
    parent.save()
    html = agent.get(url(world, "person", parent.public_id)).content.decode()
    assert "Protected address" in html
    assert "Koivulantie" not in html and "41990" not in html


def test_cases_of_every_unit_are_summarised_without_their_contents(agent, world, cases):
    html = agent.get(url(world, "person", world["parent"].public_id)).content.decode()
    daycare, mooring = cases["daycare"], cases["mooring"]
    for case in (daycare, mooring):
        assert case.reference in html
        assert case.due_date.strftime("%-d.%-m.%Y") in html
    assert "Application for early childhood education" in html and "Boat mooring application" in html
    assert daycare.unit.name["fi"] in html and mooring.unit.name["fi"] in html  # both handling units
    assert "submitted" in html and "concerns Eero Asukas" in html
    assert cases["foreign"].reference not in html  # Bertil's case
    assert SECRET not in html and "keskusta" not in html  # a summary, not the contents
    assert staff_case_url(world, daycare) not in html and staff_case_url(world, mooring) not in html


def test_the_childs_card_lists_the_case_made_for_the_child(agent, world, cases):
    html = agent.get(url(world, "person", world["child"].public_id)).content.decode()
    assert cases["daycare"].reference in html and cases["mooring"].reference not in html
    assert "made by Aino Maria Asukas" in html


def test_a_link_to_the_case_only_where_the_role_reads_it(world, cases):
    agent = world["agent"]
    MembershipFactory(municipality=world["municipality"], user=agent, role=Role.CASE_HANDLER,
                      unit=world["daycare"].unit)
    html = login(agent).get(url(world, "person", world["parent"].public_id)).content.decode()
    assert staff_case_url(world, cases["daycare"]) in html
    assert staff_case_url(world, cases["mooring"]) not in html


def test_every_opening_of_the_card_is_one_audit_event(agent, world):
    parent = world["parent"]
    for n in (1, 2):
        agent.get(url(world, "person", parent.public_id))
        events = AuditEvent.all_objects.filter(subject_id=parent.public_id)
        assert events.count() == n
    event = events.first()
    assert (event.action, event.purpose, event.actor, event.actor_role, event.unit) == (
        "person.read", "front office", world["agent"], Role.SERVICE_POINT_AGENT, world["point"])
    assert event.object_type == "people.person" and event.object_id == str(parent.public_id)


def test_unknown_and_foreign_persons_are_404(agent, world):
    namesake = world["namesake"]
    assert agent.get(url(world, "person", namesake.public_id)).status_code == 404
    assert agent.get(url(world, "person", "00000000-0000-0000-0000-000000000001")).status_code == 404
    # Under the other municipality's own address the agent has no role there at all.
    assert agent.get(url(world, "person", namesake.public_id,
                         municipality=world["other_municipality"])).status_code == 403
    assert not AuditEvent.all_objects.exists()


def test_the_others_a_card_names_are_audited_too(agent, world, cases):
    parent, child = world["parent"], world["child"]
    html = agent.get(url(world, "person", parent.public_id)).content.decode()
    assert child.first_names in html  # whom she acts for, and whom the daycare case concerns
    named = AuditEvent.all_objects.filter(action="person.named")
    assert set(named.values_list("subject_id", flat=True)) == {child.public_id}
    assert named.get().actor == world["agent"]
    agent.get(url(world, "person", child.public_id))  # the child's card: the case made by the parent
    assert AuditEvent.all_objects.filter(action="person.named", subject_id=parent.public_id).count() == 1
