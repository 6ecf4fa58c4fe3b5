"""Answering a query: analyse it in every content language, correct typos against the municipality's
vocabulary, rank the services in one SQL query and explain the hits (matched terms, life events)."""

import bisect
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import add, or_

from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, IntegerField, Max, Min, Q, Sum, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from luukku.core.models import Municipality

from ..models import CodeKind, PublishingStatus, SearchTerm, Service
from .analyzers import FULL, STOPWORDS, accented_variants, active_finnish_analyzer, analyzer_for, fold, tokenize
from .index import content_languages, index_analyzer
from .synonyms import SYNONYM, synonyms_of

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 10
OTHER_LANGUAGE = 0.6  # a match in another language than the reader's counts this much
EXPANSION = 0.5  # prefix/suffix matches of a stem that the analyzer did not recognise
EXPANSIONS_PER_KIND = 8
FUZZY_CUTOFF = 80.0
# A hit needs one term whose index weight x query factor (no idf) reaches this: a whole word in a
# description (1.0) does, a compound's part only in a description (0.5) does not.
MIN_EVIDENCE = 0.6
# When some query words are not in the index at all, only strong hits (keywords, names) are shown.
PARTIAL_EVIDENCE = 3.0
TYPO = 0.9
FOLD = 0.9  # a word typed without ä/ö, read with them: a fallback, used only when the word as typed is not found
FOLD_VARIANTS = 2
# Ranking (BM25F-like): a word's contribution is idf x query factor x w / (w + SATURATION), where w is the
# index weight (field-weighted: name 10 ... description 1); the score is the sum over the query's words,
# so covering another word is worth what that word is worth, no more.
SATURATION = 4.0
COVERAGE_BONUS = 0.15  # per share of the query's words covered, on top of their contributions
RELATIVE_FLOOR = 0.3  # results scoring below this share of the best are left out
SUGGEST_CUTOFF = 72.0  # "did you mean" for a query that found nothing: looser than the correction
GROUP_FLOOR = 0.6
MAX_GROUPS = 3
COMPOUNDING = {"fi", "sv", "de", "no", "da", "et"}
PRUNE_SHARE = 0.2
EXTRA_ROWS = 10  # fetched beyond the limit for the popularity tie-break
LIFE_EVENT_KINDS = (CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT)
VOCABULARY_SECONDS = 24 * 3600


# --- vocabulary ---------------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """A municipality's index terms with their document frequencies, for typo correction and idf."""

    version: str
    analyzer: str | None
    services: int
    df: dict[str, dict[str, int]]
    surfaces: dict[str, dict[str, str]]
    groups: list = field(default_factory=list)  # [(kind, pk, names)] life events and sectors with services
    _sorted: dict = field(default_factory=dict, repr=False)
    _reversed: dict = field(default_factory=dict, repr=False)
    _buckets: dict = field(default_factory=dict, repr=False)
    _folded: dict = field(default_factory=dict, repr=False)

    def has(self, language, term):
        return term in self.df.get(language, ())

    def surface(self, language, term) -> str:
        return self.surfaces.get(language, {}).get(term) or term

    def idf(self, language, term) -> float:
        n = max(self.services, 1)
        df = self.df.get(language, {}).get(term, 1)
        return math.log(1 + n / df) / math.log(1 + n) if n > 1 else 1.0

    def sorted_terms(self, language):
        if language not in self._sorted:
            self._sorted[language] = sorted(self.df.get(language, ()))
        return self._sorted[language]

    def reversed_terms(self, language):
        if language not in self._reversed:
            self._reversed[language] = sorted(t[::-1] for t in self.df.get(language, ()))
        return self._reversed[language]

    def starting_with(self, language, stem):
        terms = self.sorted_terms(language)
        i = bisect.bisect_left(terms, stem)
        out = []
        while i < len(terms) and terms[i].startswith(stem) and len(out) < EXPANSIONS_PER_KIND:
            if terms[i] != stem:
                out.append(terms[i])
            i += 1
        return out

    def ending_with(self, language, stem):
        terms, rstem = self.reversed_terms(language), stem[::-1]
        i = bisect.bisect_left(terms, rstem)
        out = []
        while i < len(terms) and terms[i].startswith(rstem) and len(out) < EXPANSIONS_PER_KIND:
            if terms[i] != rstem:
                out.append(terms[i][::-1])
            i += 1
        return out

    def folded(self, language, stem) -> list[str]:
        """Index terms that are `stem` once their ä, ö and å are written as a and o."""
        if language not in self._folded:
            folded: dict = {}
            for term in self.df.get(language, ()):
                plain = fold(term)
                if plain != term:
                    folded.setdefault(plain, []).append(term)
            self._folded[language] = folded
        return self._folded[language].get(stem, [])[:EXPANSIONS_PER_KIND]

    def prefixes_of(self, language, stem, shortest=5):
        known = self.df.get(language, {})
        return [stem[:n] for n in range(len(stem) - 1, shortest - 1, -1) if stem[:n] in known][:2]

    def suffixes_of(self, language, stem, shortest=5):
        """Index terms the stem ends with: the head of a compound the index has only on its own
        ("busstidtabell" -> "tidtabell", "hammaslääkär" -> "lääkär" with snowball)."""
        known = self.df.get(language, {})
        return [stem[n:] for n in range(1, len(stem) - shortest + 1) if stem[n:] in known][:2]

    def closest(self, language, word, cutoff=FUZZY_CUTOFF) -> tuple[str, float] | None:
        """The most similar term of about the same length and the same first letter (a typo)."""
        if language not in self._buckets:
            buckets: dict = {}
            for term in self.df.get(language, ()):
                buckets.setdefault((term[0], len(term)), []).append(term)
            self._buckets[language] = buckets
        buckets = self._buckets[language]
        choices = [t for n in range(len(word) - 3, len(word) + 3) for t in buckets.get((word[0], n), ())]
        found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return (found[0], found[1]) if found else None


