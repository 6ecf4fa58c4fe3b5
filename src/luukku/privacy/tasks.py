"""Background tasks of the privacy app."""

from django_tasks import task


@task()
def build_export(export_id: int) -> str:
    from .export import build

    return build(export_id)
