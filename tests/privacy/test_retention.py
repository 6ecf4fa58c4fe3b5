"""Retention: expired records go (or lose their personal data), fresh ones and held ones stay, each
run is recorded with its counts, the job is scheduled, administrators edit the periods."""

import datetime as dt
import os

import pytest
from django.urls import reverse

from luukku.cases import services
from luukku.cases.models import Case, Message, StatusChange
from luukku.core import clock
from luukku.core.models import AuditEvent, Role, ScheduledJob
from luukku.core.scheduler import scheduled_jobs, tick
from luukku.core.services import record_audit, retention_delete, retention_update
from luukku.eservices.models import Draft
from luukku.feedback.models import Feedback, Status
from luukku.notify.models import Notification
from luukku.privacy import export, retention
from luukku.privacy.models import DataExport, LegalHold, RecordType, RetentionRule, RetentionRun

from ..factories import MembershipFactory, UserFactory

NOW = clock.now


def ago(days):
    return NOW() - dt.timedelta(days=days)


@pytest.fixture
def old_and_new(municipality, aino, bertil, make_draft, make_case, make_feedback, handler, case_type):
    """One expired and one fresh record of every type, Aino's and Bertil's."""
    rows = {}
    rows["old_draft"], rows["new_draft"] = make_draft(aino), make_draft(aino)
    Draft.all_objects.filter(pk=rows["old_draft"].pk).update(updated_at=ago(91))
    Draft.all_objects.filter(pk=rows["new_draft"].pk).update(updated_at=ago(89))
    rows["old_feedback"] = make_feedback(aino, status=Status.PROCESSED, closed_at=ago(400))
    rows["new_feedback"] = make_feedback(aino, status=Status.PROCESSED, closed_at=ago(10))
    rows["open_feedback"] = make_feedback(aino, submitted_at=ago(900), updated_at=ago(900))
    rows["old_note"] = Notification.all_objects.create(municipality=municipality, person=aino, kind="t",
                                                       idempotency_key="old", subject="s", body="b",
                                                       created_at=ago(366))
    rows["new_note"] = Notification.all_objects.create(municipality=municipality, person=aino, kind="t",
                                                       idempotency_key="new", subject="s", body="b")
    rows["old_audit"] = record_audit(municipality=municipality, actor=handler, subject_id=aino.public_id,
                                     action="case.read", purpose="old")
    retention_update(AuditEvent.all_objects.filter(pk=rows["old_audit"].pk), at=ago(5 * 365 + 1))  # backdated
    rows["new_audit"] = record_audit(municipality=municipality, actor=handler, subject_id=aino.public_id,
                                     action="case.read", purpose="new")
    RetentionRule.all_objects.create(municipality=municipality, record_type=RecordType.CASE, case_type=case_type,
                                     days=30)
    rows["old_case"] = make_case(bertil)
    services.send_message(rows["old_case"], by_person=bertil, body="Kiitos")
    services.decide(rows["old_case"], handler, "Päätös", "Myönnetään.")
    Case.all_objects.filter(pk=rows["old_case"].pk).update(updated_at=ago(31))
    rows["old_case"].refresh_from_db()
    rows["new_closed_case"] = make_case(bertil)
    services.decide(rows["new_closed_case"], handler, "Päätös", "Myönnetään.")
    rows["old_open_case"] = make_case(bertil)
    Case.all_objects.filter(pk=rows["old_open_case"].pk).update(updated_at=ago(4000))
    rows["old_export"], _ = export.request_export(aino)
    export.build(rows["old_export"].pk)
    rows["old_export"].refresh_from_db()
    DataExport.all_objects.filter(pk=rows["old_export"].pk).update(created_at=ago(31))
    return rows


def exists(row):
    return type(row).all_objects.filter(pk=row.pk).exists()


def test_a_run_removes_what_has_expired_and_keeps_the_rest(municipality, old_and_new,
                                                          django_capture_on_commit_callbacks):
    rows = old_and_new
    decision_pdf = rows["old_case"].decisions.get().pdf.path
    export_file = rows["old_export"].json_file.path

    with django_capture_on_commit_callbacks(execute=True):  # files go when the run commits
        run = retention.run(municipality)

    assert not exists(rows["old_draft"]) and exists(rows["new_draft"])
    old_feedback = Feedback.all_objects.get(pk=rows["old_feedback"].pk)
    assert (old_feedback.person_id, old_feedback.email, old_feedback.phone, old_feedback.first_name) == \
        (None, "", "", "")
    assert old_feedback.description == "Kuoppa kadulla"
    assert Feedback.all_objects.get(pk=rows["new_feedback"].pk).email == "aino@example.fi"
    assert Feedback.all_objects.get(pk=rows["open_feedback"].pk).email == "aino@example.fi"
    assert not exists(rows["old_note"]) and exists(rows["new_note"])
    assert not exists(rows["old_audit"]) and exists(rows["new_audit"])
    assert not exists(rows["old_case"]) and exists(rows["new_closed_case"]) and exists(rows["old_open_case"])
    assert not StatusChange.all_objects.filter(case_id=rows["old_case"].pk).exists()
    assert not Message.all_objects.filter(case_id=rows["old_case"].pk).exists()
    assert not os.path.exists(decision_pdf)
    assert not exists(rows["old_export"]) and not os.path.exists(export_file)
    assert run.counts == {"draft": 1, "feedback_contact": 1, "notification": 1, "case": 1, "audit_event": 1,
                          "data_export": 1}
    assert run.finished_at and run.error == "" and run.held == 0
    assert retention.run(municipality).counts == dict.fromkeys(run.counts, 0)  # nothing twice


