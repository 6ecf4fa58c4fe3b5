"""Erasure of a person's data (GDPR art. 17), for the resident's request and the profile service's
GDPR API. Refused, with the reasons, while the person has an open case or offer, a legal hold, or a
closed case that its retention period still keeps; otherwise personal data is removed across the
apps, and the Person row stays as an anonymous stub so that records kept by law (audit events,
messages the person wrote in other people's cases, answered offers) still hold together."""

import dataclasses
import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.sessions import end_sessions
from luukku.core.services import record_event, retention_delete

from .retention import delete_files

ERASED_BIRTH_DATE = dt.date(1900, 1, 1)


@dataclasses.dataclass
class Refusal:
    code: str
    message: dict  # {fi, sv, en}


def _in_every_language(text_fn) -> dict:
    out = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            out[language] = text_fn()
    return out


def _own_cases(person):
    from luukku.cases.models import Case

    return Case.all_objects.filter(municipality_id=person.municipality_id).filter(
        Q(applicant=person) | Q(subject=person))


def refusals(person, now=None) -> list[Refusal]:
    """Why `person`'s data cannot be erased now (empty: it can)."""
    from luukku.cases.models import OPEN_STATUSES
    from luukku.proactive.models import ANSWERABLE, Offer

    from . import retention
    from .models import LegalHold

    now = now or clock.now()
    out = []
    cases = _own_cases(person)
    open_refs = sorted(cases.filter(status__in=OPEN_STATUSES).values_list("reference", flat=True))
    if open_refs:
        refs = ", ".join(open_refs)
        out.append(Refusal("OPEN_CASE", _in_every_language(lambda: _(
            "You have cases in handling (%(refs)s). Your data can be erased when they are closed.")
            % {"refs": refs})))
    if Offer.all_objects.filter(municipality_id=person.municipality_id, person=person,
                                status__in=ANSWERABLE).exists():
        out.append(Refusal("OPEN_OFFER", _in_every_language(lambda: _(
            "An offer to you is waiting for an answer. Your data can be erased when it has been answered."))))
    holds = LegalHold.all_objects.filter(municipality_id=person.municipality_id, released_at__isnull=True).filter(
        Q(person=person) | Q(case__in=cases))
    if holds.exists():
        out.append(Refusal("LEGAL_HOLD", _in_every_language(lambda: _(
            "Your data must be kept for now for a legal reason (a legal hold). Please contact the municipality."))))
    kept = retention.cases_kept(person, cases.exclude(status__in=OPEN_STATUSES), now)
    if kept:
        until = max(kept.values())
        refs = ", ".join(sorted(kept))
        out.append(Refusal("RETENTION", _in_every_language(lambda: _(
            "The law requires the records of your cases (%(refs)s) to be kept until %(date)s. "
            "Your data can be erased after that.") % {"refs": refs, "date": f"{until:%-d.%-m.%Y}"})))
    return out


def erase(person, *, actor=None, dry_run: bool = False) -> tuple[list[Refusal], dict]:
    """Erase `person`'s data if nothing refuses it. Returns (refusals, counts of what went)."""
    from luukku.eservices.models import Attachment, Draft
    from luukku.feedback.models import Feedback
    from luukku.frontoffice.models import Contact
    from luukku.notify.models import Notification, Preference
    from luukku.people.models import Mandate, Person
    from luukku.proactive.models import LifeEvent, OptOut

    from .models import DataExport, ProfileLink

    with transaction.atomic():
        person = Person.all_objects.select_for_update().get(pk=person.pk)
        refused = refusals(person)
        if refused or dry_run:
            return refused, {}
        m = person.municipality_id
        counts = {}
        drafts = Draft.all_objects.filter(municipality_id=m, applicant=person, submitted_at__isnull=True)
        delete_files(Attachment.all_objects.filter(draft__in=drafts, case__isnull=True), "file")
        counts["drafts"] = retention_delete(drafts.filter(case__isnull=True))
        counts["feedback_contacts"] = Feedback.all_objects.filter(municipality_id=m, person=person).update(
            person=None, first_name="", last_name="", email="", phone="", device_id="", account_id="",
            updated_at=clock.now())
        counts["notifications"] = retention_delete(Notification.all_objects.filter(municipality_id=m, person=person))
        retention_delete(Preference.all_objects.filter(person=person))
        retention_delete(OptOut.all_objects.filter(person=person))
        retention_delete(LifeEvent.all_objects.filter(person=person))
        counts["front_office_contacts"] = retention_delete(Contact.all_objects.filter(municipality_id=m, person=person))
        exports = DataExport.all_objects.filter(person=person)
        delete_files(exports, "json_file", "pdf_file")
        retention_delete(exports)
        retention_delete(ProfileLink.all_objects.filter(person=person))
        counts["mandates"] = _delete_unreferenced_mandates(
            Mandate.all_objects.filter(Q(agent=person) | Q(principal=person)))
        user = person.user
        token = uuid.uuid4().hex
        Person.all_objects.filter(pk=person.pk).update(
            user=None, hetu_encrypted="", hetu_hash=f"erased-{token}", first_names="", last_name="",
            birth_date=ERASED_BIRTH_DATE, street_address="", postal_code="", post_office="", latitude=None,
            longitude=None, email="", phone="", moved_away_on=None, register_checked_at=None, last_loa="",
            last_amr=[])
        if user is not None:
            counts["sessions"] = end_sessions(user)
            _retire_user(user)
        record_event(municipality=person.municipality, kind="privacy.erased", obj=person, actor=actor,
                     data={"counts": counts})
    return [], counts


def _delete_unreferenced_mandates(mandates) -> int:
    """Mandates that nothing done under them names (cases, messages and history keep theirs)."""
    from django.db.models.deletion import ProtectedError, RestrictedError

    gone = 0
    for mandate in mandates:
        try:
            with transaction.atomic():
                gone += retention_delete(type(mandate).all_objects.filter(pk=mandate.pk))
        except (ProtectedError, RestrictedError):
            pass
    return gone


def _retire_user(user) -> None:
    """The login account goes too, unless it is a staff account or a resident of another municipality."""
    from luukku.core.models import StaffMembership
    from luukku.people.models import Person

    if (user.is_staff or user.is_superuser or Person.all_objects.filter(user=user).exists()
            or StaffMembership.all_objects.filter(user=user).exists()):
        return
    user.username = f"erased-{uuid.uuid4().hex}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
