"""Text analyzers: text -> words -> index terms, per language.

Finnish uses Voikko (lemmas and compound parts: `päiväkotipaikan` -> päiväkotipaikka, päiväkoti,
kotipaikka, päivä, koti, paikka) when libvoikko and voikko-fi are installed, else the snowball
stemmer. Swedish and English use snowball. A language without a stemmer gets plain lowercase words.

Each term carries a factor: 1.0 for the word itself (lemma/stem), less for a sub-compound or a
compound part, so an exact word outranks a part match.
"""

import contextlib
import logging
import re
import threading
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.conf import settings

from luukku.core.registry import Registry

log = logging.getLogger(__name__)

analyzers = Registry("search analyzer")

FULL, SUB_COMPOUND, PART = 1.0, 0.7, 0.5
# A word's derivational family (hakemus, hakija, haku -> hakea): weaker than the word itself, so the
# exact word still wins, but strong enough that "haku" meets "hakeminen".
DERIVED = 0.6
# Homographs: a reading in a case that service language hardly uses weighs less ("jäin" is far more
# often "I was left (unemployed)" than "with ices"). Voikko's SIJAMUOTO names; the rest weigh 1.0.
CASE_PRIOR = {"keinonto": 0.3, "seuranto": 0.4, "kerronto": 0.5, "vajanto": 0.6}
MAX_WORD = 60  # longer "words" are noise (URLs, pasted strings); they are not analysed
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = {
    "fi": set(
        "ja tai on ei se ne että kun jos mutta myös sekä kuin olla ole ovat oli olen olet onko minä sinä hän me te"
        " he mä mun miten miksi mitä mikä missä mistä mihin milloin kuka ketkä kanssa joka jotka tämä nämä tuo nuo"
        " niin vain jo vielä sen sitä siitä sille hänen minun sinun meidän teidän heidän voi voida voin voinko"
        " saa saada saan tulee kaikki eri esim esimerkiksi noin yli alle kautta mukaan ennen jälkeen aikana asti"
        " saakka tarvitsen haluan pitää täytyy".split()
    ),
    "sv": set(
        "och i att det som en ett på är av för med till den har de inte om var jag du hon han vi ni kan hur vad"
        " när eller så men från vid också sig sin min din vår er få får där här alla inom vill behöver ska måste"
        " mitt mina".split()
    ),
    "en": set(
        "a an the and or of to in on at for with by from is are was be been i you he she we they it its my your"
        " our their how what where when who which do does can could get this that these those as into about"
        " not me if so want need would should there here all some any".split()
    ),
}
SNOWBALL_LANGUAGES = {"fi": "finnish", "sv": "swedish", "en": "english", "no": "norwegian", "da": "danish",
                      "de": "german", "fr": "french", "ru": "russian", "et": "estonian"}


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def tokenize(text: str) -> list[str]:
    """Lowercase words of letters and digits (punctuation, emoji and underscores separate words)."""
    return _WORD_RE.findall(normalize(text))


@dataclass
class Word:
    surface: str
    terms: dict[str, float] = field(default_factory=dict)  # term -> factor
    known: bool = True  # False: the analyzer did not recognise it (typo? foreign word?)


# --- analyzer selection -----------------------------------------------------------------------

_forced_finnish: ContextVar[str | None] = ContextVar("luukku_forced_finnish_analyzer", default=None)
_auto_notice_given = False


@contextlib.contextmanager
def use_finnish_analyzer(key: str):
    """Force the Finnish analyzer ("voikko" or "snowball") in a block: tests, benchmarks, rebuilds."""
    if key not in analyzers:
        raise KeyError(key)
    token = _forced_finnish.set(key)
    try:
        yield
    finally:
        _forced_finnish.reset(token)


def active_finnish_analyzer() -> str:
    forced = _forced_finnish.get()
    if forced:
        return forced
    setting = getattr(settings, "LUUKKU_FINNISH_ANALYZER", "auto")
    if setting in ("voikko", "snowball"):
        return setting
    if VoikkoAnalyzer.available():
        return "voikko"
    global _auto_notice_given
    if not _auto_notice_given:
        _auto_notice_given = True
        log.warning("Voikko is not available; Finnish search uses the snowball stemmer (less accurate).")
    return "snowball"


