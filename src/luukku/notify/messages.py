"""The text of each kind of notification, in the recipient's language: what happened, to which case
(reference and case type) or feedback (reference and category), what to do, and the link to the
case in My cases or to the feedback's follow-up page. Never the decision, the answers, the
reporter's or the handler's text or an address: a message may be read on a shared phone or printed
by a third party, so the details stay behind the login or the follow-up link."""

import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr

# kind → (subject, what happened, what to do). Placeholders: reference, case_type, unit, partner.
KINDS = {
    "case.submitted": (
        gettext_lazy("We received your case %(reference)s"),
        gettext_lazy("We have received your case %(reference)s (%(case_type)s)."),
        gettext_lazy("You do not need to do anything now. We will tell you when there is news."),
    ),
    "case.information_requested": (
        gettext_lazy("More information is needed for your case %(reference)s"),
        gettext_lazy("The handler of your case %(reference)s (%(case_type)s) needs more information from you before "
              "the case can go on."),
        gettext_lazy("Read the request and answer it in My cases."),
    ),
    "case.reminder": (
        gettext_lazy("Reminder: your case %(reference)s is waiting for your answer"),
        gettext_lazy("The handler of your case %(reference)s (%(case_type)s) asked you for more information and has "
              "not received an answer yet."),
        gettext_lazy("Answer the request in My cases so that your case can go on."),
    ),
    "case.answer_reminder": (
        gettext_lazy("Reminder: the decision in your case %(reference)s waits for your answer"),
        gettext_lazy("A decision in your case %(reference)s (%(case_type)s) asks for your answer, and the deadline is "
                     "near."),
        gettext_lazy("Accept or decline the decision in My cases before the deadline."),
    ),
    "case.message": (
        gettext_lazy("New message about your case %(reference)s"),
        gettext_lazy("The handler of your case %(reference)s (%(case_type)s) has sent you a message."),
        gettext_lazy("Read the message in My cases. You can answer it there."),
    ),
    "case.decided": (
        gettext_lazy("A decision has been made in your case %(reference)s"),
        gettext_lazy("A decision has been made in your case %(reference)s (%(case_type)s)."),
        gettext_lazy("Read the decision and the instructions for appeal in My cases."),
    ),
    "case.decided_answer": (
        gettext_lazy("A decision has been made in your case %(reference)s"),
        gettext_lazy("A decision has been made in your case %(reference)s (%(case_type)s). It asks for your answer."),
        gettext_lazy("Read the decision in My cases and accept or decline it there before the deadline."),
    ),
    "case.closed": (
        gettext_lazy("Your case %(reference)s has been closed"),
        gettext_lazy("Your case %(reference)s (%(case_type)s) has been closed."),
        gettext_lazy("You do not need to do anything. You can still read the case in My cases."),
    ),
    "case.withdrawn": (
        gettext_lazy("Your case %(reference)s was withdrawn"),
        gettext_lazy("Your case %(reference)s (%(case_type)s) was withdrawn and will not be handled."),
        gettext_lazy("If you did not withdraw it yourself, contact us. You can send a new application at any time."),
    ),
    "case.transferred_to_unit": (
        gettext_lazy("Your case %(reference)s was moved to %(unit)s"),
        gettext_lazy("Your case %(reference)s (%(case_type)s) was moved to %(unit)s, which handles it from now on."),
        gettext_lazy("You do not need to do anything. You can see the reason in My cases."),
    ),
    "case.transferred": (
        gettext_lazy("Your case %(reference)s was handed over to %(partner)s"),
        gettext_lazy("Your case %(reference)s (%(case_type)s) was handed over to %(partner)s, which handles it from "
              "now on."),
        gettext_lazy("Ask %(partner)s about the case from now on. My cases tells you how to reach them."),
    ),
}
# Feedback: said to the reporter, who may have no account; the link (with its secret token) opens
# the follow-up page. Placeholders: reference, category.
FEEDBACK_KINDS = {
    "feedback.received": (
        gettext_lazy("We received your feedback %(reference)s"),
        gettext_lazy("We have received your feedback %(reference)s (%(category)s). Thank you!"),
        gettext_lazy("You can follow the handling of your feedback through the link below."),
    ),
    "feedback.replied": (
        gettext_lazy("We have answered your feedback %(reference)s"),
        gettext_lazy("%(municipality)s has answered your feedback %(reference)s (%(category)s)."),
        gettext_lazy("Read the answer through the link below."),
    ),
    "feedback.closed": (
        gettext_lazy("Your feedback %(reference)s has been handled"),
        gettext_lazy("Your feedback %(reference)s (%(category)s) has been handled."),
        gettext_lazy("Read the answer through the link below and tell us how we did."),
    ),
}
OTHER = (
    gettext_lazy("News about your case %(reference)s"),
    gettext_lazy("There is news about your case %(reference)s (%(case_type)s)."),
    gettext_lazy("Read more in My cases."),
)


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


