"""Feedback's statuses through the one lifecycle door: every move staff and the reporter's rating
make is allowed, nonsense is refused with nothing written (nothing leaves "archived" but reopening,
nothing goes back to "received"), and the handling is visible as domain events: status changes,
forwards, replies, assignments and ratings."""

import pytest
from django.core.exceptions import ValidationError

from luukku.core.models import DomainEvent, Role
from luukku.feedback import services
from luukku.feedback.models import Status, StatusChange
from luukku.feedback.staff_forms import StatusForm

from .conftest import INSIDE, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def general_item(bordered, rules, general):
    return services.submit(municipality=bordered, category=general, kind="idea", email="idea@example.fi",
                           description="Penkki puiston laitaan olisi hyvä.")


@pytest.fixture
def street_item(bordered, rules, street_fault):
    return services.submit(municipality=bordered, category=street_fault, description="Kuoppa Koulukadulla.",
                           latitude=INSIDE[0], longitude=INSIDE[1], email="kuoppa@example.fi")


@pytest.fixture
def desk(bordered, customer_service):
    return staff(bordered, Role.CASE_HANDLER, customer_service, "asiakaspalvelija")


def events(item, kind):
    return list(DomainEvent.all_objects.filter(kind=kind, object_id=str(item.public_id)).order_by("id"))


def walk(item, user, statuses):
    for status in statuses:
        item = services.change_status(item, status, by_user=user)
    return item


@pytest.mark.parametrize("kind, path, refused", [
    ("general", [Status.PROCESSED, Status.ARCHIVED], Status.PROCESSED),  # archived: only reopening
    ("general", [Status.IN_PROCESS], Status.RECEIVED),  # never back to received
    ("street", [Status.PUBLIC_WORKS_IN_PROGRESS], Status.PUBLIC_WORKS_NEW),
    ("street", [Status.PUBLIC_WORKS_COMPLETED, Status.ARCHIVED], Status.PUBLIC_WORKS_COMPLETED),
])
def test_nonsense_is_refused_with_nothing_written(general_item, street_item, desk, streets_handler, kind, path,
                                                  refused):
    item, user = (general_item, desk) if kind == "general" else (street_item, streets_handler)
    item = walk(item, user, path)
    before = (StatusChange.all_objects.filter(feedback=item).count(), len(events(item, "feedback.status_changed")))
    with pytest.raises(ValidationError) as exc:
        services.change_status(item, refused, by_user=user)
    assert [e.code for e in exc.value.error_dict["status"]] == ["invalid_transition"]
    item.refresh_from_db()
    assert item.status == path[-1]
    assert (StatusChange.all_objects.filter(feedback=item).count(),
            len(events(item, "feedback.status_changed"))) == before


def test_every_move_of_a_handling_is_allowed_and_each_is_an_event(street_item, streets_handler):
    path = [Status.PUBLIC_WORKS_IN_PROGRESS, Status.PUBLIC_WORKS_INTERRUPTED, Status.PUBLIC_WORKS_IN_PROGRESS,
            Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER, Status.PUBLIC_WORKS_COMPLETED, Status.ARCHIVED]
    item = walk(street_item, streets_handler, path)
    changed = events(item, "feedback.status_changed")
    assert [(e.data["from"], e.data["to"]) for e in changed] == list(zip([Status.PUBLIC_WORKS_NEW, *path[:-1]],
                                                                         path, strict=True))
    assert changed[0].data == {"from": "PUBLIC_WORKS_NEW", "to": "PUBLIC_WORKS_IN_PROGRESS",
                               "reference": item.reference, "category": "street-fault",
                               "category_id": item.category_id, "unit_id": item.unit_id}
    assert changed[0].actor == streets_handler


def test_a_low_rating_reopens_even_archived_feedback_and_both_are_events(general_item, desk):
    item = walk(general_item, desk, [Status.PROCESSED, Status.ARCHIVED])
    services.rate(item, score=1, comment="Penkkiä ei tullut")
    item.refresh_from_db()
    assert item.status == Status.IN_PROCESS
    [rated] = events(item, "feedback.rated")
    assert rated.data == {"reference": item.reference, "category": "general", "category_id": item.category_id,
                          "unit_id": item.unit_id, "score": 1, "reopened": True}
    last = events(item, "feedback.status_changed")[-1]
    assert (last.data["from"], last.data["to"], last.actor) == ("ARCHIVED", "IN_PROCESS", None)


def test_the_staff_form_offers_only_the_allowed_moves(general_item, desk):
    item = walk(general_item, desk, [Status.PROCESSED, Status.ARCHIVED])
    assert StatusForm(feedback=item).offered == [Status.IN_PROCESS]
    form = StatusForm({"status": Status.PROCESSED, "reason": ""}, feedback=item)
    assert not form.is_valid() and [e.code for e in form.errors.as_data()["status"]] == ["invalid_choice"]
    fresh = StatusForm(feedback=walk(item, desk, [Status.IN_PROCESS]))
    assert fresh.offered == [Status.PROCESSED, Status.ARCHIVED, Status.REJECTED]


def test_forwards_replies_and_assignments_are_events(street_item, streets_handler, customer_service, streets):
    services.claim(street_item, by_user=streets_handler)
    services.reply(street_item, by_user=streets_handler, body="Korjaamme kuopan.")
    services.forward(street_item, to_unit=customer_service, by_user=streets_handler, reason="Ei katuasia")
    facts = {"reference": street_item.reference, "category": "street-fault", "category_id": street_item.category_id}
    [assigned] = events(street_item, "feedback.assigned")
    assert assigned.data == {**facts, "unit_id": streets.pk, "assignee": streets_handler.pk, "claimed": True}
    [replied] = events(street_item, "feedback.replied")
    assert replied.data == {**facts, "unit_id": streets.pk, "reply": str(street_item.replies.get().public_id)}
    assert replied.actor == streets_handler
    [forwarded] = events(street_item, "feedback.forwarded")
    assert forwarded.data == {**facts, "unit_id": customer_service.pk, "from_unit_id": streets.pk,
                              "to_unit_id": customer_service.pk}
