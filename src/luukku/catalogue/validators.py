"""Shape checks of the catalogue's JSON fields, for forms that let staff type them.

A JSON field accepts any JSON; these say, in the editor's language, what the field should hold
(the shapes are documented beside the fields in models.py). Each returns the value or raises.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _fail(message, **params):
    raise ValidationError(message, params=params, code="shape")


def _is_text(value):
    return isinstance(value, str)


def language_list(value):
    if not isinstance(value, list) or not all(_is_text(v) and LANGUAGE.match(v) for v in value):
        _fail(_('Give a list of language codes, e.g. ["fi", "sv"].'))
    return value


def any_list(value):
    if not isinstance(value, list):
        _fail(_("Give a list in square brackets: [ … ]."))
    return value


def translated_text(value):
    """{language: text}"""
    if not isinstance(value, dict) or not all(LANGUAGE.match(str(k)) and _is_text(v) for k, v in value.items()):
        _fail(_('Give texts by language code, e.g. {"fi": "…", "sv": "…"}.'))
    return value


def words_by_language(value):
    """{language: [word, …]}: keywords, alternative names."""
    if not isinstance(value, dict) or not all(
        LANGUAGE.match(str(k)) and isinstance(v, list) and all(_is_text(w) for w in v) for k, v in value.items()
    ):
        _fail(_('Give lists of words by language code, e.g. {"fi": ["päiväkoti"], "sv": ["daghem"]}.'))
    return value


def _list_of_objects(value, check, example):
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        _fail(_("Give a list of objects, e.g. %(example)s."), example=example)
    for number, item in enumerate(value, start=1):
        problem = check(item)
        if problem:
            _fail(_("Item %(number)s: %(problem)s"), number=number, problem=problem)
    return value


def _translated_problem(item, key, required=False):
    if item.get(key) is None:
        return _("“%(key)s” is missing.") % {"key": key} if required else None
    try:
        translated_text(item[key])
    except ValidationError:
        return _("“%(key)s” must be texts by language code.") % {"key": key}
    return None


def legislation(value):
    def check(item):
        return _translated_problem(item, "name", required=True) or _translated_problem(item, "url")

    return _list_of_objects(value, check, '[{"name": {"fi": "…"}, "url": {"fi": "https://…"}}]')


def _text_problem(item, key, required=False):
    if item.get(key) is None:
        return _("“%(key)s” is missing.") % {"key": key} if required else None
    if not _is_text(item[key]):
        return _("“%(key)s” must be text.") % {"key": key}
    return None


def phones(value):
    def check(item):
        return (_text_problem(item, "number", required=True) or _text_problem(item, "prefix")
                or _translated_problem(item, "info") or _translated_problem(item, "charge_info"))

    return _list_of_objects(value, check, '[{"number": "+358 40 123 4567", "charge": "FreeOfCharge"}]')


def emails(value):
    return _list_of_objects(
        value, lambda item: _text_problem(item, "value", required=True), '[{"value": "info@…", "language": "fi"}]'
    )


def _weekday_problem(item, key, required=False):
    if item.get(key) is None:
        return _("“%(key)s” is missing.") % {"key": key} if required else None
    day = item[key]
    if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
        return _("“%(key)s” must be a weekday number from 0 (Monday) to 6 (Sunday).") % {"key": key}
    return None


def _time_problem(item, key, required=False):
    if item.get(key) is None:
        return _("“%(key)s” is missing.") % {"key": key} if required else None
    if not _is_text(item[key]) or not TIME.match(item[key]):
        return _("“%(key)s” must be a time of day such as 08:00.") % {"key": key}
    return None


def stops(value):
    def check(item):
        return (_translated_problem(item, "place") or _translated_problem(item, "address")
                or _weekday_problem(item, "weekday") or _time_problem(item, "from") or _time_problem(item, "to"))

    return _list_of_objects(value, check, '[{"place": {"fi": "…"}, "weekday": 0, "from": "10:00", "to": "11:00"}]')


def opening(value):
    def check(item):
        return (_weekday_problem(item, "day_from", required=True) or _weekday_problem(item, "day_to")
                or _time_problem(item, "from", required=True) or _time_problem(item, "to", required=True))

    return _list_of_objects(value, check, '[{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}]')


def service_vouchers(value):
    def check(item):
        return (_text_problem(item, "language", required=True) or _text_problem(item, "name", required=True)
                or _text_problem(item, "url") or _text_problem(item, "info"))

    return _list_of_objects(
        value, check, '[{"language": "fi", "name": "…", "url": "https://…", "info": "…", "order": 1}]')


# Model field name → shape check, per model.
SERVICE_SHAPES = {
    "keywords": words_by_language, "alternative_names": words_by_language, "legislation": legislation,
    "languages": language_list, "areas": any_list, "ontology_terms": any_list, "service_vouchers": service_vouchers,
}
CHANNEL_SHAPES = {
    "urls": translated_text, "phones": phones, "emails": emails, "languages": language_list, "stops": stops,
}
HOURS_SHAPES = {"opening": opening}
