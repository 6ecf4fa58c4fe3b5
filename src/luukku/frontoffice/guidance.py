"""Service guidance: from a resident's own words ("we are moving here with two children", "äiti ei enää
pärjää kotona") to the services that apply, grouped by life event, with what to do next and what
Luukku can start now.

Generic engine over data (guidance_cues.py):

1. The text's words are read with the catalogue search's analyzers (Voikko lemmas, snowball stems)
   in Finnish, Swedish and English; situation cues whose every word occurs fire (with their life
   events and the catalogue words a counsellor would look up).
2. Scores add up from three sources, each normalised to its best hit: the ordinary Finnish-aware
   search over the resident's words (`catalogue.search.search`), the search of each fired cue's
   words (earlier words weigh more), and membership of a fired life event (popularity breaks ties).
3. When the viewer is known, the register adds its steps for the children in their care (a child
   turning 6 next year: preschool) when the text is about children, and each suggested service
   says whether the person already has an open case or an answerable offer for it.

Never raises on any text: bad input gets a `problem` in the reader's language, the text kept by
the caller. Nothing is stored and nothing is cached across requests (the answer may hold a person's
data). The local embedding model of issue 20 is not used: see the report of the guidance branch.
"""

import datetime as dt
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _

from luukku.catalogue.models import CodeKind, PublishingStatus, Service
from luukku.catalogue.search import search
from luukku.catalogue.search.analyzers import STOPWORDS, active_finnish_analyzer, analyzer_for, normalize, tokenize
from luukku.core import clock
from luukku.core.translation import tr

from .guidance_cues import CHILD_STEPS, CUES, OTHER_LANGUAGE_WORDS

log = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
MAX_CHARS = 1000  # one situation in a few sentences; a longer paste is asked to be shortened
MAX_TURNS = 5  # earlier questions kept as context
EARLIER_TURN = 0.6  # an earlier question counts this much beside the latest one
MAX_SUGGESTIONS = 10
CLAUSE_WORDS = 8  # words per search of the resident's own text (the search reads at most 10)
MAX_CLAUSES = 4
TEXT_WEIGHT = 1.0  # the search of the resident's own words
CUE_WEIGHT = 1.2  # a fired cue's catalogue words (the first; later ones decay)
CUE_DECAY = 0.85
EVENT_WEIGHT = 0.35  # belonging to a fired life event
LIFE_EVENT_KINDS = (CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT)
PART = 0.5  # a compound's part matching a cue word counts this much
_SCRIPT_LATIN = re.compile(r"[a-zA-ZÀ-ɏ]")


@dataclass
class Start:
    kind: str  # "form", "booking", "page"
    label: str
    url: str


@dataclass
class Suggestion:
    service: Service
    score: float
    events: list = field(default_factory=list)  # catalogue.Code
    next_step: str = ""
    starts: list[Start] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # "you already applied" notes


@dataclass
class Group:
    event: object  # catalogue.Code, or None for "other services"
    suggestions: list[Suggestion]


@dataclass
class Guidance:
    text: str
    language: str
    problem: str | None = None
    groups: list[Group] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    register_notes: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)  # keys of the cues that fired (for tests and tuning)


# --- reading the words -----------------------------------------------------------------------------------


def _terms(language: str, finnish: str, token: str) -> dict[str, float]:
    analysed = analyzer_for(language, finnish).word(token).terms
    return {t: (1.0 if f >= 1.0 else PART) for t, f in analysed.items() if f >= PART}


@lru_cache(maxsize=8)
def _cue_patterns(finnish: str):
    """[(cue index, language, [(kind, value)])]: each phrase's words as lemma sets or prefixes."""
    patterns = []
    for index, cue in enumerate(CUES):
        for language, phrases in cue.words.items():
            for phrase in phrases:
                words = []
                tokens = tokenize(phrase)
                for position, token in enumerate(tokens):
                    if phrase.endswith("*") and position == len(tokens) - 1:
                        words.append(("prefix", normalize(token)))
                        continue
                    terms = frozenset(t for t, f in _terms(language, finnish, token).items() if f >= 1.0)
                    # A word the analyzer leaves out (a stopword: "en", "saimme") must occur as written.
                    words.append(("terms", terms) if terms else ("surface", token))
                if words:
                    patterns.append((index, language, words))
    return patterns


def _token_terms(tokens, finnish) -> dict[str, list[dict[str, float]]]:
    return {language: [_terms(language, finnish, t) for t in tokens] for language in LANGUAGES}


