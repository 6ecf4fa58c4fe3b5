"""The staff workspace as each role meets it: the desk it lands on, a menu of only what it may open
(every link answers 200 for that role), its own frame without the resident menu and footer, and
error pages in the site's frame and the user's language (the 500 page without the database)."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.test import RequestFactory

from luukku.core.models import Role

from ..factories import MembershipFactory, UnitFactory, UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "luukku"
DESK = "/esimerkki/en/virkailija/"

# role → (the menu entries it sees, where its desk is)
ROLES = {
    Role.CASE_HANDLER: ({"booking", "cases", "feedback", "proactive"}, "/esimerkki/en/virkailija/asiat/"),
    Role.SERVICE_POINT_AGENT: ({"booking", "feedback", "frontoffice"}, "/esimerkki/en/virkailija/asiakkaat/"),
    Role.MANAGER: ({"booking", "cases", "feedback", "proactive", "insight", "maturity", "panels", "participation", "hearings",
                    "scm", "strategy"}, "/esimerkki/en/virkailija/tietojohtaminen/"),
    Role.DATA_PROTECTION_OFFICER: ({"dpo"}, "/esimerkki/en/virkailija/tietosuoja/"),
    Role.CATALOGUE_EDITOR: ({"admin"}, None),  # a desk page with the administration's link
    Role.ADMINISTRATOR: ({"booking", "cases", "feedback", "proactive", "frontoffice", "insight", "maturity", "panels",
                          "participation", "hearings", "scm", "strategy", "admin"},
                         "/esimerkki/en/virkailija/asiat/"),
}


def member(municipality, role, unit=None):
    user = UserFactory(username=f"staff-{role}", is_staff=True, first_name="Sanni", last_name="Staff")
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def menu(html) -> dict[str, str]:
    nav = html.split('class="staff-nav"', 1)[1].split("</nav>", 1)[0] if 'class="staff-nav"' in html else ""
    return {key: href for href, key in re.findall(r'<a href="([^"]+)" data-nav="([a-z]+)"', nav)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_lands_on_its_desk_and_every_link_of_its_menu_opens(client, municipality, role):
    unit = UnitFactory(municipality=municipality, slug="varhaiskasvatus")
    user = member(municipality, role, unit if role in (Role.CASE_HANDLER, Role.MANAGER) else None)
    client.force_login(user)
    expected, desk = ROLES[role]
    landing = client.get(DESK)
    if desk is None:
        assert landing.status_code == 200 and 'href="/admin/" data-nav="admin"' in landing.content.decode()
        page = landing
    else:
        assert landing.status_code == 302 and landing["Location"] == desk
        page = client.get(desk)
        assert page.status_code == 200
    html = page.content.decode()
    # The staff frame: the municipality, the user, logout; not the residents' menu or footer.
    assert 'class="staff-workspace"' in html and "Sanni Staff" in html and "kirjaudu-ulos" in html
    assert 'class="main-nav"' not in html and 'class="site-footer"' not in html
    links = menu(html)
    assert set(links) == expected
    for key, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, (role, key, href, response.status_code)


@pytest.mark.django_db
def test_staff_log_in_to_their_desk_and_residents_to_where_they_were_going(client, municipality):
    UnitFactory(municipality=municipality, slug="asiointipiste")
    agent = member(municipality, Role.SERVICE_POINT_AGENT)
    agent.set_password("Koivula-agentti-2026")
    agent.save()
    front = "/esimerkki/en/"
    response = client.post(f"/esimerkki/en/kirjaudu/?next={front}",
                           {"username": agent.username, "password": "Koivula-agentti-2026", "next": front})
    # Straight to the desk, or first through the second factor that then leads there.
    assert response.status_code == 302 and unquote(response["Location"]).endswith(DESK)
    client.logout()
    resident = UserFactory(username="aino")
    resident.set_password("Koivula-aino-2026")
    resident.save()
    response = client.post(f"/esimerkki/en/kirjaudu/?next={front}",
                           {"username": "aino", "password": "Koivula-aino-2026", "next": front})
    assert response.status_code == 302 and response["Location"] == front


@pytest.mark.django_db
def test_a_staff_page_the_role_may_not_open_answers_in_the_staff_frame_and_language(client, municipality):
    UnitFactory(municipality=municipality, slug="varhaiskasvatus")
    client.force_login(member(municipality, Role.CASE_HANDLER))
    refused = client.get("/esimerkki/fi/virkailija/asiakkaat/")  # the front office: agents only
    html = refused.content.decode()
    assert refused.status_code == 403 and 'data-error="403"' in html
    assert '<html lang="fi">' in html and 'class="staff-workspace"' in html
    assert "Virkailijan valikko" in html and "Kirjaudu ulos" in html  # the staff menu, in Finnish
    assert "403 Forbidden" not in html


@pytest.mark.django_db
def test_a_resident_refused_a_staff_page_and_a_missing_page_are_in_the_residents_frame(client, municipality):
    client.force_login(UserFactory(username="aino"))
    refused = client.get("/esimerkki/sv/virkailija/asiat/")
    html = refused.content.decode()
    assert refused.status_code == 403 and 'data-error="403"' in html and '<html lang="sv">' in html
    assert 'class="main-nav"' in html and 'class="staff-workspace"' not in html
    missing = client.get("/esimerkki/sv/ei-ole/olemassa/")
    assert missing.status_code == 404 and "Sidan hittades inte" in missing.content.decode()
    assert 'class="site-footer"' in missing.content.decode()


def test_the_500_page_needs_no_database_and_speaks_finnish_and_swedish():
    from luukku.web.views import server_error

    response = server_error(RequestFactory().get("/esimerkki/fi/"))  # no database in this test
    html = response.content.decode()
    assert response.status_code == 500 and "Palvelussa on häiriö" in html and "Tjänsten har en störning" in html
    assert "/static/web/luukku.css" in html


def test_no_app_includes_another_apps_staff_partials():
    """The shared partials are the staff workspace's (web/staff/_*.html), not one app's."""
    offenders = []
    for path in SRC.glob("*/templates/**/*.html"):
        app = path.relative_to(SRC).parts[0]
        for other in re.findall(r'\{% include "([a-z]+)/staff/_', path.read_text()):
            if other not in (app, "web"):
                offenders.append(f"{path.relative_to(SRC)} includes {other}'s partial")
    assert not offenders, offenders
