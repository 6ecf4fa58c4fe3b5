"""Building the search index: one SearchTerm row per (service, language, term) with the best weight.

A term's weight is that of the strongest field it occurs in (name > alternative names > keywords >
life events > ontology labels, target groups > ontology alternative labels (Finto) > … > instructions) times the analyzer's factor (lemma
1.0, sub-compound, part, derivation), plus a little for every further field, so a term in the name
and the description beats the name alone.
"""

import logging

from django.conf import settings
from django.db import transaction

from luukku.core.models import Municipality
from luukku.core.services import bump_content_version

from ..models import CodeKind, OntologyConcept, PublishingStatus, SearchTerm, Service
from ..thesaurus import term_uris
from .analyzers import active_finnish_analyzer, analyzer_for

log = logging.getLogger(__name__)

FIELD_WEIGHTS = {
    "name": 10.0,
    "alternative_names": 8.0,
    "keywords": 6.0,
    CodeKind.LIFE_EVENT: 4.0,
    CodeKind.BUSINESS_EVENT: 4.0,
    CodeKind.TARGET_GROUP: 3.0,
    "ontology": 3.0,  # YSO labels from PTV: the national thesaurus's word for the service
    "ontology_alt": 3.0,  # YSO alternative labels from Finto (catalogue.thesaurus): tuned, bench/RESULTS.md
    CodeKind.SERVICE_CLASS: 2.0,
    "summary": 2.0,
    "description": 1.0,
    "user_instructions": 0.5,
}
EXTRA_FIELD_SHARE = 0.1
SERVICE_BATCH = 500
ROW_BATCH = 5000


def service_texts(service, concepts=None) -> dict[str, list[tuple[str, str]]]:
    """{language: [(field, text), …]} of a service (codes must be loaded or prefetched). `concepts`:
    {uri: OntologyConcept} with the Finto labels of its ontology terms (see concepts_of)."""
    texts: dict[str, list[tuple[str, str]]] = {}

    def add(language, field, text):
        if isinstance(language, str) and isinstance(text, str) and text.strip():
            texts.setdefault(language, []).append((field, text))

    for field in ("name", "summary", "description", "user_instructions"):
        for language, text in (getattr(service, field) or {}).items():
            add(language, field, text)
    for field in ("alternative_names", "keywords"):
        value = getattr(service, field) or {}
        if isinstance(value, dict):
            for language, items in value.items():
                for text in items if isinstance(items, list) else [items]:
                    add(language, field, text)
    for term in service.ontology_terms if isinstance(service.ontology_terms, list) else []:
        names = term.get("name") if isinstance(term, dict) else None
        for language, text in (names if isinstance(names, dict) else {}).items():
            add(language, "ontology", text)
    for uri in term_uris(service.ontology_terms):
        concept = (concepts or {}).get(uri)
        if concept is None:
            continue
        for field, labels in (("ontology", concept.labels), ("ontology_alt", concept.alternative_labels)):
            for language, items in (labels if isinstance(labels, dict) else {}).items():
                for text in items if isinstance(items, list) else []:
                    add(language, field, text)
    for code in service.codes.all():
        if code.kind in FIELD_WEIGHTS:
            for language, text in (code.name or {}).items():
                add(language, code.kind, text)
    return texts


def analyse_texts(texts: list[tuple[str, str]], analyzer) -> dict[str, tuple[float, str]]:
    """{term: (weight, surface)} for one language's (field, text) pairs."""
    best: dict[str, float] = {}
    extra: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    for field, text in texts:
        field_weight = FIELD_WEIGHTS[field]
        seen: dict[str, float] = {}
        for word in analyzer.words(text):
            for term, factor in word.terms.items():
                seen[term] = max(seen.get(term, 0.0), field_weight * factor)
                surface = term if word.known else word.surface[:64]
                if surface < surfaces.get(term, "\uffff"):
                    surfaces[term] = surface
        for term, weight in seen.items():
            previous = best.get(term, 0.0)
            best[term] = max(previous, weight)
            extra[term] = extra.get(term, 0.0) + min(previous, weight)
    return {t: (round(w + EXTRA_FIELD_SHARE * min(extra[t], 10.0), 3), surfaces[t]) for t, w in best.items()}


