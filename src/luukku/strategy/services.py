"""Every write of goals, projects and indicators: one function per use case, in a transaction. The
forms refuse bad input in words; these refuse what must never be stored whoever calls (another
municipality's goal, an end before the start)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Goal, Indicator, Project


def _save(obj):
    obj.full_clean(exclude=["municipality", "project"])
    obj.save()
    return obj


@transaction.atomic
def save_goal(*, municipality, title, start_year, end_year, description="", goal=None) -> Goal:
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year is before the first year.")})
    goal = goal or Goal(municipality=municipality)
    goal.title, goal.description, goal.start_year, goal.end_year = title, description, start_year, end_year
    return _save(goal)


@transaction.atomic
def save_project(*, municipality, title, goals, description="", project=None) -> Project:
    if any(g.municipality_id != municipality.pk for g in goals):
        raise ValidationError({"goals": _("Choose goals of this municipality.")})
    project = project or Project(municipality=municipality)
    project.title, project.description = title, description
    _save(project)
    project.goals.set(goals)
    return project


@transaction.atomic
def save_indicator(*, project, level, name, unit, baseline, target, latest_value=None, latest_on=None,
                   indicator=None) -> Indicator:
    if (latest_value is None) != (latest_on is None):
        raise ValidationError({"latest_on": _("Give the latest value and its date together.")})
    indicator = indicator or Indicator(municipality_id=project.municipality_id, project=project)
    indicator.level, indicator.name, indicator.unit = level, name, unit
    indicator.baseline, indicator.target = baseline, target
    indicator.latest_value, indicator.latest_on = latest_value, latest_on
    return _save(indicator)


@transaction.atomic
def delete_indicator(indicator) -> None:
    indicator.delete()


@transaction.atomic
def delete_project(project) -> None:
    project.delete()


@transaction.atomic
def delete_goal(goal) -> None:
    goal.delete()
