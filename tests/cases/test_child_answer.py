"""A form's child field names the child: the case's subject from the case itself, another child of
the municipality by a read, and a value that names nobody as it was given."""

import datetime as dt

import pytest

from luukku.cases import selectors
from luukku.eservices.models import FieldType, FormField, FormPage

from .conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_child_field(municipality, definition):
    page = FormPage.all_objects.get(definition=definition)
    FormField.all_objects.create(municipality=municipality, definition=definition, page=page, order=3,
                                 key="child", type=FieldType.CHILD, label={"fi": "Lapsi", "en": "Child"})
    return definition


def child_answer(case) -> str:
    return {a.key: a.value for a in selectors.answers(case, "en")}["child"]


def test_the_subject_named_without_a_read(with_child_field, make_case, aino, child, django_assert_num_queries):
    case = make_case(aino, child, {"start": "2026-08-01", "child": str(child.public_id)})
    case.subject  # as the case pages read it
    with django_assert_num_queries(1):  # the form's fields only
        assert child_answer(case) == child.full_name


def test_another_child_by_a_read_and_nobody_as_given(with_child_field, make_case, municipality, aino, child):
    sibling = make_person(municipality, "Siiri", "Asukas", birth=dt.date(2022, 1, 5))
    case = make_case(aino, child, {"child": str(sibling.public_id)})
    assert child_answer(case) == sibling.full_name
    case = make_case(aino, child, {"child": "not-a-person"})
    assert child_answer(case) == "not-a-person"
