"""Retention: how long each kind of record is kept (privacy.RetentionRule, defaults in
DEFAULT_RETENTION_DAYS), and the daily job that removes or anonymises what has expired, leaving a
RetentionRun with counts per record type. An active legal hold on a person or a case stops it for
everything of theirs. Every deletion goes through core.services.retention_delete."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q

from luukku.core import clock
from luukku.core.scheduler import scheduled_jobs
from luukku.core.services import retention_delete

from .models import DEFAULT_RETENTION_DAYS, LegalHold, RecordType, RetentionRule, RetentionRun

log = logging.getLogger(__name__)
RUN_HOUR = 3  # at night, Helsinki time


class Periods:
    """A municipality's periods: its own rules, else the defaults. Cases: the case type's rule, else
    the municipality's rule for all cases, else the default."""

    def __init__(self, municipality_id):
        self.by_type, self.by_case_type = {}, {}
        for rule in RetentionRule.all_objects.filter(municipality_id=municipality_id):
            if rule.case_type_id:
                self.by_case_type[rule.case_type_id] = rule.days
            else:
                self.by_type[rule.record_type] = rule.days

    def days(self, record_type, case_type_id=None) -> int:
        if case_type_id is not None and case_type_id in self.by_case_type:
            return self.by_case_type[case_type_id]
        return self.by_type.get(record_type, DEFAULT_RETENTION_DAYS[record_type])

    def cutoff(self, now, record_type, case_type_id=None) -> dt.datetime:
        return now - dt.timedelta(days=self.days(record_type, case_type_id))


def _case_end(case):
    return case.updated_at or case.decided_at or case.submitted_at


def cases_kept(person, closed_cases, now) -> dict:
    """{reference: the day its retention ends} of the closed cases still kept."""
    periods = Periods(person.municipality_id)
    kept = {}
    for case in closed_cases.only("reference", "case_type_id", "updated_at", "decided_at", "submitted_at"):
        until = _case_end(case) + dt.timedelta(days=periods.days(RecordType.CASE, case.case_type_id))
        if until > now:
            kept[case.reference] = until.astimezone(clock.HELSINKI).date()
    return kept


def _holds(municipality_id):
    active = LegalHold.all_objects.filter(municipality_id=municipality_id, released_at__isnull=True)
    persons = set(active.filter(person__isnull=False).values_list("person_id", flat=True))
    cases = set(active.filter(case__isnull=False).values_list("case_id", flat=True))
    return persons, cases


def delete_files(rows, *fields):
    """Remove the rows' stored files once the transaction that deletes the rows commits: a rolled-back
    erasure or retention run keeps both rows and files."""
    stored = [(f.storage, f.name) for row in rows for f in (getattr(row, name) for name in fields) if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


def delete_case(case) -> None:
    """A case whose retention has ended, with its history, messages, decisions, files and draft."""
    from luukku.cases.models import (Assignment, Case, Decision, DecisionAnswer, Handover, InternalNote, StatusChange,
                                     Transfer)
    from luukku.eservices.models import Attachment, Draft

    with transaction.atomic():
        delete_files(Attachment.all_objects.filter(Q(case=case) | Q(draft_id=case.draft_id, draft__isnull=False)),
                      "file")
        delete_files(Decision.all_objects.filter(case=case), "pdf")
        delete_files(Handover.all_objects.filter(case=case), "package")
        for model in (StatusChange, InternalNote, Assignment, Transfer, Handover, DecisionAnswer):
            retention_delete(model.all_objects.filter(case=case))
        retention_delete(Case.all_objects.filter(pk=case.pk))
        if case.draft_id:
            retention_delete(Draft.all_objects.filter(pk=case.draft_id))


def _drafts(m, periods, now, held_persons) -> int:
    from luukku.eservices.models import Attachment, Draft

    expired = (Draft.all_objects.filter(municipality_id=m, submitted_at__isnull=True, case__isnull=True,
                                        updated_at__lt=periods.cutoff(now, RecordType.DRAFT))
               .exclude(applicant_id__in=held_persons).exclude(subject_id__in=held_persons))
    delete_files(Attachment.all_objects.filter(draft__in=expired), "file")
    return retention_delete(expired)


def _feedback_contacts(m, periods, now, held_persons) -> int:
    from luukku.feedback.models import CLOSED_STATUSES, Feedback

    cutoff = periods.cutoff(now, RecordType.FEEDBACK_CONTACT)
    expired = (Feedback.all_objects.filter(municipality_id=m, status__in=CLOSED_STATUSES)
               .filter(Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, updated_at__lt=cutoff))
               .filter(Q(person__isnull=False) | ~Q(first_name="") | ~Q(last_name="") | ~Q(email="") | ~Q(phone="")
                       | ~Q(device_id="") | ~Q(account_id=""))
               .exclude(person_id__in=held_persons))
    return expired.update(person=None, first_name="", last_name="", email="", phone="", device_id="", account_id="")


