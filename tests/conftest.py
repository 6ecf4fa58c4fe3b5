import pytest

from luukku.core.tenancy import municipality_context

from . import _template_db
from .factories import MunicipalityFactory

_template_db.install()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(slug="esimerkki", code="999", name={"fi": "Esimerkki", "sv": "Exempel", "en": "Example"})


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(slug="toinen", code="998", name={"fi": "Toinen kunta", "sv": "Annan kommun"})


@pytest.fixture
def scoped(municipality):
    """Run the test body as `municipality` (as a task or command would)."""
    with municipality_context(municipality):
        yield municipality


@pytest.fixture(autouse=True)
def _no_finto(settings):
    """Tests never reach the internet: the thesaurus tests point LUUKKU_FINTO_URL at a local server."""
    settings.LUUKKU_FINTO_URL = ""


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Argon2 spends a tenth of a second and 100 MB on each password, and the tests make hundreds of
    users: they hash with MD5 first. The production hashers stay in the list, so their hashes still
    check; tests/core/test_security.py checks production's own choice."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True, scope="session")
def _compiled_queries_verified():
    """Every compiled query (core.compiled) is also built by the ORM and compared, in every test."""
    from django.conf import settings

    settings.LUUKKU_COMPILED_VERIFY = True


@pytest.fixture(autouse=True)
def _no_kept_page_parts():
    """Each test starts without the page parts an earlier one left in this process ({% data_fragment %})."""
    from luukku.web.templatetags import fragments

    fragments.forget_all()
    yield
    fragments.forget_all()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished login, second factor included, as the tests
    written before it expect. Only the test client's shortcut is changed: the login pages, the gates
    and the session check stay as in production (tests/twofactor/ logs in for real, and with
    `password_only` stops after the password)."""
    from django.test import Client

    from luukku.twofactor.gate import SESSION_KEY

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[SESSION_KEY] = user.pk
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", original, raising=False)
