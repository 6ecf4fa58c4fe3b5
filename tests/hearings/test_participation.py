"""Residents comment and vote as the hearing's rules let them: who may take part, a closed hearing,
one vote each, moderation seen per viewer, escaping, and tenancy."""

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from luukku.core import clock
from luukku.hearings import services
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


def test_the_list_shows_open_hearings_first_closed_ones_apart_with_dates_and_filters_by_label(world):
    m = world["municipality"]
    closed = make_hearing(m, title="Vanha kaava", status=Status.CLOSED)
    soon = make_hearing(m, title="Pian sulkeutuva", closes_in=dt.timedelta(days=2))
    for hearing, names in ((world["hearing"], ["Liikenne"]), (closed, ["kaavoitus", "Liikenne"]), (soon, [])):
        services._set_labels(hearing, names)  # as create_hearing and update_hearing do
    page = Client().get(url("list", municipality=m)).content.decode()
    open_part, closed_part = page[page.index('id="open-hearings"'):page.index('id="closed-heading"')], \
        page[page.index('id="closed-heading"'):]
    # Open ones closing soonest first; the closed one only in its own part, with its dates.
    assert open_part.index("Pian sulkeutuva") < open_part.index("Keskustan kaavamuutos")
    assert "Vanha kaava" not in open_part and "Vanha kaava" in closed_part
    assert f"Was open {closed.opens_at.astimezone(clock.HELSINKI):%-d.%-m.%Y %H:%M}" in closed_part
    filtered = Client().get(url("list", municipality=m) + "?aihe=liikenne").content.decode()
    assert "Keskustan kaavamuutos" in filtered and "Vanha kaava" in filtered
    assert "Pian sulkeutuva" not in filtered and 'aria-current="page">Liikenne' in filtered
    only = Client().get(url("list", municipality=m) + "?aihe=kaavoitus").content.decode()
    assert "Vanha kaava" in only and "Keskustan kaavamuutos" not in only
    unknown = Client().get(url("list", municipality=m) + "?aihe=%3Cscript%3E")
    assert unknown.status_code == 200 and "No hearings have this theme" in unknown.content.decode()
    assert "Keskustan kaavamuutos" not in unknown.content.decode()


def test_the_page_says_who_may_take_part_when_it_closes_and_offers_sign_in_with_a_return(world, settings):
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
    m = world["municipality"]
    hearing = make_hearing(m, title="Rajattu", participation=Participation.REGISTERED)
    page = _page(Client(), hearing, m)
    assert "Residents of the municipality who have signed in may comment" in page
    assert f"Open for comments until {hearing.closes_at.astimezone(clock.HELSINKI):%-d.%-m.%Y %H:%M}" in page
    path = url("hearing", hearing.public_id, municipality=m)
    login_link = re.search(r'id="way-in"><a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert login_link.endswith("?" + urlencode({"next": path}))
    # Signed in, the way in is gone and the form is there.
    signed_in = _page(login(world["aino"].user), hearing, m)
    assert 'id="way-in"' not in signed_in and 'id="comment-form"' in signed_in
    # Anyone: said plainly, no sign-in asked.
    anyone = _page(Client(), world["hearing"], m)
    assert "Anyone may comment and vote" in anyone and 'id="way-in"' not in anyone


def test_the_place_is_given_as_coordinates_and_an_openstreetmap_link_and_the_map_comes_with_javascript(world):
    m, hearing = world["municipality"], world["hearing"]
    page = _page(Client(), hearing, m)
    assert "Latitude 60.170000, longitude 24.940000" in page
    assert "https://www.openstreetmap.org/?mlat=60.170000&amp;mlon=24.940000" in page
    assert "web/map.js" in page and 'id="feedback-map" class="place-map"' in page
    points = re.search(r'<script id="hearing-points" type="application/json">(.*?)</script>', page).group(1)
    assert json.loads(points) == [{"lat": 60.17, "lon": 24.94, "title": "Keskustan kaavamuutos", "url": ""}]
    # No world-sized drawing any more.
    assert "<svg" not in page


def test_an_over_long_comment_or_name_is_refused_in_words_and_the_text_is_kept(world):
    m, hearing = world["municipality"], world["hearing"]
    long_text = "Pitkä kommentti. " * 300  # over 5000 characters
    response = _comment(Client(), hearing, m, long_text, shown_name="N" * 101)
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 5000 characters" in page and "at most 100 characters" in page
    assert long_text.strip() in page and not Comment.all_objects.filter(hearing=hearing).exists()
