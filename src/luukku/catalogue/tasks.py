from luukku.core.services import bump_content_version
from luukku.core.tasks import municipality_task

from . import search


@municipality_task()
def reindex_catalogue(municipality) -> int:
    """Rebuild the search index of one municipality (after bulk edits) and refresh cached pages."""
    search.reindex_municipality(municipality)
    bump_content_version(municipality.pk)
    return municipality.pk
