"""Decision templates: checking the handler's values, rendering the text, appeal instructions.

Placeholders in a template's title and text are {key} of its fields, plus {reference},
{applicant}, {subject}, {case_type}, {date}, {municipality}, {review_body} (to whom a request for
review is made) and {review_days} (the days it may be made in). Substitution is one regex pass (never str.format): a value containing braces
stays text, an unknown placeholder stays as typed.

Deadlines (one rule for all of them, hallintolaki 49 c § and 59 §, laki sähköisestä asioinnista
viranomaistoiminnassa 19 §): a decision counts as received on the third day after it was sent
electronically (My cases), on the seventh when sent by post; the time runs from that day, the day
itself not counted, and a deadline falling on a weekend or a holiday moves to the next working day.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.translation import tr

FIELD_TYPES = ("text", "textarea", "date", "number", "choice")
CASE_PLACEHOLDERS = ("reference", "applicant", "subject", "case_type", "date", "municipality", "review_body",
                     "review_days")
# "answer": the key of the application's answer the field is prefilled from (default: its own key).
FIELD_PROPERTIES = {"key", "label", "type", "required", "choices", "help", "answer"}
ANSWER_KEY = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
MAX_LENGTH = {"text": 500, "textarea": 10000, "choice": 200, "number": 40, "date": 40}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


APPEAL_DAYS = 30  # a request for review (oikaisuvaatimus): hallintolaki 49 c §; a template may say 14
RECEIVED_AFTER_DAYS = {"electronic": 3, "post": 7}


def delivery(decision) -> str:
    """How the decision reached the resident: by post for a case that came by post, else in My cases."""
    from .models import CaseChannel

    return "post" if decision.case.channel == CaseChannel.MAIL else "electronic"


def notification_date(decision) -> dt.date:
    """The day the decision counts as received (tiedoksisaantipäivä)."""
    sent = decision.decided_at.astimezone(clock.HELSINKI).date()
    return sent + dt.timedelta(days=RECEIVED_AFTER_DAYS[delivery(decision)])


def deadline(notified: dt.date, days: int) -> dt.date:
    """`days` days after the notification day; a weekend or holiday moves it to the next working day."""
    from .sla import is_working_day

    day = notified + dt.timedelta(days=days)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def appeal_deadline(decision) -> dt.date:
    days = decision.template.review_days if decision.template_id else APPEAL_DAYS
    return deadline(notification_date(decision), days)


def _label(field, language) -> str:
    return tr(field.get("label") if isinstance(field.get("label"), dict) else None, language) or field.get("key", "")


def _parse_date(text: str) -> dt.date:
    match = FINNISH_DATE.match(text)
    if match:
        day, month, year = (int(x) for x in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)  # ValueError for anything else


def _parse_number(text: str) -> int | Decimal:
    text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".").replace("−", "-")
    number = Decimal(text)  # InvalidOperation for anything else
    if not number.is_finite():
        raise InvalidOperation(text)
    return int(number) if number == number.to_integral_value() and "." not in text else number


def _clean_one(field, raw):
    """The typed value, or raises ValueError with the message for the handler."""
    kind = field.get("type", "text")
    if isinstance(raw, dt.date) and kind == "date":
        return raw
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text.strip() if kind != "textarea" else text.strip("\n\r ")
    if len(text) > MAX_LENGTH.get(kind, 500):
        raise ValueError(_("Make this at most %(n)s characters long.") % {"n": MAX_LENGTH.get(kind, 500)})
    if kind == "date":
        try:
            return _parse_date(text)
        except ValueError:
            raise ValueError(_("Give a date as d.m.yyyy.")) from None
    if kind == "number":
        try:
            return _parse_number(text)
        except (InvalidOperation, ValueError):
            raise ValueError(_("Give a number, for example 12 or 12,50.")) from None
    if kind == "choice":
        values = {str(c.get("value")) for c in field.get("choices") or [] if isinstance(c, dict)}
        if text not in values:
            raise ValueError(_("Choose one of the options."))
    return text


def clean_values(template, values: dict, language: str) -> dict:
    """The template's fields from `values`, typed and trimmed; ValidationError({key: message})
    naming every missing or bad field. Dates become dt.date, numbers int or Decimal (see as_json)."""
    values = values or {}
    cleaned, errors = {}, {}
    with translation.override(language):
        for field in template.fields or []:
            if not isinstance(field, dict):
                continue  # check_template refuses such templates; never crash on an old one
            key = field.get("key")
            raw = values.get(key)
            if isinstance(raw, (list, tuple)):  # a form posting a key twice: the last wins
                raw = raw[-1] if raw else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if field.get("required"):
                    errors[key] = _("Fill in %(label)s.") % {"label": _label(field, language)}
                else:
                    cleaned[key] = None
                continue
            if not isinstance(raw, (str, int, float, Decimal, dt.date)) or isinstance(raw, bool):
                errors[key] = _("Fill in %(label)s.") % {"label": _label(field, language)}
                continue
            try:
                cleaned[key] = _clean_one(field, raw)
            except ValueError as exc:
                errors[key] = str(exc)
    if errors:
        raise ValidationError({key: ValidationError(message, code="invalid") for key, message in errors.items()})
    return cleaned


def as_json(values: dict) -> dict:
    """Cleaned values as JSON can store them (dates ISO, decimals as text)."""
    out = {}
    for key, value in (values or {}).items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        out[key] = value
    return out


def format_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _format(field, value, language) -> str:
    if value is None or value == "":
        return ""
    kind = field.get("type")
    if kind == "date":
        if not isinstance(value, dt.date):
            try:
                value = _parse_date(str(value))
            except ValueError:
                return str(value)
        return format_date(value)
    if kind == "number":
        text = str(value)
        return text.replace(".", ",") if language in ("fi", "sv") else text
    if kind == "choice":
        for choice in field.get("choices") or []:
            if str(choice.get("value")) == str(value):
                label = choice.get("label")
                return tr(label if isinstance(label, dict) else None, language) or str(value)
    return str(value)


def substitute(text: str, context: dict) -> str:
    """{name} → context[name] in one pass; what is not in context stays as written."""
    return PLACEHOLDER.sub(lambda m: context.get(m.group(1), m.group(0)), text or "")


def placeholder_values(template, values: dict, case, language: str) -> dict:
    context = {field.get("key"): _format(field, (values or {}).get(field.get("key")), language)
               for field in template.fields or [] if isinstance(field, dict) and field.get("key")}
    context.update({
        "reference": case.reference,
        "applicant": case.applicant.full_name,
        "subject": case.subject.full_name,
        "case_type": tr(case.case_type.name, language),
        "date": format_date(clock.today()),
        "municipality": tr(case.municipality.name, language),
        "review_body": review_body(template, case, language),
        "review_days": str(template.review_days if template is not None else APPEAL_DAYS),
    })
    return context


def review_body(template, case, language: str) -> str:
    """To whom a request for review is made: the template's body, else the municipality."""
    named = tr(template.review_body, language) if template is not None else ""
    return named or tr(case.municipality.name, language)