def text_languages(tokens: list[str], reader: str) -> set[str]:
    """The languages the text is written in, by their common words ("och", "the", "ja"), and the reader's:
    so that the Swedish "dog" (died) is not read as the English dog. All three when nothing tells."""
    counts = {language: sum(1 for t in tokens if t in STOPWORDS[language]) for language in LANGUAGES}
    best = max(counts.values())
    if not best:
        return set(LANGUAGES)
    return {language for language, count in counts.items() if count == best} | {reader}


def match_cues(tokens: list[str], finnish: str, languages=LANGUAGES) -> dict[int, float]:
    """{cue index: strength 0..1} of the cues whose phrases occur in the tokens (read in `languages`)."""
    by_language = _token_terms(tokens, finnish)
    fired: dict[int, float] = {}
    for index, language, words in _cue_patterns(finnish):
        if language not in languages:
            continue
        token_terms = by_language[language]
        strength = 1.0
        for kind, value in words:
            best = 0.0
            for i, terms in enumerate(token_terms):
                if kind == "prefix":
                    if tokens[i].startswith(value):
                        best = 1.0
                elif kind == "surface":
                    if tokens[i] == value:
                        best = 1.0
                else:
                    for term in value:
                        best = max(best, terms.get(term, 0.0))
                if best >= 1.0:
                    break
            strength = min(strength, best)
            if not strength:
                break
        if strength:
            fired[index] = max(fired.get(index, 0.0), strength)
    return fired


def _content_words(tokens: list[str]) -> list[str]:
    stop = set().union(*STOPWORDS.values())
    return [t for t in tokens if t not in stop and not t.isdigit()]


def _clauses(text: str) -> list[str]:
    """The text in pieces the search reads well: sentences and clauses of at most CLAUSE_WORDS content words."""
    pieces = []
    for part in re.split(r"[.!?;:,\n]+", text):
        words = _content_words(tokenize(part))
        for start in range(0, len(words), CLAUSE_WORDS):
            chunk = words[start:start + CLAUSE_WORDS]
            if chunk:
                pieces.append(" ".join(chunk))
    return pieces[:MAX_CLAUSES]


# --- bad input ------------------------------------------------------------------------------------------


def problem_of(text: str, tokens: list[str]) -> str | None:
    if not text.strip():
        return _("Write your situation in a few words, for example “we are moving here with two children”.")
    if len(text) > MAX_CHARS:
        return _("Your text is %(count)d characters long. Tell your situation in at most %(max)d characters: "
                 "a few sentences are enough. Your text is kept below so that you can shorten it.") % {
            "count": len(text), "max": MAX_CHARS}
    if not tokens:
        return _("Write your situation in words, for example “I lost my job”. Pictures, emoji and punctuation "
                 "alone cannot be read.")
    return None


