"""YSO concepts from Finto as a thesaurus for search: the alternative labels of the ontology terms that
PTV attaches to services ("vanhukset", "seniorit" for ikääntyneet).

Finto runs Skosmos; its REST API (v1) gives a concept's RDF as JSON-LD at
`<base>/yso/data?uri=<concept>&format=application/ld+json`: {"@context": …, "graph": [{"uri": …,
"prefLabel": …, "altLabel": …, "hiddenLabel": …}, …]} where a label is {"lang": "fi", "value": "…"} or a
list of them (the graph also holds the concept's neighbours, so the node is chosen by its uri).

A concept that cannot be fetched or read is reported with the reason and keeps what it had; it never
stops the others, a PTV import or a search. LUUKKU_FINTO_URL empty = off (the demo, the tests).
"""

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction

from luukku.core import clock

from .models import OntologyConcept, Service

log = logging.getLogger(__name__)

YSO_PREFIX = "http://www.yso.fi/onto/yso/"
TIMEOUT = 10.0
RETRIES = 2  # after the first try, for a 5xx answer or a network failure
BACKOFF = 0.5  # seconds, doubled for each retry
MAX_LABELS = 50  # per language: more is not a thesaurus entry but a mistake
MAX_LABEL_CHARS = 200
MAX_BYTES = 2 * 1024 * 1024


class ThesaurusError(RuntimeError):
    """One concept could not be fetched or read (the message says why)."""


def base_url() -> str:
    return (getattr(settings, "LUUKKU_FINTO_URL", "") or "").strip()


def data_url(base: str, uri: str) -> str:
    # YSO's own vocabulary endpoint; the global one for a concept of another vocabulary.
    path = "yso/data" if uri.startswith(YSO_PREFIX) else "data"
    return f"{base.rstrip('/')}/{path}?uri={quote(uri, safe='')}&format={quote('application/ld+json', safe='')}"


