"""Which unit each child of a cohort is offered: a pure function, so the dry run and the run agree
and a resumed run allocates exactly as the first one did.

1. Children who share a guardian form a family; a family is placed together where possible.
2. Catchment first: a family whose home lies in a catchment area goes to that area's unit while it
   has room for the whole family, nearest homes first.
3. Then the nearest unit in a straight line with room for the whole family; a family that fits
   nowhere whole is placed child by child; a child who fits nowhere goes on the waiting list.
4. Language of service: a family is placed only in units of its language (the first child's
   register language, fi or sv), catchment areas and nearest alike; when the rule has no unit of
   that language at all, every unit is open to it.

Homes are WGS84 points; areas are GeoJSON polygons (core.geo), so SQLite and PostgreSQL agree.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from luukku.core import geo


class Child(NamedTuple):  # a tuple: a whole birth cohort is allocated at once
    id: int
    latitude: float | None
    longitude: float | None
    guardians: tuple[int, ...] = ()
    language: str = ""  # "fi" or "sv"; "" for any unit


@dataclass
class Place:
    id: int
    latitude: float
    longitude: float
    capacity: int
    languages: tuple[str, ...] = ()  # the languages it works in; () for any child
    left: int = field(init=False)

    def __post_init__(self):
        self.left = self.capacity

    def serves(self, language: str) -> bool:
        return not language or not self.languages or language in self.languages


class Result(NamedTuple):
    unit: int | None  # None: waiting list
    placement: str  # "catchment", "nearest" or "" (waiting list)
    distance_m: int | None
    reason: str = ""  # for the waiting list: "no_home" or "no_room"


def families(children: list[Child]) -> list[list[Child]]:
    """Children who share a guardian, together; each family in id order, families by first id."""
    parent = {c.id: c.id for c in children}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_with_guardian = {}
    for child in children:
        for guardian in child.guardians:
            other = first_with_guardian.setdefault(guardian, child.id)
            a, b = root(child.id), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Child]] = {}
    for child in sorted(children, key=lambda c: c.id):
        groups.setdefault(root(child.id), []).append(child)
    return [groups[k] for k in sorted(groups)]


def _home(family: list[Child]):
    return next(((c.latitude, c.longitude) for c in family if c.latitude is not None and c.longitude is not None),
                None)


def allocate(children: list[Child], places: list[Place], areas: list[tuple[dict, int]],
             taken: dict[int, int] | None = None) -> dict[int, Result]:
    """{child id: Result}. `areas`: (GeoJSON polygon, place id) in priority order; `taken`: places
    already used per place id (offers of an earlier, interrupted run are not allocated again)."""
    by_id = {p.id: p for p in places}
    for place_id, used in (taken or {}).items():
        if place_id in by_id:
            by_id[place_id].left -= used
    results: dict[int, Result] = {}
    homeless, pending = [], []
    wishes: dict[int, list[tuple[float, list[Child]]]] = {}
    spoken = {language for p in places for language in p.languages}
    language_of = {}
    for family in families(children):
        language = family[0].language if family[0].language in spoken else ""
        language_of[family[0].id] = language
        home = _home(family)
        if home is None:
            homeless.append(family)
            continue
        area_place = next((pid for polygon, pid in areas if pid in by_id and by_id[pid].serves(language)
                           and geo.contains(polygon, *home)), None)
        if area_place is None:
            pending.append(family)
        else:
            place = by_id[area_place]
            wishes.setdefault(area_place, []).append((geo.distance_m(*home, place.latitude, place.longitude), family))
    for place_id in sorted(wishes):
        place = by_id[place_id]
        for distance, family in sorted(wishes[place_id], key=lambda w: (w[0], w[1][0].id)):
            if place.left >= len(family):
                place.left -= len(family)
                for child in family:
                    results[child.id] = Result(place.id, "catchment", round(distance))
            else:
                pending.append(family)
    for family in sorted(pending, key=lambda f: f[0].id):
        home, language = _home(family), language_of[family[0].id]
        ranked = sorted((geo.distance_m(*home, p.latitude, p.longitude), p.id, p) for p in places
                        if p.serves(language))
        whole = next((w for w in ranked if w[2].left >= len(family)), None)
        for child in family:
            nearest = whole or next((w for w in ranked if w[2].left >= 1), None)
            if nearest is None:
                results[child.id] = Result(None, "", None, "no_room")
                continue
            distance, _id, place = nearest
            place.left -= 1
            results[child.id] = Result(place.id, "nearest", round(distance))
    for family in homeless:
        for child in family:
            results[child.id] = Result(None, "", None, "no_home")
    return results
