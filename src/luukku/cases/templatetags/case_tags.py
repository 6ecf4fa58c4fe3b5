"""Template helpers of the back office."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sla_badge(state: str):
    """A service-level state (cases.sla.sla_state) in words, not by colour alone. A filter, not an
    include: a queue shows fifty of them (bench/RESULTS.md)."""
    if state == "overdue":
        return format_html('<span class="sla sla-overdue"><strong>{}</strong></span>', _("Overdue"))
    if state == "due_soon":
        return format_html('<span class="sla sla-due-soon"><strong>{}</strong></span>', _("Due soon"))
    if state == "paused":
        return format_html('<span class="sla sla-paused">{}</span>', _("Paused: waiting for the resident"))
    if state == "on_time":
        return format_html('<span class="sla sla-on-time">{}</span>', _("On time"))
    return ""


@register.simple_tag
def decision_answers(case):
    """What the staff case page shows of answers and reviews, read here so that the page's view
    needs no change: each decision's answer state, the reviews asked of it, and for a review case
    the decision it asks to correct (and whether it came late)."""
    from ..models import Decision
    from ..selectors import answer_states, reviews_of

    rows = list(Decision.all_objects.filter(case=case))
    states = {s.decision.pk: s for s in answer_states([case]).get(case.pk, [])}
    reviews = reviews_of(rows)
    review_of = Decision.all_objects.filter(pk=case.review_of_id).select_related("case").first() \
        if case.review_of_id else None
    return {
        "decisions": [{"decision": d, "state": states.get(d.pk), "reviews": reviews.get(d.pk, [])} for d in rows
                      if d.pk in states or reviews.get(d.pk)],
        "review_of": review_of,
    }
