"""Reads for the Open311 API. Every query names its municipality, and the public ones load only
the public columns: the reporter's contact details are never even fetched."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from luukku.core import geo

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Feedback,
    Media,
    Publication,
)

PUBLIC_FIELDS = (
    "id", "reference", "status", "public_answer", "description", "title", "submitted_at", "updated_at",
    "expected_at", "due_date", "address", "zipcode", "latitude", "longitude",
    "category__code", "category__name", "category__sla_days", "unit__name",
)
MAX_IDS = 1000


@dataclass
class RequestFilter:
    """GET requests: each field None when not asked for."""

    references: list[str] | None = None
    service_codes: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    statuses: set[str] | None = None  # {"open", "closed"}
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    point: tuple[float, float, float] | None = None  # (lat, long, radius in metres)
    limit: int = 1000


def categories(municipality):
    return Category.all_objects.filter(municipality=municipality, active=True).order_by("order", "code")


def category(municipality, code: str) -> Category | None:
    return categories(municipality).filter(code=code).first()


def _public(municipality):
    first_media = (Media.all_objects.filter(feedback=OuterRef("pk")).order_by("created_at", "id")
                   .values("public_id")[:1])
    return (Feedback.all_objects.filter(municipality=municipality, publication=Publication.PUBLIC)
            .select_related("category", "unit").only(*PUBLIC_FIELDS)
            .annotate(first_media=Subquery(first_media)))


def public_request(municipality, reference: str) -> Feedback | None:
    return _public(municipality).filter(reference=reference).first()


def public_requests(municipality, flt: RequestFilter) -> list[Feedback]:
    """Public feedback matching the filter, newest first, at most `flt.limit`."""
    qs = _public(municipality)
    if flt.references is not None:
        return list(qs.filter(reference__in=flt.references[:MAX_IDS]).order_by("-submitted_at", "-id"))
    if flt.service_codes is not None:
        ids = list(Category.all_objects.filter(municipality=municipality, code__in=flt.service_codes)
                   .values_list("pk", flat=True))
        qs = qs.filter(category_id__in=ids)
    if flt.start is not None:
        qs = qs.filter(submitted_at__gte=flt.start)
    if flt.end is not None:
        qs = qs.filter(submitted_at__lte=flt.end)
    if flt.statuses is not None and len(flt.statuses) == 1:
        qs = qs.filter(status__in=OPEN_STATUSES if "open" in flt.statuses else CLOSED_STATUSES)
    if flt.updated_after is not None:
        qs = qs.filter(updated_at__gte=flt.updated_after)
    if flt.updated_before is not None:
        qs = qs.filter(updated_at__lte=flt.updated_before)
    qs = qs.order_by("-submitted_at", "-id")
    if flt.point is None:
        return list(qs[:flt.limit])
    # A bounding box on the index, then the exact distance.
    lat, lon, radius = flt.point
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(lat, lon, radius)
    found = []
    for item in qs.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)).iterator(2000):
        if geo.distance_m(lat, lon, item.latitude, item.longitude) <= radius:
            found.append(item)
            if len(found) >= flt.limit:
                break
    return found


def public_media(municipality, reference: str, media_id) -> Media | None:
    """A photo of public feedback, or None (not public, not this feedback's, not this municipality's)."""
    return Media.all_objects.filter(
        municipality=municipality, public_id=media_id, feedback__reference=reference,
        feedback__municipality=municipality, feedback__publication=Publication.PUBLIC).first()


def followed_request(municipality, reference: str, token: str) -> Feedback | None:
    """The request whose token the caller holds (the partner that posted it), public or not yet:
    the same columns as a public one. None when the token is unknown or names another request."""
    from .services import reference_for

    first_media = (Media.all_objects.filter(feedback=OuterRef("pk")).order_by("created_at", "id")
                   .values("public_id")[:1])
    found = (Feedback.all_objects.filter(municipality=municipality, token=token)
             .select_related("category", "unit").only(*PUBLIC_FIELDS, "publication", "token")
             .annotate(first_media=Subquery(first_media)).first())
    if found is None:
        return None
    found.municipality = municipality
    found.reference = found.reference or reference_for(found)  # given in the POST's answer, before the intake
    return found if found.reference == reference else None


def reference_by_token(municipality, token: str) -> str | None:
    """The service_request_id of a token; known from the POST on, also while the intake is pending."""
    from .services import reference_for

    found = Feedback.all_objects.filter(municipality=municipality, token=token).only("id", "reference").first()
    if found is None:
        return None
    found.municipality = municipality
    return found.reference or reference_for(found)
