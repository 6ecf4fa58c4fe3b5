"""`{% staff_menu as menu %}`: the staff menu's links for this user (luukku.web.staff.nav);
`{% is_staff_member as staff %}`: whether the header offers the staff desk."""

from django import template
from django.utils.translation import get_language

from luukku.web.staff import nav

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu(context) -> list[dict]:
    request = context.get("request")
    municipality = getattr(request, "municipality", None)
    if request is None or municipality is None:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    lang = get_language()
    return [{"key": e.key, "label": e.label, "url": e.url(municipality, lang),
             "current": current == e.url_name}
            for e in nav.visible(request.user, municipality)]


@register.simple_tag(takes_context=True)
def is_staff_member(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
        return False  # a resident: no look-up on their pages (staff accounts are is_staff, core.admin)
    return nav.is_staff_member(user, getattr(request, "municipality", None))