def test_legal_holds_stop_it(municipality, aino, bertil, old_and_new):
    rows = old_and_new
    LegalHold.all_objects.create(municipality=municipality, person=aino, reason="Oikeudenkäynti")
    LegalHold.all_objects.create(municipality=municipality, case=rows["old_case"], reason="Valitus")
    run = retention.run(municipality)
    assert exists(rows["old_draft"]) and exists(rows["old_note"]) and exists(rows["old_audit"])
    assert Feedback.all_objects.get(pk=rows["old_feedback"].pk).email == "aino@example.fi"
    assert exists(rows["old_case"])
    assert run.held == 1 and run.counts["case"] == 0 and run.counts["draft"] == 0


def test_a_released_hold_no_longer_stops_it(municipality, aino, old_and_new):
    LegalHold.all_objects.create(municipality=municipality, person=aino, reason="x", released_at=NOW())
    retention.run(municipality)
    assert not exists(old_and_new["old_draft"])


def test_periods_default_and_per_case_type(municipality, case_type):
    periods = retention.Periods(municipality.pk)
    assert periods.days(RecordType.DRAFT) == 90 and periods.days(RecordType.FEEDBACK_CONTACT) == 365
    assert periods.days(RecordType.NOTIFICATION) == 365 and periods.days(RecordType.AUDIT_EVENT) == 5 * 365
    RetentionRule.all_objects.create(municipality=municipality, record_type=RecordType.CASE, days=3650)
    RetentionRule.all_objects.create(municipality=municipality, record_type=RecordType.CASE, case_type=case_type,
                                     days=730)
    RetentionRule.all_objects.create(municipality=municipality, record_type=RecordType.DRAFT, days=30)
    periods = retention.Periods(municipality.pk)
    assert periods.days(RecordType.CASE, case_type.pk) == 730 and periods.days(RecordType.CASE, 999999) == 3650
    assert periods.days(RecordType.DRAFT) == 30


def test_one_municipalitys_rules_do_not_touch_anothers(municipality, other_municipality, aino, make_draft):
    draft = make_draft(aino)
    Draft.all_objects.filter(pk=draft.pk).update(updated_at=ago(20))
    RetentionRule.all_objects.create(municipality=other_municipality, record_type=RecordType.DRAFT, days=10)
    retention.run(other_municipality)
    retention.run(municipality)
    assert exists(draft)


def test_retention_delete_removes_history_rows(aino, make_case):
    case = make_case(aino)
    assert StatusChange.all_objects.filter(case=case).exists()
    assert retention_delete(StatusChange.all_objects.filter(case=case)) >= 1
    assert not StatusChange.all_objects.filter(case=case).exists()


def test_the_job_runs_at_night_once_and_records_runs(municipality, monkeypatch):
    assert scheduled_jobs["privacy.retention"] is retention.RetentionJob
    monkeypatch.setattr(scheduled_jobs, "_entries", {"privacy.retention": retention.RetentionJob})
    evening = dt.datetime(2026, 12, 1, 20, 0, tzinfo=clock.HELSINKI)
    assert tick(now=evening) == []  # waits for the night
    night = dt.datetime(2026, 12, 2, 3, 0, tzinfo=clock.HELSINKI)
    assert tick(now=night) == ["privacy.retention"]
    assert tick(now=night) == []
    assert ScheduledJob.objects.get(name="privacy.retention").last_error == ""
    assert RetentionRun.all_objects.filter(municipality=municipality).count() == 1


@pytest.fixture
def administrator(municipality):
    user = UserFactory(username="yllapitaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def manager(municipality):
    user = UserFactory(username="johtaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER)
    return user


def test_administrators_edit_periods_managers_read_runs(client, municipality, administrator, manager):
    client.force_login(administrator)
    response = client.post(reverse("admin:privacy_retentionrule_add"),
                           {"record_type": "draft", "days": "60", "notes": "Oma päätös"})
    assert response.status_code == 302
    assert RetentionRule.all_objects.get(municipality=municipality, record_type="draft").days == 60
    # A second rule for drafts is refused with a message, not a 500.
    response = client.post(reverse("admin:privacy_retentionrule_add"),
                           {"record_type": "draft", "days": "60"})
    assert response.status_code == 200 and "errornote" in response.content.decode()
    retention.run(municipality)
    client.force_login(manager)
    listing = client.get(reverse("admin:privacy_retentionrun_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200 and "draft: 0" in listing.content.decode()
    assert client.post(reverse("admin:privacy_retentionrule_add"), {"record_type": "draft",
                                                                   "days": "1"}).status_code == 403
    assert RetentionRule.all_objects.get(municipality=municipality, record_type="draft").days == 60
