"""The second half of taking in feedback: the reference, the first history row, the links to
nearby open reports of the same category, the event and the acknowledgement to the reporter.

The pages and the staff do it in the submitting transaction (the reporter sees the result at
once). An Open311 POST only writes its row, flagged `intake_pending`, and answers 201: the worker
completes such rows in batches, after a window of LUUKKU_FEEDBACK_INTAKE_SECONDS, so a burst of
partner posts costs one task and a few bulk inserts per window instead of twenty queries each
(Signalen does the same with its routing task; bench/RESULTS.md has the figures). The
scheduler's sweep completes whatever a lost task left. Each row is completed exactly once: the
batch locks its rows (skipping rows another worker holds) and clears the flag in the same
transaction.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from luukku.core import clock
from luukku.core.services import record_events

from .models import Feedback, Link, StatusChange

BATCH = 500
MARGIN_SECONDS = 0.5  # the task runs this long after the window closes: posts still committing


def window_seconds() -> float:
    return float(getattr(settings, "LUUKKU_FEEDBACK_INTAKE_SECONDS", 1.0))


def complete(items: list[Feedback]) -> None:
    """Complete the intake of `items` (rows of one municipality, already written), in the caller's
    transaction."""
    from . import services

    if not items:
        return
    municipality = items[0].municipality
    for feedback in items:
        feedback.reference = services.reference_for(feedback)
        feedback.intake_pending = False
    Feedback.all_objects.bulk_update(items, ["reference", "intake_pending"])
    StatusChange.all_objects.bulk_create([
        StatusChange(municipality=municipality, feedback=f, at=f.submitted_at, from_status="", to_status=f.status,
                     by_user_id=f.recorded_by_id, reason="") for f in items])
    now = clock.now()
    Link.all_objects.bulk_create([
        Link(municipality=municipality, feedback=f, other_id=other, distance_m=round(distance), at=now)
        for f in items if f.latitude is not None for other, distance in services.nearby_open(f)])
    record_events(municipality=municipality, kind="feedback.received", items=[
        (f, {"reference": f.reference, "category": f.category.code, "channel": f.channel}) for f in items])
    services.tell_reporters(items, "feedback.received", "received")


def complete_pending(municipality, *, limit: int | None = None) -> int:
    """Complete every pending row of the municipality, a batch per transaction; returns how many."""
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            rows = list(Feedback.all_objects.select_for_update(skip_locked=True, of=("self",))
                        .filter(municipality=municipality, intake_pending=True)
                        .select_related("category").order_by("id")[:BATCH])
            for row in rows:
                row.municipality = municipality
            complete(rows)
        done += len(rows)
        if len(rows) < BATCH:
            break
    return done


def schedule(municipality_id: int) -> None:
    """After a deferred submission commits: one task per window (per process, or shared with
    Redis), run after the window closes so that it finds every row committed in it."""
    from .tasks import complete_intake

    window = max(1, round(window_seconds()))  # whole seconds: what every cache backend keeps
    if not cache.add(f"luukku:feedback:intake:{municipality_id}", 1, window):
        return
    task = complete_intake
    if task.get_backend().supports_defer:
        task = task.using(run_after=clock.now() + dt.timedelta(seconds=window + MARGIN_SECONDS))
    task.enqueue(municipality_id=municipality_id)