_vocabularies: dict[int, Vocabulary] = {}  # process-local first level in front of Django's cache


def vocabulary(municipality_id: int) -> Vocabulary:
    # public_id too: ids and versions repeat when a database is recreated (tests), uuids do not.
    stamp = Municipality.objects.filter(pk=municipality_id).values_list("public_id", "content_version").first()
    version = f"{stamp[0]}:{stamp[1]}" if stamp else "none"
    cached = _vocabularies.get(municipality_id)
    if cached is not None and cached.version == version:
        return cached
    key = f"luukku:search:vocabulary2:{municipality_id}:{version}"  # 2: with life events and sectors
    data = cache.get(key)
    if data is None:
        df: dict[str, dict[str, int]] = {}
        surfaces: dict[str, dict[str, str]] = {}
        rows = (
            SearchTerm.all_objects.filter(municipality_id=municipality_id)
            .values_list("language", "term")
            .annotate(df=Count("id"), surface=Min("surface"))
            .order_by()
        )
        for language, term, count, surface in rows:
            df.setdefault(language, {})[term] = count
            if surface and surface != term:
                surfaces.setdefault(language, {})[term] = surface
        services = Service.all_objects.filter(
            municipality_id=municipality_id, status=PublishingStatus.PUBLISHED
        ).count()
        data = (index_analyzer(municipality_id), services, df, surfaces, _groups(municipality_id))
        cache.set(key, data, VOCABULARY_SECONDS)
    vocab = Vocabulary(version, *data)
    _vocabularies[municipality_id] = vocab
    return vocab


def _groups(municipality_id) -> list:
    """Life events and sectors that have published services here: (kind, pk, names) for matching."""
    from luukku.core.models import Sector

    from ..models import Code

    published = Q(services__municipality_id=municipality_id, services__status=PublishingStatus.PUBLISHED)
    events = (
        Code.objects.filter(published, kind__in=LIFE_EVENT_KINDS)
        .order_by("order", "code")
        .values_list("kind", "pk", "name")
        .distinct()
    )
    sectors = (
        Sector.all_objects.filter(municipality_id=municipality_id, services__status=PublishingStatus.PUBLISHED)
        .order_by("order", "slug").values_list("pk", "name").distinct()
    )
    return [*((kind, pk, name) for kind, pk, name in events), *(("sector", pk, name) for pk, name in sectors)]


# --- query analysis -----------------------------------------------------------------------------


@dataclass
class QueryWord:
    surface: str
    terms: dict[tuple[str, str], float] = field(default_factory=dict)  # (language, term) -> query weight
    evidence: dict[tuple[str, str], float] = field(default_factory=dict)  # the same without idf
    correction: str | None = None


