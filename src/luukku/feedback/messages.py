"""The text of the feedback notifications (notify.messages renders them in the recipient's language).
Said to the reporter, who may have no account: what happened to which feedback (reference and
category) and the link (with its secret token) to the follow-up page. Never the reporter's or the
handler's text."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr
from luukku.notify import messages

# kind → (subject, what happened, what to do). Placeholders: reference, category, municipality.
KINDS = {
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


def _category(value, language: str) -> str:
    """The category's name in the message's language: a Category, its translations, or a plain name."""
    if hasattr(value, "name"):
        value = value.name
    if isinstance(value, dict):
        return tr(value, language)
    return str(value or "")


@messages.register("feedback", KINDS)
def render(kind: str, municipality, language: str, context: dict, case=None):
    values = {"reference": str(context.get("reference") or ""), "municipality": tr(municipality.name, language),
              "category": _category(context.get("category"), language) or _("feedback")}
    subject_text, what, do = KINDS[kind]
    lines = [str(what) % values, str(do) % values]
    link = str(context.get("link") or "")
    if link:
        lines.append(_("Open your feedback: %(url)s") % {"url": messages.link_url(municipality, link)})
    return str(subject_text) % values, lines, link
