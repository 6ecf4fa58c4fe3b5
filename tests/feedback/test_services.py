"""Every write of feedback, as the pages and the Open311 API use it: routing to the responsible
unit, the checks of what the reporter gives, the acknowledgement through the outbox, handling with
appended history, the reply, publication, the rating after closing, and who may do what."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from luukku.core import clock
from luukku.feedback import services
from luukku.feedback.models import (
    Feedback,
    Forward,
    Media,
    Note,
    Publication,
    RoutingRule,
    Satisfaction,
    Status,
    StatusChange,
)
from luukku.notify.models import Notification
from luukku.notify.selectors import for_key_prefix

from ..cases.conftest import make_person
from ..factories import MunicipalityFactory, UnitFactory
from .conftest import INSIDE, INSIDE_NORTH, OUTSIDE

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=clock.HELSINKI)
TEXT = "Katuvalo ei pala Koulukadulla."
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fault(municipality, category, where=INSIDE, **kwargs):
    lat, lon = where if where else (None, None)
    return services.submit(municipality=municipality, category=category, description=kwargs.pop("description", TEXT),
                           latitude=lat, longitude=lon, **kwargs)


def png(name="kuoppa.png", size=(8, 6)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def codes(exc: ValidationError, field: str) -> list[str]:
    return [e.code for e in exc.error_dict[field]]


def notifications(fb, kind=None):
    """What the reporter was told about this feedback (the staff page's selector)."""
    found = for_key_prefix(fb.municipality, f"feedback:{fb.public_id}:")
    return found.filter(kind=kind) if kind else found


# --- routing -----------------------------------------------------------------------------------------

def test_routing_by_category_and_area(bordered, rules, street_fault, general, streets, north_streets,
                                      customer_service):
    assert fault(bordered, street_fault, INSIDE_NORTH).unit == north_streets  # the area rule comes first
    assert fault(bordered, street_fault, INSIDE).unit == streets  # outside the area: the category's own rule
    # Without coordinates no area can match, so the address-only fault goes to the category rule.
    assert fault(bordered, street_fault, None, address="Koulukatu 5").unit == streets
    assert fault(bordered, general, None, kind="praise").unit == customer_service  # the fallback for any category


def test_an_inactive_rule_is_passed_over(bordered, rules, street_fault, streets):
    rules[0].active = False
    rules[0].save()
    assert fault(bordered, street_fault, INSIDE_NORTH).unit == streets


def test_no_matching_rule_is_refused_and_nothing_is_written(bordered, rules, general):
    RoutingRule.all_objects.filter(category=None).delete()
    with pytest.raises(ValidationError) as exc:
        fault(bordered, general, None, kind="idea")
    assert codes(exc.value, "category") == ["no_route"]
    assert not Feedback.all_objects.exists() and not Notification.all_objects.exists()


# --- what the reporter gives -------------------------------------------------------------------------

@pytest.mark.parametrize("length, ok", [(9, False), (10, True), (5000, True), (5001, False)])
def test_description_from_10_to_5000_characters(bordered, rules, general, length, ok):
    text = ("Hyvä palvelu " * 400)[:length - 1] + "!"
    assert len(text) == length
    if ok:
        assert fault(bordered, general, None, kind="praise", description=text).description == text
    else:
        with pytest.raises(ValidationError) as exc:
            fault(bordered, general, None, kind="praise", description=text)
        assert codes(exc.value, "description") == ["description_too_short" if length < 10 else "description_too_long"]
        assert not Feedback.all_objects.exists()


def test_a_description_of_spaces_is_too_short(bordered, rules, general):
    with pytest.raises(ValidationError) as exc:
        fault(bordered, general, None, kind="praise", description=" " * 40 + "lyhyt" + " " * 40)
    assert codes(exc.value, "description") == ["description_too_short"]


@pytest.mark.parametrize("where, code", [(OUTSIDE, "location_outside"), (("61,5", "25"), "location_invalid"),
                                         ((91, 25.1), "location_invalid"), ((61.5, "nan"), "location_invalid")])
def test_coordinates_outside_the_border_or_not_coordinates(bordered, rules, street_fault, where, code):
    with pytest.raises(ValidationError) as exc:
        fault(bordered, street_fault, where)
    assert codes(exc.value, "location") == [code]
    assert not Feedback.all_objects.exists()


def test_every_problem_is_reported_at_once(bordered, rules, street_fault):
    with pytest.raises(ValidationError) as exc:
        fault(bordered, street_fault, OUTSIDE, description="lyhyt", attributes={"danger": "ehkä"},
              photos=[SimpleUploadedFile("x.jpg", b"not an image")])
    assert set(exc.value.error_dict) == {"description", "location", "attributes", "photos"}


def test_attributes_required_and_from_the_list(bordered, rules, street_fault):
    street_fault.attributes[0]["required"] = True
    street_fault.save()
    with pytest.raises(ValidationError) as exc:
        fault(bordered, street_fault)
    assert codes(exc.value, "attributes") == ["attribute_invalid"]
    assert "danger" in exc.value.error_dict["attributes"][0].message
    with pytest.raises(ValidationError) as exc:
        fault(bordered, street_fault, attributes={"danger": "maybe"})
    assert codes(exc.value, "attributes") == ["attribute_invalid"]
    assert not Feedback.all_objects.exists()
    fb = fault(bordered, street_fault, attributes={"danger": "yes", "unknown": "ignored"})
    assert fb.attributes == {"danger": "yes"}


def test_a_category_of_another_municipality_is_refused(bordered, rules, street_fault):
    other = MunicipalityFactory(slug="muualla", code="997")
    with pytest.raises(ValidationError) as exc:
        fault(other, street_fault)
    assert codes(exc.value, "category") == ["unknown_category"]


# --- photos --------------------------------------------------------------------------------------------

def test_a_real_png_is_stored_with_its_size(bordered, rules, street_fault, media_root):
    fb = fault(bordered, street_fault, photos=[png()])
    [photo] = Media.all_objects.filter(feedback=fb)
    assert (photo.content_type, photo.width, photo.height, photo.name) == ("image/png", 8, 6, "kuoppa.png")
    assert photo.file.read().startswith(b"\x89PNG")


def _refused(municipality, category, media_root, photos, code):
    with pytest.raises(ValidationError) as exc:
        fault(municipality, category, photos=photos)
    assert code in codes(exc.value, "photos")
    assert not Feedback.all_objects.exists() and not Media.all_objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))
    assert not Notification.all_objects.exists()


