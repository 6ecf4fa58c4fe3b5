"""Plane geometry on WGS84 coordinates, enough for municipal areas without PostGIS (SQLite and
PostgreSQL behave alike): point-in-polygon on GeoJSON, distances, and bounding boxes for radius
searches. GeoJSON positions are [longitude, latitude]."""

import math

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around a point: an index-friendly first cut before
    distance_m() (which is exact)."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _in_ring(lat: float, lon: float, ring) -> bool:
    """Ray casting: is the point inside the closed ring [[lon, lat], …]?"""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x:
                inside = not inside
    return inside


def _in_polygon(lat: float, lon: float, rings) -> bool:
    """The first ring is the outline, the others are holes."""
    if not rings or not _in_ring(lat, lon, rings[0]):
        return False
    return not any(_in_ring(lat, lon, hole) for hole in rings[1:])


def contains(geometry: dict | None, lat: float, lon: float) -> bool:
    """Is the point inside a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection?"""
    if not geometry:
        return False
    kind = geometry.get("type")
    if kind == "Feature":
        return contains(geometry.get("geometry"), lat, lon)
    if kind == "FeatureCollection":
        return any(contains(f, lat, lon) for f in geometry.get("features") or [])
    if kind == "Polygon":
        return _in_polygon(lat, lon, geometry.get("coordinates") or [])
    if kind == "MultiPolygon":
        return any(_in_polygon(lat, lon, poly) for poly in geometry.get("coordinates") or [])
    return False


def is_valid_area(geometry) -> bool:
    """A GeoJSON (Multi)Polygon (or a Feature/FeatureCollection of them) with closed rings of at
    least four positions of two numbers."""
    def ring_ok(ring):
        return (isinstance(ring, list) and len(ring) >= 4 and ring[0] == ring[-1]
                and all(isinstance(p, list) and len(p) >= 2 and all(isinstance(c, (int, float)) for c in p[:2])
                        for p in ring))

    if not isinstance(geometry, dict):
        return False
    kind = geometry.get("type")
    if kind == "Feature":
        return is_valid_area(geometry.get("geometry"))
    if kind == "FeatureCollection":
        features = geometry.get("features")
        return isinstance(features, list) and bool(features) and all(is_valid_area(f) for f in features)
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        return isinstance(coords, list) and bool(coords) and all(ring_ok(r) for r in coords)
    if kind == "MultiPolygon":
        return (isinstance(coords, list) and bool(coords)
                and all(isinstance(p, list) and p and all(ring_ok(r) for r in p) for p in coords))
    return False