def concepts_of(services=None) -> dict:
    """{uri: OntologyConcept} for the ontology terms of these services (None: every stored concept)."""
    concepts = OntologyConcept.objects.only("uri", "labels", "alternative_labels")
    if services is not None:
        concepts = concepts.filter(uri__in={uri for s in services for uri in term_uris(s.ontology_terms)})
    return {c.uri: c for c in concepts}


def service_rows(service, finnish: str, concepts=None) -> list[SearchTerm]:
    rows = []
    for language, texts in service_texts(service, concepts).items():
        analyzer = analyzer_for(language, finnish)
        for term, (weight, surface) in analyse_texts(texts, analyzer).items():
            rows.append(
                SearchTerm(
                    municipality_id=service.municipality_id,
                    service_id=service.pk,
                    language=language,
                    term=term,
                    surface=surface,
                    weight=weight,
                    analyzer=analyzer.key,
                )
            )
    return rows


def index_analyzer(municipality_id: int) -> str | None:
    """The Finnish analyzer that built a municipality's index (None: no Finnish rows yet)."""
    return (
        SearchTerm.all_objects.filter(municipality_id=municipality_id, language="fi")
        .values_list("analyzer", flat=True)
        .first()
    )


def _lock(municipality_id: int) -> None:
    # Serialises concurrent rebuilds of one municipality (PostgreSQL row lock; SQLite's
    # IMMEDIATE transactions already serialise writers).
    list(Municipality.objects.select_for_update().filter(pk=municipality_id).values_list("pk", flat=True))


def _published(queryset):
    return queryset.filter(status=PublishingStatus.PUBLISHED).prefetch_related("codes").order_by("pk")


def reindex_municipality(municipality) -> int:
    """Rebuild a municipality's whole index with the active analyzer; returns the number of rows."""
    municipality_id = getattr(municipality, "pk", municipality)
    finnish = active_finnish_analyzer()
    count = 0
    with transaction.atomic():
        _lock(municipality_id)
        SearchTerm.all_objects.filter(municipality_id=municipality_id).delete()
        services = _published(Service.all_objects.filter(municipality_id=municipality_id))
        concepts = concepts_of()  # national and few (the concepts catalogues use): one query
        pending: list[SearchTerm] = []
        for service in services.iterator(chunk_size=SERVICE_BATCH):
            pending.extend(service_rows(service, finnish, concepts))
            if len(pending) >= ROW_BATCH:
                SearchTerm.all_objects.bulk_create(pending, batch_size=ROW_BATCH)
                count += len(pending)
                pending = []
        SearchTerm.all_objects.bulk_create(pending, batch_size=ROW_BATCH)
        count += len(pending)
        bump_content_version(municipality_id)
    return count


def reindex_services(services) -> None:
    """Refresh the rows of some services (after a save). A service no longer published loses its rows.

    If the municipality's index was built by another Finnish analyzer than the active one, the
    whole municipality is rebuilt instead, so one index never mixes analyzers.
    """
    by_municipality: dict[int, set[int]] = {}
    for service in services:
        pk = getattr(service, "pk", service)
        municipality_id = getattr(service, "municipality_id", None)
        if municipality_id is None:
            municipality_id = Service.all_objects.filter(pk=pk).values_list("municipality_id", flat=True).first()
        if pk is not None and municipality_id is not None:
            by_municipality.setdefault(municipality_id, set()).add(pk)
    for municipality_id, ids in by_municipality.items():
        finnish = active_finnish_analyzer()
        built_with = index_analyzer(municipality_id)
        if built_with is not None and built_with != finnish:
            log.info("Finnish analyzer changed (%s -> %s): rebuilding municipality %s", built_with, finnish,
                     municipality_id)
            reindex_municipality(municipality_id)
            continue
        with transaction.atomic():
            _lock(municipality_id)
            SearchTerm.all_objects.filter(municipality_id=municipality_id, service_id__in=ids).delete()
            rows = []
            services = list(_published(Service.all_objects.filter(municipality_id=municipality_id, pk__in=ids)))
            concepts = concepts_of(services)
            for service in services:
                rows.extend(service_rows(service, finnish, concepts))
            SearchTerm.all_objects.bulk_create(rows, batch_size=ROW_BATCH)
            bump_content_version(municipality_id)


def content_languages() -> list[str]:
    return list(getattr(settings, "CONTENT_LANGUAGES", ["fi", "sv", "en"]))
