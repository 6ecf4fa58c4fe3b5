"""Everyday words residents use and the words the catalogue uses (a curated thesaurus), and Finnish
derivational families that Voikko does not trace itself.

SYNONYMS[language] maps a resident's word to the catalogue's words. Keys and targets are written in
their base form; both are analysed with the language's analyzer, so any inflection of a key
("vanhuksille", "päiväkotiin") finds the targets. A target counts SYNONYM of the word itself, so a
service that uses the resident's own word still ranks first. Keep entries to words that mean the
same thing in municipal services; a looser association belongs in a service's keywords.

FAMILIES["fi"] lists words of one family with its root first: every member also indexes and
searches the root (at analyzers.DERIVED), so "haku", "hakemus" and "hakeminen" meet at "hakea".
tests/catalogue/test_search.py checks that every entry analyses to something.
"""

from functools import lru_cache

SYNONYM = 0.8

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "fi": {
        "vanhus": ["ikäihminen", "ikääntynyt", "seniori"],
        "vanhukset": ["ikäihminen", "ikääntynyt", "seniori"],
        "vanhuspalvelu": ["ikäihminen", "ikääntynyt", "seniori"],
        "vanhuspalvelut": ["ikäihminen", "ikääntynyt", "seniori"],
        "ikääntynyt": ["ikäihminen", "seniori"],
        "ikäihminen": ["ikääntynyt", "seniori"],
        "eläkeläinen": ["ikäihminen", "ikääntynyt", "seniori"],
        "mummo": ["ikäihminen", "ikääntynyt"],
        "pappa": ["ikäihminen", "ikääntynyt"],
        "päiväkoti": ["varhaiskasvatus"],
        "päiväkotipaikka": ["varhaiskasvatus"],
        "tarha": ["päiväkoti", "varhaiskasvatus"],
        "lastentarha": ["päiväkoti", "varhaiskasvatus"],
        "dagis": ["päiväkoti", "varhaiskasvatus"],
        "hoitopaikka": ["varhaiskasvatus", "päiväkoti"],
        "päivähoito": ["varhaiskasvatus"],
        "varhaiskasvatus": ["päiväkoti"],
        "eskari": ["esiopetus"],
        "ekaluokka": ["koulu", "ilmoittautuminen"],
        "koulunaloitus": ["kouluun ilmoittautuminen"],
        "koulutaksi": ["koulukuljetus"],
        "koulukyyti": ["koulukuljetus"],
        "kirjasto": ["kirjastopalvelu"],
        "parkkipaikka": ["pysäköinti"],
        "parkki": ["pysäköinti"],
        "parkkisakko": ["pysäköintivirhemaksu", "pysäköinninvalvonta"],
        "sakko": ["virhemaksu"],
        "roska": ["jäte"],
        "roskis": ["jäte", "jäteastia"],
        "roskapönttö": ["jäteastia"],
        "kaatopaikka": ["jäteasema"],
        "kamppailu": ["liikunta"],
        "jumppa": ["liikunta", "ohjattu liikunta"],
        "salibandy": ["liikuntavuoro"],
        "lätkä": ["jääkiekko"],
        "luistinrata": ["tekojää", "luistelu"],
        "kesätyö": ["kesätyöseteli"],
        "työtön": ["työllisyys", "työttömyys"],
        "työttömyys": ["työllisyys", "työtön"],
        "duuni": ["työ"],
        "työnhaku": ["työllisyys", "työnhakija"],
        "vuokrakämppä": ["vuokra-asunto"],
        "kämppä": ["asunto"],
        "yksiö": ["asunto"],
        "remontti": ["korjaus", "korjausavustus"],
        "omakotitalo": ["omakotitontti", "rakentaminen"],
        "mökki": ["loma-asunto"],
        "toimitila": ["tila", "liiketila"],
        "tilavuokra": ["tilan vuokraus"],
        "yritys": ["yrittäjä"],
        "firma": ["yritys"],
        "toiminimi": ["yritys", "yrittäjä"],
        "ravintola": ["terassi", "elintarvike"],
        "terassi": ["terassilupa"],
        "konsertti": ["tapahtuma", "kulttuuri"],
        "keikka": ["tapahtuma", "konsertti"],
        "teatteri": ["kulttuuritalo", "tapahtuma"],
        "nuori": ["nuoriso"],
        "nuoret": ["nuoriso"],
        "teini": ["nuoriso", "nuori"],
        "uimala": ["uimahalli", "maauimala"],
        "uinti": ["uimahalli"],
        "hiihto": ["latu"],
        "muutto": ["muuttaa"],
        "lumityö": ["talvikunnossapito", "auraus"],
        "lumi": ["talvikunnossapito"],
        "liukkaus": ["talvikunnossapito", "hiekoitus"],
        "katulamppu": ["katuvalo"],
        "kuoppa": ["katu", "kunnossapito"],
        "vesilasku": ["vesimaksu", "vesimittari"],
        "viemäri": ["jätevesi", "vesihuolto"],
        "koira": ["koirapuisto"],
        "bussi": ["joukkoliikenne"],
        "vene": ["venepaikka"],
        "laituri": ["venepaikka"],
    },
    "sv": {
        "äldre": ["äldreomsorg", "senior"],
        "pensionär": ["äldre", "senior"],
        "dagis": ["daghem", "småbarnspedagogik"],
        "daghem": ["småbarnspedagogik"],
        "eskari": ["förskoleundervisning"],
        "förskola": ["förskoleundervisning"],
        "sopor": ["avfall"],
        "soptunna": ["avfallskärl", "avfall"],
        "parkering": ["parkeringstillstånd"],
        "arbetslös": ["sysselsättning", "arbetslöshet"],
        "lokal": ["lokaler"],
        "kontor": ["lokaler"],
        "flytt": ["flytta"],
        "simning": ["simhall"],
        "ungdom": ["unga"],
    },
    "en": {
        "elderly": ["older", "senior", "ageing"],
        "old": ["older", "senior"],
        "pensioner": ["older", "senior"],
        "daycare": ["early childhood education", "day care"],
        "nursery": ["early childhood education", "daycare"],
        "kindergarten": ["early childhood education", "daycare"],
        "preschool": ["pre-primary education"],
        "office": ["premises"],
        "premises": ["office", "space"],
        "venue": ["premises", "space"],
        "rubbish": ["waste"],
        "garbage": ["waste"],
        "trash": ["waste"],
        "bin": ["waste"],
        "jobless": ["unemployed", "employment"],
        "unemployed": ["employment"],
        "job": ["employment", "work"],
        "flat": ["housing", "apartment"],
        "apartment": ["housing", "flat"],
        "gym": ["sports"],
        "pool": ["swimming"],
        "moving": ["move"],
        "teen": ["youth", "young"],
        "teenager": ["youth", "young"],
        "kids": ["child", "children"],
        "kid": ["child"],
        "doctor": ["health"],
        "plowing": ["snow clearing"],
        "ploughing": ["snow clearing"],
    },
}