def test_a_text_file_named_jpg_is_refused(bordered, rules, street_fault, media_root):
    fake = SimpleUploadedFile("kuva.jpg", b"Hei, tama on tekstia eika kuva.\n" * 10, content_type="image/jpeg")
    _refused(bordered, street_fault, media_root, [png(), fake], "not_an_image")


def test_a_photo_too_big_is_refused(bordered, rules, street_fault, media_root, settings):
    settings.LUUKKU_FEEDBACK_PHOTO_MAX_BYTES = 200
    _refused(bordered, street_fault, media_root, [png(size=(400, 400))], "photo_too_big")


def test_too_many_photos_are_refused(bordered, rules, street_fault, media_root, settings):
    settings.LUUKKU_FEEDBACK_PHOTO_MAX_COUNT = 2
    _refused(bordered, street_fault, media_root, [png("a.png"), png("b.png"), png("c.png")], "too_many_photos")


# --- acknowledgement ---------------------------------------------------------------------------------

def test_an_anonymous_reporter_with_an_email_is_acknowledged_once(bordered, rules, street_fault):
    fb = fault(bordered, street_fault, email=" raportoija@example.fi ", first_name="Raili")
    [ack] = notifications(fb)
    assert ack.kind == "feedback.received" and ack.person is None and ack.email == "raportoija@example.fi"
    assert fb.reference in ack.subject and fb.token in ack.link
    assert TEXT not in ack.body and "raportoija" not in ack.body and "Raili" not in ack.body
    assert [d.channel for d in ack.deliveries.all()] == ["email"]


def test_an_anonymous_reporter_without_contact_details_gets_nothing(bordered, rules, street_fault):
    fb = fault(bordered, street_fault)
    assert not notifications(fb).exists()


