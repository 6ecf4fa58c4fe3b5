"""Finding a resident: by name and date of birth, or by identity code in a POST body (audited)."""

import pytest

from luukku.core.models import AuditEvent
from luukku.people.hetu import mask

from .conftest import login, url

pytestmark = pytest.mark.django_db


def search_name(client, world, name, birth_date, **kwargs):
    return client.post(url(world, "search", **kwargs), {"search": "name", "name": name, "birth_date": birth_date})


def search_hetu(client, world, code):
    return client.post(url(world, "search"), {"search": "hetu", "hetu": code})


def test_every_word_of_the_name_must_match_and_the_birth_date_too(agent, world):
    parent = world["parent"]
    card = url(world, "person", parent.public_id)
    for name, day in (("Aino Asukas", "15.3.1985"), ("asukas aino", "1985-03-15"), ("MARIA", "15.03.1985"),
                      ("Asu", "15.3.1985")):
        html = search_name(agent, world, name, day).content.decode()
        assert card in html, (name, day)
        assert str(world["namesake"].public_id) not in html  # the other municipality's namesake
    assert card not in search_name(agent, world, "Aino Björkman", "15.3.1985").content.decode()
    assert card not in search_name(agent, world, "Aino Asukas", "16.3.1985").content.decode()
    miss = search_name(agent, world, "Eino Asukas", "15.3.1985")
    assert miss.status_code == 200 and "No resident of this municipality has this name" in miss.content.decode()


def test_letter_case_of_finnish_letters_does_not_matter(agent, world):
    other = world["other"]
    html = search_name(agent, world, "BJÖRKMAN bertil", "1.6.1979").content.decode()
    assert url(world, "person", other.public_id) in html


def test_both_fields_are_required_with_clear_messages_and_the_input_kept(agent, world):
    response = search_name(agent, world, "Aino Asukas", "")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the date of birth." in html and 'value="Aino Asukas"' in html and 'href="#id_birth_date"' in html
    response = search_name(agent, world, "", "15.3.1985")
    assert response.status_code == 400 and "Enter the resident&#x27;s name." in response.content.decode()
    assert 'value="15.3.1985"' in response.content.decode()
    response = search_name(agent, world, "Aino", "31.2.1985")
    html = response.content.decode()
    assert response.status_code == 400 and "for example 15.3.1985" in html and 'value="31.2.1985"' in html
    assert str(world["parent"].public_id) not in html


def test_identity_code_search_finds_the_person_and_is_audited_without_the_code(agent, world):
    parent = world["parent"]
    code = parent.hetu
    response = search_hetu(agent, world, code.lower())
    html = response.content.decode()
    assert response.status_code == 200 and url(world, "person", parent.public_id) in html
    assert code not in html and code.lower() not in html  # the code is not echoed back
    events = list(AuditEvent.all_objects.filter(action="person.search"))
    assert len(events) == 1
    event = events[0]
    assert event.subject_id == parent.public_id and event.object_id == str(parent.public_id)
    assert event.actor == world["agent"] and event.actor_role == "service_point_agent"
    assert event.unit == world["point"]
    row = " ".join(str(v) for v in AuditEvent.all_objects.filter(pk=event.pk).values().first().values())
    assert code not in row and code[:6] not in row.replace(str(parent.birth_date), "")


def test_identity_code_of_nobody_here_and_malformed_codes_are_audited_too(agent, world):
    namesake = world["namesake"]  # a real code, of another municipality's resident
    response = search_hetu(agent, world, namesake.hetu)
    assert "No resident of this municipality has this identity code." in response.content.decode()
    assert str(namesake.public_id) not in response.content.decode()
    event = AuditEvent.all_objects.get(action="person.search")
    assert event.object_id == "" and event.subject_id != namesake.public_id
    assert event.municipality == world["municipality"]

    response = search_hetu(agent, world, "150385-12")
    html = response.content.decode()
    assert response.status_code == 400 and "Check the personal identity code" in html and "150385-12" not in html
    assert AuditEvent.all_objects.filter(action="person.search").count() == 2

    empty = search_hetu(agent, world, "")
    assert empty.status_code == 400 and "Enter the personal identity code." in empty.content.decode()


def test_the_identity_code_is_never_taken_from_a_url(agent, world):
    code = world["parent"].hetu
    response = agent.get(url(world, "search"), {"hetu": code, "search": "hetu"})
    assert response.status_code == 302 and response["Location"] == url(world, "search")  # the query dropped
    response = agent.get(url(world, "search"), {"hetu": code, "search": "hetu"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and str(world["parent"].public_id) not in html
    assert not AuditEvent.all_objects.filter(action="person.search").exists()
    assert 'method="post"' in html and code not in html


def test_only_agents_and_administrators_use_the_front_office(client, world, admin_user):
    assert login(world["handler"]).get(url(world, "search")).status_code == 403
    assert login(world["parent"].user).get(url(world, "search")).status_code == 403
    anonymous = client.get(url(world, "search"))
    assert anonymous.status_code == 302 and "/kirjaudu/" in anonymous["Location"]
    assert login(admin_user).get(url(world, "search")).status_code == 200
    response = search_hetu(login(world["handler"]), world, world["parent"].hetu)
    assert response.status_code == 403 and not AuditEvent.all_objects.exists()


def test_mask_shows_the_birth_date_part_only(world):
    assert mask(world["parent"].hetu) == world["parent"].hetu[:7] + "****"


def test_name_search_results_are_audited_one_event_per_person_listed(agent, world):
    parent = world["parent"]
    html = search_name(agent, world, "Aino Asukas", "15.3.1985").content.decode()
    assert url(world, "person", parent.public_id) in html
    events = list(AuditEvent.all_objects.filter(action="person.search_result"))
    assert [e.subject_id for e in events] == [parent.public_id]
    assert events[0].actor == world["agent"] and events[0].actor_role == "service_point_agent"
    search_name(agent, world, "Eino Asukas", "15.3.1985")  # no one listed: nothing to write
    assert AuditEvent.all_objects.filter(action="person.search_result").count() == 1
