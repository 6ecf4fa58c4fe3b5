"""The text of the case notifications (notify.messages renders them in the recipient's language):
what happened to which case (reference and case type), what to do, and the link to the case in My
cases. Never the decision, the answers, the handler's text or an address."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.translation import tr
from luukku.notify import messages

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


@messages.register("case", KINDS)
def render(kind: str, municipality, language: str, context: dict, case=None):
    if case is None:  # nothing to name: say only that there is news
        return messages.generic(municipality, language)
    values = _values(case, language)
    subject_text, what, do = KINDS[kind]
    link = case_path(case, language)
    return str(subject_text) % values, [
        str(what) % values, str(do) % values,
        _("Open the case in My cases: %(url)s") % {"url": messages.public_base(municipality) + link}], link