def analyzer_for(language: str, finnish: str | None = None) -> "BaseAnalyzer":
    if language == "fi":
        return _instance(finnish or active_finnish_analyzer(), "fi")
    if language in SNOWBALL_LANGUAGES:
        return _instance("snowball", language)
    return _instance("simple", language)


@lru_cache(maxsize=64)
def _instance(key: str, language: str) -> "BaseAnalyzer":
    return analyzers[key](language)


# --- analyzers --------------------------------------------------------------------------------


class BaseAnalyzer:
    registry_key = ""  # set by analyzers.register

    @property
    def key(self) -> str:
        return self.registry_key

    def __init__(self, language: str):
        self.language = language
        self.stopwords = STOPWORDS.get(language, set())

    def words(self, text: str) -> list[Word]:
        out = []
        for token in tokenize(text):
            if self.is_noise(token):
                continue
            word = self.word(token)
            if word.terms:
                out.append(word)
        return out

    def is_noise(self, token: str) -> bool:
        return token in self.stopwords or len(token) > MAX_WORD or (len(token) < 2 and not token.isdigit())

    def word(self, token: str) -> Word:
        return Word(token, {token[:64]: FULL})


@analyzers.register("simple")
class SimpleAnalyzer(BaseAnalyzer):
    """Lowercase words as they are: for a content language without a stemmer."""


@analyzers.register("snowball")
class SnowballAnalyzer(BaseAnalyzer):
    _local = threading.local()  # snowball stemmers keep state: one per thread

    def __init__(self, language: str):
        super().__init__(language)
        self.algorithm = SNOWBALL_LANGUAGES[language]

    def stem(self, token: str) -> str:
        return _snowball_stem(self.algorithm, token)

    def word(self, token: str) -> Word:
        if token.isdigit():
            return Word(token, {token: FULL})
        return Word(token, {self.stem(token)[:64]: FULL}, known=False)


@lru_cache(maxsize=100_000)
def _snowball_stem(algorithm: str, token: str) -> str:
    stemmers = SnowballAnalyzer._local.__dict__.setdefault("stemmers", {})
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        stemmer = stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmer.stemWord(token)


@analyzers.register("voikko")
class VoikkoAnalyzer(BaseAnalyzer):
    """Finnish lemmas and compound parts from Voikko; unknown words fall back to the snowball stem."""

    _local = threading.local()  # libvoikko handles are not thread-safe: one per thread
    _available: bool | None = None

    @classmethod
    def available(cls) -> bool:
        if cls._available is None:
            try:
                cls.handle()
                cls._available = True
            except Exception:  # ImportError, OSError (no library), VoikkoException (no dictionary)
                cls._available = False
        return cls._available

    @classmethod
    def handle(cls):
        voikko = getattr(cls._local, "voikko", None)
        if voikko is None:
            import libvoikko

            voikko = cls._local.voikko = libvoikko.Voikko("fi")
        return voikko

    @classmethod
    def check(cls) -> list[str]:
        if getattr(settings, "LUUKKU_FINNISH_ANALYZER", "auto") == "voikko" and not cls.available():
            return ["LUUKKU_FINNISH_ANALYZER is 'voikko' but libvoikko or the voikko-fi dictionary is missing"]
        return []

    def word(self, token: str) -> Word:
        terms, known = _voikko_terms(token)
        if any(t in self.stopwords for t in terms if terms[t] == FULL) and known:
            return Word(token, {})  # an inflected stopword ("olen" -> olla)
        return Word(token, dict(terms), known=known)


@lru_cache(maxsize=200_000)
def _voikko_terms(token: str) -> tuple[dict, bool]:
    if token.isdigit():
        return {token: FULL}, True
    try:
        analyses = VoikkoAnalyzer.handle().analyze(token)
    except Exception:  # odd unicode the library refuses: treat as unknown
        analyses = []
    terms: dict[str, float] = {}

    def put(term, factor):
        term = term[:64]
        if term and factor > terms.get(term, 0):
            terms[term] = factor

    lemmas = {normalize(a["BASEFORM"]) for a in analyses if a.get("BASEFORM")}
    for analysis in analyses:
        baseform = analysis.get("BASEFORM")
        if not baseform:
            continue
        # Homographs: when readings disagree on the lemma, a rare case weighs less.
        prior = CASE_PRIOR.get(analysis.get("SIJAMUOTO"), 1.0) if len(lemmas) > 1 else 1.0
        baseform = normalize(baseform)
        for term, factor in _compound_terms(token, baseform, analysis):
            put(term, factor * prior)
        for term in _derivation_bases(baseform, analysis):
            put(term, DERIVED * prior)
    if not terms:
        return {_snowball_stem("finnish", token)[:64]: FULL}, False
    return terms, True


