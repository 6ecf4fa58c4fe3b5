"""The panel invitation (notify.messages renders it in the invitee's language): which survey, by when,
and the personal link. Never anything about the invitee or how they were chosen."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.notify import messages

KINDS = {
    "panel.invited": (
        gettext_lazy("You are invited to answer the survey %(survey)s"),
        gettext_lazy("You have been chosen at random to answer the survey %(survey)s, together with other "
                     "residents of different ages and areas. Your answer helps us plan services for everyone."),
        gettext_lazy("Answer by %(closes)s. The link is personal: please do not share it."),
    ),
}


@messages.register("panel", KINDS)
def render(kind: str, municipality, language: str, context: dict, case=None):
    subject, what, do = KINDS[kind]
    values = {"survey": context.get("survey", ""), "closes": context.get("closes", "")}
    link = context.get("link", "")
    return str(subject) % values, [
        str(what) % values, str(do) % values,
        _("Answer the survey: %(url)s") % {"url": messages.link_url(municipality, link)}], link
