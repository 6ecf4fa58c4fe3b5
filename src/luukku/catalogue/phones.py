"""Phone numbers as PTV gives them: a country prefix (`prefixNumber`, "+358") and the number without it
("295551200" or "29 555 1200"). Shown and dialled whole: "+358 29 555 1200", `tel:+358295551200`.

Numbers kept without a prefix (a Finnish service number such as 0295 000, or data from before the prefix
was used) are shown as written and dialled as their digits.
"""

# Finnish numbers whose area or network code has two digits after the country code (the rest have one:
# 2 Turku, 3 Tampere, 5 Kymenlaakso, 6 Vaasa, 8 Oulu, 9 Helsinki).
_TWO_DIGIT_CODES = ("1", "4", "7", "20", "29", "30", "50")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _group_finnish(national: str) -> str:
    """"295551200" → "29 555 1200": the area or network code, then groups of three (the last up to five)."""
    code_length = 2 if national.startswith(_TWO_DIGIT_CODES) else 1
    code, rest = national[:code_length], national[code_length:]
    groups = []
    while len(rest) > 5:
        groups.append(rest[:3])
        rest = rest[3:]
    return " ".join([code, *groups, rest] if rest else [code, *groups])


def _parts(phone: dict) -> tuple[str, str]:
    number = str(phone.get("number") or "").strip()
    prefix = str(phone.get("prefix") or "").strip()
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+") or not prefix:
        return "", number
    if not prefix.startswith("+"):
        prefix = "+" + _digits(prefix)
    return prefix, number[1:].lstrip() if number.startswith("0") else number


def display(phone: dict) -> str:
    """The number as a person reads it, with its prefix."""
    prefix, number = _parts(phone)
    if not prefix:
        return number
    if prefix == "+358" and " " not in number and _digits(number) == number and len(number) > 5:
        number = _group_finnish(number)
    return f"{prefix} {number}"


def dialable(phone: dict) -> str:
    """The number for a `tel:` link: "+" and digits when the prefix is known, otherwise the digits as written."""
    prefix, number = _parts(phone)
    if prefix:
        return "+" + _digits(prefix) + _digits(number)
    return ("+" if number.startswith("+") else "") + _digits(number)


def e164(phone: dict) -> str | None:
    """The international form ("+358295551200"), or None when the number has no known prefix."""
    number = dialable(phone)
    return number if number.startswith("+") else None
