"""Every write of feedback: one function per use case, each in a transaction with the row locked,
history appended and a domain event recorded (status changes through core.lifecycle.move and the
table TRANSITIONS; assignments, forwards, replies and ratings as events of their own). The pages,
the staff pages and the Open311 API all come through here, so the same input gets the same checks
and the same messages."""

import hashlib
import math
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.cases.sla import add_working_days
from luukku.core import clock, geo
from luukku.core.lifecycle import Lifecycle, labels, move
from luukku.core.services import bump_content_version, record_event

from . import intake
from . import media as media_checks
from .models import (
    CLOSED_STATUSES,
    ApiKey,
    Assignment,
    Category,
    Channel,
    Feedback,
    Forward,
    Media,
    Note,
    Publication,
    Reply,
    Satisfaction,
    Status,
    StatusChange,
)

MIN_DESCRIPTION, MAX_DESCRIPTION = 10, 5000
DUPLICATE_RADIUS_M = 100  # open reports of the same category this close are possible duplicates
LOW_SCORE = 2  # a rating this low (or an explicit wish) reopens the feedback

# The only status changes there are (core.lifecycle.move refuses the rest). Staff move feedback
# within its category's statuses (staff_forms.statuses_for: the general ones, or public works'
# with "rejected" and "archived"); nothing goes back to "received"/"new" once handling began,
# except between those two, for a category moved between the general and the public-works
# handling before anyone started. A closed status may be corrected to another closing one of its
# kind, archived, or reopened: "in process" (either kind's), as the reporter's low rating does.
# Nothing leaves "archived" but reopening.
_REOPEN = {Status.IN_PROCESS, Status.PUBLIC_WORKS_IN_PROGRESS}
_PW_CLOSING = {Status.PUBLIC_WORKS_COMPLETED, Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER,
               Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION}
_PW_WORKING = {Status.PUBLIC_WORKS_IN_PROGRESS, Status.PUBLIC_WORKS_INTERRUPTED}
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.IN_PROCESS, Status.PROCESSED, Status.REJECTED, Status.ARCHIVED,
                      Status.PUBLIC_WORKS_NEW, Status.PUBLIC_WORKS_IN_PROGRESS},
    Status.IN_PROCESS: {Status.PROCESSED, Status.REJECTED, Status.ARCHIVED},
    Status.PROCESSED: {Status.REJECTED, Status.ARCHIVED, *_REOPEN},
    Status.REJECTED: {Status.PROCESSED, Status.ARCHIVED, *_REOPEN},
    Status.ARCHIVED: _REOPEN,
    Status.PUBLIC_WORKS_NEW: {*_PW_WORKING, *_PW_CLOSING, Status.REJECTED, Status.ARCHIVED, Status.RECEIVED,
                              Status.IN_PROCESS},
    Status.PUBLIC_WORKS_IN_PROGRESS: {Status.PUBLIC_WORKS_INTERRUPTED, *_PW_CLOSING, Status.REJECTED,
                                      Status.ARCHIVED},
    Status.PUBLIC_WORKS_INTERRUPTED: {Status.PUBLIC_WORKS_IN_PROGRESS, *_PW_CLOSING, Status.REJECTED,
                                      Status.ARCHIVED},
    **{closing: {*(_PW_CLOSING - {closing}), Status.REJECTED, Status.ARCHIVED, *_REOPEN}
       for closing in _PW_CLOSING},
}


def _history_row(feedback, change) -> StatusChange:
    return StatusChange(municipality_id=feedback.municipality_id, feedback=feedback, at=change.at,
                        from_status=change.from_status, to_status=change.to_status, by_user=change.by_user,
                        reason=change.reason)


FEEDBACK = Lifecycle(model=Feedback, table=TRANSITIONS, history=_history_row, event_prefix="feedback",
                     label=labels(Status), refusal=gettext_lazy("Feedback that is “%(from)s” cannot be changed to "
                                                                "“%(to)s”."))


