"""The staff workspace's <select> (`{% select_field %}`, which web/staff/_select.html is): the same
HTML the template language wrote before it was made in Python, for every kind of field a staff form
has: a current value, errors, a label of the caller's, numbers, lazy texts and model choices."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils.translation import gettext_lazy, override

from luukku.core.models import Unit

from ..factories import UnitFactory

# web/staff/_select.html and web/staff/_field_errors.html as they were, loops and all.
TEMPLATE_BEFORE = (
    '{% with fid=prefix|add:"-"|add:field.name %}<div class="field{% if field.errors %} has-error{% endif %}">\n'
    '  <label for="{{ fid }}">{{ label|default:field.label }}</label>\n'
    '  {% if field.errors %}<div class="error-message" id="{{ fid }}-error">{% for e in field.errors %}<p>{{ e }}</p>'
    '{% endfor %}</div>{% endif %}\n\n'
    '  <select name="{{ field.name }}" id="{{ fid }}"{% if field.errors %} aria-invalid="true" '
    'aria-describedby="{{ fid }}-error"{% endif %}>{% with current=field.value|default_if_none:""|stringformat:"s" %}\n'
    '    {% for value, text in field.field.choices %}<option value="{{ value }}"{% if value|stringformat:"s" == current %}'
    ' selected{% endif %}>{{ text }}</option>{% endfor %}{% endwith %}\n'
    '  </select>\n'
    '</div>{% endwith %}\n')


class Filters(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[
        ("open", gettext_lazy("Open")), ("all", "All <&> \"quoted\""), ("decided", gettext_lazy("decided"))])
    number = forms.TypedChoiceField(label="Määrä & muut", coerce=int, choices=[(1, "yksi"), (2, "kaksi"), (1000, "tuhat")])
    unit = forms.ModelChoiceField(label="Unit", queryset=Unit.all_objects.order_by("slug"), required=False)


def both(form, name, **context) -> tuple[str, str]:
    values = {"field": form[name], **context}
    return (Template(TEMPLATE_BEFORE).render(Context(values)),
            Template('{% include "web/staff/_select.html" %}').render(Context(values)))


@pytest.mark.django_db
@pytest.mark.parametrize("data", [
    {},  # unbound: nothing chosen
    {"status": "all", "number": "1000", "unit": ""},
    {"status": "bogus", "number": "3"},  # errors: unknown choices
])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_select_renders_as_the_template_language_did(municipality, data, lang):
    UnitFactory(municipality=municipality, slug="b-yksikko")
    UnitFactory(municipality=municipality, slug="a-yksikko")
    form = Filters(data or None)
    if data:
        form.is_valid()
    with override(lang):
        for name in ("status", "number", "unit"):
            before, now = both(form, name, prefix="filter")
            assert now == before
            assert both(form, name)[1] == both(form, name)[0]  # no prefix
            before, now = both(form, name, prefix="x", label="Oma <otsikko>")
            assert now == before
    if data.get("status") == "bogus":
        status = both(form, "status", prefix="filter")[1]
        assert 'aria-invalid="true" aria-describedby="filter-status-error"' in status and "bogus" in status
