"""A decision that asks for an answer: the guardian accepts or declines on the case page by the
deadline (counted from the day the decision counts as received), once; reminders before the
deadline; the handler, the unit's queue and the APIs see the answer or the deadline passing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from luukku.cases import decisions, items, services
from luukku.cases.models import CaseChannel, DecisionAnswer, DecisionTemplate, Status
from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.notify.jobs import remind_decision_answers
from luukku.notify.models import Notification

from .staff_helpers import case_url, staff_url

pytestmark = pytest.mark.django_db

DECIDED_AT = dt.datetime(2026, 3, 2, 10, 0)  # a Monday
# Received electronically on the third day (5.3.), fourteen days on: Thursday 19.3.2026.
DUE = dt.date(2026, 3, 19)


@pytest.fixture
def place_template(municipality, case_type, unit):
    unit.email = "vaka@esimerkki.example"
    unit.save()
    return DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Paikka"}, title={"fi": "Paikka: {subject}"},
        body={"fi": "Ota paikka vastaan kahden viikon kuluessa Omat asiat -sivulla."}, fields=[],
        appeal_instructions={"fi": "Oikaisuvaatimus {review_body}."}, answer_days=14,
        review_body={"fi": "Kasvatuslautakunta", "en": "Education Committee"})


@pytest.fixture
def decided(aino, child, make_case, handler, place_template):
    case = make_case(aino, child)
    with clock.frozen_at(DECIDED_AT):
        decision = services.decide_from_template(case, handler, place_template, {}, "fi")
    return case, decision


def page(client, case):
    return client.get(f"/esimerkki/en/omat-asiat/{case.public_id}/")


def answer_url(case, decision):
    return f"/esimerkki/en/omat-asiat/{case.public_id}/paatokset/{decision.public_id}/vastaus/"


def test_the_deadline_counts_from_the_day_the_decision_counts_as_received(decided, aino, make_case, handler,
                                                                         place_template):
    case, decision = decided
    assert decisions.notification_date(decision) == dt.date(2026, 3, 5)
    assert decision.answer_due == DUE
    assert decision.review_body == "Kasvatuslautakunta"
    told = Notification.all_objects.get(case=case, kind="case.decided_answer")  # says an answer is asked
    assert told.person == aino and "johon sinun pitää vastata" in told.body  # in her language: an answer is asked
    by_post = make_case(aino)
    by_post.channel = CaseChannel.MAIL
    by_post.save()
    with clock.frozen_at(DECIDED_AT):
        posted = services.decide_from_template(by_post, handler, place_template, {}, "fi")
    # By post: received on the seventh day (9.3.), fourteen days on: Monday 23.3.
    assert (decisions.notification_date(posted), posted.answer_due) == (dt.date(2026, 3, 9), dt.date(2026, 3, 23))
    # A deadline on a holiday moves to the next working day: 5.3. + 30 = Saturday 4.4., Easter Monday 6.4.
    assert decisions.appeal_deadline(decision) == dt.date(2026, 4, 7)


def test_the_guardian_accepts_once_and_the_history_and_status_say_so(client, decided, aino, child):
    case, decision = decided
    client.force_login(aino.user)
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)), translation.override("en"):
        before = next(i for i in items.my_items(aino, "en") if i.reference == case.reference)
        html = page(client, case).content.decode()
    assert before.action_required is True
    assert 'data-answer-state="waiting"' in html and "Answer by 19.3.2026" in html
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        response = client.post(answer_url(case, decision), {"answer": "accept", "message": "Kiitos paikasta!"})
        assert response.status_code == 302
        html = page(client, case).content.decode()
    answer = DecisionAnswer.all_objects.get(decision=decision)
    assert (answer.answer, answer.message, answer.by_person, answer.on_behalf_of) == (
        "accept", "Kiitos paikasta!", aino, child)
    assert answer.mandate is not None  # the guardian acted for the child
    assert DomainEvent.all_objects.filter(kind="case.decision_answered", object_id=str(case.public_id)).exists()
    assert 'data-answer-state="answered"' in html and "Kiitos paikasta!" in html
    assert "Aino Asukas accepted the decision" in html  # in "What has happened"
    with translation.override("en"):
        after = next(i for i in items.my_items(aino, "en") if i.reference == case.reference)
    assert after.action_required is False and after.status_text == "The decision was accepted on 10.3.2026."
    # A second answer: refused with a clear message, the typed text kept.
    with clock.frozen_at(dt.datetime(2026, 3, 11, 12)):
        response = client.post(answer_url(case, decision), {"answer": "decline", "message": "Sittenkin ei"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "already answered on 10.3.2026" in body and "vaka@esimerkki.example" in body
    assert "Sittenkin ei" in body
    assert DecisionAnswer.all_objects.filter(decision=decision).count() == 1


def test_bad_answers_are_refused_with_the_input_kept(client, decided, aino, bertil):
    case, decision = decided
    client.force_login(aino.user)
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        response = client.post(answer_url(case, decision), {"answer": "maybe", "message": "Mietin vielä"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose whether you accept or decline." in body and "Mietin vielä" in body
    with clock.frozen_at(dt.datetime(2026, 3, 20, 9)):  # the day after the deadline
        response = client.post(answer_url(case, decision), {"answer": "accept", "message": "Myöhässä"})
        assert response.status_code == 409
        body = response.content.decode()
        assert "The deadline for answering was 19.3.2026" in body and "Contact" in body and "Myöhässä" in body
        html = page(client, case).content.decode()
        assert 'data-answer-state="deadline_passed"' in html
    client.force_login(bertil.user)  # may not act for Aino's child: no such case
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        assert client.post(answer_url(case, decision), {"answer": "decline"}).status_code == 404
    assert not DecisionAnswer.all_objects.exists()
    with pytest.raises(ValidationError):  # the service refuses an unknown answer itself
        services.answer_decision(decision, aino, "perhaps")


def test_the_handler_and_the_queue_see_the_answer_or_the_deadline_passing(client, decided, aino, handler):
    case, decision = decided
    client.force_login(handler)
    queue = staff_url(case.municipality, f"jono/{case.unit.public_id}/?status=decided")
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        html = client.get(case_url(case)).content.decode()
        assert 'data-answer-state="waiting"' in html and "Waiting for the resident’s answer by 19.3.2026" in html
        services.answer_decision(decision, aino, "decline", "Saimme paikan muualta.")
        html = client.get(case_url(case)).content.decode()
        assert "Declined by Aino Asukas" in html and "Saimme paikan muualta." in html
        assert "Decided · declined" in client.get(queue).content.decode()


def test_no_answer_by_the_deadline_shows_to_the_handler_and_in_the_queue(client, decided, handler):
    case, _decision = decided
    client.force_login(handler)
    queue = staff_url(case.municipality, f"jono/{case.unit.public_id}/?status=decided")
    with clock.frozen_at(dt.datetime(2026, 3, 20, 9)):
        assert "No answer: the deadline passed on 19.3.2026." in client.get(case_url(case)).content.decode()
        assert "Decided · no answer, deadline passed" in client.get(queue).content.decode()


def test_one_reminder_before_the_deadline_through_the_outbox(decided, aino, make_case, handler, place_template):
    case, decision = decided
    answered = make_case(aino)
    with clock.frozen_at(DECIDED_AT):
        answered_decision = services.decide_from_template(answered, handler, place_template, {}, "fi")
        services.answer_decision(answered_decision, aino, "accept")
    assert remind_decision_answers(dt.date(2026, 3, 10)) == 0  # too early
    assert remind_decision_answers(dt.date(2026, 3, 16)) == 1  # the unanswered one only
    assert remind_decision_answers(dt.date(2026, 3, 17)) == 0  # once per decision
    reminder = Notification.all_objects.get(kind="case.answer_reminder")
    assert reminder.person == aino and reminder.case == case and case.reference in reminder.subject


def test_resident_api_shows_the_answer_state(decided, aino):
    from django.test import Client

    case, decision = decided
    api = Client()
    api.force_login(aino.user)
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        body = api.get(f"/api/v1/esimerkki/me/cases/{case.public_id}/").json()
        assert body["action_required"] is True and body["actions"] == ["answer_decision"]
        assert body["decisions"][0]["answer"] == {"due": "2026-03-19", "state": "waiting", "answer": None,
                                                  "answered_at": None}
        assert body["decisions"][0]["appeal_deadline"] == "2026-04-07"
        services.answer_decision(decision, aino, "accept")
        body = api.get(f"/api/v1/esimerkki/me/cases/{case.public_id}/").json()
    assert body["action_required"] is False and body["actions"] == []
    assert body["decisions"][0]["answer"]["state"] == "answered"
    assert body["decisions"][0]["answer"]["answer"] == "accept"
    assert case.status == Status.DECIDED


def test_the_answer_is_in_the_residents_data_export(decided, aino):
    from luukku.privacy import export

    case, decision = decided
    with clock.frozen_at(dt.datetime(2026, 3, 10, 12)):
        services.answer_decision(decision, aino, "accept", "Aloitamme elokuussa.")
    with translation.override("en"):
        data = export.collect(aino, "en")
    exported = next(c for c in data["cases"] if c["reference"] == case.reference)
    assert [(a["decision"], a["answer"], a["by"], a["message"]) for a in exported["answers_to_decisions"]] == [
        (decision.title, "accepted", "Aino Asukas", "Aloitamme elokuussa.")]


def test_a_template_under_the_local_government_act_gives_fourteen_days_to_request_a_review(
        decided, aino, make_case, handler, place_template):
    place_template.review_days = 14
    place_template.appeal_instructions = {"fi": "Oikaisuvaatimus {review_days} päivän kuluessa."}
    place_template.save()
    with clock.frozen_at(DECIDED_AT):
        decision = services.decide_from_template(make_case(aino), handler, place_template, {}, "fi")
    # Received 5.3., fourteen days on: Thursday 19.3.; the instructions name the same days.
    assert decisions.appeal_deadline(decision) == dt.date(2026, 3, 19)
    assert "14 päivän kuluessa" in decision.appeal_instructions


def test_the_warnings_found_at_submission_are_in_the_residents_data_export(decided, aino):
    from luukku.privacy import export

    case, _decision = decided
    case.warnings = [{"code": "open_application", "params": {"on": "2026-02-01"}}]
    case.save(update_fields=["warnings"])
    with translation.override("en"):
        data = export.collect(aino, "en")
    exported = next(c for c in data["cases"] if c["reference"] == case.reference)
    assert exported["warnings_at_submission"] == [
        f"An application for this service for {case.subject.full_name}, sent on 1.2.2026, is still being handled."]
