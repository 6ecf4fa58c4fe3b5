from django import template

from luukku.scm.selectors import CHANNELS

register = template.Library()


@register.filter
def euros(totals, hour_value):
    """Hours at the hour's value plus the money spent (None without a value of an hour)."""
    return None if totals is None else totals.euros(hour_value)


@register.filter
def channel_label(code):
    return CHANNELS.get(code, code)


@register.filter
def hours_minutes(minutes):
    """"5 h 30 min" from 330."""
    hours, rest = divmod(int(minutes or 0), 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part) or "0 min"