def test_a_logged_in_resident_is_acknowledged_through_their_account(bordered, rules, street_fault):
    person = make_person(bordered, "Rauni", "Raportoija")
    person.email = "rauni@example.fi"
    person.save()
    fb = fault(bordered, street_fault, person=person)
    [ack] = notifications(fb)
    assert ack.kind == "feedback.received" and ack.person == person and ack.email == ""
    assert [d.channel for d in ack.deliveries.all()] == ["email"]


# --- handling ------------------------------------------------------------------------------------------

@pytest.fixture
def reported(bordered, rules, street_fault):
    """A street fault in the south (the streets unit) from a reporter who left an email."""
    with clock.frozen_at(T0):
        return fault(bordered, street_fault, email="raportoija@example.fi")


def test_change_status_appends_history_and_closing_notifies_once(reported, streets_handler):
    with clock.frozen_at(T0 + dt.timedelta(hours=1)):
        fb = services.change_status(reported, Status.PUBLIC_WORKS_IN_PROGRESS, by_user=streets_handler,
                                    reason="Työ tilattu")
    assert fb.closed_at is None and not notifications(fb, "feedback.closed").exists()
    with clock.frozen_at(T0 + dt.timedelta(hours=2)):
        fb = services.change_status(fb, Status.PUBLIC_WORKS_COMPLETED, by_user=streets_handler)
    assert fb.closed_at == T0 + dt.timedelta(hours=2) and fb.open311_status == "closed"
    with clock.frozen_at(T0 + dt.timedelta(hours=3)):
        fb = services.change_status(fb, Status.ARCHIVED, by_user=streets_handler)  # closed to closed
    assert fb.closed_at == T0 + dt.timedelta(hours=2)
    history = list(StatusChange.all_objects.filter(feedback=fb).values_list("from_status", "to_status", "reason"))
    assert history == [("", Status.PUBLIC_WORKS_NEW, ""),
                       (Status.PUBLIC_WORKS_NEW, Status.PUBLIC_WORKS_IN_PROGRESS, "Työ tilattu"),
                       (Status.PUBLIC_WORKS_IN_PROGRESS, Status.PUBLIC_WORKS_COMPLETED, ""),
                       (Status.PUBLIC_WORKS_COMPLETED, Status.ARCHIVED, "")]
    [closed] = notifications(fb, "feedback.closed")
    assert closed.email == "raportoija@example.fi" and fb.reference in closed.subject


def test_the_same_status_or_an_unknown_one_is_refused(reported, streets_handler):
    for status, code in ((Status.PUBLIC_WORKS_NEW, "same_status"), ("DONE", "unknown_status")):
        with pytest.raises(ValidationError) as exc:
            services.change_status(reported, status, by_user=streets_handler)
        assert codes(exc.value, "status") == [code]
    assert StatusChange.all_objects.filter(feedback=reported).count() == 1


def test_forward_to_another_unit_with_the_reason(reported, streets_handler, customer_service):
    services.assign(reported, by_user=streets_handler, assignee=streets_handler)
    fb = services.forward(reported, to_unit=customer_service, by_user=streets_handler, reason="Ei katuasia")
    assert fb.unit == customer_service and fb.assignee is None
    [move] = Forward.all_objects.filter(feedback=fb)
    assert move.to_unit == customer_service and move.reason == "Ei katuasia"


def test_forward_needs_a_reason_and_a_unit_of_this_municipality(reported, streets_handler, customer_service, streets):
    foreign = UnitFactory(municipality=MunicipalityFactory(slug="naapuri", code="996"), slug="katu")
    for unit, reason, field, code in ((foreign, "Naapurin katu", "unit", "unit"), (streets, "Sama", "unit", "unit"),
                                      (customer_service, "  ", "reason", "required")):
        with pytest.raises(ValidationError) as exc:
            services.forward(reported, to_unit=unit, by_user=streets_handler, reason=reason)
        assert codes(exc.value, field) == [code]
    reported.refresh_from_db()
    assert reported.unit == streets and not Forward.all_objects.exists()


