"""The two-step intake of partner posts (feedback/intake.py): the POST writes its row and answers,
the worker completes the rows in batches — each exactly once, with the same result as the pages'
one-step intake — and edits of categories, rules and keys reach the cached intake configuration."""

import datetime as dt
import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from luukku.core import clock
from luukku.core.models import DomainEvent, Municipality
from luukku.feedback import config, intake, services
from luukku.feedback.jobs import IntakeSweep
from luukku.feedback.models import ApiKey, Feedback, Link, StatusChange
from luukku.feedback.tasks import complete_intake
from luukku.notify.models import Delivery

from .conftest import INSIDE, INSIDE_NORTH
from .test_services import TEXT, notifications

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
NEAR_INSIDE = (INSIDE[0] + 0.0002, INSIDE[1])  # about 22 m north


def submit(municipality, category, where=INSIDE, later=True, **kwargs):
    return services.submit(municipality=municipality, category=category, description=TEXT, latitude=where[0],
                           longitude=where[1], later=later, **kwargs)


@pytest.fixture(autouse=True)
def no_window_flags():
    cache.clear()


def test_a_deferred_post_writes_one_row_and_the_batch_completes_it_once(bordered, rules, street_fault, streets):
    earlier = submit(bordered, street_fault, later=False)
    fb = submit(bordered, street_fault, NEAR_INSIDE, email="raportoija@example.fi")
    row = Feedback.all_objects.get(pk=fb.pk)
    assert row.intake_pending and row.reference == "" and row.unit == streets
    assert fb.reference == services.reference_for(row)  # what the POST answers
    assert not StatusChange.all_objects.filter(feedback=fb).exists() and not notifications(fb).exists()

    assert intake.complete_pending(bordered) == 1
    row.refresh_from_db()
    assert not row.intake_pending and row.reference == fb.reference
    [first] = StatusChange.all_objects.filter(feedback=fb)
    assert (first.from_status, first.to_status, first.at) == ("", row.status, row.submitted_at)
    assert list(Link.all_objects.filter(feedback=fb).values_list("other", flat=True)) == [earlier.pk]
    assert DomainEvent.all_objects.filter(kind="feedback.received", object_id=str(fb.public_id)).count() == 1
    [ack] = notifications(fb)
    assert ack.kind == "feedback.received" and fb.reference in ack.subject
    assert list(Delivery.all_objects.filter(notification=ack).values_list("channel", flat=True)) == ["email"]

    assert intake.complete_pending(bordered) == 0  # run again: nothing twice
    assert StatusChange.all_objects.filter(feedback=fb).count() == 1 and notifications(fb).count() == 1


def test_a_batch_gives_the_same_result_as_one_at_a_time(bordered, rules, street_fault):
    """Reports that arrive together link only to earlier ones, as they would one by one."""
    one_by_one = [submit(bordered, street_fault, NEAR_INSIDE, later=False) for _ in range(3)]
    batch = [submit(bordered, street_fault, INSIDE_NORTH) for _ in range(3)]
    assert intake.complete_pending(bordered) == 3

    def links(items):
        index = {f.pk: i for i, f in enumerate(items)}
        return sorted((index[a], index[b]) for a, b in Link.all_objects.filter(feedback__in=items)
                      .values_list("feedback", "other"))

    assert links(one_by_one) == links(batch) == [(1, 0), (2, 0), (2, 1)]
    references = list(Feedback.all_objects.filter(pk__in=[f.pk for f in batch]).order_by("pk")
                      .values_list("reference", flat=True))
    assert references == [f.reference for f in batch] and len(set(references)) == 3


def test_posts_in_one_window_queue_one_task_that_runs_after_the_window(bordered, rules, street_fault, settings,
                                                                        django_capture_on_commit_callbacks):
    settings.LUUKKU_FEEDBACK_INTAKE_SECONDS = 2
    started = clock.now()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            submit(bordered, street_fault)
    [task] = DBTaskResult.objects.filter(task_path=complete_intake.module_path)
    assert task.args_kwargs["kwargs"] == {"municipality_id": bordered.pk}
    assert task.run_after >= started + dt.timedelta(seconds=2)  # after every post of the window
    assert complete_intake.call(municipality_id=bordered.pk) == 3
    assert not Feedback.all_objects.filter(intake_pending=True).exists()


def test_the_sweep_completes_what_a_lost_task_left(bordered, rules, street_fault, other_municipality):
    fb = submit(bordered, street_fault)  # its task never ran (no on-commit here)
    assert IntakeSweep().run() == 1
    fb.refresh_from_db()
    assert not fb.intake_pending and fb.reference and StatusChange.all_objects.filter(feedback=fb).exists()
    assert IntakeSweep().run() == 0


def test_edits_of_rules_categories_and_keys_reach_the_cached_configuration(
        bordered, rules, street_fault, streets, north_streets, django_capture_on_commit_callbacks):
    assert submit(bordered, street_fault, INSIDE_NORTH).unit == north_streets
    version = Municipality.objects.get(pk=bordered.pk).content_version
    area_rule = next(r for r in rules if r.area)
    with django_capture_on_commit_callbacks(execute=True):
        area_rule.active = False
        area_rule.save()
    assert submit(bordered, street_fault, INSIDE_NORTH).unit == streets  # this process: at once
    fresh = Municipality.objects.get(pk=bordered.pk)
    assert fresh.content_version > version  # other processes: their next request reads again
    stale_copy = config.intake_config(fresh)
    config._configs[bordered.pk] = ((fresh.public_id, version), stale_copy)  # as another process holds it
    assert config.intake_config(fresh) is not stale_copy

    api_key, key = services.create_api_key(bordered, "partner")
    assert services.api_key_for(bordered, key) == api_key
    ApiKey.all_objects.filter(pk=api_key.pk).update(active=False)
    config.changed(bordered.pk)  # what code that bypasses save() must do
    assert services.api_key_for(bordered, key) is None
    street_fault.active = False
    street_fault.save()
    assert "street-fault" not in config.intake_config(bordered).categories


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_two_workers_at_once_complete_each_row_once(bordered, rules, street_fault):
    items = [submit(bordered, street_fault) for _ in range(3)]
    locked, release, done = threading.Event(), threading.Event(), {}

    def other_worker():  # holds the first two rows, as a worker in the middle of its batch
        try:
            with transaction.atomic():
                list(Feedback.all_objects.select_for_update().filter(pk__in=[items[0].pk, items[1].pk]))
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(30)
    done["first"] = intake.complete_pending(bordered)  # skips the held rows instead of waiting
    release.set()
    thread.join(30)
    done["second"] = intake.complete_pending(bordered)
    assert done == {"first": 1, "second": 2}
    for fb in items:
        assert StatusChange.all_objects.filter(feedback=fb).count() == 1
        assert notifications(fb).count() == 0  # no contact details given: nothing to send
