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