def test_reply_notifies_the_reporter_without_its_text(reported, streets_handler):
    answer = services.reply(reported, by_user=streets_handler, body="Korjaamme valon ensi viikolla.")
    assert answer.body == "Korjaamme valon ensi viikolla."
    [told] = notifications(reported, "feedback.replied")
    assert "Korjaamme" not in told.body and reported.reference in told.body
    with pytest.raises(ValidationError) as exc:
        services.reply(reported, by_user=streets_handler, body="   ")
    assert codes(exc.value, "body") == ["required"]


def test_internal_note_is_kept(reported, streets_handler):
    note = services.add_note(reported, by_user=streets_handler, text="Soitettu urakoitsijalle.")
    assert Note.all_objects.get(feedback=reported) == note
    assert notifications(reported).count() == 1  # a note tells the reporter nothing


def test_publish_with_a_public_answer(reported, streets_handler):
    fb = services.publish(reported, by_user=streets_handler, publication=Publication.PUBLIC,
                          public_answer="  Valo korjattu.  ")
    assert (fb.publication, fb.public_answer) == (Publication.PUBLIC, "Valo korjattu.")
    fb = services.publish(fb, by_user=streets_handler, publication=Publication.HIDDEN)
    assert (fb.publication, fb.public_answer) == (Publication.HIDDEN, "Valo korjattu.")  # the answer stays
    with pytest.raises(ValidationError) as exc:
        services.publish(fb, by_user=streets_handler, publication="everyone")
    assert codes(exc.value, "publication") == ["publication"]


# --- the reporter's rating --------------------------------------------------------------------------

def _close(fb, user, at):
    with clock.frozen_at(at):
        return services.change_status(fb, Status.PUBLIC_WORKS_COMPLETED, by_user=user)


def _rate(fb, at, score, **kwargs):
    with clock.frozen_at(at):
        return services.rate(fb, score=score, **kwargs)


def test_rating_only_after_closing_and_once_per_closing(reported, streets_handler):
    with pytest.raises(ValidationError) as exc:
        _rate(reported, T0, 5)
    assert exc.value.code == "not_closed"
    fb = _close(reported, streets_handler, T0 + dt.timedelta(hours=1))
    rating = _rate(fb, T0 + dt.timedelta(hours=2), 4, comment=" Nopeaa! ")
    assert (rating.score, rating.comment, rating.reopened) == (4, "Nopeaa!", False)
    with pytest.raises(ValidationError) as exc:
        _rate(fb, T0 + dt.timedelta(hours=3), 5)
    assert exc.value.code == "already_rated"
    fb.refresh_from_db()
    assert fb.status == Status.PUBLIC_WORKS_COMPLETED and Satisfaction.all_objects.count() == 1


