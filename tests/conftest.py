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