FAMILIES: dict[str, list[list[str]]] = {
    "fi": [
        ["hakea", "haku", "hakemus", "hakija", "hakeminen"],
        ["ilmoittaa", "ilmoitus", "ilmoittautuminen", "ilmoittautua"],
        ["muuttaa", "muutto", "muuttaminen", "muuttaja"],
        ["varata", "varaus", "varaaminen"],
        ["maksaa", "maksu", "maksaminen"],
        ["rakentaa", "rakentaminen", "rakennus", "rakentaja"],
        ["vuokrata", "vuokraus", "vuokra", "vuokralainen"],
        ["lainata", "laina", "lainaus", "lainaaminen"],
        ["uida", "uinti", "uimari", "uiminen"],
        ["hoitaa", "hoito", "hoitaja", "hoitaminen"],
        ["opettaa", "opetus", "opettaja"],
        ["kuljettaa", "kuljetus"],
        ["neuvoa", "neuvonta", "neuvoja"],
        ["tukea", "tuki"],
        ["pysäköidä", "pysäköinti"],
        ["kierrättää", "kierrätys"],
        ["valvoa", "valvonta"],
        ["tarkastaa", "tarkastus"],
        ["työllistyä", "työllisyys", "työllistäminen"],
    ],
}


@lru_cache(maxsize=8)
def _roots(language: str) -> dict[str, str]:
    return {member: family[0] for family in FAMILIES.get(language, ()) for member in family}


def family_root(language: str, lemma: str) -> str | None:
    return _roots(language).get(lemma)


def synonyms_of(language: str, key: str) -> list[str]:
    return SYNONYMS.get(language, {}).get(key, [])