def case_path(case, language: str) -> str:
    try:
        return reverse("cases:case", kwargs={"municipality": case.municipality.slug, "lang": language,
                                             "case_id": case.public_id})
    except NoReverseMatch:
        return f"/{case.municipality.slug}/{language}/omat-asiat/{case.public_id}/"


def _values(case, language: str) -> dict:
    values = {"reference": case.reference, "case_type": tr(case.case_type.name, language),
              "unit": tr(case.unit.name, language) if case.unit_id else "",
              "partner": tr(case.handed_over_to.name, language) if case.handed_over_to_id else ""}
    if not values["partner"]:
        values["partner"] = _("another organisation")
    return values


def _category(value, language: str) -> str:
    """The category's name in the message's language: a Category, its translations, or a plain name."""
    if hasattr(value, "name"):
        value = value.name
    if isinstance(value, dict):
        return tr(value, language)
    return str(value or "")


def _feedback(kind: str, municipality, name: str, language: str, context: dict) -> tuple[str, list[str], str]:
    values = {"reference": str(context.get("reference") or ""), "municipality": name,
              "category": _category(context.get("category"), language) or _("feedback")}
    subject_text, what, do = FEEDBACK_KINDS[kind]
    lines = [str(what) % values, str(do) % values]
    link = str(context.get("link") or "")
    if link:
        lines.append(_("Open your feedback: %(url)s") % {"url": link_url(municipality, link)})
    return str(subject_text) % values, lines, link


# Other apps' kinds, by the part before the dot (e.g. "offer"): a function
# (kind, municipality, language, context) -> (subject, [lines], link), called in the message's language.
renderers = {}


def register(prefix: str):
    def decorate(function):
        renderers[prefix] = function
        return function
    return decorate


def link_url(municipality, link: str) -> str:
    return link if link.startswith("https://") else public_base(municipality) + link


def render(kind: str, *, person=None, municipality=None, case=None, language: str,
           context: dict) -> tuple[str, str, str]:
    """(subject, body, link): plain text; `link` is the path of the case in My cases (or, for
    feedback, of the follow-up page). For a person, or for a contact in `municipality`."""
    municipality = municipality or person.municipality
    with translation.override(language):
        name = tr(municipality.name, language)
        if kind.split(".")[0] in renderers:
            subject, lines, link = renderers[kind.split(".")[0]](kind, municipality, language, context)
        elif kind in FEEDBACK_KINDS:
            subject, lines, link = _feedback(kind, municipality, name, language, context)
        elif case is None:
            subject = _("You have a new notification")
            lines = [_("You have a new notification from %(municipality)s.") % {"municipality": name},
                     _("Log in to the e-services of %(municipality)s to read it.") % {"municipality": name}]
            link = ""
        else:
            values = _values(case, language)
            subject_text, what, do = KINDS.get(kind, OTHER)
            subject = str(subject_text) % values
            link = case_path(case, language)
            lines = [str(what) % values, str(do) % values,
                     _("Open the case in My cases: %(url)s") % {"url": public_base(municipality) + link}]
        lines.append(_("This message was sent automatically by %(municipality)s. Please do not reply to it.")
                     % {"municipality": name})
        subject = _("%(municipality)s: %(subject)s") % {"municipality": name, "subject": subject}
        return tidy(subject), "\n\n".join(tidy(line) for line in lines), link
