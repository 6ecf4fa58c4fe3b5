"""The managers' side: who may start a round (and sees the menu link), the links shown once, closing,
the report's fields, and tenancy: another municipality's manager never sees the round or its report."""

import re

import pytest

from luukku.core.models import Role
from luukku.maturity import services
from luukku.maturity.models import Invitation, Round
from luukku.web.staff import nav

from ..factories import MembershipFactory, UserFactory
from .conftest import all_answers, respond

pytestmark = pytest.mark.django_db
HOME = "/esimerkki/en/virkailija/kypsyys/"


def url(round_, suffix=""):
    return f"{HOME}{round_.public_id}/{suffix}"


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_a_manager_starts_a_round_and_makes_links_shown_once(manager_client, municipality):
    response = manager_client.post(HOME, {"name": "Itsearvio 2026", "population": "24500"})
    round_ = Round.all_objects.get(municipality=municipality)
    assert response.status_code == 302 and response["Location"] == url(round_)
    assert (round_.size_class, round_.population, round_.status) == ("small", 24500, "open")

    made = manager_client.post(url(round_, "kutsut/"), {"level": "service", "count": "3"})
    assert made.status_code == 302
    page = manager_client.get(made["Location"]).content.decode()
    links = re.findall(r"<code>(http[^<]+)</code>", page)
    assert len(links) == 3 and len(set(links)) == 3
    invitations = Invitation.all_objects.filter(round=round_)
    assert {i.level for i in invitations} == {"service"}
    tokens = {link.rstrip("/").rsplit("/", 1)[1] for link in links}
    assert {services.hash_token(t) for t in tokens} == {i.token_hash for i in invitations}
    # shown once: Luukku keeps no copy, the next look shows none
    assert "<code>http" not in manager_client.get(url(round_)).content.decode()


@pytest.mark.parametrize("data, message", [
    ({"name": "", "population": "24500"}, "Give the round a name"),
    ({"name": "Arvio", "population": "0"}, "above zero"),
    ({"name": "Arvio", "population": "paljon"}, "as a whole number"),
    ({"name": "Arvio", "population": "99999999999"}, "check the number"),
])
def test_a_bad_round_is_refused_in_words_and_kept(manager_client, data, message):
    response = manager_client.post(HOME, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'value="{data["population"]}"' in html
    assert not Round.all_objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"level": "mayor", "count": "1"}, "Choose one of the three organisational levels."),
    ({"level": "top", "count": "0"}, "Make from 1 to 200 links at a time."),
    ({"level": "top", "count": "1000"}, "Make from 1 to 200 links at a time."),
    ({"level": "top", "count": "x"}, "as a whole number"),
])
def test_bad_invitations_are_refused_in_words(manager_client, round_, data, message):
    response = manager_client.post(url(round_, "kutsut/"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Invitation.all_objects.exists()


def test_closing_ends_the_round_and_its_invitations(manager_client, round_):
    assert manager_client.post(url(round_, "sulje/")).status_code == 302
    round_.refresh_from_db()
    assert round_.status == "closed" and round_.closed_at is not None
    page = manager_client.get(url(round_)).content.decode()
    assert 'id="invite-form"' not in page
    again = manager_client.post(url(round_, "kutsut/"), {"level": "top", "count": "1"})
    assert again.status_code == 400 and "The round is closed" in again.content.decode()


def test_the_report_shows_levels_views_and_matching_challenges(manager_client, round_):
    respond(round_, "top", {**all_answers("1"), "steering.strategic": "3", "wellbeing": "immature"})
    respond(round_, "service", {**all_answers("1"), "steering.strategic": "2"})
    respond(round_, "sector", all_answers("4"), finish=False)  # half-way: not counted
    html = manager_client.get(url(round_, "raportti/")).content.decode()
    assert "2 respondents have finished the questionnaire." in html
    row = re.search(r'<tr data-theme="steering">(.*?)</tr>', html, re.S).group(1)
    assert "Level 2" in row and "mean 2.5" in row  # (3 + 2) / 2 at the strategic tier
    assert "Level 1" in re.search(r'<tr data-theme="data">(.*?)</tr>', html, re.S).group(1)
    shown = set(re.findall(r'data-challenge="(\d)"', html))
    assert shown == {"2", "3", "4", "6", "7"}  # 1 not: steering's strategic tier is at level 2
    assert "OUTO" in html and "Turku challenged" in html  # solution examples of 4 and 6
    assert re.search(r"<th scope=\"row\">Immature</th><td class=\"num\">1</td><td class=\"num\">50 %</td>", html)
    assert '<svg' in html and 'role="img"' in html and 'id="chart-desc"' in html and 'id="levels-table"' in html
    assert "Overall level 1" in html  # the text alternative


def test_non_managers_are_refused_and_get_no_menu_link(client, municipality, round_):
    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, role=Role.CASE_HANDLER)
    client.force_login(handler)
    for path in (HOME, url(round_), url(round_, "raportti/")):
        assert client.get(path).status_code == 403
    assert client.post(url(round_, "kutsut/"), {"level": "top", "count": "1"}).status_code == 403
    assert client.post(url(round_, "sulje/")).status_code == 403
    assert "maturity" not in [e.key for e in nav.visible(handler, municipality)]
    assert 'data-nav="maturity"' not in client.get("/esimerkki/en/virkailija/", follow=True).content.decode()


def test_managers_and_administrators_get_the_menu_link(client, municipality, manager):
    admin = UserFactory(username="paakayttaja")
    MembershipFactory(municipality=municipality, user=admin, role=Role.ADMINISTRATOR)
    for user in (manager, admin):
        assert "maturity" in [e.key for e in nav.visible(user, municipality)]
        client.force_login(user)
        assert 'data-nav="maturity"' in client.get(HOME).content.decode()


def test_anonymous_is_sent_to_login(client, round_):
    response = client.get(url(round_, "raportti/"))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]


def test_another_municipalitys_manager_cannot_see_the_round_or_report(client, municipality, other_municipality,
                                                                      round_):
    stranger = UserFactory(username="vieras-johtaja")
    MembershipFactory(municipality=other_municipality, user=stranger, role=Role.MANAGER)
    client.force_login(stranger)
    # in their own municipality the round does not exist
    own = f"/{other_municipality.slug}/en/virkailija/kypsyys/{round_.public_id}/"
    for suffix in ("", "raportti/"):
        assert client.get(own + suffix).status_code == 404
    assert client.post(own + "sulje/").status_code == 404
    assert client.post(own + "kutsut/", {"level": "top", "count": "1"}).status_code == 404
    assert round_.name not in client.get(f"/{other_municipality.slug}/en/virkailija/kypsyys/").content.decode()
    # in this municipality they are no staff at all
    assert client.get(url(round_, "raportti/")).status_code == 403
    round_.refresh_from_db()
    assert round_.status == "open" and not Invitation.all_objects.exists()
