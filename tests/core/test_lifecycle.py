"""The one door for status changes (core.lifecycle.move): it refuses what the item's transition table
does not allow and then writes nothing; an allowed move writes exactly one history row, the status
and one DomainEvent `<prefix>.status_changed`, in the caller's transaction (a failure after it
undoes all three). Shown on a small lifecycle over cases, so the test is about the door, not about
one app's table."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from luukku.cases.models import Case, Status, StatusChange
from luukku.core import clock
from luukku.core.lifecycle import Lifecycle, labels, move
from luukku.core.models import DomainEvent

from ..cases.conftest import aino, case_type, definition, handler, make_case, make_draft, media_root, unit  # noqa: F401

AT = dt.datetime(2026, 12, 2, 9, 30, tzinfo=clock.HELSINKI)


def _row(case, change):
    return StatusChange(municipality_id=case.municipality_id, case=case, at=change.at, from_status=change.from_status,
                        to_status=change.to_status, by_user=change.by_user, reason=change.reason,
                        to_sub_status=change.fields.get("note", ""))


SMALL = Lifecycle(model=Case, table={Status.SUBMITTED: {Status.IN_HANDLING}}, history=_row, event_prefix="small",
                  label=labels(Status), refusal="A small item that is “%(from)s” cannot become “%(to)s”.")


@pytest.fixture
def case(make_case, aino):
    return make_case(aino)


def _locked(case):
    return Case.all_objects.select_for_update().get(pk=case.pk)


def _written(case):
    return (StatusChange.all_objects.filter(case=case).count(),
            DomainEvent.all_objects.filter(kind="small.status_changed", object_id=str(case.public_id)).count())


@pytest.mark.django_db
def test_a_move_the_table_refuses_writes_nothing_and_names_both_statuses(case):
    before = _written(case)
    with transaction.atomic():
        locked = _locked(case)
        with pytest.raises(ValidationError) as exc:
            move(SMALL, locked, Status.DECIDED, reason="too early")
    assert exc.value.code == "invalid_transition"
    with translation.override("en"):  # the statuses in words, in the language the message is shown in
        assert exc.value.messages == ["A small item that is “submitted” cannot become “decided”."]
    with translation.override("fi"):
        assert exc.value.messages == ["A small item that is “lähetetty” cannot become “ratkaistu”."]
    assert _written(case) == before
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_an_allowed_move_writes_one_history_row_the_status_and_one_event(case, handler):
    with clock.frozen_at(AT), transaction.atomic():
        row = move(SMALL, _locked(case), Status.IN_HANDLING, by_user=handler, reason="picked up",
                   event_data={"reference": case.reference}, note="first")
    assert (row.from_status, row.to_status, row.by_user, row.reason, row.to_sub_status, row.at) == (
        Status.SUBMITTED, Status.IN_HANDLING, handler, "picked up", "first", AT)
    [event] = DomainEvent.all_objects.filter(kind="small.status_changed", object_id=str(case.public_id))
    assert event.data == {"from": "submitted", "to": "in_handling", "reference": case.reference}
    assert event.actor == handler and event.object_type == "cases.case"
    stored = Case.all_objects.get(pk=case.pk)
    assert (stored.status, stored.updated_at) == (Status.IN_HANDLING, AT)
    assert StatusChange.all_objects.filter(case=case).count() == 2  # the submission, then this move


@pytest.mark.django_db
def test_a_failure_after_the_move_rolls_back_the_row_the_status_and_the_event(case):
    before = _written(case)
    with pytest.raises(RuntimeError), transaction.atomic():
        move(SMALL, _locked(case), Status.IN_HANDLING)
        raise RuntimeError("the notification could not be written")
    assert _written(case) == before
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_also_saves_the_callers_other_fields_with_the_status(case):
    with transaction.atomic():
        move(SMALL, _locked(case), Status.IN_HANDLING, also={"due_date": dt.date(2027, 1, 4)})
    assert Case.all_objects.get(pk=case.pk).due_date == dt.date(2027, 1, 4)


def test_outside_a_transaction_the_door_is_not_opened():
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        move(SMALL, Case(status=Status.SUBMITTED), Status.IN_HANDLING)