# --- checks shared by every channel ---------------------------------------------------------------

def check_email(raw: str) -> str:
    """One valid address as the web form takes it, or "" when none was given: every channel (the
    Open311 API too) is refused a list, a line break or markup, which could never be delivered."""
    from luukku.notify.channels import email_address

    raw = (raw or "").strip()
    if raw and email_address(raw) is None:
        raise ValidationError({"email": ValidationError(_("Check the email address, for example name@example.fi."),
                                                        code="invalid_email")})
    return raw


def check_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_DESCRIPTION:
        raise ValidationError({"description": ValidationError(
            _("Write at least %(n)d characters, so that we understand what the feedback is about.")
            % {"n": MIN_DESCRIPTION}, code="description_too_short")})
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError({"description": ValidationError(
            _("Write at most %(n)d characters (now %(count)d).") % {"n": MAX_DESCRIPTION, "count": len(text)},
            code="description_too_long")})
    return text


def check_location(municipality, category, latitude, longitude, address: str):
    """(lat, lon) or (None, None); raises when the point is not a coordinate or lies outside."""
    if latitude in (None, "") and longitude in (None, ""):
        if category.location_required and not address.strip():
            raise ValidationError({"location": ValidationError(
                _("Mark the place on the map or write its address."), code="location_required")})
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ValidationError({"location": ValidationError(
            _("The location must be a latitude and a longitude in decimal degrees."), code="location_invalid")})
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValidationError({"location": ValidationError(
            _("The location must be a latitude and a longitude in decimal degrees."), code="location_invalid")})
    if municipality.boundary and not geo.contains(municipality.boundary, lat, lon):
        raise ValidationError({"location": ValidationError(
            _("The place is outside %(name)s. Feedback about other municipalities goes to them.")
            % {"name": str(municipality)}, code="location_outside")})
    return lat, lon


def check_attributes(category, given: dict | None) -> dict:
    """Answers to the category's extra questions (Open311 attributes), by code."""
    given = {k: v for k, v in (given or {}).items() if v not in (None, "", [])}
    known = {a.get("code"): a for a in category.attributes or []}
    errors, answers = {}, {}
    for code, spec in known.items():
        value = given.get(code)
        if value is None:
            if spec.get("required"):
                errors[code] = _("Answer this question.")
            continue
        keys = {str(v.get("key")) for v in spec.get("values") or []}
        datatype = spec.get("datatype", "string")
        if datatype == "singlevaluelist" and str(value) not in keys:
            errors[code] = _("Choose one of the given answers.")
        elif datatype == "multivaluelist":
            values = value if isinstance(value, list) else [value]
            if not all(str(v) in keys for v in values):
                errors[code] = _("Choose only among the given answers.")
            value = [str(v) for v in values]
        elif datatype == "number":
            try:
                value = float(value)
            except (TypeError, ValueError):
                errors[code] = _("Give a number.")
        else:
            value = str(value)[:1000]
        answers[code] = value
    if errors:
        raise ValidationError({"attributes": [ValidationError(f"{code}: {msg}", code="attribute_invalid")
                                              for code, msg in errors.items()]})
    return answers


def route(municipality, category, latitude=None, longitude=None):
    """The unit responsible: the first active rule (by priority) whose category and area match."""
    from .config import intake_config

    for rule in intake_config(municipality).rules:
        if rule.category_id not in (None, category.pk):
            continue
        if rule.area:
            if latitude is None or not geo.contains(rule.area, latitude, longitude):
                continue
        return rule.unit
    raise ValidationError({"category": ValidationError(
        _("This category has no handler yet. Choose another category or contact the municipality."),
        code="no_route")})


def reference_for(feedback) -> str:
    from luukku.cases.services import reference_prefix

    return f"{reference_prefix(feedback.municipality)}-P-{feedback.pk:06d}"


