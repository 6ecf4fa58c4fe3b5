"""Template helpers of the back office."""

from html import escape  # what django.utils.html.escape does to a str, without marking it safe

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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
def queue_table_rows(rows, l_type, l_whom, l_submitted, l_target, l_status, l_handler, l_no_target, l_unassigned):
    """The <tr>s of a queue page (cases/staff/queue.html) from its cases.queues.QueueRows, each cell's
    label given translated once: fifty rows of seven cells cost more in the template language than
    the rest of the page (bench/RESULTS.md). Every value is escaped as {{ }} escapes it (the case
    type's name is HTML already)."""
    e = conditional_escape
    l_type, l_whom, l_submitted, l_target = e(l_type), e(l_whom), e(l_submitted), e(l_target)
    l_status, l_handler = e(l_status), e(l_handler)
    no_target, unassigned = e(l_no_target), f"<em>{e(l_unassigned)}</em>"
    badges = {}
    html = []
    for row in rows:
        state, due, submitted = row.sla, row.due, row.submitted
        if due:
            badge = badges.get(state)
            if badge is None:
                badge = badges[state] = sla_badge(state)
            target = f'<time datetime="{due.isoformat()}">{due.day}.{due.month}.{due.year}</time> {badge}'
        else:
            target = no_target
        row_class = f' class="row-{state}"' if state else ""  # a word of sla.sla_state
        html.append(
            f'\n  <tr{row_class}>'
            f'\n    <th scope="row"><a href="{escape(row.url)}">{escape(row.reference)}</a></th>'
            f'\n    <td data-label="{l_type}">{e(row.case_type)}</td>'
            f'\n    <td data-label="{l_whom}">{escape(row.subject)}</td>'
            f'\n    <td data-label="{l_submitted}"><time datetime="{submitted.isoformat()}">'
            f'{submitted.day}.{submitted.month}.{submitted.year}</time></td>'
            f'\n    <td data-label="{l_target}">{target}</td>'
            f'\n    <td data-label="{l_status}">{escape(row.status)}</td>'
            f'\n    <td data-label="{l_handler}">{escape(row.handler) if row.handler else unassigned}</td>'
            '\n  </tr>')
    return mark_safe("".join(html))

