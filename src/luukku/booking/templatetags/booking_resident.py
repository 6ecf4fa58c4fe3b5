"""Filters of the resident's booking pages."""

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from luukku.catalogue import hours
from luukku.core import clock

register = template.Library()


@register.filter
def euros(cents):
    """2500 → "25,00 €" (Finnish and Swedish), "€25.00" (English); None → ""."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    if (get_language() or "fi").startswith("en"):
        return f"€{whole:,}.{rest:02d}"
    return f"{whole:,}".replace(",", "\u00a0") + f",{rest:02d}\u00a0€"


@register.filter
def when(value):
    """A booked time as "Mon 14.12.2026 9.30" in the active language, Helsinki time."""
    if value is None:
        return ""
    local = timezone.localtime(value, clock.HELSINKI)
    return f"{hours.weekday_abbr(local.date())} {local.day}.{local.month}.{local.year} {hours.format_time(local)}"


@register.filter
def span(booking):
    """A booking's time as "Mon 14.12.2026 9.30–10.00"."""
    local = timezone.localtime(booking.starts_at, clock.HELSINKI)
    return (f"{hours.weekday_abbr(local.date())} {local.day}.{local.month}.{local.year} "
            f"{hours.format_interval(booking.starts_at, booking.ends_at)}")
