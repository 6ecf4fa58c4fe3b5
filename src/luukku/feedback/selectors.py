"""Reads of feedback: public lists (never contact details), nearby open reports, the reporter's own."""

from django.db.models import Q

from luukku.core import geo

from .models import OPEN_STATUSES, Category, Feedback, Publication


def categories(municipality, *, active_only: bool = True):
    qs = Category.all_objects.filter(municipality=municipality)
    return qs.filter(active=True) if active_only else qs


def by_token(municipality, token: str) -> Feedback | None:
    if not token or len(token) > 64:
        return None
    return (Feedback.all_objects.filter(municipality=municipality, token=token)
            .select_related("category", "unit").first())


def public(municipality):
    """Feedback anyone may see: moderated public (Open311 GET requests, the public map)."""
    return (Feedback.all_objects.filter(municipality=municipality, publication=Publication.PUBLIC)
            .select_related("category", "unit"))


def nearby(municipality, category, latitude, longitude, *, radius_m: int, exclude=None, older_than=None,
           limit: int = 5, only_public: bool = False):
    """[(Feedback, metres)]: open feedback of `category` within `radius_m` of the point, nearest first."""
    pairs = nearby_ids(municipality, category, latitude, longitude, radius_m=radius_m, exclude=exclude,
                       older_than=older_than, limit=limit, only_public=only_public)
    found = Feedback.all_objects.in_bulk([pk for pk, _metres in pairs])
    return [(found[pk], metres) for pk, metres in pairs if pk in found]


def nearby_ids(municipality, category, latitude, longitude, *, radius_m: int, exclude=None, older_than=None,
               limit: int = 5, only_public: bool = False) -> list[tuple[int, float]]:
    """[(id, metres)], nearest first: a bounding box on the index, then the exact distance over the
    coordinates alone (a spot reported many times must not load every report of it). `older_than`:
    only items that came in before this id (a new report links to earlier ones, also when a batch
    completes several)."""
    if latitude is None or longitude is None:
        return []
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(latitude, longitude, radius_m)
    qs = Feedback.all_objects.filter(
        municipality=municipality, category=category, status__in=OPEN_STATUSES,
        latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if older_than is not None:
        qs = qs.filter(pk__lt=older_than)
    if only_public:
        qs = qs.filter(publication=Publication.PUBLIC)
    found = []
    for pk, lat, lon in qs.order_by("-submitted_at").values_list("pk", "latitude", "longitude")[:200]:
        distance = geo.distance_m(latitude, longitude, lat, lon)
        if distance <= radius_m:
            found.append((pk, distance))
    return sorted(found, key=lambda pair: pair[1])[:limit]


def of_person(person, persons=None):
    """Feedback the person gave while logged in (My cases)."""
    return of_person_id(person.municipality_id, person.pk)


def of_person_id(municipality_id: int, person_id: int):
    return (Feedback.all_objects.filter(municipality_id=municipality_id, person_id=person_id)
            .select_related("category", "unit").order_by("-submitted_at"))


def queue(municipality, unit, *, status: str = "open", q: str = ""):
    qs = Feedback.all_objects.filter(municipality=municipality, unit=unit)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status and status != "all":
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(reference__icontains=q.strip()) | Q(description__icontains=q.strip()))
    return qs.select_related("category", "assignee").order_by("due_date", "submitted_at", "id")


def with_places(municipality, items, language: str, *, always: bool = False) -> list:
    """Each item gets `place` (the address the reporter wrote) and `nearest` ((label, metres) of the
    municipality's nearest address to its point, or None; looked up only for items without an address
    unless `always`): for the queue's address column and the feedback page."""
    from luukku.core.selectors import nearest_addresses

    wanted = [item for item in items if always or not item.address]
    nearest = dict(zip(map(id, wanted), nearest_addresses(
        municipality, [(item.latitude, item.longitude) for item in wanted])))
    for item in items:
        found = nearest.get(id(item))
        item.nearest = (found[0].label(language), found[1]) if found else None
        item.place = item.address
    return items
