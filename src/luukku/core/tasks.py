"""Background tasks carry the municipality they work for.

    @municipality_task()
    def reindex_catalogue(municipality): ...

    reindex_catalogue.enqueue(municipality_id=m.pk)

The task body runs inside `municipality_context`, so scoped managers filter as in a request.
"""

import functools

from django_tasks import task

from .models import Municipality
from .tenancy import municipality_context


def municipality_task(**task_options):
    def decorator(func):
        @functools.wraps(func)
        def run(municipality_id: int, *args, **kwargs):
            municipality = Municipality.objects.get(pk=municipality_id)
            with municipality_context(municipality):
                return func(municipality, *args, **kwargs)

        return task(**task_options)(run)

    return decorator
