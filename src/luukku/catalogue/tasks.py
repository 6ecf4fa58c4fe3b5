from luukku.core.tasks import municipality_task

from . import search


@municipality_task()
def reindex_catalogue(municipality) -> int:
    """Rebuild the search index of one municipality after bulk edits (this also refreshes cached pages)."""
    search.reindex_municipality(municipality)
    return municipality.pk
