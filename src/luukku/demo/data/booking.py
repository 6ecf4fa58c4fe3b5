"""Koivula's bookable resources: appointments, spaces and two mobile units, keyed by their URL name."""

from . import T


def weekly(day_from, day_to, frm, to):
    return {"day_from": day_from, "day_to": day_to, "from": frm, "to": to}


# slug → the resource's fields; "hours": regular opening rules (Finnish public holidays close by themselves).
RESOURCES = {
    "rakennusvalvonnan-neuvonta": {
        "unit": "rakennusvalvonta", "service": "rakennusvalvonnan-neuvonta", "kind": "appointment",
        "name": T("Rakennustarkastajan neuvonta-aika", "Rådgivningstid hos byggnadsinspektören",
                  "Appointment with a building inspector"),
        "description": T("45 minuutin tapaaminen rakennustarkastajan kanssa: tarvitsetko luvan, mitä hakemukseen "
                         "liitetään ja miten hanke etenee. Ota mukaan piirrokset tai valokuvat.",
                         "Ett möte på 45 minuter med byggnadsinspektören: behöver du lov, vad ska bifogas till "
                         "ansökan och hur framskrider projektet. Ta med ritningar eller fotografier.",
                         "A 45-minute meeting with a building inspector: whether you need a permit, what to attach "
                         "to the application and how the project proceeds. Bring drawings or photos."),
        "place": "Tekninen virasto, Teollisuustie 6", "latitude": 61.5168, "longitude": 25.2443,
        "slot_minutes": 45, "buffer_minutes": 15, "capacity": 1, "notice_minutes": 24 * 60,
        "cancel_minutes": 24 * 60, "horizon_days": 60,
        "hours": [weekly(0, 3, "09:00", "15:00")],  # Monday to Thursday
    },
    "asiointipisteen-neuvonta": {
        "unit": "asiointipiste", "service": "asiointipiste", "kind": "appointment",
        "name": T("Asiointipisteen neuvonta-aika", "Rådgivningstid på servicepunkten", "Service point appointment"),
        "description": T("Varaa aika, niin neuvoja ehtii auttaa sinua rauhassa: hakemukset, lomakkeet, "
                         "verkkoasiointi ja Suomi.fi-tunnistautuminen. Samaan aikaan palvelee kaksi neuvojaa.",
                         "Boka en tid så har rådgivaren tid att hjälpa dig i lugn och ro: ansökningar, blanketter, "
                         "e-tjänster och Suomi.fi-identifikation. Två rådgivare betjänar samtidigt.",
                         "Book a time so that an adviser has time to help you: applications, forms, online services "
                         "and Suomi.fi identification. Two advisers serve at the same time."),
        "place": "Kaupungintalo, Rantakatu 12", "latitude": 61.5124, "longitude": 25.2241,
        "slot_minutes": 30, "capacity": 2, "notice_minutes": 60, "cancel_minutes": 2 * 60, "horizon_days": 30,
        "hours": [weekly(0, 4, "09:00", "15:00")],
    },
    "areena-liikuntasali": {
        "unit": "liikuntapalvelut", "service": "liikuntavuorot", "kind": "space",
        "name": T("Monitoimihalli Areenan liikuntasali", "Idrottssalen i allaktivitetshallen Arena",
                  "Areena Sports Hall, main hall"),
        "description": T("Salivuoro tunniksi enintään 10 hengen porukalle: sulkapallo, salibandy tai koripallo. "
                         "Salissa voi olla samaan aikaan 30 henkeä. Vuoro maksetaan varattaessa.",
                         "En salstur på en timme för högst 10 personer: badminton, innebandy eller basket. I salen "
                         "får vara 30 personer samtidigt. Turen betalas vid bokningen.",
                         "An hour in the hall for a group of up to 10: badminton, floorball or basketball. Up to 30 "
                         "people can use the hall at once. You pay when you book."),
        "place": "Monitoimihalli Areena, Urheilutie 3", "latitude": 61.5209, "longitude": 25.2376,
        "slot_minutes": 60, "capacity": 30, "counts_people": True, "party_max": 10, "price_cents": 2400,
        "notice_minutes": 2 * 60, "cancel_minutes": 48 * 60, "horizon_days": 30,
        "hours": [weekly(0, 4, "16:00", "21:00"), weekly(5, 6, "10:00", "16:00")],
    },
    "kirjaston-ryhmatila": {
        "unit": "kirjasto", "service": "kirjaston-tilat", "kind": "space",
        "name": T("Pääkirjaston ryhmätila Verso", "Grupprummet Verso i huvudbiblioteket",
                  "Verso group room, Main Library"),
        "description": T("Kokoushuone kahdeksalle: näyttö, valkotaulu ja langaton verkko. Maksuton "
                         "yleishyödylliseen käyttöön.",
                         "Mötesrum för åtta: skärm, whiteboard och trådlöst nätverk. Avgiftsfritt för allmännyttig "
                         "användning.",
                         "A meeting room for eight with a screen, a whiteboard and wi-fi. Free of charge for "
                         "non-commercial use."),
        "place": "Koivulan pääkirjasto, Kirjastokatu 3", "latitude": 61.5131, "longitude": 25.2267,
        "slot_minutes": 60, "capacity": 1, "party_max": 8, "notice_minutes": 60, "cancel_minutes": 3 * 60,
        "horizon_days": 30,
        "hours": [weekly(0, 3, "10:00", "19:00"), weekly(4, None, "10:00", "17:00"), weekly(5, None, "10:00", "15:00")],
    },
    "terveysbussi": {
        "unit": "asiointipiste", "service": None, "kind": "mobile_unit",
        "name": T("Terveysbussi", "Hälsobussen", "Health bus"),
        "description": T("Hyvinvointialueen terveydenhoitaja kiertää kylissä yhdessä kaupungin asiointipisteen "
                         "kanssa: verenpaineen ja verensokerin mittaus, rokotukset ja terveysneuvonta. Varaa "
                         "20 minuutin aika pysäkiltä.",
                         "Välfärdsområdets hälsovårdare åker runt i byarna tillsammans med stadens servicepunkt: "
                         "blodtryck och blodsocker, vaccinationer och hälsorådgivning. Boka en tid på 20 minuter "
                         "vid en hållplats.",
                         "The wellbeing services county's public health nurse tours the villages with the city's "
                         "service point: blood pressure and blood sugar, vaccinations and health advice. Book 20 "
                         "minutes at a stop."),
        "slot_minutes": 20, "capacity": 1, "notice_minutes": 60, "cancel_minutes": 2 * 60, "horizon_days": 56,
        "hours": [],
    },
    "kirjastoauto": {
        "unit": "kirjasto", "service": "kirjastoauto", "kind": "mobile_unit", "is_active": False,
        "name": T("Kirjastoauto Kirjakaija", "Bokbussen Kirjakaija", "Kirjakaija Mobile Library"),
        "description": T("Kirjastoauto pysähtyy kylissä, kouluilla ja palvelutaloissa joka toinen viikko. "
                         "Aikaa ei tarvitse varata: tule pysäkille.",
                         "Bokbussen stannar i byar, vid skolor och servicehus varannan vecka. Du behöver inte boka "
                         "tid: kom till hållplatsen.",
                         "The mobile library stops in villages, at schools and service homes every other week. No "
                         "booking needed: come to the stop."),
        "slot_minutes": 30, "capacity": 1, "hours": [],
    },
}

# The health bus's week: (weekday, from, to, place, address). Every address is in the demo's address
# register (demo.feedback's places), so "near an address" finds the stops.
HEALTH_BUS_STOPS = [
    (1, "09:00", "12:00", "Kirkonkylän K-kauppa", "Kirkkotie 11"),
    (1, "13:00", "15:00", "Lahdenperän risteys", "Lahdentie 88"),
    (2, "09:40", "12:40", "Mäkelän kylätalo", "Kyläraitti 7"),
    (3, "09:00", "12:00", "Rantakylän koulu", "Koulutie 2"),
    (4, "10:00", "13:00", "Kauppatori", "Torikatu 5"),
]
