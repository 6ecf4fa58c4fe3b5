"""Staff two-factor authentication: RFC 6238 codes, enrolment, the step after the password, replay,
throttling, recovery codes, the gates of the staff pages, the admin and the staff API, and the reset."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.test import Client

from luukku.core import clock
from luukku.core.models import DomainEvent, Role
from luukku.twofactor import totp
from luukku.twofactor.gate import SESSION_KEY
from luukku.twofactor.models import RecoveryCode, SecondFactor
from luukku.twofactor.services import enrol_with_secret

from ..factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "salasana-123"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOON = dt.datetime(2026, 12, 7, 12, 0, 0, tzinfo=dt.UTC)
LOGIN = "/esimerkki/en/kirjaudu/"
VERIFY = "/esimerkki/en/kirjaudu/vahvistus/"
ENROL = "/esimerkki/en/kirjaudu/kayttoonotto/"
HOME = "/esimerkki/en/virkailija/asiat/"  # the case queues (virkailija/ is the desk, which forwards)
API = "/api/v1/esimerkki/staff/units/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the throttle's counters live in the cache, keyed by user


def member(municipality, username, role, **kwargs):
    user = UserFactory(username=username, is_staff=True, **kwargs)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=None)
    return user


@pytest.fixture
def handler(municipality):
    UnitFactory(municipality=municipality, slug="varhaiskasvatus")
    return member(municipality, "kasittelija", Role.CASE_HANDLER)


def code(secret=SECRET, at=NOON, offset=0):
    return totp.code_at(secret, int(at.timestamp()) // 30 + offset)


def password_login(client, username, next_url=HOME):
    return client.post(f"{LOGIN}?next={next_url}", {"username": username, "password": PASSWORD, "next": next_url})


def test_codes_follow_rfc_6238():
    # RFC 6238 appendix B (SHA-1 key "12345678901234567890"), the last six of its eight digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code_at(secret, 59 // 30) == "287082"
    assert totp.code_at(secret, 1111111109 // 30) == "081804"
    assert totp.code_at(secret, 1234567890 // 30) == "005924"
    assert totp.code_at(secret, 2000000000 // 30) == "279037"


def test_first_login_enrols_with_a_qr_code_and_the_key_then_shows_recovery_codes_once(client, handler):
    response = password_login(client, "kasittelija")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(ENROL) and "next=%2Fesimerkki" in response.url
    assert client.get(HOME).url.startswith(VERIFY)  # the password alone does not open a staff page

    with clock.frozen_at(NOON):
        page = client.get(response.url)
        html = page.content.decode()
        factor = SecondFactor.objects.get(user=handler)
        secret = factor.secret
        assert factor.confirmed_at is None
        assert "<svg" in html and "QR code for your authenticator app" in html  # the QR code, drawn here
        assert totp.grouped(secret) in html  # and the key as text for typing by hand
        assert secret not in factor.secret_encrypted  # encrypted at rest
        assert client.get(ENROL).content.decode().count(totp.grouped(secret)) == 1  # same key on a reload

        wrong = client.post(ENROL, {"code": "000000" if code(secret) != "000000" else "111111", "next": HOME})
        assert wrong.status_code == 400
        assert "The code is not right" in wrong.content.decode() and 'aria-invalid="true"' in wrong.content.decode()
        assert 'value="000000"' in wrong.content.decode() or 'value="111111"' in wrong.content.decode()

        done = client.post(ENROL, {"code": code(secret), "next": HOME})
    assert done.status_code == 200
    shown = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.content.decode())
    assert len(shown) == 10 and len(set(shown)) == 10
    stored = set(RecoveryCode.objects.filter(factor__user=handler).values_list("code_hash", flat=True))
    assert stored == {totp.recovery_hash(c) for c in shown}  # hashed, never the codes themselves
    assert not stored & set(shown)
    assert client.get(HOME).status_code == 200
    assert client.get(ENROL).status_code == 302  # enrolled: the page sends on, codes never shown again


def test_login_with_a_code_from_the_app(client, handler):
    enrol_with_secret(handler, SECRET)
    response = password_login(client, "kasittelija")
    assert response.url.startswith(VERIFY)
    assert client.get(HOME).status_code == 302
    assert client.get(API).status_code == 403
    with clock.frozen_at(NOON):
        assert client.get(response.url).status_code == 200
        passed = client.post(VERIFY, {"code": code(), "next": HOME})
    assert passed.status_code == 302 and passed.url == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(API).status_code == 200


def test_a_code_from_a_step_before_or_after_works_but_not_two_steps_off(client, handler):
    enrol_with_secret(handler, SECRET)
    password_login(client, "kasittelija")
    with clock.frozen_at(NOON):
        assert client.post(VERIFY, {"code": code(offset=2), "next": HOME}).status_code == 400
        assert client.post(VERIFY, {"code": code(offset=-1), "next": HOME}).status_code == 302


def test_the_same_code_is_refused_the_second_time(client, handler):
    enrol_with_secret(handler, SECRET)
    with clock.frozen_at(NOON):
        password_login(client, "kasittelija")
        assert client.post(VERIFY, {"code": code(), "next": HOME}).status_code == 302
        client.post("/esimerkki/en/kirjaudu-ulos/")
        password_login(client, "kasittelija")
        replay = client.post(VERIFY, {"code": code(), "next": HOME})
        assert replay.status_code == 400 and "already been used" in replay.content.decode()
        assert client.get(HOME).status_code == 302
        # An older step is no way round it either; the next step's code (a phone a little ahead) is.
        assert client.post(VERIFY, {"code": code(offset=-1), "next": HOME}).status_code == 400
        assert client.post(VERIFY, {"code": code(offset=1), "next": HOME}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_wrong_codes_are_throttled_even_the_right_one_after_them(client, handler):
    enrol_with_secret(handler, SECRET)
    password_login(client, "kasittelija")
    with clock.frozen_at(NOON):
        right = code()
        wrong = next(c for c in ("123456", "654321") if c != right)
        for _ in range(5):
            response = client.post(VERIFY, {"code": wrong, "next": HOME})
            assert "The code is not right" in response.content.decode()
        refused = client.post(VERIFY, {"code": right, "next": HOME})
    assert refused.status_code == 400 and "Too many wrong codes" in refused.content.decode()
    assert client.session.get(SESSION_KEY) is None
    assert client.get(HOME).status_code == 302


def test_a_recovery_code_works_once(client, handler):
    with clock.frozen_at(NOON):
        password_login(client, "kasittelija")
        client.get(ENROL)
        secret = SecondFactor.objects.get(user=handler).secret
        page = client.post(ENROL, {"code": code(secret), "next": HOME}).content.decode()
    recovery = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)[3]
    client.post("/esimerkki/en/kirjaudu-ulos/")

    password_login(client, "kasittelija")
    used = client.post(VERIFY, {"code": recovery.upper().replace("-", " "), "next": HOME}, follow=True)
    assert used.redirect_chain[0] == (HOME, 302)
    assert "You have 9 recovery codes left" in used.content.decode()
    assert client.get(HOME).status_code == 200
    client.post("/esimerkki/en/kirjaudu-ulos/")

    password_login(client, "kasittelija")
    again = client.post(VERIFY, {"code": recovery, "next": HOME})
    assert again.status_code == 400 and client.get(HOME).status_code == 302
    assert RecoveryCode.objects.filter(factor__user=handler, used_at__isnull=False).count() == 1


@pytest.mark.parametrize("role, path", [
    (Role.CASE_HANDLER, HOME), (Role.SERVICE_POINT_AGENT, "/esimerkki/en/virkailija/asiakkaat/"), (Role.MANAGER, HOME),
    (Role.ADMINISTRATOR, HOME)])
def test_staff_pages_the_admin_and_the_staff_api_refuse_a_password_only_session(client, municipality, role, path):
    user = member(municipality, f"staff-{role}", role)
    client.force_login_password_only(user)
    page = client.get(path)
    assert page.status_code == 302 and page.url == f"{VERIFY}?next={path.replace('/', '%2F')}"
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin.url.startswith(VERIFY.replace("/en/", "/fi/")) and "next=%2Fadmin%2F" in admin.url
    api = client.get(API)
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    assert "kasittelija" not in api.content.decode()

    client.force_login(user)  # the tests' shortcut: a finished login with the second factor
    assert client.get(path).status_code == 200
    assert client.get(API).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_superuser_needs_it_too_and_without_a_municipality_the_step_is_under_admin(client):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login_password_only(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("admin:second_factor_verify"))
    assert client.get(response.url).url.startswith(reverse("admin:second_factor_enrol"))
    enrol = client.get(reverse("admin:second_factor_enrol"))
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()


def test_a_catalogue_editor_needs_no_second_factor(client, municipality):
    member(municipality, "toimitus", Role.CATALOGUE_EDITOR)
    response = password_login(client, "toimitus", next_url="/admin/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert not SecondFactor.objects.filter(user__username="toimitus").exists()


def test_a_catalogue_editor_who_is_also_a_handler_elsewhere_needs_it(client, municipality, other_municipality):
    user = member(municipality, "toimitus", Role.CATALOGUE_EDITOR)
    MembershipFactory(municipality=other_municipality, user=user, role=Role.CASE_HANDLER)
    assert password_login(client, "toimitus", next_url="/admin/").url.startswith(VERIFY)


def test_an_administrator_resets_a_lost_phone_and_it_is_recorded(client, municipality, other_municipality, handler):
    enrol_with_secret(handler, SECRET)
    # The handler is signed in on the phone that was lost: the reset must end that session too.
    lost_phone = Client()
    lost_phone.force_login(handler)
    assert lost_phone.get(reverse("staff:home", kwargs={"municipality": municipality.slug, "lang": "fi"})).status_code == 200
    foreign_admin = member(other_municipality, "vieras", Role.ADMINISTRATOR)
    superuser = member(municipality, "root", Role.MANAGER, is_superuser=True)
    enrol_with_secret(superuser, SECRET)
    factors = {f.user.username: f.pk for f in SecondFactor.objects.select_related("user")}
    changelist = reverse("admin:twofactor_secondfactor_changelist")

    # Another municipality's administrator does not see or reset her.
    client.force_login(foreign_admin)
    listing = client.get(changelist).content.decode()
    assert "kasittelija" not in listing
    client.post(changelist, {"action": "reset", "index": "0", "_selected_action": [factors["kasittelija"]]})
    assert SecondFactor.objects.filter(user=handler).exists()

    # Her own administrator does, but not a superuser's.
    client.force_login(member(municipality, "paakayttaja", Role.ADMINISTRATOR))
    assert "kasittelija" in client.get(changelist).content.decode()
    response = client.post(changelist, {"action": "reset", "index": "0", "_selected_action": [factors["kasittelija"], factors["root"]]},
                           follow=True)
    html = response.content.decode()
    # the admin speaks Finnish here
    assert "toinen vaihe nollattiin" in html and "Et voi nollata näiden käyttäjien toista vaihetta: root" in html
    assert not SecondFactor.objects.filter(user=handler).exists()
    assert SecondFactor.objects.filter(user=superuser).exists()
    event = DomainEvent.all_objects.get(kind="staff.second_factor_reset")
    assert event.municipality == municipality and event.actor.username == "paakayttaja"
    assert event.object_id == str(handler.pk)
    # Every session of hers has ended: the lost phone is sent to log in again.
    after = lost_phone.get(reverse("staff:home", kwargs={"municipality": municipality.slug, "lang": "fi"}))
    assert after.status_code == 302 and "kirjaudu" in after.url

    # Her next login sets up a new authenticator.
    client.logout()
    password_login(client, "kasittelija")
    assert client.get(VERIFY).url.startswith(ENROL)


def test_a_handler_may_not_open_the_reset_page(client, municipality, handler):
    client.force_login(handler)
    assert client.get(reverse("admin:twofactor_secondfactor_changelist")).status_code == 403


def test_bad_input_is_a_clear_message_never_a_500(client, handler):
    enrol_with_secret(handler, SECRET)
    password_login(client, "kasittelija")
    for value in ("", "x" * 500, "\x00", "１２３４５６", "12 34 56"):
        response = client.post(VERIFY, {"code": value, "next": HOME})
        assert response.status_code == 400, value
        assert 'class="error-summary"' in response.content.decode()
    assert client.post(VERIFY, {"code": "123456", "next": "https://evil.example/"}).status_code == 400
    with clock.frozen_at(NOON):
        response = client.post(VERIFY, {"code": code(), "next": "https://evil.example/"})
    assert response.url == "/esimerkki/en/"  # never off-site


def test_the_rule_is_every_role_but_the_catalogue_editor_roles_added_later_included(municipality):
    from luukku.twofactor.selectors import EXEMPT_ROLES, requires_second_factor

    assert EXEMPT_ROLES == {Role.CATALOGUE_EDITOR}
    for role in [*Role.values, "data_protection_officer"]:  # a role another change adds: required by default
        user = member(municipality, f"rule-{role}", role)
        assert requires_second_factor(user) is (role != Role.CATALOGUE_EDITOR), role
    assert requires_second_factor(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert not requires_second_factor(UserFactory(username="asukas"))


def test_the_demo_staff_are_enrolled_with_the_printed_key(db):
    from tests._demo_snapshot import load_demo
    from luukku.demo.accounts import DEMO_TOTP_SECRET

    load_demo()
    factors = {f.user.username: f for f in SecondFactor.objects.select_related("user")}
    assert {"admin", "paakayttaja", "kasittelija", "palvelupiste", "johtaja"} <= set(factors)
    assert "toimitus" not in factors and "asukas" not in factors
    assert all(f.secret == DEMO_TOTP_SECRET and f.confirmed_at for f in factors.values())