def problem_of(text: str) -> str | None:
    if not text.strip():
        return _("Type a word to search, for example “library” or “daycare”.")
    if len(text) > MAX_QUERY_CHARS:
        return _("Your search is too long. Please shorten it to at most %(count)d characters.") % {
            "count": MAX_QUERY_CHARS
        }
    if not tokenize(text):
        return _("Search with words made of letters or numbers, for example “swimming hall”.")
    return None


def analyse_query(text, reader, languages, vocab, finnish) -> list[QueryWord]:
    """The query's words with their index terms. A word the index does not know as such is tried with
    ä/ö where it has a/o (a phone without a Finnish keyboard), then as a typo of an index term, then as a
    compound of / a stem inside index words (snowball has no compounds). Curated synonyms add the
    catalogue's words for a resident's word, a little weaker than the word itself."""
    tokens = list(dict.fromkeys(tokenize(text)))
    words = []
    for token in tokens:
        if token in STOPWORDS.get(reader, ()):
            continue
        word = QueryWord(token)
        found = any([_add_terms(word, token, language, reader, vocab, finnish) for language in languages])
        surface, factor = token, 1.0
        if not found:
            accented = _unfold(word, token, reader, languages, vocab, finnish)
            if accented:
                found, surface, factor = True, accented, FOLD
                word.correction = accented
        synonyms = _add_synonyms(word, surface, reader, languages, vocab, finnish, factor)
        if not found and not synonyms:
            corrected = not _known_finnish(token, reader, finnish) and _correct(
                word, token, reader, languages, vocab, finnish
            )
            for language in languages:
                _add_terms(word, token, language, reader, vocab, finnish, expand=True)
            if word.terms and not corrected:  # found through a longer or shorter index word: say which
                (language, term), _weight = max(word.terms.items(), key=lambda item: item[1])
                word.correction = vocab.surface(language, term)
        _prune(word)
        words.append(word)
        if len(words) >= MAX_QUERY_WORDS:
            break
    return words


def _known_finnish(token, reader, finnish) -> bool:
    """A Finnish reader's real Finnish word ("neuvola") is not a typo of another one ("neuvonta")."""
    return reader == "fi" and finnish == "voikko" and analyzer_for("fi", finnish).word(token).known


def _unfold(word, token, reader, languages, vocab, finnish) -> str | None:
    """Read a word typed without ä/ö/å with them: Voikko's spellings for Finnish, the folded index terms
    for the rest. Returns the spelling found, or None."""
    found = None
    for language in languages:
        if language == "fi" and finnish == "voikko":
            for variant in accented_variants(token)[:FOLD_VARIANTS]:
                if _add_terms(word, variant, language, reader, vocab, finnish, factor=FOLD):
                    found = found or variant
            continue
        analyzer = analyzer_for(language, finnish)
        if analyzer.is_noise(token):
            continue
        share = 1.0 if language == reader else OTHER_LANGUAGE
        for stem in analyzer.word(token).terms:
            for term in vocab.folded(language, stem):
                key = (language, term)
                word.terms[key] = max(word.terms.get(key, 0.0), FOLD * share * vocab.idf(language, term))
                word.evidence[key] = max(word.evidence.get(key, 0.0), FOLD * share)
                found = found or vocab.surface(language, term)
    return found


def _add_synonyms(word, surface, reader, languages, vocab, finnish, factor) -> bool:
    """Add the curated synonyms' terms of the word (any inflection: looked up by its lemmas). When the
    index has the word itself only as compound parts ("vanhuspalvelut": palvelu), the synonyms replace
    the parts: they say what the word means, the parts do not."""
    added = False
    own: set = set()
    before = dict(word.terms), dict(word.evidence)
    word.terms, word.evidence = {}, {}
    for language in languages:
        analyzer = analyzer_for(language, finnish)
        if analyzer.is_noise(surface):
            continue
        lemmas = [t for t, f in analyzer.word(surface).terms.items() if f >= FULL]
        own.update((language, t) for t in lemmas if vocab.has(language, t))
        keys = {surface, *lemmas}
        targets = {target for key in keys for target in synonyms_of(language, key)}
        share = 1.0 if language == reader else OTHER_LANGUAGE
        for target in sorted(targets):
            for target_word in analyzer.words(target):
                for term, f in target_word.terms.items():
                    if vocab.has(language, term):
                        key, evidence = (language, term), f * factor * SYNONYM * share
                        word.terms[key] = max(word.terms.get(key, 0.0), evidence * vocab.idf(language, term))
                        word.evidence[key] = max(word.evidence.get(key, 0.0), evidence)
                        added = True
    synonyms = word.terms, word.evidence
    word.terms, word.evidence = before
    if added and not own:
        word.terms, word.evidence = {}, {}
    for key, weight in synonyms[0].items():
        word.terms[key] = max(word.terms.get(key, 0.0), weight)
        word.evidence[key] = max(word.evidence.get(key, 0.0), synonyms[1][key])
    return added


