"""Background tasks of the metrics store (django-tasks): the same refresh as the periodic job, to
enqueue at once (e.g. after loading history) instead of waiting for the next minute."""

from django_tasks import task


@task()
def refresh_facts():
    from .services import refresh

    return refresh()
