"""Delivery tasks (filled in by the outbox work)."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> None:
    from .services import deliver as deliver_one

    deliver_one(delivery_id)