def _prune(word):
    """Drop terms that weigh next to nothing beside the word's best one (a compound's common part, such
    as neuvonta in matkailuneuvonta): they would barely move the score but cost the most rows."""
    if len(word.terms) > 1:
        floor = PRUNE_SHARE * max(word.terms.values())
        word.terms = {key: weight for key, weight in word.terms.items() if weight >= floor}
        word.evidence = {key: word.evidence[key] for key in word.terms}


def _add_terms(word, token, language, reader, vocab, finnish, factor=1.0, expand=False) -> bool:
    """Add the word's index terms in `language`; True when the analysed word itself is in the index."""
    analyzer = analyzer_for(language, finnish)
    if analyzer.is_noise(token):
        return False
    analysed = analyzer.word(token)
    candidates = dict(analysed.terms)
    exact = any(vocab.has(language, term) for term in candidates)
    if expand and not analysed.known:
        for stem, f in analysed.terms.items():
            if f < FULL or len(stem) < 4:
                continue
            found = vocab.starting_with(language, stem)
            if language in COMPOUNDING:
                found += (vocab.ending_with(language, stem) + vocab.prefixes_of(language, stem)
                          + vocab.suffixes_of(language, stem))
            for term in found:
                candidates.setdefault(term, EXPANSION)
    share = 1.0 if language == reader else OTHER_LANGUAGE
    for term, f in candidates.items():
        if vocab.has(language, term):
            key = (language, term)
            evidence = f * factor * share
            word.terms[key] = max(word.terms.get(key, 0.0), evidence * vocab.idf(language, term))
            word.evidence[key] = max(word.evidence.get(key, 0.0), evidence)
    return exact


def _correct(word, token, reader, languages, vocab, finnish) -> bool:
    """Try the word as a typo of the closest index term."""
    if len(token) < 5 or token.isdigit():
        return False
    best = None
    for language in languages:
        analyzer = analyzer_for(language, finnish)
        bonus = 1 if language == reader else 0
        lemmas = [t for t, f in analyzer.word(token).terms.items() if f >= FULL]  # not a compound's parts
        for candidate in {token, *lemmas}:
            if len(candidate) < 5:
                continue
            found = vocab.closest(language, candidate)
            if found and (best is None or found[1] + bonus > best[1]):
                best = (found[0], found[1] + bonus, language)
    if best is None:
        return False
    term, _score, language = best
    word.correction = vocab.surface(language, term)
    _add_terms(word, term, language, reader, vocab, finnish, factor=TYPO)
    key = (language, term)
    evidence = TYPO * (1.0 if language == reader else OTHER_LANGUAGE)
    word.terms.setdefault(key, evidence * vocab.idf(language, term))
    word.evidence.setdefault(key, evidence)
    return True


# --- ranking ------------------------------------------------------------------------------------


def _word_q(word: QueryWord) -> Q:
    by_language: dict[str, list[str]] = {}
    for language, term in word.terms:
        by_language.setdefault(language, []).append(term)
    return reduce(or_, (Q(language=lang, term__in=sorted(terms)) for lang, terms in by_language.items()))


