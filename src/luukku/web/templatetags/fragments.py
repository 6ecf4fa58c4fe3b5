"""`{% data_fragment "name" case=case rows=rows … %}…{% enddata_fragment %}`: a part of a page rendered
once per process for the data it is given, then copied (issue 15: the case pages spent a third of their
instructions rendering what had not changed since the viewer's last request).

Safe by construction, not by the author's promise:
- The body sees only the values named in the tag (and LANGUAGE_CODE); the rest of the page's context,
  the request and the user are out of its reach. `{% portal_url %}` gets a stand-in request that holds
  the municipality and nothing else.
- The key is everything those values reach: every field of every model instance (and of the related
  rows read with it, and what a view set on it), every element of a list, dict or dataclass, an unbound
  form's class and initial values (a form whose choices come from data says so in `fragment_key()`).
  Anything else (a queryset not yet read, a bound form, an object of unknown kind) is not kept: the body
  is rendered every time. Two requests share a copy only when they would render it from equal data, so
  a new message, status, decision, attachment, hand-over or a renamed person is a new key, and a viewer's
  own data in the key keeps the copy theirs.
- A body that runs a SQL query (a relation not read beforehand) is not kept either: its output would
  depend on rows outside the key.
- `{% csrf_token %}` inside renders a per-process mark, replaced by the request's own token on the way
  out; the copy never holds a token.
Whatever decides who may see the page (the view's access check, the audit trail) runs before the tag on
every request. The copies live in this process, at most MAX_KEPT of them (then all are dropped).
"""

import dataclasses
import datetime as dt
import secrets
import uuid
from decimal import Decimal

from django import forms, template
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_KEPT = 512
_kept: dict[tuple, str] = {}
_MARK = "csrf" + secrets.token_hex(16)  # unguessable: no one can type it into a message to have it replaced


class Uncacheable(Exception):
    """The values hold something the key cannot stand for: the body is rendered, not kept."""


_LEAVES = {str, int, type(None)}
_TYPED = {bool, float, Decimal, dt.datetime, dt.date, dt.time, dt.timedelta, uuid.UUID}


def data_key(value) -> tuple:
    """A hashable stand-in for everything `value` reaches (see the module's docstring)."""
    out: list = []
    seen: dict[int, int] = {}

    def walk(v):
        t = type(v)
        if t in _LEAVES:
            out.append(v)
        elif t in _TYPED:  # True == 1, 1.0 == 1: the type tells them apart
            out.append((t, v))
        elif t is list or t is tuple:
            out.append((t, len(v)))
            for x in v:
                walk(x)
        elif t is dict:
            out.append((dict, len(v)))
            for k, x in v.items():
                walk(k)
                walk(x)
        elif isinstance(v, Model):
            if id(v) in seen:
                out.append(("@", seen[id(v)]))
                return
            seen[id(v)] = len(seen)
            key = getattr(v, "fragment_key", None)
            if key is not None:  # e.g. the municipality: its content_version moves with any change
                out.append(t)
                walk(key())
                return
            out.append(t)
            for k, x in v.__dict__.items():
                if k != "_django_version":  # set on an instance from the shared cache (unpickled) only
                    out.append(k)
                    walk(x.fields_cache if k == "_state" else x)  # fields_cache: the rows read with it
        elif isinstance(v, FieldFile):  # a file field once read: its name
            out.append((FieldFile, v.name))
        elif isinstance(v, SafeData):
            out.append((SafeData, str(v)))
        elif isinstance(v, (str, int)):  # TextChoices, IntegerChoices: rendered as their value
            out.append((t, v))
        elif isinstance(v, Promise):
            out.append((Promise, str(v)))
        elif isinstance(v, QuerySet):
            if v._result_cache is None:
                raise Uncacheable("a queryset not read yet")
            walk(v._result_cache)
        elif isinstance(v, forms.BaseForm):
            if v.is_bound:
                raise Uncacheable("a bound form: what was typed and its errors")
            key = getattr(v, "fragment_key", None)
            if key is None and t.__init__ is not forms.Form.__init__:
                raise TypeError(f"{t.__qualname__} makes its fields in __init__: say what they depend on in "
                                f"fragment_key() to show it in a {{% data_fragment %}}")
            out.append((t, v.prefix, v.auto_id))
            walk(v.initial)
            if key is not None:
                walk(key())
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            if id(v) in seen:
                out.append(("@", seen[id(v)]))
                return
            seen[id(v)] = len(seen)
            out.append(t)
            walk(v.__dict__)
        else:
            raise Uncacheable(f"a {t.__qualname__}")

    walk(value)
    return tuple(out)


class _Request:
    """What tags inside may read of the request: its municipality (in the key)."""

    def __init__(self, municipality):
        self.municipality = municipality


class DataFragmentNode(template.Node):
    def __init__(self, name: str, values: dict, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        request = context.get("request")
        municipality = getattr(request, "municipality", None)
        language = get_language()
        token = context.get("csrf_token")
        token = str(token) if token else ""
        try:
            key = (self.name, language, get_script_prefix(), timezone.get_current_timezone_name(),
                   data_key(municipality), data_key(values))
        except Uncacheable:
            key = None
        if token == "NOTPROVIDED" or not token:
            key = None  # no token to put in: render as the page would, nothing kept
        if key is not None:
            html = _kept.get(key)
            if html is not None:
                return _with_token(html, token)
        inner = context.new({**values, "LANGUAGE_CODE": language, "request": _Request(municipality),
                             "csrf_token": _MARK if key is not None else token})
        queried = []

        def watch(execute, sql, params, many, ctx):
            queried.append(sql)
            return execute(sql, params, many, ctx)

        with _watching(watch):
            html = self.nodelist.render(inner)
        if key is not None:
            if not queried:
                if len(_kept) >= MAX_KEPT:
                    _kept.clear()
                _kept[key] = html
            return _with_token(html, token)
        return html


class _watching:
    """connection.execute_wrapper on every open connection of this thread."""

    def __init__(self, wrapper):
        self.managers = [c.execute_wrapper(wrapper) for c in connections.all(initialized_only=True)]

    def __enter__(self):
        for manager in self.managers:
            manager.__enter__()

    def __exit__(self, *exc):
        for manager in reversed(self.managers):
            manager.__exit__(*exc)


def _with_token(html: str, token: str):
    return mark_safe(html.replace(_MARK, token) if _MARK in html else html)


@register.tag
def data_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% data_fragment %} needs a quoted name first")
    values = {}
    for bit in bits[2:]:
        name, eq, expression = bit.partition("=")
        if not eq or not name.isidentifier():
            raise template.TemplateSyntaxError(f"{{% data_fragment %}}: name=value expected, not {bit!r}")
        values[name] = parser.compile_filter(expression)
    nodelist = parser.parse(("enddata_fragment",))
    parser.delete_first_token()
    name = f"{getattr(parser.origin, 'template_name', '')}:{bits[1][1:-1]}"
    return DataFragmentNode(name, values, nodelist)


def forget_all() -> None:
    _kept.clear()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    forget_all()  # tests only: a process's settings are otherwise fixed
