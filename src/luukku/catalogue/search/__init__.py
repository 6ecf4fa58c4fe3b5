"""Search of the service catalogue that understands Finnish (interface; see engine modules).

Contract used by the portal and the API:

    search(municipality, query, language, limit=20) -> SearchResponse
    reindex_services(services)          # after saving services
    reindex_municipality(municipality)  # after a bulk load (demo, PTV import)

Engine: analyzers.py (Voikko / snowball per language, derivations, homograph weights, ä/ö spellings),
synonyms.py (curated everyday words and Finnish derivational families), index.py (SearchTerm rows),
query.py (analysis, ä/ö fallback, synonyms, typo correction, one BM25F-like score, life events and
sectors, "did you mean"). Tests force the Finnish analyzer with
`analyzers.use_finnish_analyzer("snowball")`.
"""

from dataclasses import dataclass, field


@dataclass
class SearchHit:
    service: object  # catalogue.Service (with codes prefetched)
    score: float
    matched_life_events: list = field(default_factory=list)  # catalogue.Code rows that matched the query
    matched_terms: list[str] = field(default_factory=list)
    service_id: int | None = None  # always set; `service` is None when only the ranking was asked for


@dataclass
class SearchResponse:
    query: str
    results: list[SearchHit] = field(default_factory=list)
    # "Did you mean": the query as it was read when typo tolerance or ä/ö changed it, or, when nothing was
    # found, a close spelling that does find something; else None.
    suggestion: str | None = None
    # Why nothing was searched, in the reader's language (empty, too long, no words), else None.
    problem: str | None = None
    analyzer: str = ""
    # Life events (catalogue.Code) and sectors (core.Sector) whose names match the query, best first:
    # shown beside the services ("muutto" -> Moving to the municipality).
    life_events: list = field(default_factory=list)
    sectors: list = field(default_factory=list)


def search(municipality, query: str, language: str, limit: int = 20, *, ranking_only: bool = False) -> SearchResponse:
    """Published services of `municipality` matching `query`, best first. Never raises on any text.
    `ranking_only`: the hits carry the services' ids and scores only (no rows, life events or sectors read),
    for a caller that reads the rows of one page itself (the API's `/services/?q=`)."""
    from .query import run_search

    return run_search(municipality, query, language, limit, ranking_only=ranking_only)


def reindex_services(services) -> None:
    """Refresh the index rows of these services (Service instances or ids)."""
    from .index import reindex_services as _reindex

    _reindex(services)


def reindex_municipality(municipality) -> int:
    """Rebuild a municipality's whole index with the active analyzer; returns the number of rows."""
    from .index import reindex_municipality as _reindex

    return _reindex(municipality)
