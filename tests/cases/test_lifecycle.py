"""A case's status changes go through the one lifecycle door (core.lifecycle.move): its table
(cases.services.TRANSITIONS) refuses the rest with nothing written; each allowed change is one
history row and one event case.status_changed with the data the figures read."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from luukku.cases import services
from luukku.cases.models import Status, StatusChange
from luukku.core.models import DomainEvent

pytestmark = pytest.mark.django_db


def _events(case):
    return DomainEvent.all_objects.filter(kind="case.status_changed", object_id=str(case.public_id))


@pytest.mark.parametrize("path, refused", [
    ([], Status.DECIDED),  # a decision only once the case is being handled
    ([Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT], Status.CLOSED),
    ([Status.CLOSED], Status.IN_HANDLING),  # closed stays closed
])
def test_a_change_the_table_refuses_is_refused_with_nothing_written(make_case, aino, handler, path, refused):
    case = make_case(aino)
    for status in path:
        services.change_status(case, status, by_user=handler)
    rows, events, status = StatusChange.all_objects.filter(case=case).count(), _events(case).count(), case.status
    with pytest.raises(ValidationError) as exc:
        services.change_status(case, refused, by_user=handler)
    assert exc.value.code == "invalid_transition"
    with translation.override("fi"):  # named in words, in the language the message is shown in
        assert f"ei voi muuttaa tilaan ”{Status(refused).label}”" in exc.value.messages[0]
    case.refresh_from_db()
    assert (StatusChange.all_objects.filter(case=case).count(), _events(case).count(), case.status) == (
        rows, events, status)


def test_each_allowed_change_is_one_history_row_and_one_event(make_case, aino, handler):
    case = make_case(aino)
    services.change_status(case, Status.IN_HANDLING, by_user=handler, reason="otettu")
    services.withdraw(case, aino, reason="ei tarvita")
    history = list(StatusChange.all_objects.filter(case=case).values_list("from_status", "to_status"))
    assert history == [("", Status.SUBMITTED), (Status.SUBMITTED, Status.IN_HANDLING),
                       (Status.IN_HANDLING, Status.WITHDRAWN)]
    first, second = _events(case).order_by("id")
    assert first.data == {"from": "submitted", "to": "in_handling", "reference": case.reference, "sub_status": ""}
    assert first.actor == handler
    assert second.data["from"] == "in_handling" and second.data["to"] == "withdrawn"
    assert second.data["by_person"] == str(aino.public_id)

