"""Notifications in the recipient's language: each app registers the kinds of its messages and
renders them (`cases/messages.py`, `feedback/messages.py`, `proactive/messages.py`); this module
names none of them. It adds what every message has: the municipality's name before the subject, the
closing line, the tidying. What an app's text may say: what happened, to which item, what to do,
and the link. Never the decision, the answers, the reporter's or the handler's text or an address:
a message may be read on a shared phone or printed by a third party, so the details stay behind the
login or the follow-up link."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core.registry import Registry
from luukku.core.translation import tr

# A value that ends its own sentence ("Tervetuloa Koivulaan!", a name ending in "Oy.") gets no second
# mark from the sentence around it. An ellipsis stays.
_DOUBLED = re.compile(r"(?<!\.)([.!?])\s?\.(?=\s|$)")


def tidy(text: str) -> str:
    return _DOUBLED.sub(r"\1", text)


def public_base(municipality) -> str:
    """https://<the municipality's own host>, or the installation's public address. Read once per
    municipality instance (one request or one batch of messages)."""
    base = municipality.__dict__.get("_public_base")
    if base is None:
        domain = municipality.domains.order_by("pk").first()
        base = municipality.__dict__["_public_base"] = (f"https://{domain.host}" if domain is not None
                                                        else settings.LUUKKU_PUBLIC_URL)
    return base


# The apps' message kinds, by the part before the dot (e.g. "case", "feedback", "offer"): a function
# (kind, municipality, language, context, case=None) -> (subject, [lines], link), called in the
# message's language, with `kinds` (the kinds it knows: {kind: texts}). Filled by each app's
# messages.py when its AppConfig is ready.
renderers = Registry("message kind prefix")


def register(prefix: str, kinds: dict):
    """`@messages.register("case", KINDS)` on the app's renderer."""
    def decorate(function):
        function.kinds = kinds
        return renderers.register(prefix)(function)
    return decorate


def all_kinds() -> list[str]:
    return [kind for _prefix, renderer in renderers.items() for kind in renderer.kinds]


def generic(municipality, language: str) -> tuple[str, list[str], str]:
    """A message that says only that there is one (a kind no app renders: nothing can leak)."""
    name = tr(municipality.name, language)
    return _("You have a new notification"), [
        _("You have a new notification from %(municipality)s.") % {"municipality": name},
        _("Log in to the e-services of %(municipality)s to read it.") % {"municipality": name}], ""


def link_url(municipality, link: str) -> str:
    return link if link.startswith("https://") else public_base(municipality) + link


def render(kind: str, *, person=None, municipality=None, case=None, language: str,
           context: dict) -> tuple[str, str, str]:
    """(subject, body, link): plain text; `link` is the path of the item (the case in My cases, the
    feedback's follow-up page, the offer). For a person, or for a contact in `municipality`. A kind
    whose app is registered but does not know it is refused (ValueError): a typo in a kind fails its
    test, never sends an empty message. A kind of no registered app gets the generic text."""
    municipality = municipality or person.municipality
    prefix = kind.split(".")[0]
    with translation.override(language):
        name = tr(municipality.name, language)
        if prefix in renderers:
            renderer = renderers[prefix]
            if kind not in renderer.kinds:
                raise ValueError(f"unknown message kind {kind!r}: the {prefix!r} messages are "
                                 f"{', '.join(sorted(renderer.kinds))}")
            subject, lines, link = renderer(kind, municipality, language, context, case=case)
        else:
            subject, lines, link = generic(municipality, language)
        lines = [*lines, _("This message was sent automatically by %(municipality)s. Please do not reply to it.")
                 % {"municipality": name}]
        subject = _("%(municipality)s: %(subject)s") % {"municipality": name, "subject": subject}
        return tidy(subject), "\n\n".join(tidy(line) for line in lines), link
