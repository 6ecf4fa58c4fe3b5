"""The text of the offers' notifications (notify.messages renders them in the recipient's language).
Only the child's first name, the offer's title, the unit's name and the deadline: never an
address, so a child's protected address cannot leak through a message read by someone else."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr
from luukku.notify import messages

# kind → (subject, what happened, what to do). Placeholders: title, child, child_to (the first name
# as the one something is offered to: in Finnish the allative, "Tarjoamme Helmille…", never "lapselle
# Helmi:"; in other languages the name as it is), unit, deadline, reference.
KINDS = {
    "offer.made": (
        gettext_lazy("%(title)s: an offer for %(child_to)s"),
        gettext_lazy("We have made an offer for %(child_to)s: %(title)s."),
        gettext_lazy("Accept the offer or ask for a change by %(deadline)s. You do not need to apply."),
    ),
    "offer.decided": (
        gettext_lazy("%(title)s: a decision for %(child_to)s"),
        gettext_lazy("A decision has been made automatically for %(child_to)s: %(title)s."),
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
    "offer.reoffered": (
        gettext_lazy("%(title)s: a new offer for %(child_to)s"),
        gettext_lazy("We have handled your change request and offer %(child_to)s another place."),
        gettext_lazy("Accept the new offer, ask for a change or decline it by %(deadline)s."),
    ),
    "offer.change_refused": (
        gettext_lazy("%(title)s: the change request was not granted"),
        gettext_lazy("We have handled your change request. The change cannot be made: the reason is behind "
                     "the link."),
        gettext_lazy("The place first offered to %(child_to)s stays open: accept it or decline it by "
                     "%(deadline)s."),
    ),
    "offer.change_refused_decision": (
        gettext_lazy("%(title)s: the change request was not granted"),
        gettext_lazy("We have handled your change request. The change cannot be made: the reason is behind "
                     "the link."),
        gettext_lazy("The decision stays in force. You do not need to do anything."),
    ),
    "offer.withdrawn": (
        gettext_lazy("The offer for %(child)s was withdrawn"),
        gettext_lazy("The offer for %(child)s (%(title)s) was withdrawn."),
        gettext_lazy("You can see the reason behind the link."),
    ),
}


_WEAK = re.compile(r"(kk|pp|tt)([aeiouyäö])$", re.IGNORECASE)


def allative(name: str) -> str:
    """A first name in the Finnish allative ("to Helmi" → "Helmille"): a double k, p or t of the
    last syllable weakens (Pekka → Pekalle, Matti → Matille), a vowel and s takes -kselle (Elias →
    Eliakselle), another consonant -ille (Oliver → Oliverille)."""
    if not name:
        return name
    if name[-1].lower() in "aeiouyäöå":
        weak = _WEAK.search(name)
        stem = name[:weak.start()] + weak.group(1)[0] + weak.group(2) if weak else name
        return f"{stem}lle"
    if re.search(r"[aeiouyäö]s$", name, re.IGNORECASE):
        return f"{name[:-1]}kselle"
    return f"{name}ille"


def to_child(name: str, language: str) -> str:
    """The name of the one something is offered to, as `language` says it (Finnish: "Helmille")."""
    return allative(name) if language == "fi" else name


@messages.register("offer", KINDS)
def render(kind: str, municipality, language: str, context: dict, case=None):
    subject_text, what, do = KINDS[kind]
    deadline = context.get("deadline")
    unit = str(context.get("unit") or "")
    values = {"title": tr(context.get("title"), language) if isinstance(context.get("title"), dict)
              else str(context.get("title") or ""),
              "child": str(context.get("child") or ""), "reference": str(context.get("reference") or ""),
              "child_to": str(context.get("child_to") or to_child(str(context.get("child") or ""), language)),
              "deadline": deadline.strftime("%-d.%-m.%Y") if deadline else ""}
    link = str(context.get("link") or "")
    lines = [str(what) % values]
    if unit and kind in ("offer.made", "offer.decided", "offer.reoffered", "offer.change_refused"):
        lines.append(_("Place: %(unit)s") % {"unit": unit})
    lines.append(str(do) % values)
    if link:
        lines.append(_("Open the offer: %(url)s") % {"url": messages.link_url(municipality, link)})
    return str(subject_text) % values, lines, link