def follow_url(feedback, language: str | None = None) -> str:
    """The reporter's follow-up page (the link carries the secret token)."""
    return reverse("feedback:follow", kwargs={"municipality": feedback.municipality.slug,
                                               "lang": language or feedback.language, "token": feedback.token})


# --- writes -----------------------------------------------------------------------------------------

@transaction.atomic
def submit(*, municipality, category: Category, description: str, channel: str = Channel.ONLINE,
           language: str = "fi", kind: str = "", title: str = "", latitude=None, longitude=None, address: str = "",
           zipcode: str = "", attributes: dict | None = None, person=None, first_name: str = "", last_name: str = "",
           email: str = "", phone: str = "", device_id: str = "", account_id: str = "", api_key=None,
           recorded_by=None, photos=(), later: bool = False) -> Feedback:
    """Take in feedback from any channel: check it, route it to a unit, set the target date, store
    the photos, then complete the intake (intake.complete: reference, history, links to nearby open
    reports, acknowledgement through the outbox) in the same transaction — or, with `later` (the
    Open311 API), in the worker's next batch. Raises ValidationError with every problem."""
    # NUL cannot be stored in PostgreSQL text; the forms refuse it, partner systems may send it.
    description, title, address, zipcode = (_text(v) for v in (description, title, address, zipcode))
    first_name, last_name, email, phone = (_text(v) for v in (first_name, last_name, email, phone))
    device_id, account_id = _text(device_id), _text(account_id)
    errors = {}
    if category.municipality_id != municipality.pk or not category.active:
        raise ValidationError({"category": ValidationError(_("Choose a category from the list."),
                                                           code="unknown_category")})
    kind = kind or (category.kinds[0] if category.kinds else "fault")
    if kind not in (category.kinds or []):
        errors["kind"] = [ValidationError(_("Choose a kind of feedback that suits the category."), code="kind")]
    checked = {}  # every check once, every problem reported together
    for name, check in (("description", lambda: check_description(description)),
                        ("email", lambda: check_email(email)),
                        ("location", lambda: check_location(municipality, category, latitude, longitude, address)),
                        ("attributes", lambda: check_attributes(category, attributes))):
        try:
            checked[name] = check()
        except ValidationError as exc:
            for field, messages in exc.error_dict.items():
                errors.setdefault(field, []).extend(messages)
    try:
        checked_photos = media_checks.check_photos(photos)
    except ValidationError as exc:
        errors["photos"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    lat, lon = checked["location"]
    unit = route(municipality, category, lat, lon)
    now = clock.now()
    feedback = Feedback.all_objects.create(
        municipality=municipality, token=secrets.token_urlsafe(24), category=category, kind=kind,
        title=title.strip()[:200], description=checked["description"],
        status=Status.PUBLIC_WORKS_NEW if category.public_works else Status.RECEIVED, unit=unit, channel=channel,
        language=language, latitude=lat, longitude=lon, address=address.strip()[:200], zipcode=zipcode.strip()[:10],
        attributes=checked["attributes"], person=person, intake_pending=later, first_name=first_name.strip()[:100],
        last_name=last_name.strip()[:100], email=checked["email"], phone=phone.strip()[:40],
        device_id=device_id[:100], account_id=account_id[:100], api_key=api_key, recorded_by=recorded_by,
        submitted_at=now, updated_at=now,
        due_date=add_working_days(timezone.localdate(now), category.sla_days) if category.sla_days else None,
    )
    for photo in checked_photos:
        item = Media(municipality=municipality, feedback=feedback, name=photo.name, content_type=photo.content_type,
                     size=len(photo.content), width=photo.width, height=photo.height, created_at=now)
        item.file.save(f"{feedback.public_id}-{len(photo.content)}", ContentFile(photo.content), save=False)
        item.save()
    if later:
        transaction.on_commit(lambda: intake.schedule(municipality.pk))
        feedback.reference = reference_for(feedback)  # what the batch will store
    else:
        intake.complete([feedback])
    return feedback


def _text(value) -> str:
    return str(value or "").replace("\x00", "")


def nearby_open(feedback, radius_m: int = DUPLICATE_RADIUS_M, limit: int = 5) -> list[tuple[int, float]]:
    """[(id, metres)]: earlier open feedback of the same category within `radius_m`, nearest first."""
    from . import selectors

    return selectors.nearby_ids(feedback.municipality, feedback.category_id, feedback.latitude, feedback.longitude,
                                radius_m=radius_m, older_than=feedback.pk, limit=limit)


def _locked(feedback) -> Feedback:
    return Feedback.all_objects.select_for_update().get(pk=feedback.pk)


def _check_staff_may_handle(user, feedback):
    """One rule with cases (cases.services._require_handler): a staff member who may not handle the
    unit's items is refused with PermissionDenied (the page answers 403; it offered no such form);
    a refusal about the item's state (taken by someone else, unknown status) is a ValidationError the
    page shows by its form."""
    from . import access

    if user is not None and not access.may_handle(user, feedback):
        raise PermissionDenied("the user may not handle feedback of this unit")


def _record_assignment(feedback, assignee, by_user, now) -> None:
    Assignment.all_objects.create(municipality_id=feedback.municipality_id, feedback=feedback, assignee=assignee,
                                  by_user=by_user, at=now)


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _facts(feedback) -> dict:
    """What every event of a feedback item says about it (the figures group by these)."""
    return {"reference": feedback.reference, "category": feedback.category.code, "category_id": feedback.category_id,
            "unit_id": feedback.unit_id}


@transaction.atomic
def change_status(feedback, to_status: str, *, by_user=None, reason: str = "") -> Feedback:
    """The one way a status changes (staff, the reporter's rating, or the system): through
    core.lifecycle.move, which refuses what TRANSITIONS does not allow."""
    if to_status not in Status.values:
        raise ValidationError({"status": ValidationError(_("Unknown status."), code="unknown_status")})
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if locked.status == to_status:
        raise ValidationError({"status": ValidationError(_("The feedback already has this status."),
                                                         code="same_status")})
    if not FEEDBACK.allows(locked.status, to_status):
        raise ValidationError({"status": FEEDBACK.refuse(locked.status, to_status)})
    now = clock.now()
    was_closed = locked.status in CLOSED_STATUSES
    closed_at = locked.closed_at
    if to_status in CLOSED_STATUSES and not was_closed:
        closed_at = now
    elif to_status not in CLOSED_STATUSES:
        closed_at = None
    move(FEEDBACK, locked, to_status, by_user=by_user, reason=reason.strip(), at=now, also={"closed_at": closed_at},
         event_data=_facts(locked))
    _public_changed(locked)
    if to_status in CLOSED_STATUSES and not was_closed:
        _tell_reporter(locked, "feedback.closed", f"feedback:{locked.public_id}:closed:{now.timestamp()}")
    return locked


@transaction.atomic
def add_note(feedback, *, by_user, text: str) -> Note:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("Write the note."), code="required")})
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    return Note.all_objects.create(municipality_id=locked.municipality_id, feedback=locked, by_user=by_user,
                                   text=text)


