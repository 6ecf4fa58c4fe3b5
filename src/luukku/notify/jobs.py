"""Periodic jobs of the notifications (core.scheduler runs them once across all workers)."""

import datetime as dt

from luukku.core import clock
from luukku.core.scheduler import scheduled_jobs

REMIND_AFTER_WORKING_DAYS = 5
REMINDER_HOUR = 8  # reminders go out in the morning, Helsinki time, not when a worker happens to start


@scheduled_jobs.register("notify.retry_due")
class RetryDue:
    """Deliveries whose task was lost, and claims of workers that died mid-send."""

    interval = dt.timedelta(seconds=30)

    def run(self):
        from .services import retry_due

        return retry_due()


def reminder_cutoff(today: dt.date) -> dt.datetime:
    """Requests made before this instant have waited REMIND_AFTER_WORKING_DAYS working days by `today`."""
    from luukku.cases.sla import is_working_day

    day, counted = today, 0
    while counted < REMIND_AFTER_WORKING_DAYS:
        if is_working_day(day):
            counted += 1
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=clock.HELSINKI)


def remind_information_requests(today: dt.date | None = None) -> int:
    """One reminder (kind case.reminder) per request for information that the resident has left
    unanswered for five working days; the key names the request, so it is sent once."""
    from django.db import transaction

    from luukku.cases.models import Message, Status

    from .models import Notification
    from .services import notify

    cutoff = reminder_cutoff(today or clock.today())
    waiting = (Message.all_objects.filter(is_information_request=True, answers__isnull=True, created_at__lt=cutoff,
                                          case__status=Status.WAITING_FOR_RESIDENT)
               .select_related("case__applicant__municipality", "case__case_type", "case__unit")
               .order_by("created_at"))
    sent = 0
    for request in waiting.iterator():
        case = request.case
        key = f"{case.public_id}:reminder:{request.public_id}"
        if Notification.all_objects.filter(municipality_id=case.municipality_id, idempotency_key=key).exists():
            continue
        with transaction.atomic():
            notify(person=case.applicant, kind="case.reminder", key=key, case=case)
        sent += 1
    return sent


@scheduled_jobs.register("cases.remind_information_requests")
class RemindInformationRequests:
    interval = dt.timedelta(days=1)

    def next_run(self, now: dt.datetime) -> dt.datetime:
        local = now.astimezone(clock.HELSINKI)
        at = local.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
        return at if at > local else at + dt.timedelta(days=1)

    def run(self):
        return remind_information_requests()


ANSWER_REMINDER_DAYS = 3  # a decision that asks for an answer: remind this many days before its deadline


def remind_decision_answers(today: dt.date | None = None) -> int:
    """One reminder (kind case.answer_reminder) per decision whose answer is due within
    ANSWER_REMINDER_DAYS days and has not come; the key names the decision, so it is sent once
    however often the job runs."""
    from django.db import transaction

    from luukku.cases.models import Decision, Status

    from .models import Notification
    from .services import notify

    today = today or clock.today()
    waiting = (Decision.all_objects.filter(answer_due__gte=today,
                                           answer_due__lte=today + dt.timedelta(days=ANSWER_REMINDER_DAYS),
                                           answer__isnull=True, case__status=Status.DECIDED)
               .select_related("case__applicant__municipality", "case__case_type", "case__unit").order_by("id"))
    sent = 0
    for decision in waiting.iterator():
        case = decision.case
        key = f"{case.public_id}:answer-reminder:{decision.public_id}"
        if Notification.all_objects.filter(municipality_id=case.municipality_id, idempotency_key=key).exists():
            continue
        with transaction.atomic():
            notify(person=case.applicant, kind="case.answer_reminder", key=key, case=case)
        sent += 1
    return sent


@scheduled_jobs.register("cases.remind_decision_answers")
class RemindDecisionAnswers:
    interval = dt.timedelta(days=1)

    def next_run(self, now: dt.datetime) -> dt.datetime:
        return RemindInformationRequests().next_run(now)

    def run(self):
        return remind_decision_answers()