def prefill(template, case) -> dict:
    """The template's fields as typed from the application's answers (a field's "answer" key, else
    its own): a date as d.m.yyyy, a choice the first answered value that is one of its options
    (the first preferred unit), text as given. What does not fit is left for the handler."""
    data = case.data or {}
    out = {}
    for field in template.fields or []:
        if not isinstance(field, dict) or not field.get("key"):
            continue
        value = data.get(field.get("answer") or field["key"])
        if value in (None, "", [], {}):
            continue
        kind = field.get("type", "text")
        if kind == "choice":
            options = {str(c.get("value")) for c in field.get("choices") or [] if isinstance(c, dict)}
            value = next((str(v) for v in (value if isinstance(value, list) else [value]) if str(v) in options), None)
        elif kind == "date":
            try:
                value = format_date(_parse_date(str(value)))
            except ValueError:
                value = None
        elif isinstance(value, (dict, list)):
            value = None  # an address or a list has no single text to put in a field
        if value is not None:
            out[field["key"]] = str(value)
    return out


def render(template, values: dict, case, language: str) -> tuple[str, str, str]:
    """(title, body, appeal_instructions) in `language` (falling back as translated text does)."""
    context = placeholder_values(template, values, case, language)
    title = substitute(tr(template.title, language), context).strip()
    body = substitute(tr(template.body, language), context)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()  # an empty optional field leaves no gap
    appeal = substitute(tr(template.appeal_instructions, language), context).strip()
    return title, body, appeal or default_appeal_instructions(case.municipality, language)


# --- checking a template (the admin) -------------------------------------------------------------