@transaction.atomic
def claim(feedback, *, by_user) -> Feedback:
    """A handler takes feedback nobody handles yet. Taken by someone else: refused with their name
    (giving it to another handler is `assign`, a choice made on purpose), as a case's claim is."""
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if locked.assignee_id == by_user.pk:
        return locked
    if locked.assignee_id is not None:
        raise ValidationError(_("%(name)s is already handling this feedback."), code="already_claimed",
                              params={"name": _user_name(locked.assignee)})
    now = clock.now()
    locked.assignee, locked.updated_at = by_user, now
    locked.save(update_fields=["assignee", "updated_at"])
    _record_assignment(locked, by_user, by_user, now)
    record_event(municipality=locked.municipality, kind="feedback.assigned", obj=locked, actor=by_user,
                 data={**_facts(locked), "assignee": by_user.pk, "claimed": True})
    return locked


@transaction.atomic
def assign(feedback, *, by_user, assignee) -> Feedback:
    """Give the feedback to a handler of its unit, or release it to the unit's queue (None)."""
    from . import access

    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if assignee is not None and not access.may_handle(assignee, locked):
        raise ValidationError({"assignee": ValidationError(_("Choose a handler of this unit."), code="assignee")})
    if locked.assignee_id == getattr(assignee, "pk", None):
        return locked
    now = clock.now()
    locked.assignee, locked.updated_at = assignee, now
    locked.save(update_fields=["assignee", "updated_at"])
    _record_assignment(locked, assignee, by_user, now)
    record_event(municipality=locked.municipality, kind="feedback.assigned", obj=locked, actor=by_user,
                 data={**_facts(locked), "assignee": getattr(assignee, "pk", None), "claimed": False})
    return locked


