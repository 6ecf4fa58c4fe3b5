"""Writes of hearings: each use case one function in a transaction. Status changes go through
core.lifecycle's one door; comments and votes check the hearing is open and the participation rule
here, server-side, whatever the page showed."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core import clock
from luukku.core.lifecycle import Lifecycle, labels, move
from luukku.core.services import record_event
from luukku.eservices.attachments import checked_file
from luukku.people.selectors import current_person, is_strongly_identified

from .models import Attachment, Comment, Hearing, HearingChange, Label, Participation, Section, Status, Vote

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


# --- the content of a hearing: editable while it is a draft --------------------------------------------
#
# Once published, the text residents comment on is fixed: a comment must stay next to the words it was
# written about, and the report must show the decision-maker what residents saw. A correction is made by
# returning the hearing to draft (a recorded move in its history, which takes it off the public pages),
# fixing it and publishing it again. Every edit is refused here, server-side, whatever the page showed.

def _locked_draft(hearing) -> Hearing:
    """The hearing re-read under a row lock (so a publish cannot slip in between), refused unless a draft."""
    locked = Hearing.all_objects.select_for_update().get(municipality=hearing.municipality, pk=hearing.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError(
            _("The hearing is published, so its content can no longer be changed: every comment stays next to "
              "the text it was written on. To correct it, return it to draft (the change is recorded), then "
              "publish it again."), code="not_draft")
    return locked


def _set_labels(hearing, names):
    labels = []
    for name in names:
        slug = slugify(name, allow_unicode=True)[:50]
        if not slug:
            continue
        label, _created = Label.all_objects.get_or_create(municipality=hearing.municipality, slug=slug,
                                                          defaults={"name": name.strip()[:40]})
        labels.append(label)
    hearing.labels.set(labels)


def create_hearing(*, municipality, by_user, labels=(), **fields) -> Hearing:
    with transaction.atomic():
        hearing = Hearing(municipality=municipality, **fields)
        hearing.full_clean()
        hearing.save()
        _set_labels(hearing, labels)
        record_event(municipality=municipality, kind="hearings.hearing.created", obj=hearing, actor=by_user)
    return hearing


def update_hearing(hearing, *, by_user=None, labels=None, **fields) -> Hearing:
    """The hearing's own fields (and its labels), while it is a draft."""
    with transaction.atomic():
        locked = _locked_draft(hearing)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        if labels is not None:
            _set_labels(locked, labels)
        record_event(municipality=locked.municipality, kind="hearings.hearing.updated", obj=locked, actor=by_user)
    return locked


def add_section(hearing, *, title, text, upload=None, by_user=None) -> Section:
    with transaction.atomic():
        locked = _locked_draft(hearing)
        position = (locked.sections.aggregate(m=models.Max("position"))["m"] or 0) + 1
        section = Section.all_objects.create(municipality=locked.municipality, hearing=locked, position=position,
                                             title=title, text=text)
        if upload is not None:
            add_attachment(section, upload)
        record_event(municipality=locked.municipality, kind="hearings.section.added", obj=section, actor=by_user)
    return section


def update_section(section, *, title, text, upload=None, by_user=None) -> Section:
    with transaction.atomic():
        _locked_draft(section.hearing)
        section.title, section.text = title, text
        section.full_clean(exclude=["hearing", "municipality"])
        section.save(update_fields=["title", "text"])
        if upload is not None:
            add_attachment(section, upload)
        record_event(municipality=section.municipality, kind="hearings.section.updated", obj=section,
                     actor=by_user)
    return section


def _renumber(hearing, ordered):
    for position, section in enumerate(ordered, start=1):
        if section.position != position:
            section.position = position
            section.save(update_fields=["position"])


def delete_section(section, *, by_user=None):
    """A draft's section and its attachments; refused when it has comments (they belong to the record)."""
    with transaction.atomic():
        hearing = _locked_draft(section.hearing)
        if section.comments.exists():
            raise ValidationError(_("This section has comments, so it cannot be deleted: comments are kept "
                                    "for the record."), code="has_comments")
        files = [a.file.name for a in section.attachments.all()]
        record_event(municipality=section.municipality, kind="hearings.section.deleted", obj=section,
                     actor=by_user, data={"hearing": str(hearing.public_id), "title": section.title})
        section.delete()
        _renumber(hearing, list(hearing.sections.all()))
        transaction.on_commit(lambda: _delete_files(files))


def move_section(section, direction: str, *, by_user=None):
    """One place up or down in the hearing; at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose whether to move the section up or down."), code="direction")
    with transaction.atomic():
        hearing = _locked_draft(section.hearing)
        ordered = list(hearing.sections.all())
        i = next(n for n, s in enumerate(ordered) if s.pk == section.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(ordered):
            ordered[i], ordered[j] = ordered[j], ordered[i]
        _renumber(hearing, ordered)


def add_attachment(section, upload) -> Attachment:
    """Checked and cleaned as every upload (type by content, size, image metadata stripped)."""
    file, content_type, size, sha256 = checked_file(upload)
    return Attachment.all_objects.create(municipality=section.municipality, section=section,
                                         name=getattr(upload, "name", "")[:200], file=file,
                                         content_type=content_type, size=size, sha256=sha256)


def remove_attachment(attachment, *, by_user=None):
    with transaction.atomic():
        _locked_draft(attachment.section.hearing)
        name = attachment.file.name
        record_event(municipality=attachment.municipality, kind="hearings.attachment.removed", obj=attachment,
                     actor=by_user, data={"name": attachment.name})
        attachment.delete()
        transaction.on_commit(lambda: _delete_files([name]))


def _delete_files(names):
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


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
