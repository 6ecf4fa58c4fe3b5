"""YSO ontology terms of the demo services, and the YSO concepts' labels, so that the demo's search uses
the thesaurus without reaching Finto.

The URIs are YSO's. The labels are a copy of YSO's preferred and alternative labels written by hand
without network access, so they may lag behind or miss some of Finto's: where the installation may reach
the internet, `luukku refresh-thesaurus --url https://api.finto.fi/rest/v1/ --max-age-days 0` replaces
them with Finto's own (the concepts are loaded as never fetched, so the daily job does that too when
LUUKKU_FINTO_URL is set). A PTV import brings a real catalogue's terms with it.
"""

YSO = "http://www.yso.fi/onto/yso/"


def _c(fi, sv, en, alt_fi=(), alt_sv=(), alt_en=()):
    alternative = {lang: list(labels) for lang, labels in (("fi", alt_fi), ("sv", alt_sv), ("en", alt_en)) if labels}
    return {"labels": {"fi": [fi], "sv": [sv], "en": [en]}, "alternative_labels": alternative}


CONCEPTS = {
    YSO + "p2433": _c("ikääntyneet", "äldre", "older people",
                      ["vanhukset", "ikäihmiset", "iäkkäät", "seniorit", "vanhat ihmiset"],
                      ["åldringar", "äldre personer", "seniorer"], ["elderly", "elderly people", "senior citizens", "aged"]),
    YSO + "p12787": _c("vanhustenhuolto", "äldreomsorg", "care for older people", ["vanhustenhoito"],
                       [], ["care of the elderly", "elderly care"]),
    YSO + "p1650": _c("varhaiskasvatus", "småbarnspedagogik", "early childhood education", ["varhaispedagogiikka"],
                      [], ["early childhood education and care"]),
    YSO + "p4354": _c("lapset", "barn", "children", [], [], []),  # YSO writes "lapset (ikäryhmät)": the qualifier
    # only tells the homonyms apart, so it is left out of what is searched
    YSO + "p6915": _c("leikki-ikäiset", "barn i lekåldern", "preschool children", ["alle kouluikäiset"], [],
                      ["children under school age"]),
    YSO + "p6914": _c("kouluikäiset", "barn i skolåldern", "school-age children", ["koululaiset"], ["skolbarn"],
                      ["schoolchildren"]),
    YSO + "p2630": _c("opetus", "undervisning", "teaching", ["opettaminen"], [], ["instruction"]),
    YSO + "p2787": _c("kirjastot", "bibliotek", "libraries", ["kirjastolaitos"], [], []),
    YSO + "p4934": _c("museot", "museer", "museums", [], [], []),
    YSO + "p1808": _c("musiikki", "musik", "music", [], [], []),
    YSO + "p360": _c("kulttuuritapahtumat", "kulturevenemang", "cultural events", [], [], []),
    YSO + "p9415": _c("uimahallit", "simhallar", "indoor swimming pools", ["uimalat", "sisäuimalat"], [],
                      ["swimming halls"]),
    YSO + "p4330": _c("uinti", "simning", "swimming", [], [], []),
    YSO + "p6433": _c("vesiliikunta", "vattenmotion", "water exercise", ["vesijumppa"], ["vattengymnastik"],
                      ["aqua aerobics"]),
    YSO + "p8504": _c("kuntosalit", "gym", "gyms", ["kuntokeskukset"], [], ["fitness centres"]),
    YSO + "p916": _c("liikunta", "motion", "physical activity", [], [], ["physical exercise"]),
    YSO + "p3708": _c("kuntoliikunta", "motion", "fitness exercise", ["kuntoilu"], ["konditionsträning"], ["keep-fit"]),
    YSO + "p2771": _c("ulkoilu", "friluftsliv", "outdoor recreation", ["ulkoliikunta"], [], []),
    YSO + "p11617": _c("nuoret", "unga", "young people", ["nuoriso"], ["ungdomar", "ungdom"], ["youth", "adolescents"]),
    YSO + "p1810": _c("työ", "arbete", "work", [], [], ["labour"]),
    YSO + "p3673": _c("rakentaminen", "byggande", "construction", ["rakennustoiminta"], ["byggverksamhet"],
                      ["building"]),
    YSO + "p1797": _c("asuminen", "boende", "housing", [], [], ["living"]),
    YSO + "p8270": _c("kaupunkisuunnittelu", "stadsplanering", "urban planning", [], [],
                      ["city planning", "town planning"]),
    YSO + "p10727": _c("osallistuminen", "deltagande", "participation", [], [], []),
    YSO + "p6033": _c("ympäristö", "miljö", "environment", [], [], []),
    YSO + "p1182": _c("yrittäjyys", "företagsamhet", "entrepreneurship", [], ["entreprenörskap"], []),
}

SERVICE_CONCEPTS = {
    "varhaiskasvatus": ["p1650", "p4354"],
    "perhepaivahoito": ["p1650"],
    "yksityinen-varhaiskasvatus": ["p1650"],
    "esiopetus": ["p2630", "p6915"],
    "kerhotoiminta": ["p1650", "p6915"],
    "aamu-ja-iltapaivatoiminta": ["p6914"],
    "kouluun-ilmoittautuminen": ["p2630", "p6914"],
    "lukio": ["p2630"],
    "kansalaisopisto": ["p2630"],
    "kirjastokortti": ["p2787"],
    "lainaus-ja-varaukset": ["p2787"],
    "e-kirjasto": ["p2787"],
    "kirjastoauto": ["p2787"],
    "kirjaston-tilat": ["p2787"],
    "kulttuuritalo-tapahtumat": ["p360"],
    "musiikkiopisto": ["p1808", "p2630"],
    "museo": ["p4934"],
    "uimahalli": ["p9415", "p4330", "p6433"],
    "liikuntapaikat-ja-kuntosalit": ["p8504", "p916"],
    "ulkoilureitit-ja-ladut": ["p2771"],
    "uimarannat": ["p4330"],
    "ohjattu-liikunta": ["p916", "p3708", "p2433", "p6433"],
    "nuorisotilat": ["p11617"],
    "etsiva-nuorisotyo": ["p11617"],
    "nuorisoavustukset": ["p11617"],
    "kesatyoseteli": ["p11617", "p1810"],
    "rakentamislupa": ["p3673"],
    "toimenpidelupa": ["p3673"],
    "purkamislupa": ["p3673"],
    "rakennusvalvonnan-neuvonta": ["p3673"],
    "aloitusilmoitus-ja-katselmukset": ["p3673"],
    "kaavoitus": ["p8270", "p10727"],
    "vuokra-asunnot": ["p1797"],
    "asumisneuvonta": ["p1797"],
    "korjausavustukset": ["p1797", "p2433"],
    "ymparistolupa": ["p6033"],
    "luonnonsuojelu": ["p6033"],
    "yritysneuvonta": ["p1182"],
    "starttiraha": ["p1182"],
    "tyollisyyspalvelut": ["p1810"],
    "tyonantajan-tuki": ["p1810"],
}


def ontology_terms(slug: str) -> list[dict]:
    """A demo service's ontology terms in the shape PTV gives them (uri, code, preferred labels)."""
    return [{"uri": YSO + code, "code": code,
             "name": {lang: labels[0] for lang, labels in CONCEPTS[YSO + code]["labels"].items()}}
            for code in SERVICE_CONCEPTS.get(slug, [])]
