"""Which actions the case page offers a handler, and which come first.

Only what the case's status allows (services.TRANSITIONS and the services' own refusals): a closed
case offers no claim, decision or transfer. The next likely step is shown first and open (an
unclaimed case: take it; one's own open case: ask for more or decide; a decided one: close it);
the rest are folded. An action whose form came back with errors is shown open, so its message
and the typed text are in view.
"""

from dataclasses import dataclass, field

from .models import OPEN_STATUSES, Status
from .services import TRANSITIONS


def reachable(status: str, to: str) -> bool:
    """`to` follows `status` directly, or through "in handling" (the services route so)."""
    allowed = TRANSITIONS.get(status, set())
    return to in allowed or (Status.IN_HANDLING in allowed and to in TRANSITIONS[Status.IN_HANDLING])


def offered(case, *, status_choices: bool) -> list[str]:
    """Every action the case's state allows, in the page's order. `status_choices`: whether the
    status form has anything to offer (staff_forms.offered_statuses)."""
    is_open = case.status in OPEN_STATUSES
    actions = []
    if is_open and case.assignee_id is None:
        actions.append("claim")
    if is_open and (reachable(case.status, Status.WAITING_FOR_RESIDENT)
                    or case.status == Status.WAITING_FOR_RESIDENT):
        actions.append("request")
    if is_open and reachable(case.status, Status.DECIDED):
        actions.append("decide")
    if status_choices:
        actions.append("status")
    actions.append("message")
    actions.append("note")
    if is_open:
        actions += ["assign", "transfer"]
    if reachable(case.status, Status.TRANSFERRED) or case.status == Status.WAITING_FOR_RESIDENT:
        actions.append("handover")
    return actions


@dataclass
class Steps:
    first: list = field(default_factory=list)  # shown open, the next likely step
    more: list = field(default_factory=list)  # folded


def steps(case, user, *, status_choices: bool, with_errors=()) -> Steps:
    actions = offered(case, status_choices=status_choices)
    if case.status in OPEN_STATUSES and case.assignee_id is None:
        likely = ["claim"]
    elif case.status in OPEN_STATUSES and case.assignee_id == user.pk:
        likely = ["request", "decide"]
    elif case.status == Status.DECIDED:
        likely = ["status"]  # the decision is out: close the case
    else:
        likely = []  # someone else's case, or a closed one: nothing to push
    # A refused action is shown even when the case has moved on meanwhile (taken by someone else,
    # closed): its message stands by its form.
    first = [*with_errors, *(a for a in actions if a in likely and a not in with_errors)]
    return Steps(first=first, more=[a for a in actions if a not in first])