def _is_text_dict(value) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def check_fields(fields) -> list[str]:
    """The `fields` JSON's shape: raises ValidationError listing every problem; returns the keys."""
    if not isinstance(fields, list):
        raise ValidationError(_("Fields must be a list of objects."), code="invalid")
    problems, keys = [], []
    for n, field in enumerate(fields, start=1):
        if not isinstance(field, dict):
            problems.append(_("Field %(n)s must be an object.") % {"n": n})
            continue
        key = field.get("key")
        name = key if isinstance(key, str) and key else str(n)
        unknown = sorted(set(field) - FIELD_PROPERTIES, key=str)
        if unknown:
            problems.append(_("Field %(name)s: unknown property %(props)s (allowed: %(allowed)s).") % {
                "name": name, "props": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(FIELD_PROPERTIES))})
        if not isinstance(key, str) or not KEY.match(key):
            problems.append(_("Field %(n)s: the key must be lower-case letters, digits and _, starting with a "
                              "letter.") % {"n": n})
        elif key in CASE_PLACEHOLDERS:
            problems.append(_("Field %(name)s: the key is reserved for the case's own data.") % {"name": key})
        elif key in keys:
            problems.append(_("Field %(name)s: the key is used twice.") % {"name": key})
        else:
            keys.append(key)
        if not _is_text_dict(field.get("label")) or not str(field["label"].get("fi", "")).strip():
            problems.append(_("Field %(name)s: give the label as {\"fi\": …, \"sv\": …, \"en\": …}.") % {"name": name})
        kind = field.get("type", "text")
        if kind not in FIELD_TYPES:
            problems.append(_("Field %(name)s: the type must be one of %(types)s.") % {
                "name": name, "types": ", ".join(FIELD_TYPES)})
        if "answer" in field and not (isinstance(field["answer"], str) and ANSWER_KEY.match(field["answer"])):
            problems.append(_("Field %(name)s: answer must be the key of a field of the application form.") % {
                "name": name})
        if not isinstance(field.get("required", False), bool):
            problems.append(_("Field %(name)s: required must be true or false.") % {"name": name})
        problems += _check_choices(name, kind, field.get("choices"))
    if problems:
        raise ValidationError(problems, code="invalid")
    return keys


def _check_choices(name, kind, choices) -> list[str]:
    if kind != "choice":
        return [] if not choices else [_("Field %(name)s: only a choice field has choices.") % {"name": name}]
    if not isinstance(choices, list) or not choices:
        return [_("Field %(name)s: a choice field needs choices [{\"value\": …, \"label\": {…}}].") % {"name": name}]
    problems, seen = [], set()
    for choice in choices:
        ok = isinstance(choice, dict) and isinstance(choice.get("value"), (str, int)) and \
            not isinstance(choice.get("value"), bool) and str(choice.get("value")).strip() and \
            _is_text_dict(choice.get("label")) and set(choice) <= {"value", "label"}
        if not ok:
            problems.append(_("Field %(name)s: each choice is {\"value\": …, \"label\": {\"fi\": …}}.") % {
                "name": name})
        elif str(choice["value"]) in seen:
            problems.append(_("Field %(name)s: the choice %(value)s is listed twice.") % {
                "name": name, "value": choice["value"]})
        else:
            seen.add(str(choice["value"]))
    return problems


def check_template(template) -> None:
    """Fields JSON shape, unique keys, and every placeholder used in the title, text and appeal
    instructions (any language) exists: ValidationError({model field: [messages]})."""
    errors = {}
    try:
        keys = set(check_fields(template.fields))
    except ValidationError as exc:
        errors["fields"] = exc.messages
        keys = None  # placeholders cannot be judged against broken fields
    if keys is not None:
        known = keys | set(CASE_PLACEHOLDERS)
        for name in ("title", "body", "appeal_instructions"):
            texts = getattr(template, name) or {}
            used = {p for text in texts.values() if isinstance(text, str) for p in PLACEHOLDER.findall(text)}
            unknown = sorted(used - known)
            if unknown:
                errors[name] = [_("Unknown placeholder %(names)s. Use the keys of the fields or %(own)s.") % {
                    "names": ", ".join(f"{{{u}}}" for u in unknown),
                    "own": ", ".join(f"{{{p}}}" for p in CASE_PLACEHOLDERS)}]
    if errors:
        raise ValidationError(errors)


def default_appeal_instructions(municipality, language: str) -> str:
    """The municipality's general oikaisuvaatimusohje (hallintolaki 49 b–49 g §)."""
    with translation.override(language):
        name = tr(municipality.name, language)
        address = ", ".join(x for x in (tr(municipality.street_address, language), " ".join(
            x for x in (municipality.postal_code, tr(municipality.post_office, language)) if x)) if x)
        return _(
            "If you are not satisfied with this decision, you may ask for it to be corrected. A request for a "
            "correction is made in writing to %(authority)s. Address: %(address)s. Email: %(email)s.\n\n"
            "Time limit: the request must be made within %(days)s days of receiving the decision. A decision "
            "sent by post is deemed received on the seventh day after it was sent, unless shown otherwise; a decision "
            "sent electronically is deemed received on the third day after it was sent.\n\n"
            "Say in the request which decision it concerns, how you want it corrected and why. Give your name "
            "and contact details and sign the request. In My cases, open the case and choose “Request a "
            "review” under the decision: the form fills in the decision and the deadline for you. Handling a "
            "request for a correction is free of charge. You cannot appeal directly to an administrative court."
        ) % {"authority": name, "address": address or "-", "email": municipality.email or "-", "days": APPEAL_DAYS}


def appeal_text(decision, language: str | None = None) -> str:
    """The decision's own instructions; the municipality's general ones for a decision made before
    decisions carried them."""
    return decision.appeal_instructions or default_appeal_instructions(
        decision.case.municipality, decision.language or language or decision.case.municipality.default_language)

