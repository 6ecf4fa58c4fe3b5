"""Reads of hearings: what the public sees, what a comment's author sees, and the report."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from luukku.core import clock

from .models import Comment, Hearing, Label, Status

PUBLIC = (Status.PUBLISHED, Status.CLOSED, Status.REPORTED)


def public_hearings(municipality):
    return Hearing.all_objects.filter(municipality=municipality, status__in=PUBLIC).order_by("-opens_at")


def open_hearings(municipality, at=None):
    """The hearings one can comment on now (as services.is_open says of one)."""
    at = at or clock.now()
    return public_hearings(municipality).filter(status=Status.PUBLISHED, opens_at__lte=at, closes_at__gt=at)


def public_labels(municipality):
    """The labels that some public hearing carries (the others would filter to nothing)."""
    return Label.all_objects.filter(municipality=municipality, hearings__status__in=PUBLIC).distinct()


@dataclass
class PublicList:
    open: list
    upcoming: list
    closed: list


def public_list(municipality, *, label=None) -> PublicList:
    """Open hearings first (closing soonest first), then those not open yet, then the closed ones
    (latest closed first); with `label`, only the hearings carrying it."""
    qs = public_hearings(municipality).prefetch_related("labels")
    if label is not None:
        qs = qs.filter(labels=label)
    now = clock.now()
    result = PublicList([], [], [])
    for h in qs:
        if h.status != Status.PUBLISHED or h.closes_at <= now:
            result.closed.append(h)
        elif h.opens_at > now:
            result.upcoming.append(h)
        else:
            result.open.append(h)
    result.open.sort(key=lambda h: h.closes_at)
    result.upcoming.sort(key=lambda h: h.opens_at)
    result.closed.sort(key=lambda h: h.closes_at, reverse=True)
    return result


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
    hidden_comments: list = field(default_factory=list)

    @property
    def votes(self):
        return sum(c.votes_count for c in self.comments)

    @property
    def hidden(self):
        return len(self.hidden_comments)


def report(hearing) -> list[ReportSection]:
    """Per section (and the whole hearing first) the visible comments with votes, most voted first,
    then the hidden ones apart, each with the moderator's reason (the decision-maker sees what was
    taken off the public page and why). Names: only what the commenter chose to show."""
    whole = ReportSection(title="")
    by_section = {s.pk: ReportSection(title=s.title) for s in hearing.sections.all()}
    qs = Comment.all_objects.filter(municipality=hearing.municipality, hearing=hearing).order_by(
        "-votes_count", "created_at", "id")
    for c in qs:
        target = by_section.get(c.section_id, whole)
        if c.hidden:
            target.hidden_comments.append(c)
        else:
            target.comments.append(c)
    return [whole, *by_section.values()]
