"""Municipality scoping by construction.

The request middleware (and `municipality_context` in tasks and commands) says which
municipality is current. A scoped model's `objects` then filters to it automatically. In request
code (`strict`), a query on a scoped model with no current municipality raises instead of
silently returning every municipality's rows. Code that really must cross municipalities (the
platform admin, imports naming their municipality explicitly) uses `all_objects` and says why.
"""

import contextlib
from contextvars import ContextVar

from django.db import models

from .history import refuse_edit

_current = ContextVar("luukku_municipality", default=None)
_strict = ContextVar("luukku_strict_scope", default=False)


class UnscopedQueryError(RuntimeError):
    """A municipality-scoped model was queried in request code with no municipality chosen."""


def current_municipality():
    return _current.get()


def current_municipality_id():
    m = _current.get()
    return m.pk if m is not None else None


@contextlib.contextmanager
def municipality_context(municipality, *, strict: bool = False):
    """Run a block as `municipality` (a Municipality or None)."""
    token = _current.set(municipality)
    strict_token = _strict.set(strict)
    try:
        yield municipality
    finally:
        _current.reset(token)
        _strict.reset(strict_token)


class ScopedQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    # History rows (core.models.AppendOnly) refuse bulk edits outside core.history.history_maintenance().
    def update(self, **kwargs):
        refuse_edit(self.model)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        refuse_edit(self.model)  # before its transaction, which the refusal would spoil
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        refuse_edit(self.model)
        return super().delete()

    def _raw_delete(self, using):
        refuse_edit(self.model)
        return super()._raw_delete(using)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    def get_queryset(self):
        qs = super().get_queryset()
        municipality = _current.get()
        if municipality is not None:
            return qs.filter(municipality_id=municipality.pk)
        if _strict.get():
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without a municipality in request code; "
                "resolve the municipality first or use all_objects deliberately"
            )
        return qs


class MunicipalityScoped(models.Model):
    """Abstract base: every scoped model's key, constraints and indexes lead with municipality."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager()
    all_objects = models.Manager.from_queryset(ScopedQuerySet)()  # unscoped, same refusals

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            current = _current.get()
            if current is not None:
                self.municipality = current
        super().save(*args, **kwargs)
