"""The map's settings shared by every page with a map (feedback, participatory budgeting): the tiles
are a setting; the municipality's border goes to the page through json_script (data, not code)."""

from django.conf import settings


def map_context(municipality) -> dict:
    return {"map_tiles_url": settings.LUUKKU_MAP_TILES_URL, "map_attribution": settings.LUUKKU_MAP_TILES_ATTRIBUTION,
            "boundary": municipality.boundary or None}


def osm_link(latitude, longitude, zoom: int = 16) -> str:
    """The place on openstreetmap.org: the no-JavaScript way to see it on a map."""
    lat, lon = float(latitude), float(longitude)
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map={zoom}/{lat:.6f}/{lon:.6f}"
