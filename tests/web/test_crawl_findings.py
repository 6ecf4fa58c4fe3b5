"""What the crawl (test_crawl.py) found, one test each: staff of another unit read a resident's
address and contacts in the admin's person register, her notifications and the events of her cases;
the staff of the case's unit (and the front office, and the whole municipality's roles) still do."""

import pytest
from django.test import Client

from luukku.cases import services
from luukku.core.models import Role

from ..cases.conftest import aino, case_type, child, definition, make_draft, unit  # noqa: F401  (fixtures)
from ..factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(municipality, aino, child, make_draft, unit):  # noqa: F811
    aino.street_address, aino.email, aino.last_name = "Salaisentie 13 B 7", "aino.salainen@example.fi", "Vuotovaara"
    aino.save()
    case = services.submit_draft(make_draft(aino, child), by_person=aino)
    return {"case": case, "aino": aino, "unit": unit, "other_unit": UnitFactory(municipality=municipality)}


def staff(municipality, username, role, unit):
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return client


PAGES = ["/admin/people/person/", "/admin/people/person/{aino}/change/", "/admin/people/mandate/",
         "/admin/notify/notification/", "/admin/notify/delivery/", "/admin/core/domainevent/"]


def shown(client, world) -> list[str]:
    out = []
    for page in PAGES:
        body = client.get(page.format(aino=world["aino"].pk)).content.decode()
        secrets = ("Salaisentie", "aino.salainen", "Vuotovaara", world["case"].reference, str(world["case"].public_id))
        if any(secret in body for secret in secrets):
            out.append(page)
    return out


@pytest.mark.parametrize("role", [Role.CASE_HANDLER, Role.MANAGER])
def test_staff_of_another_unit_read_nothing_of_the_resident_in_the_admin(municipality, world, role):
    client = staff(municipality, "muu", role, world["other_unit"])
    assert shown(client, world) == []
    assert client.get(f"/admin/people/person/{world['aino'].pk}/change/").status_code in (302, 403)  # none such


def test_the_cases_unit_and_the_municipalitys_roles_still_read_them(municipality, world):
    # Residents in the admin are the administrators' alone (handlers and agents use the front office).
    administrator = staff(municipality, "paakayttaja", Role.ADMINISTRATOR, None)
    assert {"/admin/people/person/", "/admin/people/person/{aino}/change/", "/admin/people/mandate/"} <= set(
        shown(administrator, world))
    manager = staff(municipality, "esihenkilo", Role.MANAGER, world["unit"])
    assert {"/admin/notify/notification/", "/admin/core/domainevent/"} <= set(shown(manager, world))
    agent = staff(municipality, "neuvoja", Role.SERVICE_POINT_AGENT, world["other_unit"])
    handler = staff(municipality, "kasittelija", Role.CASE_HANDLER, world["unit"])
    for user in (agent, handler):
        assert not {"/admin/people/person/", "/admin/people/person/{aino}/change/"} & set(shown(user, world))
    head = staff(municipality, "johtaja", Role.MANAGER, None)
    assert {"/admin/notify/notification/", "/admin/notify/delivery/", "/admin/core/domainevent/"} <= set(
        shown(head, world))
