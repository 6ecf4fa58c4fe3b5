"""Who a person may act for, cached: the acted-for list is read on every signed-in page (issue 15:
7 M instructions, two queries), and changes rarely.

The cache key holds the agent's `Person.acting_version`, read with the person on every request
anyway, so a change made in any process is seen by all at once. Every event that can change the
list moves the version: a mandate saved, deleted or given other case types; a principal's row saved
(a name, a move away, a death in the register); a case type renamed. A mandate's queryset .update()
and bulk_create bump by themselves (models.MandateQuerySet); other writes that bypass a model's
save (a bulk_update of persons) call `bump_agents`. The day is in the key as well:
mandates begin and end, and children come of age, at midnight.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Mandate, Person

CACHE_SECONDS = 600


def bump_agents(agent_ids) -> None:
    """Retire the cached acted-for lists of these agents (ids, or a queryset of ids)."""
    Person.all_objects.filter(pk__in=agent_ids).update(acting_version=F("acting_version") + 1)


def _agents_of(**mandate_filter):
    return Mandate.all_objects.filter(**mandate_filter).values("agent_id")


def _mandate_saved(sender, instance, **kwargs):
    bump_agents([instance.agent_id])


def _case_types_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        bump_agents([instance.agent_id])
    elif action == "post_clear" or pk_set is None:
        bump_agents(_agents_of(case_types=instance))
    else:
        bump_agents(_agents_of(pk__in=pk_set))


def _principal_saved(sender, instance, created, **kwargs):
    if not created:
        bump_agents(_agents_of(principal=instance))


def _case_type_saved(sender, instance, created, **kwargs):
    if not created:
        bump_agents(_agents_of(case_types=instance))


def connect() -> None:
    from luukku.eservices.models import CaseType

    post_save.connect(_mandate_saved, sender=Mandate, dispatch_uid="acting-mandate-saved")
    post_delete.connect(_mandate_saved, sender=Mandate, dispatch_uid="acting-mandate-deleted")
    m2m_changed.connect(_case_types_changed, sender=Mandate.case_types.through, dispatch_uid="acting-case-types")
    post_save.connect(_principal_saved, sender=Person, dispatch_uid="acting-principal-saved")
    post_save.connect(_case_type_saved, sender=CaseType, dispatch_uid="acting-case-type-saved")
