"""`{{ amount|money }}`: euros as the reader's language writes them, "1 200 000 €" in Finnish and
Swedish (no-break spaces, so the amount never wraps), "1,200,000 €" in English."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value):
    if value is None or value == "":
        return ""
    try:
        amount = round(float(value))
    except (TypeError, ValueError):
        return value
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)}\u00a0€"
