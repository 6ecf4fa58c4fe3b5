"""{% data_fragment %} (web/templatetags/fragments.py): a part of a page kept per process for the data it
is given. What it may keep, what it must not, and that a copy never carries what belongs to one request
(the CSRF token) or to data outside its key."""

import re

import pytest
from django import forms
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.test import RequestFactory

from luukku.cases.forms import MessageForm
from luukku.web.templatetags import fragments

from ..cases.conftest import aino, case_type, definition, make_case, make_draft, unit  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def render(municipality):
    def render(source: str, **context) -> str:
        request = RequestFactory().get("/")
        request.municipality = municipality
        template = engines["django"].from_string("{% load fragments %}" + source)
        return template.render(context, request)
    return render


def test_equal_data_is_rendered_once_and_other_data_again(render):
    source = '{% data_fragment "t" name=name %}Hello {{ name }}{% enddata_fragment %}'
    assert render(source, name="Aino") == "Hello Aino"
    assert render(source, name="Aino") == "Hello Aino" and len(fragments._kept) == 1
    assert render(source, name="Bertil") == "Hello Bertil" and len(fragments._kept) == 2


def test_the_body_sees_only_the_values_named(render):
    source = '{% data_fragment "t" a=a %}{{ a }}|{{ secret }}|{{ request.user }}{% enddata_fragment %}'
    assert render(source, a="shown", secret="another viewer's") == "shown||"


def test_values_that_are_equal_but_render_differently_do_not_share_a_copy(render):
    source = '{% data_fragment "t" v=v %}{{ v }}{% enddata_fragment %}'
    assert render(source, v=1) == "1"
    assert render(source, v=True) == "True"
    assert render(source, v=(1, 2)) == "(1, 2)"
    assert render(source, v=[1, 2]) == "[1, 2]"


def test_a_model_instance_is_keyed_by_every_field_and_the_rows_read_with_it(render, aino, make_case):
    source = '{% data_fragment "t" case=case %}{{ case.subject.full_name }}{% enddata_fragment %}'
    case = make_case(aino)
    assert case.subject is not None  # read with it, as select_related would
    assert render(source, case=case) == "Aino Asukas"
    case.subject.last_name = "Virtanen"  # only the related row changed
    assert render(source, case=case) == "Aino Virtanen"


def test_a_body_that_queries_the_database_is_not_kept(render, aino, make_case):
    case = make_case(aino)
    fresh = type(case).all_objects.get(pk=case.pk)  # the subject not read: the body reads it
    source = '{% data_fragment "t" case=case %}{{ case.subject.full_name }}{% enddata_fragment %}'
    assert render(source, case=fresh) == "Aino Asukas"
    assert not fragments._kept


def test_a_bound_form_and_an_unknown_object_are_rendered_every_time(render):
    source = '{% data_fragment "t" form=form %}{{ form.body.value }}{% enddata_fragment %}'
    assert render(source, form=MessageForm({"body": "typed"})) == "typed"
    assert not fragments._kept
    assert render(source, form=MessageForm()) == "None" and len(fragments._kept) == 1
    assert render('{% data_fragment "t" o=o %}{{ o.x }}{% enddata_fragment %}', o=type("O", (), {"x": 1})()) == "1"
    assert len(fragments._kept) == 1


def test_a_form_that_makes_its_fields_from_data_must_say_what_they_depend_on(render):
    class Chooser(forms.Form):
        def __init__(self, choices):
            super().__init__()
            self.fields["pick"] = forms.ChoiceField(choices=choices)

    with pytest.raises(TypeError, match="fragment_key"):
        render('{% data_fragment "t" form=form %}{{ form.pick }}{% enddata_fragment %}', form=Chooser([("a", "A")]))


def test_the_csrf_token_is_each_requests_own_and_never_in_the_copy(municipality):
    template = engines["django"].from_string(
        '{% load fragments %}{% data_fragment "t" a=a %}<form>{% csrf_token %}{{ a }}</form>{% enddata_fragment %}')
    tokens = []
    for _ in range(2):
        request = RequestFactory().get("/")
        request.municipality = municipality
        html = template.render({"a": "x"}, request)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]  # this request's secret
        tokens.append(token)
    assert tokens[0] != tokens[1] and len(fragments._kept) == 1
    (kept,) = fragments._kept.values()
    assert tokens[0] not in kept and tokens[1] not in kept
