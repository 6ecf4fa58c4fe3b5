"""Copy checks: no notification text, in any language, has a doubled punctuation mark or a
placeholder left unfilled; nor does any translation in the compiled catalogues."""

import datetime as dt
import gettext
import re
from pathlib import Path

import pytest

from django.utils.translation import override as translation_override

from luukku.notify import messages

from ..cases.conftest import aino, case_type, definition, make_case, make_draft, unit  # noqa: F401

LANGUAGES = ["fi", "sv", "en"]
# "..", ",,", ". ." (an ellipsis "…" or "..." is fine); an unfilled placeholder: "{", "%(", "{{".
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|\.\s+\.(?!\.)|!\.|\?\.")
UNFILLED = re.compile(r"\{|%\(|%s|%d")


def problems(text: str) -> list[str]:
    return [m.group(0) for m in DOUBLED.finditer(text)] + [m.group(0) for m in UNFILLED.finditer(text)]


def all_kinds() -> list[str]:
    """Every kind a message can be: each app's registered kinds (notify names none of its own)."""
    return messages.all_kinds()


def realistic_context(kind: str, municipality) -> dict:
    """Values as the demo has them: a welcome title is a sentence of its own ("Tervetuloa Koivulaan!")."""
    title = ({"fi": "Tervetuloa Koivulaan!", "sv": "Välkommen till Björkby!", "en": "Welcome to Koivula!"}
             if kind == "offer.information" else
             {"fi": "Esiopetuspaikka lapsellesi", "sv": "Förskoleplats för ditt barn", "en": "A preschool place"})
    return {
        "reference": "VAKA-2027-000123", "category": {"fi": "Katuvalo ei toimi", "sv": "Gatubelysningen fungerar inte",
                                                        "en": "Street light out"},
        "link": f"/{municipality.slug}/fi/palaute/seuranta/abc123/", "title": title,
        "child": "Helmi", "unit": "Päiväkoti Kuusikko", "deadline": dt.date(2027, 2, 15),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_has_a_doubled_punctuation_mark_or_an_unfilled_placeholder(municipality, aino, make_case,
                                                                              language):
    case = make_case(aino)
    case.municipality = municipality
    kinds = all_kinds()
    assert "offer.made" in kinds and "feedback.received" in kinds and "case.decided" in kinds
    found = {}
    for kind in kinds:
        is_case = kind.startswith("case.")
        subject, body, _link = messages.render(kind, person=aino if is_case else None, municipality=municipality,
                                               case=case if is_case else None, language=language,
                                               context=realistic_context(kind, municipality))
        for part in (subject, body):
            if problems(part):
                found[kind] = (problems(part), part)
    assert not found, found


def catalogue(language: str) -> dict:
    """The compiled catalogue: {msgid or (msgid, plural form): msgstr}."""
    mo = Path(__file__).resolve().parents[2] / "src/luukku/locale" / language / "LC_MESSAGES/django.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _placeholders(text: str) -> set:
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_has_a_doubled_punctuation_mark_or_a_placeholder_its_original_lacks(language):
    found = []
    for key, text in catalogue(language).items():
        plural = isinstance(key, tuple)
        msgid = key[0] if plural else key
        if not msgid:
            continue  # the header
        if DOUBLED.search(text) and not DOUBLED.search(msgid):
            found.append((msgid, text))
        # A placeholder the original lacks is never filled in (a plural form may add its count).
        extra = _placeholders(text) - _placeholders(msgid)
        if len(extra) > (1 if plural else 0) or ("{" in text and "{" not in msgid):
            found.append((msgid, text))
    assert not found, found


@pytest.mark.django_db
def test_a_city_is_called_a_city_where_the_catalogue_has_the_citys_wording(client, municipality):
    """"kunta" or "kaupunki": the texts about the municipality take the context "city" for a city.
    The wording is injected here: the catalogues are compiled only at merge time."""
    from django.utils.translation import trans_real

    footer = "The service platform Luukku: one place for the municipality’s services."
    with translation_override("en"):
        catalogue = trans_real.translation("en")._catalog
        catalogue[f"city\x04{footer}"] = "The service platform Luukku: one place for the city’s services."
        try:
            assert "one place for the municipality’s services" in client.get("/esimerkki/en/").content.decode()
            municipality.is_city = True
            municipality.save()
            page = client.get("/esimerkki/en/haku/").content.decode()  # (the front page may be cached)
            assert "one place for the city’s services" in page
        finally:
            catalogue._catalogs[0].pop(f"city\x04{footer}", None)