def _notifications(m, periods, now, held_persons, held_cases) -> int:
    from luukku.notify.models import DeliveryStatus, Notification

    unsent = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRYING)
    expired = (Notification.all_objects.filter(municipality_id=m, created_at__lt=periods.cutoff(now,
                                                                                               RecordType.NOTIFICATION))
               .exclude(person_id__in=held_persons).exclude(case_id__in=held_cases)
               .exclude(deliveries__status__in=unsent))
    return retention_delete(expired)


def _audit_events(m, periods, now, held_persons) -> int:
    from luukku.core.models import AuditEvent
    from luukku.people.models import Person

    held_ids = list(Person.all_objects.filter(pk__in=held_persons).values_list("public_id", flat=True))
    expired = AuditEvent.all_objects.filter(municipality_id=m, at__lt=periods.cutoff(now, RecordType.AUDIT_EVENT))
    return retention_delete(expired.exclude(subject_id__in=held_ids))


def _cases(m, periods, now, held_persons, held_cases) -> tuple[int, int]:
    from luukku.cases.models import OPEN_STATUSES, Case

    gone = held = 0
    closed = Case.all_objects.filter(municipality_id=m).exclude(status__in=OPEN_STATUSES)
    oldest_cutoff = now - dt.timedelta(days=min([periods.days(RecordType.CASE),
                                                 *periods.by_case_type.values()]))
    for case in closed.filter(updated_at__lt=oldest_cutoff).order_by("id").iterator():
        if _case_end(case) >= periods.cutoff(now, RecordType.CASE, case.case_type_id):
            continue
        if case.pk in held_cases or case.applicant_id in held_persons or case.subject_id in held_persons:
            held += 1
            continue
        delete_case(case)
        gone += 1
    return gone, held


def _exports(m, periods, now) -> int:
    from .models import DataExport

    expired = DataExport.all_objects.filter(municipality_id=m, created_at__lt=periods.cutoff(now,
                                                                                            RecordType.DATA_EXPORT))
    expired = expired.exclude(status__in=["pending", "running"])
    delete_files(expired, "json_file", "pdf_file")
    return retention_delete(expired)


def run(municipality, now=None) -> RetentionRun:
    """Remove what has expired in one municipality; the run row says what went."""
    now = now or clock.now()
    m = municipality.pk
    record = RetentionRun.all_objects.create(municipality=municipality, started_at=now)
    periods = Periods(m)
    held_persons, held_cases = _holds(m)
    counts = {}
    try:
        counts[RecordType.DRAFT.value] = _drafts(m, periods, now, held_persons)
        counts[RecordType.FEEDBACK_CONTACT.value] = _feedback_contacts(m, periods, now, held_persons)
        counts[RecordType.NOTIFICATION.value] = _notifications(m, periods, now, held_persons, held_cases)
        counts[RecordType.CASE.value], record.held = _cases(m, periods, now, held_persons, held_cases)
        counts[RecordType.AUDIT_EVENT.value] = _audit_events(m, periods, now, held_persons)
        counts[RecordType.DATA_EXPORT.value] = _exports(m, periods, now)
    except Exception as exc:  # noqa: BLE001 (kept on the run for the administrators, then re-raised)
        record.error = f"{type(exc).__name__}: {exc}"[:2000]
        raise
    finally:
        record.counts, record.finished_at = counts, clock.now()
        record.save(update_fields=["counts", "held", "error", "finished_at"])
    return record


def run_all(now=None) -> list[RetentionRun]:
    from luukku.core.models import Municipality

    runs = []
    for municipality in Municipality.objects.all():
        try:
            runs.append(run(municipality, now))
        except Exception:  # noqa: BLE001 (one municipality's failure does not stop the others')
            log.exception("retention run failed in %s", municipality.slug)
    return runs


@scheduled_jobs.register("privacy.retention")
class RetentionJob:
    interval = dt.timedelta(days=1)

    def next_run(self, now: dt.datetime) -> dt.datetime:
        local = now.astimezone(clock.HELSINKI)
        at = local.replace(hour=RUN_HOUR, minute=0, second=0, microsecond=0)
        return at if at > local else at + dt.timedelta(days=1)

    def run(self):
        return run_all()
