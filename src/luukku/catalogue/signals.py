"""Keep the search index (and the page cache, through content_version) in step with catalogue edits.

Bulk loaders (demo, PTV import) wrap their work in `indexing_suspended()` and call
`search.reindex_municipality` once at the end instead of reindexing service by service.
"""

import contextlib
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from luukku.core.services import bump_content_version

from .models import Code, Service

_suspended = ContextVar("luukku_search_indexing_suspended", default=False)


@contextlib.contextmanager
def indexing_suspended():
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _reindex(services):
    if _suspended.get():
        return
    from .search import reindex_services

    reindex_services(services)  # bumps content_version too


@receiver(post_save, sender=Service, dispatch_uid="catalogue_service_saved")
def service_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance])


@receiver(m2m_changed, sender=Service.codes.through, dispatch_uid="catalogue_service_codes_changed")
def service_codes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _reindex([instance])
    elif pk_set:  # code.services.add(…): the services are the pks
        _reindex(list(Service.all_objects.filter(pk__in=pk_set)))


@receiver(post_delete, sender=Service, dispatch_uid="catalogue_service_deleted")
def service_deleted(sender, instance, **kwargs):
    # The index rows go with the service (CASCADE); cached pages and vocabulary must not.
    if not _suspended.get():
        bump_content_version(instance.municipality_id)


@receiver(post_save, sender=Code, dispatch_uid="catalogue_code_saved")
def code_saved(sender, instance, created, raw=False, **kwargs):
    # A renamed life event changes the terms of every service that has it (in every municipality).
    if not created and not raw:
        _reindex(list(Service.all_objects.filter(codes=instance)))