def _derivation_bases(baseform: str, analysis: dict) -> list[str]:
    """The word a derived word comes from (hakija -> hakea, ilmoitus -> ilmoittaa, muutto -> muuttaa),
    from Voikko's WORDBASES ("+haki(hakea)+ja(+ja)") and the curated families (haku, hakemus -> hakea).
    Only for a word of one stem: a compound's head is not traced (varhaiskasvatus is not kasvattaa)."""
    from .synonyms import family_root

    out = []
    segments = _BASES_RE.findall(analysis.get("WORDBASES") or "")
    stems = [b for _s, b in segments if not b.startswith("+")]
    suffixes = [b for _s, b in segments if b.startswith("+")]
    if len(segments) == len(stems) + len(suffixes) and len(stems) == 1 and suffixes and stems[0]:
        base = normalize(stems[0])
        if base != baseform and len(base) >= 3:
            out.append(base)
    root = family_root("fi", baseform)
    if root and root != baseform:
        out.append(root)
    return out


_FOLDS = {"a": "aä", "o": "oö"}
MAX_FOLDED_LETTERS = 6


def accented_variants(token: str) -> list[str]:
    """Spellings of a word typed without ä and ö that Voikko knows (paivakodit -> päiväkodit), in the
    order of fewest changes. Empty when the word has ä/ö already or too many candidate letters."""
    if any(ch in token for ch in "äöå"):
        return []
    positions = [i for i, ch in enumerate(token) if ch in _FOLDS]
    if not positions or len(positions) > MAX_FOLDED_LETTERS:
        return []
    found = []
    for mask in range(1, 1 << len(positions)):
        letters = list(token)
        for bit, i in enumerate(positions):
            if mask >> bit & 1:
                letters[i] = _FOLDS[letters[i]][1]
        variant = "".join(letters)
        if _voikko_terms(variant)[1]:
            found.append((bin(mask).count("1"), variant))
    return [variant for _n, variant in sorted(found)]


def fold(text: str) -> str:
    """Without Finnish and Swedish diacritics: ä -> a, ö -> o, å -> a."""
    return text.translate(_FOLD_TABLE)


_FOLD_TABLE = str.maketrans("äöå", "aoa")


_BASES_RE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def _compound_terms(token: str, baseform: str, analysis: dict):
    """The lemma, then (for a compound) its parts and the sub-compounds of neighbouring parts.

    STRUCTURE marks where each compound part starts in the inflected word ("=ppppp=pppp=pppppp" for
    päivä|koti|paikan); WORDBASES gives a part's own lemma ("kaupungin(kaupunki)").
    """
    yield baseform, FULL
    structure = analysis.get("STRUCTURE") or ""
    if structure.count("=") < 2 or "-" in baseform:
        return
    segments, i = [], 0
    for chunk in structure.split("=")[1:]:
        segments.append(token[i : i + len(chunk)])
        i += len(chunk)
    if i != len(token) or any(not s.isalpha() for s in segments):
        return
    lemmas = {normalize(s): normalize(b) for s, b in _BASES_RE.findall(analysis.get("WORDBASES") or "")
              if b and not b.startswith("+")}
    prefix = "".join(segments[:-1])
    last = baseform[len(prefix):] if baseform.startswith(prefix) else segments[-1]
    parts = [lemmas.get(s, s) for s in segments[:-1]] + [last]
    surfaces = segments[:-1] + [last]
    for part in parts:
        if len(part) >= 3:
            yield part, PART
    n = len(parts)
    for start in range(n):
        for end in range(start + 2, n + 1):
            if end - start == n:
                continue  # the whole word: already the lemma
            yield "".join(surfaces[start : end - 1]) + parts[end - 1], SUB_COMPOUND
