"""The text of the offers' notifications (notify.messages renders them in the recipient's language).
Only the child's first name, the offer's title, the unit's name and the deadline: never an
address, so a child's protected address cannot leak through a message read by someone else."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr
from luukku.notify import messages

# kind → (subject, what happened, what to do). Placeholders: title, child, unit, deadline, reference.
KINDS = {
    "offer.made": (
        gettext_lazy("An offer for %(child)s: %(title)s"),
        gettext_lazy("We offer %(child)s: %(title)s."),
        gettext_lazy("Accept the offer or ask for a change by %(deadline)s. You do not need to apply."),
    ),
    "offer.decided": (
        gettext_lazy("A decision for %(child)s: %(title)s"),
        gettext_lazy("A decision was made automatically for %(child)s: %(title)s."),
        gettext_lazy("You do not need to do anything. If you want a change, ask for it by %(deadline)s. "
                     "The decision and the instructions for appeal are behind the link."),
    ),
    "offer.information": (
        gettext_lazy("%(title)s"),
        gettext_lazy("We would like to tell you about a service for you: %(title)s."),
        gettext_lazy("Read more behind the link."),
    ),
    "offer.waiting_list": (
        gettext_lazy("%(title)s: %(child)s is on the waiting list"),
        gettext_lazy("Every place near you is taken for now, so %(child)s is on the waiting list for: %(title)s."),
        gettext_lazy("We will contact you when we can offer a place. You do not need to apply."),
    ),
    "offer.reminder": (
        gettext_lazy("Reminder: the offer for %(child)s is waiting for your answer"),
        gettext_lazy("The offer for %(child)s (%(title)s) is waiting for an answer."),
        gettext_lazy("Answer by %(deadline)s."),
    ),
    "offer.answered": (
        gettext_lazy("The offer for %(child)s was answered"),
        gettext_lazy("The offer for %(child)s (%(title)s) has been answered."),
        gettext_lazy("You can see the answer behind the link."),
    ),
    "offer.withdrawn": (
        gettext_lazy("The offer for %(child)s was withdrawn"),
        gettext_lazy("The offer for %(child)s (%(title)s) was withdrawn."),
        gettext_lazy("You can see the reason behind the link."),
    ),
}


@messages.register("offer")
def render(kind: str, municipality, language: str, context: dict):
    subject_text, what, do = KINDS[kind]
    deadline = context.get("deadline")
    unit = str(context.get("unit") or "")
    values = {"title": tr(context.get("title"), language) if isinstance(context.get("title"), dict)
              else str(context.get("title") or ""),
              "child": str(context.get("child") or ""), "reference": str(context.get("reference") or ""),
              "deadline": deadline.strftime("%-d.%-m.%Y") if deadline else ""}
    link = str(context.get("link") or "")
    lines = [str(what) % values]
    if unit and kind in ("offer.made", "offer.decided"):
        lines.append(_("Place: %(unit)s") % {"unit": unit})
    lines.append(str(do) % values)
    if link:
        lines.append(_("Open the offer: %(url)s") % {"url": messages.link_url(municipality, link)})
    return str(subject_text) % values, lines, link
