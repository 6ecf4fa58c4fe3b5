"""`{% is_data_protection_officer as dpo %}`: whether the staff menu offers the audit log search."""

from django import template

from luukku.privacy import dpo

register = template.Library()


@register.simple_tag(takes_context=True)
def is_data_protection_officer(context) -> bool:
    request = context.get("request")
    return dpo.is_dpo(getattr(request, "user", None), getattr(request, "municipality", None))
