"""The respondent's side: the secret link (no login), a page of answers saved as it is sent, the
questionnaire left half-way and resumed by the same link, bad input answered in words."""

import pytest

from luukku.maturity import selectors, services
from luukku.maturity.models import Answer, Invitation

from .conftest import link

pytestmark = pytest.mark.django_db
STEERING = {"q-steering.strategic": "3", "q-steering.tactical": "2", "q-steering.operational": "dk"}


@pytest.fixture
def token(round_):
    token, = services.invite(round_, level="sector", count=1, by_user=None)
    return token


@pytest.fixture
def invitation(token):
    return Invitation.all_objects.get(token_hash=services.hash_token(token))


def test_only_the_hash_of_a_link_is_kept(round_, token, invitation):
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert not Invitation.all_objects.filter(token_hash=token).exists()
    assert len(token) >= 40  # 32 random bytes


def test_the_link_opens_the_first_page_without_login(client, municipality, round_, token):
    response = client.get(link(municipality, round_, token))
    assert response.status_code == 302 and response["Location"].endswith(f"/{token}/1/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Customer-centric strategic steering" in html and "Page 1 of 7" in html
    # each level's description is shown beside its choice, and "don't know"
    assert "The first steps have been taken" in html and 'value="dk"' in html
    assert html.count('type="radio"') == 3 * 6


@pytest.mark.parametrize("bad", ["x" * 43, "short", "a/b", ""])
def test_a_wrong_token_is_404(client, municipality, round_, token, bad):
    assert client.get(link(municipality, round_, bad) + "1/").status_code == 404


def test_a_link_of_another_round_cannot_open_this_round(client, municipality, round_, token, manager):
    other = services.start_round(municipality=municipality, name="Toinen", population=24_500, by_user=manager)
    other_token, = services.invite(other, level="top", count=1, by_user=None)
    assert client.get(link(municipality, round_, other_token) + "1/").status_code == 404
    assert client.get(link(municipality, other, token) + "1/").status_code == 404
    assert client.get(link(municipality, other, other_token) + "1/").status_code == 200


def test_a_link_in_another_municipality_or_language_is_404(client, other_municipality, municipality, round_,
                                                            token):
    assert client.get(link(other_municipality, round_, token) + "1/").status_code == 404
    assert client.get(link(municipality, round_, token, lang="de") + "1/").status_code == 404
    assert client.get(link(municipality, round_, token, lang="sv") + "1/").status_code == 200


def test_the_link_expires_when_the_round_closes(client, municipality, round_, token, invitation):
    client.post(link(municipality, round_, token, suffix="1/"), {**STEERING, "action": "next"})
    services.close_round(round_, by_user=None)
    for suffix in ("", "1/", "2/", "valmis/", "tallennettu/"):
        assert client.get(link(municipality, round_, token, suffix=suffix)).status_code == 404
    assert client.post(link(municipality, round_, token, suffix="2/"), {"action": "next"}).status_code == 404
    assert selectors.answers_of(invitation)["steering.strategic"] == "3"  # kept for the report


def test_half_way_saved_and_resumed_by_the_same_link(client, municipality, round_, token, invitation):
    first = client.post(link(municipality, round_, token, suffix="1/"), {**STEERING, "action": "next"})
    assert first.status_code == 302 and first["Location"].endswith("/2/")
    # on page 2 the respondent answers one question and leaves
    later = client.post(link(municipality, round_, token, suffix="2/"),
                        {"q-capabilities.strategic": "1", "action": "later"})
    assert later.status_code == 302 and later["Location"].endswith("/tallennettu/")
    saved = client.get(later["Location"]).content.decode()
    assert "Your answers are saved" in saved and f"/{token}/" in saved

    # A new browser: the same link brings them back to page 2, with the answer they gave checked.
    from django.test import Client
    again = Client()
    resume = again.get(link(municipality, round_, token))
    assert resume["Location"].endswith(f"/{token}/2/")
    html = again.get(resume["Location"]).content.decode()
    assert 'id="q-capabilities-strategic-1" value="1" checked' in html
    back = again.get(link(municipality, round_, token, suffix="1/")).content.decode()
    assert 'id="q-steering-strategic-3" value="3" checked' in back and 'value="dk" checked' in back
    assert selectors.answers_of(invitation) == {"steering.strategic": "3", "steering.tactical": "2",
                                                "steering.operational": "dk", "capabilities.strategic": "1"}
    invitation.refresh_from_db()
    assert invitation.started_at is not None and invitation.finished_at is None and invitation.last_page == 1


def test_a_level_outside_0_to_4_is_refused_in_words_and_the_rest_kept(client, municipality, round_, token,
                                                                      invitation):
    response = client.post(link(municipality, round_, token, suffix="1/"),
                           {"q-steering.strategic": "7", "q-steering.tactical": "2", "q-steering.operational": "-1",
                            "action": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Choose a level from 0 to 4, or “Don’t know”.") >= 2
    assert "The answers that were in order are saved." in html
    assert 'id="q-steering-tactical-2" value="2" checked' in html
    assert selectors.answers_of(invitation) == {"steering.tactical": "2"}
    invitation.refresh_from_db()
    assert invitation.last_page == 0  # the link still brings them back to page 1


def test_a_tampered_question_id_is_refused_in_words_and_nothing_lost(client, municipality, round_, token,
                                                                      invitation):
    response = client.post(link(municipality, round_, token, suffix="1/"),
                           {**STEERING, "q-nosuch.strategic": "2", "q-data.strategic": "4", "action": "next"})
    assert response.status_code == 400
    assert "a question that is not on this page" in response.content.decode()
    assert selectors.answers_of(invitation) == {"steering.strategic": "3", "steering.tactical": "2",
                                                "steering.operational": "dk"}
    assert not Answer.all_objects.filter(question__in=["nosuch.strategic", "data.strategic"]).exists()


def test_moving_on_asks_for_every_answer_but_keeps_the_given_ones(client, municipality, round_, token, invitation):
    response = client.post(link(municipality, round_, token, suffix="1/"),
                           {"q-steering.strategic": "4", "action": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Answer this question, or choose “Don’t know”.") == 4  # in the summary and by the question
    assert 'id="q-steering-tactical-error"' in html and 'id="q-steering-operational-error"' in html
    assert selectors.answers_of(invitation) == {"steering.strategic": "4"}


@pytest.mark.parametrize("page", ["0", "8", "99"])
def test_a_page_outside_the_questionnaire_is_404(client, municipality, round_, token, page):
    assert client.get(link(municipality, round_, token, suffix=f"{page}/")).status_code == 404


def test_finishing_needs_every_question_then_counts(client, municipality, round_, token, invitation):
    summary = link(municipality, round_, token, suffix="valmis/")
    refused = client.post(summary)
    assert refused.status_code == 400 and "Some questions are still unanswered" in refused.content.decode()
    invitation.refresh_from_db()
    assert invitation.finished_at is None
    for number, (key, questions) in enumerate(__import__("luukku.maturity.content", fromlist=["PAGES"]).PAGES, 1):
        data = {f"q-{q}": ("developing" if key == "views" else "2") for q in questions}
        assert client.post(link(municipality, round_, token, suffix=f"{number}/"),
                           {**data, "action": "next"}).status_code == 302
    assert client.get(link(municipality, round_, token))["Location"].endswith("/valmis/")
    done = client.post(summary)
    assert done.status_code == 302
    invitation.refresh_from_db()
    assert invitation.finished_at is not None
    assert selectors.result(round_).overall["all"].level == 2
