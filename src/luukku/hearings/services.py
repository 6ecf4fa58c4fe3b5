"""Writes of hearings: each use case one function in a transaction. Status changes go through
core.lifecycle's one door; comments and votes check the hearing is open and the participation rule
here, server-side, whatever the page showed."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core import clock
from luukku.core.lifecycle import Lifecycle, labels, move
from luukku.core.services import record_event
from luukku.eservices.attachments import checked_file
from luukku.people.selectors import current_person, is_strongly_identified

from .models import Attachment, Comment, Hearing, HearingChange, Participation, Section, Status, Vote

HEARING = Lifecycle(
    model=Hearing,
    table={Status.DRAFT: {Status.PUBLISHED}, Status.PUBLISHED: {Status.CLOSED, Status.DRAFT},
           Status.CLOSED: {Status.REPORTED, Status.PUBLISHED}},
    history=lambda h, c: HearingChange(municipality=h.municipality, hearing=h, from_status=c.from_status,
                                       to_status=c.to_status, at=c.at, by_user=c.by_user),
    event_prefix="hearings.hearing",
    refusal=gettext_lazy("A hearing that is “%(from)s” cannot be made “%(to)s”."),
    label=labels(Status),
)


def is_open(hearing, at=None) -> bool:
    at = at or clock.now()
    return hearing.status == Status.PUBLISHED and hearing.opens_at <= at < hearing.closes_at


def who_key(request) -> str | None:
    """The key a comment or vote is kept under: the signed-in user, else the browser's session."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"session:{request.session.session_key}"


def participation_refusal(hearing, request) -> str | None:
    """Why this visitor may not comment or vote now (a message in words), or None."""
    if hearing.status != Status.PUBLISHED or clock.now() >= hearing.closes_at:
        return _("This hearing is closed: comments and votes are no longer taken.")
    if clock.now() < hearing.opens_at:
        return _("This hearing has not opened yet.")
    if hearing.participation == Participation.REGISTERED and not (
            request.user.is_authenticated and current_person(request) is not None):
        return _("Only signed-in residents may take part in this hearing. Sign in first.")
    if hearing.participation == Participation.STRONG and not is_strongly_identified(request):
        return _("Only strongly identified residents may take part in this hearing. Identify yourself first.")
    return None


def create_hearing(*, municipality, by_user, **fields) -> Hearing:
    with transaction.atomic():
        hearing = Hearing(municipality=municipality, **fields)
        hearing.full_clean()
        hearing.save()
        record_event(municipality=municipality, kind="hearings.hearing.created", obj=hearing, actor=by_user)
    return hearing


def update_hearing(hearing, **fields) -> Hearing:
    for name, value in fields.items():
        setattr(hearing, name, value)
    hearing.full_clean()
    hearing.save()
    return hearing


def add_section(hearing, *, title, text, upload=None) -> Section:
    with transaction.atomic():
        position = hearing.sections.count()
        section = Section.all_objects.create(municipality=hearing.municipality, hearing=hearing, position=position,
                                             title=title, text=text)
        if upload is not None:
            add_attachment(section, upload)
    return section


def add_attachment(section, upload) -> Attachment:
    """Checked and cleaned as every upload (type by content, size, image metadata stripped)."""
    file, content_type, size, sha256 = checked_file(upload)
    return Attachment.all_objects.create(municipality=section.municipality, section=section,
                                         name=getattr(upload, "name", "")[:200], file=file,
                                         content_type=content_type, size=size, sha256=sha256)


def change_status(hearing_id, to, *, municipality, by_user) -> Hearing:
    with transaction.atomic():
        hearing = Hearing.all_objects.select_for_update().get(municipality=municipality, pk=hearing_id)
        move(HEARING, hearing, to, by_user=by_user)
    return hearing


def comment(hearing, request, *, text, section=None, shown_name="") -> Comment:
    """A resident's comment; refused (ValidationError in words) when the hearing is not open to them."""
    refusal = participation_refusal(hearing, request)
    if refusal:
        raise ValidationError(refusal, code="closed")
    text = text.strip()
    if not text:
        raise ValidationError(_("Write your comment."), code="required")
    if section is not None and section.hearing_id != hearing.pk:
        raise ValidationError(_("Choose a section of this hearing."), code="section")
    with transaction.atomic():
        c = Comment.all_objects.create(municipality=hearing.municipality, hearing=hearing, section=section,
                                       text=text, shown_name=shown_name.strip(), author_key=who_key(request),
                                       created_at=clock.now())
        record_event(municipality=hearing.municipality, kind="hearings.comment.created", obj=c,
                     data={"hearing": str(hearing.public_id)})
    return c


def vote(comment_obj, request) -> Vote:
    """One vote per person (or browser session) on a comment; refused when the hearing is closed."""
    refusal = participation_refusal(comment_obj.hearing, request)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if comment_obj.hidden:
        raise ValidationError(_("This comment has been hidden."), code="hidden")
    key = who_key(request)
    try:
        with transaction.atomic():
            v = Vote.all_objects.create(municipality=comment_obj.municipality, comment=comment_obj, voter_key=key,
                                        at=clock.now())
            Comment.all_objects.filter(pk=comment_obj.pk).update(votes_count=F("votes_count") + 1)
    except IntegrityError:
        raise ValidationError(_("You have already voted for this comment."), code="twice") from None
    return v


def hide(comment_obj, *, reason, by_user) -> Comment:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for hiding the comment: its author sees it."), code="reason")
    with transaction.atomic():
        comment_obj.hidden, comment_obj.hidden_reason, comment_obj.hidden_by = True, reason[:500], by_user
        comment_obj.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
        record_event(municipality=comment_obj.municipality, kind="hearings.comment.hidden", obj=comment_obj,
                     actor=by_user)
    return comment_obj
