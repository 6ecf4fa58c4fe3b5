"""Background work of the feedback: completing the intake of partner posts (feedback/intake.py)."""

from luukku.core.tasks import municipality_task


@municipality_task()
def complete_intake(municipality) -> int:
    from . import intake

    return intake.complete_pending(municipality)
