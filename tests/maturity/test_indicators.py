"""The platform's own indicators on a small known world: two services, four cases, three feedback."""

import datetime as dt

import pytest

from luukku.cases.models import Case, StatusText, Transfer
from luukku.catalogue.models import Channel, ChannelKind, PublishingStatus
from luukku.core import clock
from luukku.eservices.models import CaseType, FormDefinition
from luukku.feedback.models import Category, Feedback, Reply
from luukku.maturity import indicators

from ..cases.conftest import make_person
from ..factories import ServiceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def world(municipality):
    m = municipality
    unit, other_unit = UnitFactory(municipality=m, slug="a"), UnitFactory(municipality=m, slug="b")
    with_form, with_channel, plain = (ServiceFactory(municipality=m, slug=s) for s in ("lomake", "kanava", "paperi"))
    ServiceFactory(municipality=m, slug="luonnos", status=PublishingStatus.DRAFT)  # not published: not counted
    channel = Channel.all_objects.create(municipality=m, kind=ChannelKind.E_SERVICE, name={"fi": "Verkossa"})
    with_channel.channels.add(channel)
    paper = Channel.all_objects.create(municipality=m, kind=ChannelKind.PRINTABLE_FORM, name={"fi": "Paperi"})
    plain.channels.add(paper)
    case_type = CaseType.all_objects.create(municipality=m, slug="hakemus", service=with_form, unit=unit,
                                            name={"fi": "Hakemus"})
    FormDefinition.all_objects.create(municipality=m, case_type=case_type, status="published")
    StatusText.all_objects.create(municipality=m, case_type=case_type, status="submitted", text={"fi": "Saapunut"})
    person = make_person(m, "Aino", "Asukas")

    def case(n, channel, status="submitted", at=NOW - dt.timedelta(days=10)):
        return Case.all_objects.create(municipality=m, reference=f"R-{n}", case_type=case_type, applicant=person,
                                       subject=person, unit=unit, channel=channel, status=status, submitted_at=at)
    case(1, "online")
    case(2, "online", status="in_handling")
    moved = case(3, "phone")
    case(4, "mail", at=NOW - dt.timedelta(days=400))  # outside the 365 days
    Transfer.all_objects.create(municipality=m, case=moved, from_unit=unit, to_unit=other_unit, reason="väärä")

    category = Category.all_objects.create(municipality=m, code="katu", name={"fi": "Katu"})
    user = UserFactory(username="vastaaja")

    def feedback(n, due, **kwargs):
        return Feedback.all_objects.create(municipality=m, token=f"t{n}", category=category, unit=unit,
                                           description="kuoppa", submitted_at=NOW - dt.timedelta(days=20),
                                           due_date=due, **kwargs)
    on_time = feedback(1, dt.date(2026, 6, 1))
    Reply.all_objects.create(municipality=m, feedback=on_time, by_user=user, body="Korjattu",
                             at=dt.datetime(2026, 5, 31, 20, 0, tzinfo=dt.timezone.utc))  # 31.5. 23.00 in Helsinki: before the target date
    feedback(2, dt.date(2026, 6, 1), closed_at=dt.datetime(2026, 6, 5, 9, 0, tzinfo=dt.timezone.utc))  # late
    feedback(3, dt.date(2026, 6, 10))  # unanswered and past its date: late
    feedback(4, dt.date(2026, 6, 30))  # unanswered, not yet due: not counted
    feedback(5, None)                  # no target: not counted
    return m


def test_indicators_on_a_small_known_world(world):
    with clock.frozen_at(NOW):
        measured = {indicator.registry_key: m for indicator, m in indicators.measured(world, NOW)}
    assert (measured["eservice_share"].numerator, measured["eservice_share"].denominator) == (2, 3)
    assert (measured["digital_share"].numerator, measured["digital_share"].denominator) == (2, 3)
    assert measured["digital_share"].percent == 67
    assert (measured["feedback_on_time"].numerator, measured["feedback_on_time"].denominator) == (1, 3)
    assert (measured["status_text_share"].numerator, measured["status_text_share"].denominator) == (2, 3)
    assert (measured["transfers"].numerator, measured["transfers"].denominator) == (1, 3)


def test_every_indicator_says_what_it_measures():
    for _key, indicator in indicators.indicators.items():
        assert str(indicator.label) and len(str(indicator.definition)) > 40


def test_nothing_to_measure_is_no_share(municipality):
    measured = indicators.measured(municipality, NOW)
    assert all(m.percent is None for _i, m in measured)
