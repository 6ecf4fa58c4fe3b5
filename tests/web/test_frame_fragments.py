"""The frame's fragments (web/templatetags/frame.py) are rendered once per process and copied: each
viewer still gets their own account links, name and CSRF token, each page its own "current" mark,
each language and municipality its own words, and an edit shows on the next request."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from luukku.core.models import Municipality, Role
from luukku.web.templatetags import frame

from ..cases.conftest import make_person
from ..factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty():
    frame.forget_all()
    yield
    frame.forget_all()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def resident(municipality):
    user = UserFactory(username="aino", first_name="Aino", last_name="Asukas")
    make_person(municipality, "Aino", "Asukas", user=user)
    return user


@pytest.fixture
def staff(municipality):
    user = UserFactory(username="kaisa", first_name="Kaisa", last_name="Käsittelijä", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, unit=UnitFactory(municipality=municipality),
                      role=Role.CASE_HANDLER)
    return user


def account(html: str) -> str:
    return re.search(r'<div class="account">(.*?)</div>', html, re.S).group(1)


def test_each_viewer_gets_their_own_account_links_and_name_from_a_warm_frame(resident, staff):
    url = "/esimerkki/en/"
    first = account(signed_in(resident).get(url).content.decode())
    second = account(signed_in(staff).get(url).content.decode())
    again = account(signed_in(resident).get(url).content.decode())
    assert "My cases" in first and "Aino Asukas" in first and "Staff desk" not in first
    assert "Staff desk" in second and "Kaisa Käsittelijä" in second and "My cases" not in second
    assert "Aino Asukas" in again and "Kaisa" not in again and "Staff desk" not in again


def test_each_session_gets_its_own_csrf_token_and_the_logout_works(resident, staff):
    clients = []
    for user in (resident, staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get("/esimerkki/en/").content.decode()
        token = re.search(r'action="/esimerkki/en/kirjaudu-ulos/".*?name="csrfmiddlewaretoken" value="(\w+)"',
                          html, re.S).group(1)
        clients.append((client, token))
    (a, token_a), (b, token_b) = clients
    assert b.post("/esimerkki/en/kirjaudu-ulos/", {"csrfmiddlewaretoken": token_a}).status_code == 403
    assert a.post("/esimerkki/en/kirjaudu-ulos/", {"csrfmiddlewaretoken": token_a}).status_code == 302
    assert b.post("/esimerkki/en/kirjaudu-ulos/", {"csrfmiddlewaretoken": token_b}).status_code == 302


def test_the_current_page_is_marked_in_the_navigation_of_each_page(client, municipality):
    def current(url):
        nav = re.search(r'<nav class="main-nav".*?</nav>', client.get(url).content.decode(), re.S).group(0)
        return re.findall(r'href="([^"]+)" aria-current="page"', nav)

    assert current("/esimerkki/en/") == []
    life_events = current("/esimerkki/en/elamantilanteet/")
    assert len(life_events) == 1 and "elamantilanteet" in life_events[0]
    search = current("/esimerkki/en/haku/")
    assert len(search) == 1 and "haku" in search[0]
    assert current("/esimerkki/en/") == []


def test_the_same_html_as_without_copies(client, resident):
    client.force_login(resident)
    for url in ("/esimerkki/fi/", "/esimerkki/sv/", "/esimerkki/en/elamantilanteet/"):
        warm_up = client.get(url).content
        warm = client.get(url).content
        frame.forget_all()
        cold = client.get(url).content
        mask = lambda html: re.sub(rb'value="[A-Za-z0-9]{64}"|(datetime|data-ends)="[^"]*"|\d{1,2}\.\d{2}</time>', b"", html)
        assert mask(warm) == mask(cold) == mask(warm_up), url


def test_an_edit_of_the_footer_shows_on_the_next_request(client, municipality):
    municipality.phone = "09 111 2222"
    municipality.save()
    assert "09 111 2222" in client.get("/esimerkki/en/").content.decode()
    other_process_copy = Municipality.objects.get(pk=municipality.pk)
    other_process_copy.phone = "09 333 4444"
    other_process_copy.save()
    html = client.get("/esimerkki/en/").content.decode()
    assert "09 333 4444" in html and "09 111 2222" not in html


def test_a_new_municipality_under_a_reused_id_gets_none_of_the_old_one_s_cached_pages(client, municipality):
    """SQLite may give a new municipality a deleted one's id (a reset demo), its version starting again
    from the same number: the cached pages are keyed by its public id too."""
    import uuid

    municipality.phone = "09 111 2222"
    municipality.save()
    assert "09 111 2222" in client.get("/esimerkki/en/").content.decode()
    Municipality.objects.filter(pk=municipality.pk).update(public_id=uuid.uuid4(), phone="09 555 6666")
    assert "09 555 6666" in client.get("/esimerkki/en/").content.decode()


def test_each_municipality_and_language_has_its_own_frame(client, municipality, other_municipality):
    mine = client.get(f"/{municipality.slug}/fi/").content.decode()
    theirs = client.get(f"/{other_municipality.slug}/fi/").content.decode()
    swedish = client.get(f"/{municipality.slug}/sv/").content.decode()
    footer = lambda html: re.search(r'<footer.*</footer>', html, re.S).group(0)
    assert f"/{municipality.slug}/fi/" in footer(mine) and f"/{other_municipality.slug}/" not in footer(mine)
    assert f"/{other_municipality.slug}/fi/" in footer(theirs) and f"/{municipality.slug}/" not in footer(theirs)
    assert "Tietosuojaseloste" in footer(mine) and "Dataskydd" in footer(swedish)


def test_a_csrf_token_inside_a_fragment_is_refused_when_the_template_compiles():
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        Template('{% load frame %}{% frame_fragment "x" %}<form>{% csrf_token %}</form>{% endframe_fragment %}')


def test_without_a_municipality_nothing_is_copied():
    t = Template('{% load frame %}{% frame_fragment "x" %}{{ who }}{% endframe_fragment %}')
    assert t.render(Context({"who": "a"})) == "a"
    assert t.render(Context({"who": "b"})) == "b"


def test_the_staff_workspace_frame_is_the_same_from_copies(staff):
    client = signed_in(staff)
    mask = lambda html: re.sub(rb'value="[A-Za-z0-9]{64}"|(datetime|data-ends)="[^"]*"|\d{1,2}\.\d{2}</time>', b"", html)
    for url in ("/esimerkki/fi/virkailija/asiat/", "/esimerkki/sv/virkailija/asiat/"):
        warm_up = client.get(url)
        assert warm_up.status_code == 200
        warm = client.get(url).content
        frame.forget_all()
        cold = client.get(url).content
        assert mask(warm) == mask(cold) == mask(warm_up.content), url
        assert b"staff.css" in warm and b'class="staff-footer"' in warm
    footer = re.search(rb'<footer class="staff-footer">.*?</footer>', warm, re.S).group(0)
    assert b'href="/esimerkki/sv/"' in footer  # the Swedish footer, not the Finnish copy


def test_a_slug_renamed_by_an_update_gives_links_under_the_new_one(client, municipality):
    assert "/esimerkki/fi/" in client.get("/esimerkki/fi/").content.decode()  # the footer copied
    Municipality.objects.filter(pk=municipality.pk).update(slug="uusinimi")  # no save: no version moves
    html = client.get("/uusinimi/fi/").content.decode()
    footer = re.search(r"<footer.*</footer>", html, re.S).group(0)
    assert "/uusinimi/fi/" in footer and "/esimerkki/" not in footer
