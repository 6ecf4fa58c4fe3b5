"""The personal front page: a signed-in resident sees first what needs their action, their open
offers and their cases in progress (their own and those of the people they act for); nobody sees
anyone else's; anonymous readers and staff get the catalogue only. Pages in English (/en/)."""

import pytest

from luukku.cases import services as case_services
from luukku.proactive import services
from luukku.proactive.models import Offer

from ..cases.conftest import case_type, definition, make_case, make_draft, make_person  # noqa: F401
from ..factories import UserFactory
from ..proactive.conftest import (  # noqa: F401
    SOUTH_HOME,
    campaign,
    change_type,
    education,
    family,
    frozen_today,
    places,
    rule,
)

pytestmark = pytest.mark.django_db
FRONT = "/esimerkki/en/"


@pytest.fixture
def household(municipality, campaign, make_case, handler_user):
    """Guardians with a child who has an offer waiting; the first guardian has a case waiting for
    information and the child a case being handled."""
    fam = family(municipality, "Virtanen", SOUTH_HOME)
    services.run(campaign)
    first, child = fam["guardians"][0], fam["children"][0]
    asked = make_case(first)
    case_services.request_information(asked, handler_user, "Please send the rental contract.")
    fam.update(offer=Offer.all_objects.get(person=child), asked=asked, childs=make_case(first, child))
    return fam


@pytest.fixture
def unit(education):  # noqa: F811 (one unit handles both: the cases' and the campaign's slugs are the same)
    return education


@pytest.fixture
def handler_user(municipality, unit):
    from luukku.core.models import Role

    from ..factories import MembershipFactory

    user = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=user, unit=unit, role=Role.CASE_HANDLER)
    return user


def sections(html: str) -> dict:
    """{list name: the part of the page inside it}."""
    out = {}
    for name in ("needs-action", "offers", "in-progress"):
        marker = f'data-list="{name}"'
        out[name] = html.split(marker, 1)[1].split("</section>", 1)[0] if marker in html else ""
    return out


def test_a_guardian_sees_what_needs_action_then_cases_in_progress_then_the_catalogue(client, household):
    first = household["guardians"][0]
    client.force_login(first.user)
    html = client.get(FRONT).content.decode()
    found = sections(html)
    # Needs action: the offer for the child and the request for information, each linked.
    assert household["offer"].reference in found["needs-action"]
    assert f"/tarjoukset/{household['offer'].public_id}/" in found["needs-action"]
    assert household["asked"].reference in found["needs-action"]
    assert "Concerns Lapsi1 Toinen Virtanen" in found["needs-action"]
    # In progress: the child's case, not the ones already listed as needing action.
    assert household["childs"].reference in found["in-progress"]
    assert household["asked"].reference not in found["in-progress"]
    assert "Hello, Huoltaja1" in html
    assert html.index("data-personal") < html.index('class="hero"')  # the catalogue follows
    assert "/omat-asiat/" in html


def test_the_other_guardian_sees_the_childs_offer_but_not_the_first_guardians_own_case(client, household):
    second = household["guardians"][1]
    client.force_login(second.user)
    found = sections(client.get(FRONT).content.decode())
    assert household["offer"].reference in found["needs-action"]
    assert household["childs"].reference in found["in-progress"]
    assert household["asked"].reference not in str(found)


def test_a_resident_with_nothing_open_is_told_so_and_a_stranger_sees_nothing_of_the_family(client, municipality,
                                                                                           household):
    stranger = make_person(municipality, "Bertil", "Björkman", user=UserFactory(username="bertil"))
    client.force_login(stranger.user)
    html = client.get(FRONT).content.decode()
    assert "data-personal-empty" in html
    for item in (household["offer"], household["asked"], household["childs"]):
        assert item.reference not in html


def test_an_answered_offer_leaves_the_action_list(client, household):
    first, offer = household["guardians"][0], household["offer"]
    services.answer(offer, by_person=first, action="accept", version=offer.version)
    client.force_login(first.user)
    found = sections(client.get(FRONT).content.decode())
    assert offer.reference not in found["needs-action"] and offer.reference not in found["offers"]


def test_anonymous_readers_and_staff_get_the_catalogue_without_a_personal_part(client, household, handler_user):
    assert "data-personal" not in client.get(FRONT).content.decode()
    client.force_login(handler_user)
    assert "data-personal" not in client.get(FRONT).content.decode()


def test_the_personal_part_costs_the_same_queries_however_many_cases(client, household, make_case,
                                                                    django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = household["guardians"][0]
    client.force_login(first.user)
    with CaptureQueriesContext(connection) as few:
        client.get(FRONT)
    for _ in range(4):
        make_case(first, household["children"][0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(FRONT)
