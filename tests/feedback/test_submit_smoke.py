"""The one write path: feedback is checked, routed by category and area, and acknowledged."""

import pytest
from django.core.exceptions import ValidationError

from luukku.feedback import services
from luukku.feedback.models import Status, StatusChange

from .conftest import INSIDE, INSIDE_NORTH, OUTSIDE

pytestmark = pytest.mark.django_db


def test_a_street_fault_in_the_north_goes_to_the_north_team_with_a_target_date(bordered, rules, street_fault,
                                                                               north_streets):
    fb = services.submit(municipality=bordered, category=street_fault, description="Iso kuoppa pyörätiellä.",
                         latitude=INSIDE_NORTH[0], longitude=INSIDE_NORTH[1])
    assert fb.unit == north_streets and fb.status == Status.PUBLIC_WORKS_NEW
    assert fb.reference.endswith(f"-P-{fb.pk:06d}") and fb.due_date is not None and len(fb.token) >= 32
    assert StatusChange.all_objects.filter(feedback=fb, to_status=Status.PUBLIC_WORKS_NEW).count() == 1


def test_bad_input_is_reported_field_by_field(bordered, rules, street_fault):
    with pytest.raises(ValidationError) as exc:
        services.submit(municipality=bordered, category=street_fault, description="lyhyt",
                        latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    assert {"description", "location"} <= set(exc.value.error_dict)


def test_a_fault_without_a_place_is_refused_but_an_address_will_do(bordered, rules, street_fault, streets):
    with pytest.raises(ValidationError):
        services.submit(municipality=bordered, category=street_fault, description="Katuvalo ei pala illalla.")
    fb = services.submit(municipality=bordered, category=street_fault, description="Katuvalo ei pala illalla.",
                         address="Koulukatu 5")
    assert fb.unit == streets and fb.latitude is None


def test_an_open_report_nearby_is_linked_as_a_possible_duplicate(bordered, rules, street_fault):
    first = services.submit(municipality=bordered, category=street_fault, description="Kuoppa kadulla tässä.",
                            latitude=INSIDE[0], longitude=INSIDE[1])
    second = services.submit(municipality=bordered, category=street_fault, description="Sama kuoppa kadulla.",
                             latitude=INSIDE[0] + 0.0002, longitude=INSIDE[1])
    assert [link.other for link in second.links.all()] == [first]
