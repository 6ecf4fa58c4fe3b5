"""The demo municipality's content, written as Python so the trilingual texts stay readable."""


def T(fi: str, sv: str, en: str) -> dict:
    """A translated text."""
    return {"fi": fi, "sv": sv, "en": en}


def L(fi: list, sv: list, en: list) -> dict:
    """Per-language word lists (keywords, alternative names)."""
    return {"fi": fi, "sv": sv, "en": en}