@transaction.atomic
def forward(feedback, *, to_unit, by_user, reason: str) -> Feedback:
    """Move to another unit of the same municipality, with the reason (kept in the history)."""
    reason = (reason or "").strip()
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if to_unit.municipality_id != locked.municipality_id:
        raise ValidationError({"unit": ValidationError(_("Choose a unit of this municipality."), code="unit")})
    if to_unit.pk == locked.unit_id:
        raise ValidationError({"unit": ValidationError(_("The feedback is already with this unit."), code="unit")})
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the feedback goes to the other unit."),
                                                         code="required")})
    now = clock.now()
    Forward.all_objects.create(municipality_id=locked.municipality_id, feedback=locked, at=now,
                               from_unit_id=locked.unit_id, to_unit=to_unit, by_user=by_user, reason=reason)
    if locked.assignee_id is not None:  # the other unit's queue: nobody handles it there yet
        _record_assignment(locked, None, by_user, now)
    from_unit_id = locked.unit_id
    locked.unit, locked.assignee, locked.updated_at = to_unit, None, now
    locked.save(update_fields=["unit", "assignee", "updated_at"])
    record_event(municipality=locked.municipality, kind="feedback.forwarded", obj=locked, actor=by_user,
                 data={**_facts(locked), "from_unit_id": from_unit_id, "to_unit_id": to_unit.pk})
    _public_changed(locked)
    return locked


@transaction.atomic
def reply(feedback, *, by_user, body: str) -> Reply:
    """A reply to the reporter: on the follow-up page, and a notification where we can reach them."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Write the reply."), code="required")})
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    now = clock.now()
    answer = Reply.all_objects.create(municipality_id=locked.municipality_id, feedback=locked, at=now,
                                      by_user=by_user, body=body)
    locked.updated_at = now
    locked.save(update_fields=["updated_at"])
    record_event(municipality=locked.municipality, kind="feedback.replied", obj=locked, actor=by_user,
                 data={**_facts(locked), "reply": str(answer.public_id)})
    _tell_reporter(locked, "feedback.replied", f"feedback:{locked.public_id}:reply:{answer.public_id}")
    return answer


@transaction.atomic
def publish(feedback, *, by_user, publication: str, public_answer: str | None = None) -> Feedback:
    """Moderation: whether the feedback (never its contact details) shows publicly, with the
    municipality's public answer (Open311 status_notes)."""
    if publication not in Publication.values:
        raise ValidationError({"publication": ValidationError(_("Unknown choice."), code="publication")})
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if public_answer is not None:
        locked.public_answer = public_answer.strip()
    was_public = locked.publication == Publication.PUBLIC
    locked.publication, locked.updated_at = publication, clock.now()
    locked.save(update_fields=["publication", "public_answer", "updated_at"])
    _public_changed(locked, force=was_public)
    return locked


