"""`{% staff_menu as menu %}`: the staff menu's links for this user (luukku.web.staff.nav);
`{% is_staff_member as staff %}`: whether the header offers the staff desk; `{% select_field field prefix %}`:
a staff form's <select> with its label and errors (what web/staff/_select.html renders)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
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


@register.simple_tag(takes_context=True)
def select_field(context, field, prefix="", label=""):
    """A form field's <select> with its label and errors, the current value selected: the staff
    workspace's one select (web/staff/_select.html is this tag), made in Python. A queue's four
    filters have some forty options; included and looped over in the template language they cost
    more than the rest of the page (bench/RESULTS.md). Values render as {{ }} renders them (escaped,
    localized); "selected" compares them as `|stringformat:"s"` does; the id is `<prefix>-<name>`."""
    def out(value):
        return render_value_in_context(value, context)

    fid = out(f"{prefix}-{field.name}")
    errors = field.errors
    current = field.value()
    current = _text("" if current is None else current)
    options = "".join(f'<option value="{out(value)}"{" selected" if _text(value) == current else ""}>{out(text)}</option>'
                      for value, text in field.field.choices)
    error_html = invalid = ""
    if errors:
        said = "".join(f"<p>{out(e)}</p>" for e in errors)
        error_html = f'<div class="error-message" id="{fid}-error">{said}</div>'
        invalid = f' aria-invalid="true" aria-describedby="{fid}-error"'
    return mark_safe(
        f'<div class="field{" has-error" if errors else ""}">\n'
        f'  <label for="{fid}">{out(label or field.label)}</label>\n'
        f'  {error_html}\n'
        f'\n  <select name="{out(field.name)}" id="{fid}"{invalid}>'
        f'\n    {options}\n  </select>\n</div>')


def _text(value) -> str:
    """The `stringformat:"s"` filter."""
    return str(value) if isinstance(value, tuple) else "%s" % (value,)
