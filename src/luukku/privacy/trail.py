""""Who has handled my data": the audit trail (core.AuditEvent) as the resident reads it.

The resident sees the entries about themself and about the minors in their guardianship today
(people.selectors.children_of). An entry written while someone acted for another person is about the
person represented (its subject), so it shows to them. Staff members are never named: the resident
reads the unit, the role, what was done (a plain-language text per audit action), why and how.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from luukku.core.models import AuditEvent, Channel, Role
from luukku.core.translation import tr
from luukku.people.selectors import children_of

# Every action written with core.services.record_audit (grep record_audit / audit_read / _audit),
# in words a resident understands. An action missing here reads as "Your data was viewed".
ACTIONS = {
    "case.read": _("Viewed your case"),
    "case.read_summary": _("Viewed the summary of your case"),
    "case.notes_read": _("Read the internal notes of your case"),
    "case.attachment.read": _("Opened an attachment of your case"),
    "case.decision.read": _("Viewed a decision in your case"),
    "case.handover.read": _("Viewed the transfer of your case to a partner organisation"),
    "feedback.read": _("Viewed your feedback"),
    "contact.read": _("Viewed the record of your contact with the municipality"),
    "person.read": _("Viewed your personal details"),
    "person.view": _("Viewed your personal details"),
    "person.change": _("Changed your personal details"),
    "person.search": _("Found you by your personal identity code"),
    "person.contacts_read": _("Viewed the record of your contacts with the municipality"),
    "mandate.view": _("Viewed who may act on your behalf"),
    "notification.read": _("Viewed a message sent to you"),
    "proactive.offer.read": _("Viewed a service offered to you"),
    "proactive.dry_run.read": _("Checked whether a service should be offered to you"),
    "proactive.follow_up.read": _("Followed up on a service offered to you"),
    "privacy.audit_search": _("The data-protection officer searched the log of your data"),
    "privacy.audit_export": _("The data-protection officer exported the log of your data"),
    "privacy.gdpr_query": _("Your data was fetched for your request through the resident profile service"),
    "case.list": _("Viewed a list of cases that included yours"),
    "case.queue": _("Viewed a work queue that included your case"),
    "person.named": _("Saw your name in the details of a person you are connected with"),
    "person.search_result": _("Found you in a search by name"),
    "data.disclosed": _("Handed your data over to another organisation"),
    "legal_hold.read": _("Viewed an order to keep your data"),
    "panels.sample_people": _("Saw your name in the list of people invited to a resident panel"),
    "booking.read": _("Viewed your booking"),
    "booking.list": _("Saw your booking in a list of a day's bookings"),
}
UNKNOWN_ACTION = _("Your data was viewed")

# The purposes the code writes, likewise; anything else is shown as written.
PURPOSES = {
    "case handling": _("handling your case"),
    "service point: case status": _("answering your question at a service point"),
    "feedback handling": _("handling your feedback"),
    "front office": _("serving you at the front office"),
    "front office: identity code search": _("serving you at the front office"),
    "front office administration": _("maintaining the records of the front office"),
    "resident data administration": _("maintaining resident records"),
    "delivery follow-up": _("making sure a message reached you"),
    "resident panel": _("inviting residents to a resident panel"),
    "proactive campaign follow-up": _("offering you a service proactively"),
    "data-protection supervision": _("supervising the lawful use of personal data"),
    "front office: name search": _("serving you at the front office"),
    "front office: logging a contact": _("recording your contact with the front office"),
    "front office: follow-ups": _("following up your contact with the front office"),
    "front office: starting a case": _("starting a case for you at the front office"),
    "front office: named on a card": _("serving you or a person connected with you at the front office"),
    "front office: named on a case form": _("starting a case at the front office"),
    "legal hold": _("keeping your data because of a legal hold"),
    "booking handling": _("handling your booking"),
    "front office: booking a time": _("booking a time for you at the front office"),
    "the person's GDPR request through the profile service": _("answering your request about your data"),
}

ROLES = dict(Role.choices)
CHANNELS = dict(Channel.choices)


@dataclass
class Entry:
    at: datetime
    concerns: object  # the Person
    is_self: bool
    action_code: str
    action: str
    unit: str
    role_code: str
    role: str
    purpose: str
    channel_code: str
    channel: str


def people_shown(person) -> list:
    """The person themself, then the minors in their guardianship today."""
    return [person] + [child for child, _mandate in children_of(person)]


def events_for(person, people=None):
    """The audit events about `people` (default: the person and their children), newest first."""
    people = people if people is not None else people_shown(person)
    return (AuditEvent.all_objects.filter(municipality_id=person.municipality_id,
                                          subject_id__in=[p.public_id for p in people])
            .select_related("unit").order_by("-at", "-id"))


def entries(events, person, people, language=None) -> list[Entry]:
    """Plain-language rows in the active language; the actor (a staff member's name or account) is
    left out on purpose."""
    by_id = {p.public_id: p for p in people}
    rows = []
    for event in events:
        concerns = by_id.get(event.subject_id, person)
        rows.append(Entry(
            at=event.at,
            concerns=concerns,
            is_self=concerns.pk == person.pk,
            action_code=event.action,
            action=str(ACTIONS.get(event.action, UNKNOWN_ACTION)),
            unit=tr(event.unit.name, language) if event.unit_id else str(_("the municipality")),
            role_code=event.actor_role,
            role=str(ROLES.get(event.actor_role, _("staff member"))),
            purpose=str(PURPOSES.get(event.purpose, event.purpose)),
            channel_code=event.channel,
            channel=str(CHANNELS.get(event.channel, event.channel)),
        ))
    return rows
