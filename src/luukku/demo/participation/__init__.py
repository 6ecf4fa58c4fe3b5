"""Koivula's participation in the demo (issue 17): two rounds of participatory budgeting (budgets.py),
an open and a closed hearing (hearings.py), an open survey and a resident panel (panels.py).

Everything is made through the apps' services with the clock moved to the moment it happened, so
statuses, history rows and domain events are what real use leaves. Dates are relative to the day of
the load: the 2026 budget is always in its voting, the hearing and the surveys open. Idempotent: a
budget by its slug, a hearing and a survey by their title; their content is made once, and a reload
only moves the dates of one whose voting or answering time has passed (so that the demo shows it
open again)."""

from . import budgets, hearings, panels


def load(municipality) -> None:
    budgets.load(municipality)
    hearings.load(municipality)
    panels.load(municipality)
