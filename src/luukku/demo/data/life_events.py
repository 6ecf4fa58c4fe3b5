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


def events_of(slug: str) -> list[str]:
    return [event for event, slugs in SERVICE_EVENTS.items() if slug in slugs]
