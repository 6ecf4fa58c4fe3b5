"""Reads of hearings: what the public sees, what a comment's author sees, and the report."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from luukku.core import clock

from .models import Comment, Hearing, Status

PUBLIC = (Status.PUBLISHED, Status.CLOSED, Status.REPORTED)


def public_hearings(municipality):
    return Hearing.all_objects.filter(municipality=municipality, status__in=PUBLIC).order_by("-opens_at")


def open_hearings(municipality, at=None):
    """The hearings one can comment on now (as services.is_open says of one)."""
    at = at or clock.now()
    return public_hearings(municipality).filter(status=Status.PUBLISHED, opens_at__lte=at, closes_at__gt=at)


def public_hearing(municipality, public_id):
    return public_hearings(municipality).filter(public_id=public_id).prefetch_related(
        "sections__attachments").first()


def staff_hearing(municipality, public_id):
    return Hearing.all_objects.filter(municipality=municipality, public_id=public_id).first()


def comments_for(hearing, viewer_key: str | None):
    """Visible comments, and the viewer's own hidden ones (shown to them as hidden, with the reason)."""
    visible = Q(hidden=False)
    if viewer_key:
        visible |= Q(author_key=viewer_key)
    return Comment.all_objects.filter(municipality=hearing.municipality, hearing=hearing).filter(visible)


def staff_list(municipality):
    return Hearing.all_objects.filter(municipality=municipality).annotate(
        n_comments=Count("comments")).order_by("-created_at")


@dataclass
class ReportSection:
    title: str
    comments: list = field(default_factory=list)
    hidden: int = 0

    @property
    def votes(self):
        return sum(c.votes_count for c in self.comments)


def report(hearing) -> list[ReportSection]:
    """Per section (and the whole hearing first) the visible comments with votes, most voted first;
    hidden comments only counted. Names: only what the commenter chose to show."""
    whole = ReportSection(title="")
    by_section = {s.pk: ReportSection(title=s.title) for s in hearing.sections.all()}
    qs = Comment.all_objects.filter(municipality=hearing.municipality, hearing=hearing).order_by(
        "-votes_count", "created_at", "id")
    for c in qs:
        target = by_section.get(c.section_id, whole)
        if c.hidden:
            target.hidden += 1
        else:
            target.comments.append(c)
    return [whole, *by_section.values()]
