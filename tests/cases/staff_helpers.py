"""Rows and fixtures the back-office page tests share (imported by the test modules)."""

import pytest

from luukku.cases.models import DecisionTemplate, PartnerOrganisation
from luukku.core.models import Role

from ..factories import MembershipFactory, UnitFactory, UserFactory


def staff_user(municipality, role, unit, username, first="", last=""):
    user = UserFactory(username=username, first_name=first, last_name=last)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def staff_url(municipality, path="", lang="en"):
    return f"/{municipality.slug}/{lang}/virkailija/{path}"


def case_url(case, action="", lang="en"):
    return f"/{case.municipality.slug}/{lang}/virkailija/asiat/{case.public_id}/{action}"


@pytest.fixture
def handler_named(municipality, unit, handler):
    handler.first_name, handler.last_name = "Kaisa", "Käsittelijä"
    handler.save()
    return handler


@pytest.fixture
def second_handler(municipality, unit):
    return staff_user(municipality, Role.CASE_HANDLER, unit, "kasittelija2", "Heikki", "Hoitaja")


@pytest.fixture
def manager(municipality):
    return staff_user(municipality, Role.MANAGER, None, "johtaja", "Johanna", "Johtaja")


@pytest.fixture
def other_unit(municipality):
    return UnitFactory(municipality=municipality, slug="tekniikka", name={"fi": "Tekniikka", "en": "Technical"})


@pytest.fixture
def other_unit_handler(municipality, other_unit):
    return staff_user(municipality, Role.CASE_HANDLER, other_unit, "tekniikka", "Teemu", "Tekninen")


@pytest.fixture
def partner(municipality, case_type):
    from ..privacy.helpers import lawful

    lawful(case_type)  # the hand-over needs a legal basis (or the resident's consent)
    return PartnerOrganisation.all_objects.create(
        municipality=municipality, name={"fi": "Hyvinvointialue", "en": "Wellbeing services county"},
        resident_info={"fi": "Ota yhteyttä hyvinvointialueeseen."})


@pytest.fixture
def template(municipality, case_type):
    return DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Myönteinen", "en": "Approval"},
        title={"fi": "Päätös {reference}", "en": "Decision {reference}"},
        body={"fi": "Paikka alkaa {start}. {grounds}", "en": "The place starts on {start}. {grounds}"},
        fields=[
            {"key": "start", "label": {"fi": "Alkaa", "en": "Starts"}, "type": "date", "required": True},
            {"key": "grounds", "label": {"fi": "Perustelut", "en": "Grounds"}, "type": "textarea",
             "required": True},
        ],
        appeal_instructions={"fi": "Oikaisuvaatimusohje: 30 päivää.", "en": "Request for correction: 30 days."})
