"""Search of the service catalogue that understands Finnish (interface; see engine modules).

Contract used by the portal and the API:

    search(municipality, query, language, limit=20) -> SearchResponse
    reindex_services(services)          # after saving services
    reindex_municipality(municipality)  # after a bulk load (demo, PTV import)
"""

from dataclasses import dataclass, field


@dataclass
class SearchHit:
    service: object  # catalogue.Service (with codes prefetched)
    score: float
    matched_life_events: list = field(default_factory=list)  # catalogue.Code rows that matched the query
    matched_terms: list[str] = field(default_factory=list)


@dataclass
class SearchResponse:
    query: str
    results: list[SearchHit] = field(default_factory=list)
    # "Did you mean": a corrected query when typo tolerance changed it, else None.
    suggestion: str | None = None
    # Why nothing was searched, in the reader's language (empty, too long, no words), else None.
    problem: str | None = None
    analyzer: str = ""


def search(municipality, query: str, language: str, limit: int = 20) -> SearchResponse:
    return SearchResponse(query=query)


def reindex_services(services) -> None:
    pass


def reindex_municipality(municipality) -> None:
    pass
