import pytest

from luukku.core.tenancy import municipality_context

from .factories import MunicipalityFactory


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
def _quick_password_hashing(settings):
    """Argon2 spends a tenth of a second and 100 MB on each password, and the tests make hundreds of
    users: they hash with MD5 first. The production hashers stay in the list, so their hashes still
    check; tests/core/test_security.py checks production's own choice."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
