"""Rows the feedback staff-page tests share (imported by the test modules): a street fault with
the reporter's contact details in the streets unit, a resident's feedback, and the other staff."""

import pytest

from luukku.core.models import Role
from luukku.feedback import services

from ..cases.conftest import make_person
from ..factories import UnitFactory
from .conftest import INSIDE, staff

SECRET_EMAIL = "raportoija-7c1e@example.fi"
SECRET_PHONE = "+358401234567"


def base(municipality, lang="en"):
    return f"/{municipality.slug}/{lang}/virkailija/palaute/"


def item_url(feedback, action="", lang="en"):
    return f"{base(feedback.municipality, lang)}{feedback.public_id}/{action}"


def submit_fault(municipality, category, text="Iso kuoppa Koulukadulla.", lat=INSIDE[0], lon=INSIDE[1], **kwargs):
    return services.submit(municipality=municipality, category=category, description=text, latitude=lat,
                           longitude=lon, **kwargs)


@pytest.fixture
def fault(bordered, rules, street_fault):
    """In the streets unit (the south), with a name, an email and a phone."""
    return submit_fault(bordered, street_fault, first_name="Raili", last_name="Raportoija", email=SECRET_EMAIL,
                        phone=SECRET_PHONE)


@pytest.fixture
def resident(bordered):
    return make_person(bordered, "Aino", "Asukas")


@pytest.fixture
def residents_feedback(bordered, rules, general, resident):
    """General feedback of a logged-in resident: customer service handles it."""
    return services.submit(municipality=bordered, category=general, kind="complaint", person=resident,
                           description="Kirjaston aukioloajat ovat liian lyhyet.")


@pytest.fixture
def manager(bordered):
    return staff(bordered, Role.MANAGER, None, "johtaja")


@pytest.fixture
def customer_handler(bordered, customer_service):
    return staff(bordered, Role.CASE_HANDLER, customer_service, "asiakaskasittelija")


@pytest.fixture
def other_town_handler(other_municipality):
    unit = UnitFactory(municipality=other_municipality, slug="katu")
    return staff(other_municipality, Role.CASE_HANDLER, unit, "toisen-kunnan-kasittelija")
