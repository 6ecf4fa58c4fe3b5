"""Which demo services belong to which life event (elämäntilanne) and business life-cycle event.

The events themselves are Luukku's own code list in catalogue/data/codes.json (kind life_event /
business_event, codes without a PTV uri); PTV's ptvelti codes arrive with imported services.
"""

SERVICE_EVENTS = {
    "lapsi": ["varhaiskasvatus", "perhepaivahoito", "yksityinen-varhaiskasvatus", "kerhotoiminta",
                     "koivula-lisa", "vuokra-asunnot"],
    "koulu": ["esiopetus", "kouluun-ilmoittautuminen", "koulukuljetus", "aamu-ja-iltapaivatoiminta",
                       "musiikkiopisto"],
    "opiskelu": ["lukio", "kansalaisopisto", "musiikkiopisto", "kirjastokortti", "e-kirjasto"],
    "nuoret": ["nuorisotilat", "kesatyoseteli", "etsiva-nuorisotyo", "nuorisoavustukset", "tyollisyyspalvelut"],
    "muutto": ["vuokra-asunnot", "vesiliittyma", "jatehuolto", "kirjastokortti", "asukaspysakointi",
               "varhaiskasvatus", "kouluun-ilmoittautuminen", "asiointipiste"],
    "asuminen": ["vuokra-asunnot", "korjausavustukset", "asumisneuvonta", "vesimittarin-lukema", "jatehuolto",
                 "kompostointi-ilmoitus", "jatevesineuvonta"],
    "rakentaminen": ["rakentamislupa", "toimenpidelupa", "purkamislupa", "maisematyolupa",
                     "rakennusvalvonnan-neuvonta", "aloitusilmoitus-ja-katselmukset", "omakotitontit", "kaavoitus",
                     "vesiliittyma", "kaivulupa"],
    "vapaa-aika": ["kirjastokortti", "lainaus-ja-varaukset", "e-kirjasto", "kirjastoauto", "kulttuuritalo-tapahtumat",
                   "museo", "uimahalli", "liikuntapaikat-ja-kuntosalit", "ulkoilureitit-ja-ladut", "uimarannat",
                   "ohjattu-liikunta", "kansalaisopisto", "venepaikat", "palstaviljely"],
    "tyonhaku": ["tyollisyyspalvelut", "kesatyoseteli", "starttiraha", "kansalaisopisto"],
    "ikaantyminen": ["ohjattu-liikunta", "kirjastoauto", "e-kirjasto", "korjausavustukset", "asumisneuvonta",
                     "asiointipiste"],
    "tapahtuma": ["tapahtumailmoitus", "meluilmoitus", "terassilupa", "kulttuuriavustukset",
                                 "liikuntavuorot", "kirjaston-tilat"],
    "yritys-perustaminen": ["yritysneuvonta", "starttiraha", "yritystontit", "terassilupa"],
    "yritys-kasvu": ["tyonantajan-tuki", "yritystontit", "hankinnat", "yritysneuvonta"],
    "yritys-luvat": ["ymparistolupa", "maa-ainesluvat", "meluilmoitus", "terassilupa", "tapahtumailmoitus",
                        "kaivulupa"],
    "omistajanvaihdos": ["yritysneuvonta"],
}

# Services added for issue 19, by event (kept apart so the first lists stay as they were reviewed).
MORE_EVENTS = {
    "lapsi": ["varhaiskasvatusmaksut", "vuorohoito", "ruotsinkielinen-opetus", "kielikylpy", "sote-hyvinvointialueella"],
    "koulu": ["kouluruokailu", "painotettu-opetus", "oppimisen-tuki", "koulujen-loma-ajat", "harrastamisen-suomen-malli", "ruotsinkielinen-opetus", "tapaturmavakuutus"],
    "opiskelu": ["omaehtoinen-opiskelu", "aikuisten-perusopetus", "oppisopimus", "uraohjaus", "kielikoulutus-maahanmuuttajille"],
    "nuoret": ["nuorten-tyopaja", "ohjaamo", "lasten-kesatoiminta", "vaikuttajatoimielimet"],
    "muutto": ["muuttoilmoitus", "joukkoliikenne", "kotoutumispalvelut", "maahanmuuttajaneuvonta", "sote-hyvinvointialueella"],
    "asuminen": ["asumisoikeusasunnot", "vuokratontit", "energianeuvonta", "vesikatkot", "haittaelaimet"],
    "rakentaminen": ["poikkeamispaatos", "tonttijako", "kartat", "osoitteet"],
    "vapaa-aika": ["taiteen-perusopetus", "taidenayttelyt", "tapahtumakalenteri", "kalastus-ja-metsastys", "leikkipuistot", "koirat", "matkailuneuvonta"],
    "tyonhaku": ["tyovoimapoliittinen-lausunto", "tyokokeilu", "tyovoimakoulutus", "omaehtoinen-opiskelu", "uraohjaus", "tyonhakuvalmennus", "tyokyvyn-tuki", "muutosturva", "kaupungin-tyopaikat", "nuorten-tyopaja"],
    "ikaantyminen": ["ikaihmisten-palvelut", "palveluliikenne", "kirjaston-kotipalvelu", "liikuntaneuvonta", "vaikuttajatoimielimet", "toisen-puolesta-asiointi"],
    "tapahtuma": ["tapahtumakalenteri", "tilojen-vuokraus", "yleisavustukset"],
    "yritys-perustaminen": ["elintarvikevalvonta", "tupakkalupa", "mainosluvat"],
    "yritys-kasvu": ["ulkomaiset-tyontekijat", "oppisopimus", "laskutusohjeet"],
    "yritys-luvat": ["elintarvikevalvonta", "tupakkalupa", "mainosluvat"],
    "omistajanvaihdos": ["muutosneuvottelut-ilmoitus"],
}
for _event, _slugs in MORE_EVENTS.items():
    SERVICE_EVENTS[_event] = SERVICE_EVENTS[_event] + _slugs


def events_of(slug: str) -> list[str]:
    return [event for event, slugs in SERVICE_EVENTS.items() if slug in slugs]