def fetch_document(base: str, uri: str, *, timeout: float = TIMEOUT, retries: int = RETRIES,
                   backoff: float = BACKOFF):
    """The concept's JSON-LD document. 5xx answers and network failures are retried; a 4xx is not."""
    if urlsplit(base).scheme not in ("http", "https"):
        raise ThesaurusError(f"{base}: only http and https addresses are fetched")
    url = data_url(base, uri)
    request = Request(url, headers={"Accept": "application/ld+json, application/json"})
    for attempt in range(retries + 1):
        try:
            with urlopen(request, timeout=timeout) as response:
                raw = response.read(MAX_BYTES + 1)
            break
        except HTTPError as exc:
            if exc.code < 500 or attempt == retries:
                raise ThesaurusError(f"HTTP {exc.code} from {url}") from exc
            reason = f"HTTP {exc.code}"
        except (URLError, OSError) as exc:
            if attempt == retries:
                raise ThesaurusError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
            reason = str(exc)
        log.info("Finto %s (%s): retrying", uri, reason)
        time.sleep(backoff * 2**attempt)
    if len(raw) > MAX_BYTES:
        raise ThesaurusError(f"{url}: answer larger than {MAX_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ThesaurusError(f"{url}: not JSON ({exc})") from exc


def _labels(value, default_language, languages) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            language, text = item.get("lang", item.get("@language")), item.get("value", item.get("@value"))
        else:
            language, text = default_language, item
        if not isinstance(language, str) or not isinstance(text, str) or language not in languages:
            continue
        text = " ".join(text.split())[:MAX_LABEL_CHARS]
        labels = out.setdefault(language, [])
        if text and text not in labels and len(labels) < MAX_LABELS:
            labels.append(text)
    return out


def parse_concept(document, uri: str, languages) -> tuple[dict, dict]:
    """(preferred labels, alternative labels) of `uri`, each {language: [label, …]}, from a Skosmos
    JSON-LD document. Raises ThesaurusError for a document that does not describe the concept."""
    if not isinstance(document, dict):
        raise ThesaurusError(f"{uri}: the answer is not a JSON-LD object")
    context = document.get("@context")
    default_language = context.get("@language") if isinstance(context, dict) else None
    graph = document.get("graph", document.get("@graph", [document]))
    nodes = [n for n in (graph if isinstance(graph, list) else [graph])
             if isinstance(n, dict) and uri in (n.get("uri"), n.get("@id"))]
    if not nodes:
        raise ThesaurusError(f"{uri}: the answer does not describe this concept")
    node = nodes[0]
    preferred = _labels(node.get("prefLabel"), default_language, languages)
    if not preferred:
        raise ThesaurusError(f"{uri}: the concept has no preferred label in {', '.join(languages)}")
    alternative: dict[str, list[str]] = {}
    for key in ("altLabel", "hiddenLabel"):
        for language, labels in _labels(node.get(key), default_language, languages).items():
            known = alternative.setdefault(language, [])
            known += [label for label in labels if label not in known and label not in preferred.get(language, [])]
    return preferred, {k: v[:MAX_LABELS] for k, v in alternative.items() if v}


# --- use case: refresh ----------------------------------------------------------------------------


@dataclass
class ThesaurusReport:
    fetched: list[str] = field(default_factory=list)  # stored, labels changed or new
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (uri, reason)
    reindexed: list[str] = field(default_factory=list)  # municipality slugs
    fresh: int = 0  # not fetched: fetched less than max_age ago

    def as_dict(self) -> dict:
        return {"fetched": len(self.fetched), "unchanged": len(self.unchanged), "fresh": self.fresh,
                "failed": [f"{uri}: {reason}" for uri, reason in self.failed][:200], "reindexed": self.reindexed}


def term_uris(ontology_terms) -> list[str]:
    """The concept URIs of a service's ontology terms (as PTV gives them)."""
    terms = ontology_terms if isinstance(ontology_terms, list) else []
    return [t["uri"] for t in terms if isinstance(t, dict) and isinstance(t.get("uri"), str) and t["uri"]]


def used_uris(municipality=None) -> dict[str, set[int]]:
    """{concept uri: {municipality id, …}} of the catalogue's ontology terms (one municipality's, or all)."""
    services = Service.all_objects.order_by()
    if municipality is not None:
        services = services.filter(municipality=municipality)
    used: dict[str, set[int]] = {}
    for municipality_id, terms in services.values_list("municipality_id", "ontology_terms").iterator():
        for uri in term_uris(terms):
            used.setdefault(uri, set()).add(municipality_id)
    return used


def refresh_thesaurus(base: str | None = None, municipality=None, *, max_age_days: float = 30,
                      timeout: float = TIMEOUT, retries: int = RETRIES, backoff: float = BACKOFF) -> ThesaurusReport:
    """Fetch the concepts the catalogue uses that are missing or older than `max_age_days`, store each
    in its own transaction, and rebuild the search index of the municipalities whose concepts changed."""
    from luukku.core.models import Municipality

    from .search.index import content_languages, reindex_municipality

    base = base_url() if base is None else base
    report = ThesaurusReport()
    if not base:
        return report
    languages = content_languages()
    used = used_uris(municipality)
    known = {c.uri: c for c in OntologyConcept.objects.filter(uri__in=list(used))}
    cutoff = clock.now() - dt.timedelta(days=max_age_days)
    changed_in: set[int] = set()
    for uri in sorted(used):
        concept = known.get(uri)
        if concept is not None and concept.fetched_at and concept.fetched_at >= cutoff:
            report.fresh += 1
            continue
        try:
            labels, alternative = parse_concept(
                fetch_document(base, uri, timeout=timeout, retries=retries, backoff=backoff), uri, languages)
        except ThesaurusError as exc:
            report.failed.append((uri, str(exc)))
            continue
        with transaction.atomic():
            concept, created = OntologyConcept.objects.select_for_update().get_or_create(uri=uri)
            changed = created or (concept.labels, concept.alternative_labels) != (labels, alternative)
            concept.labels, concept.alternative_labels, concept.fetched_at = labels, alternative, clock.now()
            concept.save()
        (report.fetched if changed else report.unchanged).append(uri)
        if changed:
            changed_in |= used[uri]
    for m in Municipality.objects.filter(pk__in=changed_in).order_by("slug"):
        reindex_municipality(m)
        report.reindexed.append(m.slug)
    return report
