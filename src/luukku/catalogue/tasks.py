from luukku.core.tasks import municipality_task

from . import search


@municipality_task()
def reindex_catalogue(municipality) -> int:
    """Rebuild the search index of one municipality after bulk edits (this also refreshes cached pages)."""
    search.reindex_municipality(municipality)
    return municipality.pk


@municipality_task()
def refresh_thesaurus(municipality) -> dict:
    """After a PTV import: fetch from Finto the YSO concepts of its new ontology terms (then reindex)."""
    from django.conf import settings

    from .thesaurus import refresh_thesaurus as refresh

    return refresh(municipality=municipality, max_age_days=getattr(settings, "LUUKKU_FINTO_MAX_AGE_DAYS", 30)).as_dict()
