"""Residents comment and vote as the hearing's rules let them: who may take part, a closed hearing,
one vote each, moderation seen per viewer, escaping, and tenancy."""

import re

import pytest
from django.test import Client

from luukku.hearings.models import Comment, Participation, Status, Vote
from luukku.people.selectors import SESSION_KEY

from .conftest import login, make_hearing, url


def _page(client, hearing, municipality):
    response = client.get(url("hearing", hearing.public_id, municipality=municipality))
    assert response.status_code == 200
    return response.content.decode()


def _comment(client, hearing, municipality, text="Hyvä suunnitelma", **extra):
    return client.post(url("hearing", hearing.public_id, municipality=municipality),
                       {"text": text, "section": "", "shown_name": "", **extra})


def test_anyone_may_comment_anonymously_or_with_a_name_on_a_section(world):
    m, hearing = world["municipality"], world["hearing"]
    section = hearing.sections.get(title="Liikenne")
    client = Client()
    assert _comment(client, hearing, m, "Pyöräkaistat kiitos", section=str(section.public_id)).status_code == 302
    assert _comment(client, hearing, m, "Koko kaava hyvä", shown_name="Maija").status_code == 302
    on_section, whole = Comment.all_objects.get(section=section), Comment.all_objects.get(section=None)
    assert (on_section.text, on_section.shown_name) == ("Pyöräkaistat kiitos", "")
    assert (whole.text, whole.shown_name) == ("Koko kaava hyvä", "Maija")
    page = _page(Client(), hearing, m)
    assert "Pyöräkaistat kiitos" in page and "Maija" in page and "Anonymous" in page
    # The author's user or session key is never on the page.
    assert on_section.author_key not in page


@pytest.mark.parametrize("level", [Participation.REGISTERED, Participation.STRONG])
def test_participation_levels_are_enforced_server_side(world, settings, level):
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
    m = world["municipality"]
    hearing = make_hearing(m, title="Rajattu", participation=level)
    response = _comment(Client(), hearing, m, "Nimetön yritys")
    assert response.status_code == 400 and "Nimetön yritys" in response.content.decode()  # the text is kept
    assert "Only" in response.content.decode() and not Comment.all_objects.filter(hearing=hearing).exists()
    resident = login(world["aino"].user)
    response = _comment(resident, hearing, m, "Kirjautuneena")
    if level == Participation.REGISTERED:
        assert response.status_code == 302
    else:
        assert response.status_code == 400 and "strongly identified" in response.content.decode()
        session = resident.session
        session[SESSION_KEY] = {"user": world["aino"].user.pk, "strong": True, "provider": "oidc"}
        session.save()
        assert _comment(resident, hearing, m, "Vahvasti tunnistettuna").status_code == 302
    assert Comment.all_objects.filter(hearing=hearing).count() == 1


@pytest.mark.parametrize("status", [Status.CLOSED, "past"])
def test_a_closed_hearing_refuses_comments_and_votes_with_a_message_and_keeps_the_text(world, status):
    m = world["municipality"]
    open_one = world["hearing"]
    _comment(Client(), open_one, m, "Ennen sulkemista")
    if status == "past":
        hearing = make_hearing(m, title="Mennyt", closes_in=__import__("datetime").timedelta(seconds=-1))
    else:
        hearing = make_hearing(m, title="Suljettu", status=Status.CLOSED)
    response = _comment(Client(), hearing, m, "Myöhässä <b>tosi</b>")
    page = response.content.decode()
    assert response.status_code == 400 and "This hearing is closed" in page
    assert "Myöhässä &lt;b&gt;tosi&lt;/b&gt;" in page
    assert not Comment.all_objects.filter(hearing=hearing).exists()
    # Votes on a hearing that has closed are refused too.
    c = Comment.all_objects.get(hearing=open_one)
    Comment.all_objects.filter(pk=c.pk).update(hearing=hearing)
    client = Client()
    response = client.post(url("vote", hearing.public_id, c.public_id, municipality=m), follow=True)
    assert "This hearing is closed" in response.content.decode()
    assert not Vote.all_objects.exists()


def test_one_vote_per_person_and_per_browser_session(world):
    m, hearing = world["municipality"], world["hearing"]
    _comment(Client(), hearing, m, "Äänestä tätä")
    c = Comment.all_objects.get(hearing=hearing)
    vote_url = url("vote", hearing.public_id, c.public_id, municipality=m)
    aino = login(world["aino"].user)
    assert "Your vote has been counted" in aino.post(vote_url, follow=True).content.decode()
    assert "already voted" in aino.post(vote_url, follow=True).content.decode()
    assert "already voted" in login(world["aino"].user).post(vote_url, follow=True).content.decode()
    anonymous = Client()
    anonymous.post(vote_url)
    anonymous.post(vote_url)
    c.refresh_from_db()
    assert c.votes_count == 2 and Vote.all_objects.filter(comment=c).count() == 2
    assert re.search(r'data-votes="2"', _page(Client(), hearing, m))


def test_a_hidden_comment_is_seen_only_by_its_author_with_the_reason_and_by_staff(world):
    m, hearing = world["municipality"], world["hearing"]
    author = login(world["aino"].user)
    _comment(author, hearing, m, "Asiaton kommentti")
    c = Comment.all_objects.get(hearing=hearing)
    manager = login(world["manager"])
    response = manager.post(url("hide", hearing.public_id, c.public_id, municipality=m), {"reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    manager.post(url("hide", hearing.public_id, c.public_id, municipality=m), {"reason": "Loukkaava"})
    c.refresh_from_db()
    assert c.hidden and c.hidden_reason == "Loukkaava" and c.hidden_by == world["manager"]
    assert "Asiaton kommentti" not in _page(Client(), hearing, m)
    assert "Asiaton kommentti" not in _page(login(world["bertil"].user), hearing, m)
    own = _page(author, hearing, m)
    assert "Asiaton kommentti" in own and "hidden by the moderator" in own and "Loukkaava" in own
    staff_page = manager.get(url("staff_hearing", hearing.public_id, municipality=m)).content.decode()
    assert "Asiaton kommentti" in staff_page and "Loukkaava" in staff_page


def test_script_in_a_comment_and_a_name_is_shown_as_text(world):
    m, hearing = world["municipality"], world["hearing"]
    _comment(Client(), hearing, m, "<script>alert(1)</script>", shown_name="<img src=x onerror=alert(2)>")
    page = _page(Client(), hearing, m)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page


def test_an_empty_comment_is_refused_in_words(world):
    response = _comment(Client(), world["hearing"], world["municipality"], "   ")
    assert response.status_code == 400 and "Write your comment." in response.content.decode()


def test_tenancy_drafts_and_other_municipalities_are_not_found(world):
    m, other = world["municipality"], world["other_municipality"]
    hearing = world["hearing"]
    draft = make_hearing(m, title="Luonnos", status=Status.DRAFT)
    assert Client().get(url("hearing", draft.public_id, municipality=m)).status_code == 404
    assert Client().get(url("hearing", hearing.public_id, municipality=other)).status_code == 404
    listing = Client().get(url("list", municipality=m)).content.decode()
    assert "Keskustan kaavamuutos" in listing and "Luonnos" not in listing
    assert "Keskustan kaavamuutos" not in Client().get(url("list", municipality=other)).content.decode()
    foreign = login(world["foreign_manager"])
    assert foreign.get(url("staff_hearing", hearing.public_id, municipality=other)).status_code == 404
    assert foreign.get(url("staff_hearing", hearing.public_id, municipality=m)).status_code == 403
    assert login(world["aino"].user).get(url("staff_list", municipality=m)).status_code == 403