def _foreign(text: str, tokens: list[str], finnish: str) -> bool:
    """A text in a fourth language: most letters outside the Latin script, or more common words of other
    languages than words the guidance knows in Finnish, Swedish or English."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if _SCRIPT_LATIN.match(c)) < len(letters) / 2:
        return True
    known_words = set().union(*STOPWORDS.values())
    foreign = sum(1 for t in tokens if t in OTHER_LANGUAGE_WORDS and t not in known_words)
    known = sum(1 for t in tokens if t in known_words)
    if finnish == "voikko":
        fi = analyzer_for("fi", finnish)
        known += sum(1 for t in tokens if t not in known_words and t not in OTHER_LANGUAGE_WORDS and fi.word(t).known)
    return foreign >= 2 and foreign > known


# --- scoring --------------------------------------------------------------------------------------------


def _search_scores(municipality, query: str, language: str) -> dict[int, float]:
    """{service id: score / best score} of the catalogue search."""
    response = search(municipality, query, language, limit=20, ranking_only=True)
    if not response.results:
        return {}
    best = max(hit.score for hit in response.results) or 1.0
    return {hit.service_id: hit.score / best for hit in response.results}


def _event_services(municipality, codes) -> dict[int, list[tuple[str, int]]]:
    """{service id: [(event code, popularity)]} of the published services of these life events."""
    if not codes:
        return {}
    rows = (Service.all_objects.filter(municipality=municipality, status=PublishingStatus.PUBLISHED,
                                       codes__kind__in=LIFE_EVENT_KINDS, codes__code__in=sorted(codes))
            .values_list("pk", "codes__code", "popularity"))
    out: dict[int, list] = {}
    for pk, code, popularity in rows:
        out.setdefault(pk, []).append((code, popularity))
    return out


def _age_in(birth: dt.date, year: int) -> int:
    return year - birth.year  # the age reached during `year`


def _august_year(today: dt.date) -> int:
    """The year of the coming August (a school year's start)."""
    return today.year if today.month < 8 else today.year + 1


def child_steps(person, today: dt.date) -> list[tuple[object, object, int, int]]:
    """[(step, child, age, year)] for the children in the person's care (population register)."""
    from luukku.people.selectors import children_of

    year = _august_year(today)
    found = []
    for child, _mandate in children_of(person):
        age = _age_in(child.birth_date, year)
        for step in CHILD_STEPS:
            if step.ages[0] <= age <= step.ages[1]:
                found.append((step, child, age, year))
    return found


def rank(municipality, turns: list[str], language: str, *, person=None, today=None):
    """(ranked [(service id, score)], fired cue keys, life event codes with weights, register notes)."""
    finnish = active_finnish_analyzer()
    scores: dict[int, float] = {}
    events: dict[str, float] = {}
    fired_keys: list[str] = []
    topics: set[str] = set()
    searched: dict[tuple[str, str], dict[int, float]] = {}

    def add_search(query, reader, weight):
        key = (query, reader)
        if key not in searched:
            searched[key] = _search_scores(municipality, query, reader)
        for pk, share in searched[key].items():
            scores[pk] = scores.get(pk, 0.0) + weight * share

    cue_strength: dict[int, float] = {}
    for turn_index, turn in enumerate(reversed(turns)):
        turn_weight = 1.0 if turn_index == 0 else EARLIER_TURN
        tokens = tokenize(turn)
        for index, strength in match_cues(tokens, finnish, text_languages(tokens, language)).items():
            cue_strength[index] = max(cue_strength.get(index, 0.0), strength * turn_weight)
        for clause in _clauses(turn):
            add_search(clause, language, TEXT_WEIGHT * turn_weight)
    for index, strength in sorted(cue_strength.items()):
        cue = CUES[index]
        fired_keys.append(cue.key)
        if cue.topic:
            topics.add(cue.topic)
        for code in cue.events:
            events[code] = events.get(code, 0.0) + strength * cue.weight
        for position, query in enumerate(cue.search):
            add_search(query, "fi", CUE_WEIGHT * strength * cue.weight * CUE_DECAY ** position)
    notes = []
    if person is not None and "child" in topics:
        with translation.override(language):
            for step, child, age, year in child_steps(person, today or clock.today()):
                notes.append(str(step.note) % {"name": child.first_names.split()[0], "age": age, "year": year})
                for code in step.events:
                    events[code] = events.get(code, 0.0) + step.weight
                for position, query in enumerate(step.search):
                    add_search(query, "fi", CUE_WEIGHT * step.weight * CUE_DECAY ** position)
    members = _event_services(municipality, set(events))
    for pk, memberships in members.items():
        best = max(events[code] for code, _p in memberships)
        popularity = max(p for _c, p in memberships)
        scores[pk] = scores.get(pk, 0.0) + EVENT_WEIGHT * min(best, 1.5) * (1 + math.log1p(popularity) / 20)
    ranked = sorted(scores.items(), key=lambda item: (-round(item[1], 4), item[0]))
    return ranked, fired_keys, events, notes


# --- the answer -----------------------------------------------------------------------------------------


def _first_sentences(text: str, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[:end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + " …"


def clean_turns(previous) -> list[str]:
    """Earlier questions from hidden fields: strings, at most MAX_TURNS, each cut to MAX_CHARS."""
    out = []
    for value in previous or []:
        if isinstance(value, str) and value.strip():
            out.append(value.strip()[:MAX_CHARS])
    return out[-MAX_TURNS:]


def guide(municipality, text, language: str, *, previous=(), person=None, links=None, today=None) -> Guidance:
    """The guidance for `text` (with earlier questions `previous`), in `language`. `person`: the viewer
    known from the register (the signed-in resident, or the resident on an agent's card); `links`:
    a callable (kind, obj) -> url for the start links of the page that shows the answer."""
    text = text if isinstance(text, str) else ""
    language = language if language in LANGUAGES else "fi"
    answer = Guidance(text=text, language=language)
    tokens = tokenize(text)
    finnish = active_finnish_analyzer()
    with translation.override(language):
        answer.problem = problem_of(text, tokens)
        if answer.problem is None and _foreign(text, tokens, finnish) and not match_cues(tokens, finnish):
            answer.problem = _("The guidance understands Finnish, Swedish and English. Please write your situation "
                               "in one of them, or call or visit the service point: we can also help with an "
                               "interpreter.")
    if answer.problem:
        return answer
    turns = [*clean_turns(previous), text.strip()]
    try:
        ranked, answer.cues, events, answer.register_notes = rank(municipality, turns, language, person=person,
                                                                  today=today)
    except Exception:  # a resident must get an answer, never a 500; the log keeps the cause
        log.exception("service guidance failed")
        with translation.override(language):
            answer.problem = _("The guidance is not working right now. Try again in a moment, or search the "
                               "services by their names.")
        return answer
    if not ranked:
        with translation.override(language):
            answer.problem = _("We did not find services for this. Tell it in other words, for example what "
                               "happened or what you need, or ask the service point.")
        return answer
    _build(answer, municipality, ranked[:MAX_SUGGESTIONS], events, person, links)
    return answer


def _build(answer, municipality, ranked, events, person, links):
    services = (Service.all_objects.filter(municipality=municipality, pk__in=[pk for pk, _s in ranked])
                .prefetch_related("codes", "case_types").in_bulk())
    bookable = _bookable([pk for pk, _s in ranked])
    forms = _open_forms([pk for pk, _s in ranked])
    already = _already(person, [pk for pk, _s in ranked], answer.language) if person is not None else {}
    with translation.override(answer.language):
        for pk, score in ranked:
            service = services.get(pk)
            if service is None:
                continue
            own_events = [c for c in service.codes.all() if c.kind in LIFE_EVENT_KINDS]
            suggestion = Suggestion(service=service, score=round(score, 3),
                                    events=sorted(own_events, key=lambda c: -events.get(c.code, 0.0)),
                                    next_step=_first_sentences(tr(service.user_instructions, answer.language)
                                                               or tr(service.summary, answer.language)),
                                    already=already.get(pk, []))
            if links is not None:
                for case_type in forms.get(pk, []):
                    suggestion.starts.append(Start("form", _("Fill in: %(name)s") % {
                        "name": tr(case_type.name, answer.language)}, links("form", case_type)))
                for resource in bookable.get(pk, []):
                    suggestion.starts.append(Start("booking", _("Book: %(name)s") % {
                        "name": tr(resource.name, answer.language)}, links("booking", resource)))
            answer.suggestions.append(suggestion)
    groups: dict = {}
    for suggestion in answer.suggestions:
        fired = [c for c in suggestion.events if events.get(c.code)]
        key = fired[0] if fired else None
        groups.setdefault(key, []).append(suggestion)
    order = sorted(groups, key=lambda code: (code is None, -events.get(code.code, 0.0) if code else 0))
    answer.groups = [Group(event=code, suggestions=groups[code]) for code in order]


def _open_forms(service_ids) -> dict[int, list]:
    from luukku.eservices.models import CaseType, DefinitionStatus

    out: dict[int, list] = {}
    for case_type in (CaseType.all_objects.filter(service_id__in=service_ids, active=True,
                                                  definitions__status=DefinitionStatus.PUBLISHED)
                      .distinct().order_by("pk")):
        out.setdefault(case_type.service_id, []).append(case_type)
    return out


def _bookable(service_ids) -> dict[int, list]:
    from luukku.booking.models import Resource

    out: dict[int, list] = {}
    for resource in Resource.all_objects.filter(service_id__in=service_ids, is_active=True).order_by("pk"):
        out.setdefault(resource.service_id, []).append(resource)
    return out


def _already(person, service_ids, language) -> dict[int, list[str]]:
    """Notes for services the person (or a child in their care) already has an open case or an answerable
    offer for. Only the person's own matters and those of the children they act for."""
    from luukku.cases.models import OPEN_STATUSES, Case
    from luukku.proactive.models import ANSWERABLE, Mode, Offer

    from luukku.people.selectors import children_of

    children = {c.pk: c for c, _m in children_of(person)}
    notes: dict[int, list[str]] = {}
    with translation.override(language):
        cases = (Case.all_objects.filter(municipality_id=person.municipality_id, applicant=person,
                                         status__in=OPEN_STATUSES, case_type__service_id__in=service_ids)
                 .select_related("case_type").order_by("-submitted_at"))
        for case in cases:
            notes.setdefault(case.case_type.service_id, []).append(
                _("You already applied: case %(reference)s is %(status)s.") % {
                    "reference": case.reference, "status": case.get_status_display()})
        offers = (Offer.all_objects.filter(municipality_id=person.municipality_id,
                                           person_id__in=[person.pk, *children], status__in=ANSWERABLE,
                                           rule__service_id__in=service_ids)
                  .exclude(mode=Mode.INFORMATION).select_related("rule"))
        for offer in offers:
            notes.setdefault(offer.rule.service_id, []).append(
                _("You have an offer %(reference)s for this: you need not apply, answer the offer.") % {
                    "reference": offer.reference})
    return notes


def normalise_text(value) -> str:
    """The text as posted, NFC, at most 20 000 characters kept (what the field shows again)."""
    return unicodedata.normalize("NFC", value if isinstance(value, str) else "")[:20000]
