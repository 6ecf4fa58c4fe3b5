"""Form pieces shared by the admin of every app."""

import json

from django import forms
from django.db import models

from .translation import TranslatedTextField


def _reject_constant(name):
    # NaN / Infinity are Python's extensions of JSON: no database stores them (a 500 on save).
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


class StrictJSONDecoder(json.JSONDecoder):
    def __init__(self, *args, **kwargs):
        kwargs["parse_constant"] = _reject_constant
        super().__init__(*args, **kwargs)


class StrictJSONField(forms.JSONField):
    """forms.JSONField that refuses NaN/Infinity and, given `shape`, checks the value's structure."""

    def __init__(self, *args, shape=None, **kwargs):
        kwargs["decoder"] = StrictJSONDecoder
        self.shape = shape
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if self.shape is not None and value is not None and value != "":
            self.shape(value)


class StrictJSONAdminMixin:
    """Every plain JSON field of the admin form is strict; `json_shapes` {field: check} adds structure."""

    json_shapes: dict = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField) and not isinstance(db_field, TranslatedTextField):
            kwargs.update(form_class=StrictJSONField, shape=self.json_shapes.get(db_field.name))
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
