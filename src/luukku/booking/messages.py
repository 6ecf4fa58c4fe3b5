"""The text of booking messages (notify.messages renders them in the recipient's language): what was
booked, when, the reference and the link to the booking. Never the resident's message, the others'
names, the resident's contact details or staff's words (a cancellation's reason is read behind the link)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr
from luukku.notify import messages

# kind → (subject, what happened, what to do). Placeholders: what, when, reference, municipality, old.
KINDS = {
    "booking.confirmed": (
        gettext_lazy("Your booking %(reference)s is confirmed"),
        gettext_lazy("You have booked %(what)s on %(when)s. Reference: %(reference)s."),
        gettext_lazy("You can move or cancel the booking through the link below."),
    ),
    "booking.reminder": (
        gettext_lazy("Reminder: %(what)s on %(when)s"),
        gettext_lazy("A reminder of your booking: %(what)s on %(when)s. Reference: %(reference)s."),
        gettext_lazy("If you cannot come, cancel the booking through the link below so that someone else can "
                     "have the time."),
    ),
    "booking.rescheduled": (
        gettext_lazy("Your booking %(reference)s has a new time"),
        gettext_lazy("Your booking of %(what)s has moved from %(old)s to %(when)s."),
        gettext_lazy("See the booking through the link below."),
    ),
    "booking.cancelled": (
        gettext_lazy("Your booking %(reference)s is cancelled"),
        gettext_lazy("Your booking of %(what)s on %(when)s is cancelled."),
        gettext_lazy("You can book a new time through the link below."),
    ),
    "booking.cancelled_by_staff": (
        gettext_lazy("We had to cancel your booking %(reference)s"),
        gettext_lazy("%(municipality)s had to cancel your booking of %(what)s on %(when)s."),
        gettext_lazy("We are sorry. Read why, and book a new time, through the link below."),
    ),
}


@messages.register("booking", KINDS)
def render(kind: str, municipality, language: str, context: dict, case=None):
    what = context.get("what") or ""
    values = {"what": tr(what, language) if isinstance(what, dict) else str(what),
              "when": str(context.get("when") or ""), "old": str(context.get("old") or ""),
              "reference": str(context.get("reference") or ""),
              "municipality": tr(municipality.name, language)}
    subject_text, what_happened, do = KINDS[kind]
    lines = [str(what_happened) % values, str(do) % values]
    link = str(context.get("link") or "")
    if link:
        lines.append(_("Open your booking: %(url)s") % {"url": messages.link_url(municipality, link)})
    return str(subject_text) % values, lines, link
