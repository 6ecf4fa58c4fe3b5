"""What every submission reads — a municipality's active categories, routing rules and partner
keys — kept in each process and read again when the municipality's content_version moves.

An edit of any of these rows forgets this process's copy at once and bumps content_version after
commit, so every other process reads them again on its next request (the middleware loads the
municipality afresh for each request). Code that changes them with QuerySet.update() calls
`changed()` itself. bench/RESULTS.md: three queries fewer on each Open311 POST.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import ApiKey, Category, RoutingRule

_configs: dict[int, tuple[tuple, "IntakeConfig"]] = {}


@dataclass(frozen=True)
class IntakeConfig:
    categories: dict  # code -> active Category
    rules: list  # active RoutingRule (with its unit), in priority order
    api_keys: dict  # SHA-256 of the key -> active ApiKey


def intake_config(municipality) -> IntakeConfig:
    # The public id as well: in tests a new municipality may get the pk of a deleted one.
    stamp = (municipality.public_id, municipality.content_version)
    found = _configs.get(municipality.pk)
    if found is not None and found[0] == stamp:
        return found[1]
    config = IntakeConfig(
        categories={c.code: c for c in Category.all_objects.filter(municipality=municipality, active=True)},
        rules=list(RoutingRule.all_objects.filter(municipality=municipality, active=True).select_related("unit")),
        api_keys={k.key_hash: k for k in ApiKey.all_objects.filter(municipality=municipality, active=True)},
    )
    _configs[municipality.pk] = (stamp, config)
    return config


def changed(municipality_id: int) -> None:
    """Categories, rules or keys of the municipality changed: here now, elsewhere after commit."""
    from luukku.core.services import bump_content_version

    _configs.pop(municipality_id, None)
    transaction.on_commit(lambda: (_configs.pop(municipality_id, None), bump_content_version(municipality_id)))


def _on_change(sender, instance, **kwargs):
    changed(instance.municipality_id)


def connect() -> None:
    for model in (Category, RoutingRule, ApiKey):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"feedback-config-{model.__name__}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"feedback-config-{model.__name__}-delete")
