"""The delivery task: any number may be queued for one delivery (on commit, a retry's own time,
the scheduler's retry_due); the claim in services.deliver lets exactly one of them send."""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    from .services import deliver as deliver_one

    return deliver_one(delivery_id)


@task()
def deliver_batch(delivery_ids: list[int]) -> dict:
    """Many deliveries in one task (batches such as the feedback intake's acknowledgements)."""
    from .services import deliver as deliver_one

    outcome: dict[str, int] = {}
    for pk in delivery_ids:
        status = deliver_one(pk)
        outcome[status] = outcome.get(status, 0) + 1
    return outcome
