"""Translated text: one field storing {language: text}.

Any language code may be stored (a Sámi language needs no migration); which ones are edited and
shown comes from settings.CONTENT_LANGUAGES. Reading picks the first non-empty text in the
fallback order of the reader's language, and says which language it found, so a template can
mark a fallback with its own `lang` attribute.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def content_languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)


def fallback_order(language: str | None) -> list[str]:
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    order = list(settings.LANGUAGE_FALLBACKS.get(language, [language]))
    for code in content_languages():
        if code not in order:
            order.append(code)
    return order


@dataclass(frozen=True)
class Localized:
    """A text picked for a reader: `text` in `language`; `is_fallback` when not theirs."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localize(value: dict | None, language: str | None = None) -> Localized:
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if value:
        for code in fallback_order(language):
            text = value.get(code)
            if text:
                return Localized(text, code, language)
    return Localized("", language, language)


def tr(value: dict | None, language: str | None = None) -> str:
    """Plain text in the reader's language with fallback."""
    return localize(value, language).text


def clean_translations(value) -> dict:
    """Normalise to {lang: stripped text}, dropping empty entries."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        return {settings.LANGUAGE_CODE: value.strip()} if value.strip() else {}
    if not isinstance(value, dict):
        raise ValidationError(_("Translated text must be an object of language codes and texts."))
    out = {}
    for code, text in value.items():
        if not isinstance(code, str) or not (2 <= len(code) <= 8):
            raise ValidationError(_("“%(code)s” is not a language code.") % {"code": code})
        if text is None:
            continue
        if not isinstance(text, str):
            raise ValidationError(_("Text for language “%(code)s” must be a string.") % {"code": code})
        if text.strip():
            out[code] = text.strip()
    return out


class TranslationsWidget(forms.MultiWidget):
    """One input per content language, side by side, each labelled with its language."""

    template_name = "core/widgets/translations.html"

    def __init__(self, multiline=False, attrs=None):
        self.languages = content_languages()
        base = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
        widgets = {code: base.__class__(attrs=dict(base.attrs)) for code in self.languages}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return dict(zip(self.languages, values))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for code, sub in zip(self.languages, context["widget"]["subwidgets"]):
            sub["language"] = code
            sub["attrs"]["lang"] = code
        return context


class TranslationsFormField(forms.Field):
    def __init__(self, *, multiline=False, required_languages=(), **kwargs):
        kwargs.setdefault("widget", TranslationsWidget(multiline=multiline))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        self.required_languages = tuple(required_languages)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_translations(value)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        missing = [code for code in self.required_languages if not value.get(code)]
        if missing:
            raise ValidationError(
                _("Write the text at least in: %(languages)s.") % {"languages": ", ".join(missing)},
                code="required_language",
            )

    def has_changed(self, initial, data):
        return clean_translations(initial) != clean_translations(data)


class TranslatedTextField(models.JSONField):
    """{language: text}. `multiline` chooses text areas in forms."""

    def __init__(self, *args, multiline=False, required_languages=(), **kwargs):
        self.multiline = multiline
        self.required_languages = tuple(required_languages)
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        if self.required_languages:
            kwargs["required_languages"] = self.required_languages
        if kwargs.get("default") is dict:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def to_python(self, value):
        return clean_translations(super().to_python(value))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        clean_translations(value)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": TranslationsFormField,
            "multiline": self.multiline,
            "required_languages": self.required_languages,
            "required": not self.blank,
            # Django's Field.formfield gives these; without them the label is the untranslated field name.
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        defaults.pop("encoder", None)
        defaults.pop("decoder", None)
        form_class = defaults.pop("form_class")
        return form_class(**defaults)
