"""The answer page by a secret link (once), an open survey, bad input kept with its message; the staff
pages: who gets in, tenancy, the composition table, the audited list of people, results and CSV."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.notify.models import Notification
from luukku.panels import services
from luukku.panels.models import Answer, Invitation, Response, Survey
from luukku.people.models import Person

from ..factories import MembershipFactory, UserFactory
from .conftest import QUESTIONS, populate

pytestmark = pytest.mark.django_db
HOME = "/esimerkki/en/virkailija/kyselyt/"


def invite_one(municipality, survey):
    populate(municipality, [(1, 40, "00100", "fi")])
    services.draw_sample(survey, size=1, seed="x")
    notification = Notification.all_objects.get(kind="panel.invited")
    return notification.link.replace("/fi/", "/en/", 1)


def test_an_invitee_answers_once_by_the_link(client, municipality, survey):
    link = invite_one(municipality, survey)
    page = client.get(link)
    assert page.status_code == 200 and b"Do you use the library?" in page.content
    q = {q.position: q for q in survey.questions.all()}
    done = client.post(link, {f"q{q[0].pk}": "1", f"q{q[1].pk}": ["0", "2"], f"q{q[2].pk}": "4",
                              f"q{q[3].pk}": "More books"})
    assert done.status_code == 200 and b"your answer is in" in done.content
    response = Response.all_objects.get()
    assert response.stratum == "30-44|00100|fi"
    assert sorted(Answer.all_objects.values_list("question__position", "value")) == [
        (0, "1"), (1, "0"), (1, "2"), (2, "4"), (3, "More books")]
    again = client.post(link, {f"q{q[0].pk}": "0"})
    assert Response.all_objects.count() == 1 and b"your answer is in" in again.content


def test_a_wrong_link_is_not_found_and_bad_input_is_kept(client, municipality, survey):
    link = invite_one(municipality, survey)
    assert client.get(link[:-5] + "xxxx/").status_code == 404
    q = {q.position: q for q in survey.questions.all()}
    bad = client.post(link, {f"q{q[0].pk}": "7", f"q{q[3].pk}": "Kept text"})
    assert bad.status_code == 400
    assert b"Choose one of the options given." in bad.content and b"Kept text" in bad.content
    assert not Response.all_objects.exists()
    empty = client.post(link, {})
    assert empty.status_code == 400 and b"Answer at least one question." in empty.content


def test_an_open_survey_takes_answers_without_a_link_and_a_closed_one_none(client, municipality, manager):
    now = clock.now()
    survey = services.create_survey(municipality=municipality, title="Avoin", opens_at=now - dt.timedelta(days=1),
                                    closes_at=now + dt.timedelta(days=1), questions=QUESTIONS[:1], open_to_all=True)
    url = f"/esimerkki/en/kysely/{survey.public_id}/"
    q = survey.questions.get()
    assert client.post(url, {f"q{q.pk}": "0"}).status_code == 200
    assert Response.all_objects.get().stratum == ""
    Survey.all_objects.filter(pk=survey.pk).update(closes_at=now - dt.timedelta(minutes=1))
    page = client.post(url, {f"q{q.pk}": "0"})
    assert b"has closed" in page.content and Response.all_objects.count() == 1
    closed = services.create_survey(municipality=municipality, title="Kutsu", opens_at=now - dt.timedelta(days=1),
                                    closes_at=now + dt.timedelta(days=1), questions=QUESTIONS[:1])
    assert client.get(f"/esimerkki/en/kysely/{closed.public_id}/").status_code == 404


def test_another_municipalitys_link_and_survey_are_not_found(client, municipality, other_municipality, survey):
    link = invite_one(municipality, survey)
    assert client.get(link.replace("/esimerkki/", f"/{other_municipality.slug}/")).status_code == 404
    stranger = UserFactory(username="vieras")
    MembershipFactory(municipality=other_municipality, user=stranger, role=Role.MANAGER)
    client.force_login(stranger)
    assert client.get(f"/{other_municipality.slug}/en/virkailija/kyselyt/{survey.public_id}/").status_code == 404
    elsewhere = f"/{other_municipality.slug}/en/virkailija/kyselyt/{survey.public_id}/"
    assert client.get(elsewhere + "tulokset/").status_code == 404


def test_only_managers_get_in(client, municipality, survey):
    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, role=Role.CASE_HANDLER)
    client.force_login(handler)
    assert client.get(HOME).status_code == 403


def test_a_manager_makes_a_survey_and_draws_a_panel(client, municipality, manager):
    populate(municipality, [(30, 40, "00100", "fi"), (10, 20, "00100", "sv")])
    client.force_login(manager)
    bad = client.post(HOME, {"title": "Liikuntakysely", "opens": "1.1.2026", "closes": "31.1.2026",
                             "questions": "what: x"})
    assert bad.status_code == 400 and b"Line 1" in bad.content and b"Liikuntakysely" in bad.content
    today = clock.today()
    reversed_days = client.post(HOME, {"title": "Liikuntakysely", "opens": "31.1.2027", "closes": "1.1.2027",
                                       "questions": "single: Do you exercise? | Yes"})
    assert reversed_days.status_code == 400
    assert b"The closing time must be after the opening time." in reversed_days.content
    assert b"A choice question needs at least two options." in reversed_days.content
    assert client.post(HOME, {"title": "x", "opens": "kevät", "closes": "", "questions": ""}).status_code == 400
    made = client.post(HOME, {"title": "Liikuntakysely", "opens": f"{today:%d.%m.%Y}",
                              "closes": f"{today + dt.timedelta(days=20):%d.%m.%Y}",
                              "questions": "single: Do you exercise? | Yes | No\nscale: How fit?"})
    survey = Survey.all_objects.get(title="Liikuntakysely")
    assert made.status_code == 302 and survey.questions.count() == 2
    url = f"{HOME}{survey.public_id}/"
    assert client.post(url, {"size": "many", "seed": ""}).status_code == 400
    refused = client.post(url, {"size": "0", "seed": "x", "factors": "18-29|00100|sv = 9"})
    assert refused.status_code == 400 and b"from 1 to 5" in refused.content
    drawn = client.post(url, {"size": "8", "seed": "kevät", "factors": "18-29|00100|sv = 2"})
    sample = survey.samples.get()
    assert drawn.status_code == 302
    assert sample.drawn == {"30-44|00100|fi": 6, "18-29|00100|sv": 4}  # 6 : 2, the Swedish speakers twice
    composition = client.get(f"{url}paneeli/{sample.public_id}/")
    assert composition.status_code == 200 and b"18-29|00100|sv" in composition.content
    assert b"Etu" not in composition.content  # the composition names no one
    assert not AuditEvent.all_objects.filter(action="panels.sample_people").exists()


def test_the_list_of_people_is_audited_person_by_person(client, municipality, manager, survey):
    people = populate(municipality, [(6, 40, "00100", "fi")])
    sample = services.draw_sample(survey, size=6, seed="x")
    client.force_login(manager)
    page = client.get(f"{HOME}{survey.public_id}/paneeli/{sample.public_id}/henkilot/")
    assert page.status_code == 200 and b"Suku1" in page.content
    audits = AuditEvent.all_objects.filter(action="panels.sample_people")
    assert sorted(str(a.subject_id) for a in audits) == sorted(str(p.public_id) for p in Person.all_objects.filter(
        municipality=municipality))
    assert {a.actor_id for a in audits} == {manager.pk}


def test_results_page_and_csv_show_only_suppressed_counts(client, municipality, manager, survey):
    populate(municipality, [(12, 40, "00100", "fi")])
    services.draw_sample(survey, size=12, seed="x")
    q = survey.questions.first()
    for i, invitation in enumerate(Invitation.all_objects.all()):
        services.answer(survey, answers={q: ["0" if i < 9 else "1"]}, invitation=invitation)
    client.force_login(manager)
    page = client.get(f"{HOME}{survey.public_id}/tulokset/?by=age")
    assert page.status_code == 200 and b"Do you use the library?" in page.content
    csv = client.get(f"{HOME}{survey.public_id}/tulokset.csv").content.decode("utf-8-sig").splitlines()
    assert csv[0] == "Question,Answer,Total"
    assert "Do you use the library?,Yes,.." in csv and "Do you use the library?,No,.." in csv
    assert "Do you use the library?,Respondents,12" in csv
    assert client.get(f"{HOME}{survey.public_id}/tulokset/?by=nonsense").status_code == 200