@transaction.atomic
def mark_duplicate(feedback, *, of, by_user) -> Feedback:
    locked = _locked(feedback)
    _check_staff_may_handle(by_user, locked)
    if of is not None and (of.pk == locked.pk or of.municipality_id != locked.municipality_id):
        raise ValidationError({"duplicate_of": ValidationError(_("Choose another feedback of this municipality."),
                                                               code="duplicate_of")})
    locked.duplicate_of, locked.updated_at = of, clock.now()
    locked.save(update_fields=["duplicate_of", "updated_at"])
    return locked


@transaction.atomic
def rate(feedback, *, score, comment: str = "", reopen: bool = False) -> Satisfaction:
    """The reporter's rating after closing (once per closing). A low score or an explicit wish
    reopens the feedback for its unit."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": ValidationError(_("Choose a rating from 1 to 5."), code="score")})
    locked = _locked(feedback)
    if locked.status not in CLOSED_STATUSES:
        raise ValidationError(_("You can rate the handling when the feedback has been closed."), code="not_closed")
    if Satisfaction.all_objects.filter(feedback=locked, at__gte=locked.closed_at).exists():
        raise ValidationError(_("You have already rated this handling. Thank you!"), code="already_rated")
    reopens = bool(reopen) or score <= LOW_SCORE
    rating = Satisfaction.all_objects.create(municipality_id=locked.municipality_id, feedback=locked,
                                             score=score, comment=(comment or "").strip()[:2000], reopened=reopens)
    record_event(municipality=locked.municipality, kind="feedback.rated", obj=locked,
                 data={**_facts(locked), "score": score, "reopened": reopens})
    if reopens:
        change_status(locked, Status.PUBLIC_WORKS_IN_PROGRESS if locked.category.public_works else Status.IN_PROCESS,
                      reason=_("The reporter was not satisfied: %(comment)s") % {"comment": rating.comment or "–"})
    return rating


def _public_changed(feedback, *, force: bool = False) -> None:
    """Retire the cached public lists (Open311 GET) when what they show changes: the municipality's
    content_version is part of their cache key. New, unmoderated feedback changes nothing public."""
    if force or feedback.publication == Publication.PUBLIC:
        bump_content_version(feedback.municipality_id)


# --- API keys ---------------------------------------------------------------------------------------

def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(municipality, name: str) -> tuple[ApiKey, str]:
    """A new key for a partner system: returns the key itself once (only its hash is kept)."""
    key = secrets.token_urlsafe(32)
    api_key = ApiKey.all_objects.create(municipality=municipality, name=name, key_hash=hash_key(key), prefix=key[:8])
    return api_key, key


def api_key_for(municipality, key: str) -> ApiKey | None:
    from .config import intake_config

    return intake_config(municipality).api_keys.get(hash_key(key)) if key else None


# --- telling the reporter ---------------------------------------------------------------------------

def _tell_reporter(feedback, kind: str, key: str) -> None:
    """Through the outbox, in this transaction: a resident by their own channels, anyone else by the
    email or phone they gave. Nothing when there is no way to reach them."""
    from luukku.notify import services as notify

    notify.notify_many([_message(feedback, kind, key)])


def tell_reporters(items, kind: str, event: str) -> None:
    """`_tell_reporter` for many (the intake's batches); the key names the feedback and the event."""
    from luukku.notify import services as notify

    notify.notify_many([_message(f, kind, f"feedback:{f.public_id}:{event}") for f in items])


def _message(feedback, kind: str, key: str) -> dict:
    context = {"reference": feedback.reference, "category": feedback.category,  # named in the reporter's language
               "link": follow_url(feedback)}
    return {"municipality": feedback.municipality, "person": feedback.person if feedback.person_id else None,
            "email": feedback.email, "phone": feedback.phone, "language": feedback.language, "kind": kind,
            "key": key, "context": context}