@pytest.mark.parametrize("score", [0, 6, "", "viisi", None])
def test_a_score_from_1_to_5(reported, streets_handler, score):
    fb = _close(reported, streets_handler, T0 + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        _rate(fb, T0 + dt.timedelta(hours=2), score)
    assert codes(exc.value, "score") == ["score"]
    assert not Satisfaction.all_objects.exists()


@pytest.mark.parametrize("score, reopen", [(2, False), (1, False), (5, True)])
def test_a_low_score_or_the_wish_reopens_with_history(reported, streets_handler, score, reopen):
    fb = _close(reported, streets_handler, T0 + dt.timedelta(hours=1))
    rating = _rate(fb, T0 + dt.timedelta(hours=2), score, comment="Valo ei vieläkään pala", reopen=reopen)
    assert rating.reopened
    fb.refresh_from_db()
    assert fb.status == Status.PUBLIC_WORKS_IN_PROGRESS and fb.closed_at is None
    last = StatusChange.all_objects.filter(feedback=fb).last()
    assert (last.from_status, last.to_status, last.by_user) == (Status.PUBLIC_WORKS_COMPLETED,
                                                                Status.PUBLIC_WORKS_IN_PROGRESS, None)
    assert "Valo ei vieläkään pala" in last.reason
    # Closed again: a new closing, told again, and rated again.
    fb = _close(fb, streets_handler, T0 + dt.timedelta(hours=3))
    assert notifications(fb, "feedback.closed").count() == 2
    assert not _rate(fb, T0 + dt.timedelta(hours=4), 5).reopened


def test_a_general_feedback_reopens_in_process(bordered, rules, general, customer_service):
    fb = fault(bordered, general, None, kind="complaint")
    with clock.frozen_at(T0):
        fb = services.change_status(fb, Status.PROCESSED)
    _rate(fb, T0 + dt.timedelta(hours=1), 1)
    fb.refresh_from_db()
    assert fb.status == Status.IN_PROCESS


# --- who may ----------------------------------------------------------------------------------------

WRITES = {
    "claim": lambda fb, user, other: services.claim(fb, by_user=user),
    "change_status": lambda fb, user, other: services.change_status(fb, Status.PUBLIC_WORKS_IN_PROGRESS,
                                                                    by_user=user),
    "add_note": lambda fb, user, other: services.add_note(fb, by_user=user, text="Muistiin"),
    "assign": lambda fb, user, other: services.assign(fb, by_user=user, assignee=user),
    "forward": lambda fb, user, other: services.forward(fb, to_unit=other, by_user=user, reason="Väärä yksikkö"),
    "reply": lambda fb, user, other: services.reply(fb, by_user=user, body="Vastaus"),
    "publish": lambda fb, user, other: services.publish(fb, by_user=user, publication=Publication.PUBLIC),
    "mark_duplicate": lambda fb, user, other: services.mark_duplicate(fb, of=None, by_user=user),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_staff_of_another_unit_may_not_handle(reported, north_handler, service_agent, customer_service, write):
    # One rule with cases: who may not handle the unit's items is refused as a permission (403).
    for user in (north_handler, service_agent):
        with pytest.raises(PermissionDenied):
            WRITES[write](reported, user, customer_service)
    fb = Feedback.all_objects.get(pk=reported.pk)
    assert (fb.status, fb.unit_id, fb.assignee_id, fb.publication) == (
        reported.status, reported.unit_id, None, Publication.UNMODERATED)
    assert not Note.all_objects.exists() and notifications(fb).count() == 1


@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_units_own_handler_may(reported, streets_handler, customer_service, write):
    WRITES[write](reported, streets_handler, customer_service)


# --- concurrency (PostgreSQL: each thread its own connection and transaction) --------------------------

def _parallel(work, args_list):
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def run(*args):
        try:
            barrier.wait()
            results.append(work(*args))
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_two_handlers_closing_at_once_close_it_once(bordered, rules, street_fault, streets_handler):
    fb = fault(bordered, street_fault, email="raportoija@example.fi")
    results, errors = _parallel(lambda: services.change_status(fb, Status.PUBLIC_WORKS_COMPLETED,
                                                               by_user=streets_handler), [()] * 2)
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError) and codes(errors[0], "status") == ["same_status"]
    history = list(StatusChange.all_objects.filter(feedback=fb).values_list("from_status", "to_status"))
    assert history == [("", Status.PUBLIC_WORKS_NEW), (Status.PUBLIC_WORKS_NEW, Status.PUBLIC_WORKS_COMPLETED)]
    assert notifications(fb, "feedback.closed").count() == 1


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_parallel_changes_make_one_unbroken_history(bordered, rules, street_fault, streets_handler):
    fb = fault(bordered, street_fault)
    # Each of these may follow any other (services.TRANSITIONS), so every order the threads take is allowed.
    targets = [Status.PUBLIC_WORKS_IN_PROGRESS, Status.PUBLIC_WORKS_COMPLETED,
               Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER]
    results, errors = _parallel(lambda s: services.change_status(fb, s, by_user=streets_handler),
                                [(s,) for s in targets])
    assert errors == [] and len(results) == 3
    history = list(StatusChange.all_objects.filter(feedback=fb).order_by("id").values_list("from_status", "to_status"))
    assert all(history[i][1] == history[i + 1][0] for i in range(len(history) - 1))  # each from the one before
    fb.refresh_from_db()
    assert fb.status == history[-1][1]
