"""The portfolio: which projects serve which goal, and how their indicators stand."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import LEVEL_ORDER, Goal, Indicator, Project


def chain(indicators) -> list:
    """Indicators in the results chain's order: input → output → outcome → impact."""
    return sorted(indicators, key=lambda i: (LEVEL_ORDER[i.level], i.name))


@dataclass
class Portfolio:
    goals: list  # each with .served_by: its projects
    goals_without_projects: list
    projects_without_goals: list


def portfolio(municipality) -> Portfolio:
    projects = list(Project.all_objects.filter(municipality=municipality).prefetch_related(
        "goals", Prefetch("indicators", queryset=Indicator.all_objects.all())))
    for project in projects:
        project.chain = chain(project.indicators.all())
    goals = list(Goal.all_objects.filter(municipality=municipality))
    by_goal = {g.pk: [] for g in goals}
    for project in projects:
        for goal in project.goals.all():
            by_goal[goal.pk].append(project)
    for goal in goals:
        goal.served_by = by_goal[goal.pk]
    return Portfolio(goals=goals, goals_without_projects=[g for g in goals if not g.served_by],
                     projects_without_goals=[p for p in projects if not p.goals.all()])
