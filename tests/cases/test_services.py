import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from luukku.cases import services
from luukku.cases.models import Case, Message, ReferenceCounter, Status, StatusChange
from luukku.notify.models import Notification
from luukku.core import clock
from luukku.core.models import DomainEvent


def test_submit_gives_reference_due_date_history_and_notification(municipality, aino, make_draft):
    municipality.reference_prefix = "ESI"
    municipality.save()
    with clock.frozen_at(dt.datetime(2026, 12, 3, 10, 0)):  # Thursday before Independence Day (Sun 6.12.)
        case = services.submit_draft(make_draft(aino), by_person=aino)
    assert re.fullmatch(r"ESI-2026-\d{6}", case.reference)
    assert case.reference == "ESI-2026-000001"
    assert case.status == Status.SUBMITTED
    # 10 working days from Thu 3.12.2026, skipping weekends and 24.–26.12.: Fri 4, 7–11, 14–17 → 17.12.
    assert case.due_date == dt.date(2026, 12, 17)
    first = StatusChange.all_objects.get(case=case)
    assert first.to_status == Status.SUBMITTED and first.by_person == aino and first.on_behalf_of is None
    assert Notification.all_objects.filter(case=case, kind="case.submitted").count() == 1
    assert DomainEvent.all_objects.filter(kind="case.submitted", object_id=str(case.public_id)).exists()
    assert case.draft.submitted_at is not None


def test_due_date_skips_christmas(municipality, aino, make_draft):
    with clock.frozen_at(dt.datetime(2026, 12, 21, 10, 0)):  # Monday
        case = services.submit_draft(make_draft(aino), by_person=aino)
    # 22, 23 (24–26 holidays, 27 Sun), 28, 29, 30, 31, (1.1. holiday) 2.1. is Sat → 5.1., (6.1. Epiphany) 7.1., 8.1.
    assert case.due_date == dt.date(2027, 1, 8)


def test_reference_without_prefix_uses_slug_and_counts_per_year(municipality, aino, make_draft):
    with clock.frozen_at(dt.datetime(2026, 12, 31, 23, 30)):  # already 2026 in Helsinki
        a = services.submit_draft(make_draft(aino), by_person=aino)
        b = services.submit_draft(make_draft(aino), by_person=aino)
    with clock.frozen_at(dt.datetime(2027, 1, 1, 0, 30)):
        c = services.submit_draft(make_draft(aino), by_person=aino)
    assert (a.reference, b.reference, c.reference) == ("ESI-2026-000001", "ESI-2026-000002", "ESI-2027-000001")
    assert ReferenceCounter.all_objects.filter(municipality=municipality).count() == 2


def test_submit_is_idempotent(municipality, aino, make_draft):
    draft = make_draft(aino)
    first = services.submit_draft(draft, by_person=aino)
    again = services.submit_draft(draft, by_person=aino)
    assert first.pk == again.pk
    assert Case.all_objects.count() == 1
    assert StatusChange.all_objects.count() == 1
    assert ReferenceCounter.all_objects.get().value == 1


def test_submit_for_child_records_mandate(municipality, aino, child, make_draft):
    case = services.submit_draft(make_draft(aino, child), by_person=aino)
    assert case.subject == child and case.applicant == aino and case.mandate is not None
    first = case.history.get()
    assert first.on_behalf_of == child and first.mandate == case.mandate


@pytest.mark.parametrize("path,ok", [
    ([Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT, Status.IN_HANDLING, Status.DECIDED, Status.CLOSED], True),
    ([Status.TRANSFERRED], True),
    ([Status.DECIDED], False),
    ([Status.WAITING_FOR_RESIDENT], False),
    ([Status.CLOSED, Status.IN_HANDLING], False),
    ([Status.IN_HANDLING, Status.DECIDED, Status.WITHDRAWN], False),
])
def test_transitions(municipality, aino, make_case, handler, path, ok):
    case = make_case(aino)
    try:
        for status in path:
            services.change_status(case, status, by_user=handler)
    except ValidationError as exc:
        assert not ok, exc
        with translation.override("en"):  # the message is formatted when read
            assert "cannot be changed" in exc.messages[0]
    else:
        assert ok
        assert Case.all_objects.get(pk=case.pk).status == path[-1]
    # History is exactly the changes that were allowed, in order.
    history = list(StatusChange.all_objects.filter(case=case).values_list("to_status", flat=True))
    assert history[0] == Status.SUBMITTED
    assert Case.all_objects.get(pk=case.pk).status == history[-1]


def test_history_is_append_only(municipality, aino, make_case):
    change = make_case(aino).history.get()
    change.reason = "edited"
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()


def test_withdraw_only_while_open(municipality, aino, make_case, handler):
    case = make_case(aino)
    services.withdraw(case, aino, "ei tarvita")
    assert case.status == Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw(case, aino)
    assert Notification.all_objects.filter(case=case, kind="case.withdrawn").count() == 1


def test_withdraw_by_stranger_refused(municipality, aino, bertil, make_case):
    from django.core.exceptions import PermissionDenied

    case = make_case(aino)
    with pytest.raises(PermissionDenied):
        services.withdraw(case, bertil)
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED


def test_request_information_and_answer(municipality, aino, child, make_case, handler):
    case = make_case(aino, child)
    request = services.request_information(case, handler, "Lähetä tulotiedot.")
    case.refresh_from_db()
    assert case.status == Status.WAITING_FOR_RESIDENT
    assert request.is_information_request and not request.from_resident
    statuses = list(case.history.values_list("to_status", flat=True))
    assert statuses == [Status.SUBMITTED, Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT]
    answer = services.answer_information_request(request, aino, "Tässä tiedot.")
    case.refresh_from_db()
    assert case.status == Status.IN_HANDLING
    assert answer.answer_to == request and answer.on_behalf_of == child and answer.mandate is not None
    assert case.history.last().by_person == aino and case.history.last().on_behalf_of == child
    with pytest.raises(ValidationError):
        services.answer_information_request(request, aino, "Uudestaan.")


def test_messages_refused_on_closed_case(municipality, aino, make_case, handler):
    case = make_case(aino)
    services.change_status(case, Status.CLOSED, by_user=handler)
    with pytest.raises(ValidationError) as exc:
        services.send_message(case, by_person=aino, body="Hei")
    assert exc.value.code == "case_closed"
    assert not Message.all_objects.filter(case=case).exists()


def test_decide_stores_pdf(municipality, aino, make_case, handler):
    case = make_case(aino)
    decision = services.decide(case, handler, "Myönteinen päätös", "Paikka myönnetty.")
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    content = decision.pdf.open("rb").read()
    assert content.startswith(b"%PDF-")
    assert Notification.all_objects.filter(case=case, kind="case.decided").count() == 1