def rank(municipality_id, words: list[QueryWord], limit: int, min_evidence: float = MIN_EVIDENCE):
    """[(service_id, score, {(language, term), …})] best first by one score (see SATURATION), then popularity."""
    evidences: dict[tuple[str, str], float] = {}
    for word in words:
        for key in word.terms:
            evidences[key] = max(evidences.get(key, 0.0), word.evidence[key])
    keys = list(evidences)
    saturated = F("weight") / (F("weight") + Value(SATURATION))

    def word_score(word):
        return Max(
            Case(
                *(When(language=lang, term=term, then=saturated * Value(weight))
                  for (lang, term), weight in word.terms.items()),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )

    n = len(words)
    score = reduce(add, (word_score(w) for w in words))
    if COVERAGE_BONUS:
        score = score + reduce(
            add,
            (Max(Case(When(_word_q(w), then=Value(COVERAGE_BONUS / n)), default=Value(0.0),
                      output_field=FloatField())) for w in words),
        )
    evidence = Max(
        Case(
            *(When(language=lang, term=term, then=F("weight") * Value(evidences[lang, term])) for lang, term in keys),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    flags = {
        f"t{i}": Max(Case(When(language=lang, term=term, then=Value(1)), default=Value(0), output_field=IntegerField()))
        for i, (lang, term) in enumerate(keys)
    }
    # The popularity tie-break is applied in Python to a few extra rows: joining the services here
    # would cost a scan of the whole catalogue for a common word.
    # WHERE names the terms only (languages are told apart in the CASEs) so that PostgreSQL can answer
    # from the covering index alone.
    rows = list(
        SearchTerm.all_objects.filter(municipality_id=municipality_id, term__in=sorted({t for _lang, t in keys}))
        .values("service_id")
        .annotate(score=score, evidence=evidence, **flags)
        .order_by("-score", "service_id")[: limit + EXTRA_ROWS]
    )
    if not rows:
        return []
    floor = RELATIVE_FLOOR * rows[0]["score"]
    rows = [r for r in rows if r["score"] >= floor and r["evidence"] >= min_evidence]
    popularity = dict(
        Service.all_objects.order_by().filter(pk__in=[r["service_id"] for r in rows]).values_list("pk", "popularity")
    )
    rows.sort(key=lambda r: (-round(r["score"], 3), -popularity.get(r["service_id"], 0)))
    return [
        (r["service_id"], r["score"], {key for i, key in enumerate(keys) if r[f"t{i}"]})
        for r in rows[:limit]
    ]


@lru_cache(maxsize=4096)
def _code_terms(code_id: int, names: tuple, finnish: str) -> frozenset:
    terms = set()
    for language, text in names:
        if isinstance(text, str):
            for word in analyzer_for(language, finnish).words(text):
                terms.update((language, t) for t in word.terms)
    return frozenset(terms)


def explain(ranked, finnish):
    """Load the ranked services and say which terms and life events matched."""
    from . import SearchHit

    services = (
        Service.all_objects.order_by().filter(pk__in=[r[0] for r in ranked])
        .select_related("sector", "responsible_unit").prefetch_related("codes").in_bulk()
    )
    hits = []
    for service_id, score, terms in ranked:
        service = services.get(service_id)
        if service is None:
            continue
        events = [
            code
            for code in service.codes.all()
            if code.kind in LIFE_EVENT_KINDS
            and _code_terms(code.pk, tuple(sorted((code.name or {}).items())), finnish) & terms
        ]
        hits.append(SearchHit(service, round(score, 3), events, sorted({t for _lang, t in terms}), service_id))
    return hits


_warned_mismatch: set[int] = set()


def run_search(municipality, query, language, limit=20, *, ranking_only=False):
    from . import SearchHit, SearchResponse

    text = query if isinstance(query, str) else ""
    with translation.override(language if isinstance(language, str) else None):
        problem = problem_of(text)
    if problem:
        return SearchResponse(query=text, problem=problem, analyzer=active_finnish_analyzer())
    municipality_id = getattr(municipality, "pk", municipality)
    languages = content_languages()
    reader = language if language in languages else languages[0]
    vocab = vocabulary(municipality_id)
    active = active_finnish_analyzer()
    finnish = vocab.analyzer or active
    if finnish != active and municipality_id not in _warned_mismatch:
        _warned_mismatch.add(municipality_id)
        log.warning("Search index of municipality %s was built with %s, not %s: reindex it.", municipality_id,
                    finnish, active)
    analysed = analyse_query(text, reader, list(dict.fromkeys([*languages, *vocab.df])), vocab, finnish)
    if not analysed:
        with translation.override(reader):
            problem = _("Your search has only very common words such as “and” or “how”, which search leaves "
                        "out. Add a word that describes your errand, for example “daycare”.")
        return SearchResponse(query=text, problem=problem, analyzer=finnish)
    words = [w for w in analysed if w.terms]
    suggestion = None
    if any(w.correction for w in words):
        suggestion = " ".join(w.correction or w.surface for w in words)
    limit = max(1, min(int(limit), 100))
    ranked = []
    if words:
        ranked = rank(municipality_id, words, limit, MIN_EVIDENCE if len(words) == len(analysed) else PARTIAL_EVIDENCE)
    if ranking_only:
        hits = [SearchHit(None, round(score, 3), [], sorted({t for _lang, t in terms}), service_id)
                for service_id, score, terms in ranked]
        return SearchResponse(query=text, results=hits, suggestion=suggestion, analyzer=finnish)
    hits = explain(ranked, finnish) if ranked else []
    if not hits:
        suggestion = _suggestion(municipality_id, analysed, reader, languages, vocab, finnish)
    events, sectors = _matching_groups(analysed, reader, vocab, finnish)
    return SearchResponse(query=text, results=hits, suggestion=suggestion, analyzer=finnish,
                          life_events=events, sectors=sectors)


def _suggestion(municipality_id, analysed, reader, languages, vocab, finnish) -> str | None:
    """For a query that found nothing: its words respelt as the closest index words, if that finds something."""
    respelt, changed = [], False
    for word in analysed:
        token = word.surface
        closest = None
        if len(token) >= 4 and not token.isdigit() and not _known_finnish(token, reader, finnish):
            for language in [reader, *(lang for lang in languages if lang != reader)]:
                found = vocab.closest(language, token, SUGGEST_CUTOFF)
                if found and (closest is None or found[1] > closest[1]):
                    closest = (vocab.surface(language, found[0]), found[1])
        if closest and closest[0] != token:
            respelt.append(closest[0])
            changed = True
        else:
            respelt.append(token)
    if not changed:
        return None
    text = " ".join(respelt)
    words = [w for w in analyse_query(text, reader, languages, vocab, finnish) if w.terms]
    return text if words and rank(municipality_id, words, 1) else None


def _matching_groups(analysed, reader, vocab, finnish):
    """Life events and sectors whose names match the query's words (lemmas, families, synonyms)."""
    if not vocab.groups or not analysed:
        return [], []
    query: dict[tuple[str, str], float] = {}
    for word in analysed:
        for surface, factor in ((word.surface, 1.0), (word.correction, FOLD)):
            if not surface:
                continue
            for language in dict.fromkeys([reader, *vocab.df]):
                share = 1.0 if language == reader else OTHER_LANGUAGE
                for part in surface.split():
                    for term, f in analyzer_for(language, finnish).word(part).terms.items():
                        key = (language, term)
                        query[key] = max(query.get(key, 0.0), f * factor * share)
        for key, weight in word.evidence.items():
            query[key] = max(query.get(key, 0.0), min(weight, 1.0))
    scored = []
    for order, (kind, pk, names) in enumerate(vocab.groups):
        if not isinstance(names, dict):
            continue
        terms = _name_weighted_terms(tuple(sorted((k, v) for k, v in names.items() if isinstance(v, str))), finnish)
        best = max((query[key] * factor for key, factor in terms.items() if key in query), default=0.0)
        if best >= GROUP_FLOOR:
            scored.append((-best, order, kind, pk))
    scored.sort()
    events = [pk for _b, _o, kind, pk in scored if kind != "sector"][:MAX_GROUPS]
    sectors = [pk for _b, _o, kind, pk in scored if kind == "sector"][:MAX_GROUPS]
    if not events and not sectors:
        return [], []
    from luukku.core.models import Sector

    from ..models import Code

    codes = Code.objects.in_bulk(events)
    found = Sector.all_objects.in_bulk(sectors)
    return [codes[pk] for pk in events if pk in codes], [found[pk] for pk in sectors if pk in found]


@lru_cache(maxsize=4096)
def _name_weighted_terms(names: tuple, finnish: str) -> dict:
    terms: dict[tuple[str, str], float] = {}
    for language, text in names:
        for word in analyzer_for(language, finnish).words(text):
            for term, factor in word.terms.items():
                key = (language, term)
                terms[key] = max(terms.get(key, 0.0), factor)
    return terms
