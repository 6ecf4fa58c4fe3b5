"""Koivula's proactive services: the preschool offer to every child turning six (rule, change-request
form, five preschool units, one of them Swedish-language, with their catchment areas, a generated
cohort, the 2027 campaign as a draft) and the welcome message for new residents."""

from . import T
from .eservices import F, P

YEAR = 2027  # the campaign's year: the children born in 2021 turn six
BIRTH_YEAR = YEAR - 6
STARTS = (YEAR, 8, 1)
ANSWER_DAYS = 21
SEED = 2027
FAMILIES = 114  # with the twins and the register's Helmi Asukas: about 120 children
TWINS = 5
SWEDISH_SHARE = 0.10
TWO_GUARDIANS_SHARE = 0.8
NO_CONTACT = 4  # families whose guardians have neither email nor phone: a paper letter
APART = 6  # families whose two guardians live at different addresses
PROTECTED = 2  # children with a protected address (turvakielto)
IN_THE_WEST = 3  # families in the western tip, outside every catchment area
MANDATE_SOURCE = "demo:proactive"
EMAIL_DOMAIN = "koivula.example"

CHANGE_CASE_TYPE = {
    "slug": "esiopetus-muutospyynto", "service": "esiopetus", "unit": "varhaiskasvatuspalvelut",
    "name": T("Esiopetuspaikan muutospyyntö", "Begäran om ändring av förskoleplats", "Request to change a preschool place"),
    "kind": "request", "who_may_apply": "child", "sla_days": 10, "strong": True,
    "status_texts": {
        "decided": (T("Muutospyyntöösi on vastattu. Lue päätös alta.", "Din begäran om ändring har besvarats. Läs beslutet nedan.",
                      "Your request for a change has been answered. Read the decision below."), False, []),
    },
    "pages": [
        P(T("Muutospyyntö", "Begäran om ändring", "Request for a change"), [
            F("offer", "text", T("Tarjouksen tunnus", "Erbjudandets nummer", "Reference of the offer"), required=True),
            F("offered_unit", "text", T("Tarjottu esiopetuspaikka", "Erbjuden förskoleplats", "Preschool place offered")),
            F("wished_unit", "text", T("Toivottu esiopetuspaikka", "Önskad förskoleplats", "Preschool place you would like"),
              help=T("Kirjoita koulun tai päiväkodin nimi.", "Skriv namnet på skolan eller daghemmet.",
                     "Write the name of the school or day care centre.")),
            F("reason", "long_text", T("Miksi toivot muutosta?", "Varför önskar du en ändring?", "Why would you like a change?"),
              required=True, help=T("Esimerkiksi sisarus samassa koulussa, koulumatka tai opetuskieli.",
                                    "Till exempel ett syskon i samma skola, skolvägen eller undervisningsspråket.",
                                    "For example a brother or sister at the same school, the way to school or the language.")),
        ], intro=T("Kerro, mitä haluat muuttaa. Pyyntösi käsitellään varhaiskasvatuspalveluissa.",
                   "Berätta vad du vill ändra. Begäran behandlas av de småbarnspedagogiska tjänsterna.",
                   "Tell us what you would like to change. Early childhood education services handle your request.")),
    ],
}

PRESCHOOL_RULE = {
    "slug": "esiopetus",
    "name": T("Esiopetuspaikka kaikille kuusivuotiaille", "Förskoleplats för alla sexåringar", "A preschool place for every six-year-old"),
    "age": 6, "answer_days": ANSWER_DAYS, "reminder_days": [7, 2], "service": "esiopetus",
    "legal_basis": T(
        "Perusopetuslaki 26 a §: Kunnan on järjestettävä esiopetusta oppivelvollisuuden alkamista edeltävänä vuonna.",
        "Lagen om grundläggande utbildning 26 a §: Kommunen ska ordna förskoleundervisning året innan läroplikten börjar.",
        "Basic Education Act, section 26 a: The municipality must provide pre-primary education in the year before compulsory schooling begins."),
    "offer_title": T("Esiopetuspaikka lapsellesi", "Förskoleplats för ditt barn", "A preschool place for your child"),
    "offer_text": T(
        "Lapsesi aloittaa esiopetuksen elokuussa. Olemme varanneet hänelle paikan lähellä kotia, joten sinun ei tarvitse "
        "hakea paikkaa. Ota paikka vastaan yhdellä painalluksella. Jos haluat toisen paikan, voit pyytää muutosta.",
        "Ditt barn börjar förskolan i augusti. Vi har reserverat en plats nära hemmet, så du behöver inte ansöka om plats. "
        "Ta emot platsen med ett klick. Om du vill ha en annan plats kan du begära en ändring.",
        "Your child starts preschool in August. We have reserved a place near your home, so you do not need to apply. "
        "Accept the place in one step. If you would like another place, you can ask for a change."),
}

WELCOME_RULE = {
    "slug": "tervetuloa",
    "name": T("Tervetuloa Koivulaan", "Välkommen till Björkby", "Welcome to Koivula"),
    "legal_basis": T(
        "Kuntalaki 1 §: Kunta edistää asukkaidensa hyvinvointia ja kertoo heille palveluistaan.",
        "Kommunallagen 1 §: Kommunen främjar invånarnas välfärd och berättar för dem om sina tjänster.",
        "Local Government Act, section 1: The municipality promotes the well-being of its residents and tells them about its services."),
    "offer_title": T("Tervetuloa Koivulaan!", "Välkommen till Björkby!", "Welcome to Koivula!"),
    "offer_text": T(
        "Kiva, että muutit Koivulaan. Täältä löydät kirjaston, uimahallin, terveysaseman, päiväkodit ja koulut. "
        "Voit tilata jäteastian, hakea pysäköintitunnuksen ja ilmoittaa lapsen varhaiskasvatukseen verkossa. "
        "Asiointipiste Rantakatu 12:ssa neuvoo arkisin kello 9–16.",
        "Trevligt att du flyttat till Björkby. Här finns bibliotek, simhall, hälsostation, daghem och skolor. "
        "Du kan beställa ett avfallskärl, ansöka om parkeringstillstånd och anmäla barnet till småbarnspedagogik på nätet. "
        "Servicepunkten på Strandgatan 12 ger råd vardagar klockan 9–16.",
        "We are glad you moved to Koivula. Here you find the library, the swimming hall, the health centre, day care "
        "centres and schools. You can order a waste bin, apply for a parking permit and enrol your child in early "
        "childhood education online. The service point at Rantakatu 12 helps on weekdays from 9 to 16."),
}

CAMPAIGN_NAME = "Esiopetus 2027"

# key, name, street address, latitude, longitude, capacity, language. The centre has the most
# children and slightly too few places: its overflow goes to the nearest unit with room. The
# Swedish-speaking children (every tenth family) go to the Swedish-language school, whose area is the
# whole municipality.
UNITS = [
    ("keskusta", T("Koivulan koulu, esiopetus", "Björkby skola, förskola", "Koivula School, preschool"),
     "Koulukatu 8", 61.5149, 25.2286, 56, "fi"),
    ("lansi", T("Mäkelän koulu, esiopetus", "Mäkelä skola, förskola", "Mäkelä School, preschool"),
     "Kyläraitti 5", 61.5330, 25.1500, 28, "fi"),
    ("ita", T("Niemenkärjen koulu, esiopetus", "Uddspetsens skola, förskola", "Niemenkärki School, preschool"),
     "Niementie 21", 61.4875, 25.2850, 22, "fi"),
    ("pohjoinen", T("Kirkonkylän koulu, esiopetus", "Kyrkbyns skola, förskola", "Kirkonkylä School, preschool"),
     "Kirkkotie 9", 61.5625, 25.3000, 20, "fi"),
    ("svenska", T("Björkby svenska skola, esiopetus", "Björkby svenska skola, förskola",
                  "Björkby Swedish School, preschool"),
     "Kirkkokatu 4", 61.5172, 25.2205, 16, "sv"),
]


def _box(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


# name, unit key, polygon. Together they cover the municipality except its western tip (west of
# 25.02° E), whose children get the nearest unit with room.
AREAS = [
    ("Keskusta", "keskusta", _box(25.19, 61.40, 25.27, 61.55)),
    ("Länsi", "lansi", _box(25.02, 61.40, 25.19, 61.66)),
    ("Niemenkärki", "ita", _box(25.27, 61.40, 25.53, 61.55)),
    ("Kirkonkylä", "pohjoinen", _box(25.19, 61.55, 25.53, 61.66)),
    ("Svenska skolan (hela kommunen)", "svenska", _box(24.80, 61.30, 25.70, 61.75)),
]
WEST_TIP = (61.530, 24.990)  # outside every area, inside the border

CENTRE = (61.5140, 25.2290)
FI_FIRST_GIRL = ("Aino", "Helmi", "Olivia", "Emilia", "Ellen", "Venla", "Aada", "Lilja", "Iida", "Elli", "Sofia",
                 "Isla", "Enni", "Eevi", "Pihla", "Kerttu")
FI_FIRST_BOY = ("Eino", "Väinö", "Leo", "Oliver", "Onni", "Elias", "Toivo", "Veeti", "Eeli", "Niilo", "Lenni",
                "Vilho", "Aatos", "Hugo", "Otso", "Oiva")
FI_ADULT_F = ("Johanna", "Laura", "Anna", "Heidi", "Sanna", "Riikka", "Elina", "Jenni", "Maria", "Katja", "Noora",
              "Hanna", "Satu", "Tiina")
FI_ADULT_M = ("Mikko", "Juha", "Timo", "Ville", "Jukka", "Olli", "Antti", "Janne", "Petri", "Tuomas", "Markus",
              "Sami", "Teemu", "Lauri")
FI_LAST = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
           "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Kinnunen", "Salonen", "Turunen",
           "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Ahonen", "Koivisto", "Hiltunen")
SV_FIRST_GIRL = ("Ella", "Alma", "Saga", "Ebba", "Wilma", "Stella")
SV_FIRST_BOY = ("Elis", "Anton", "Oskar", "Axel", "Hugo", "Emil")
SV_ADULT_F = ("Anna", "Sofia", "Josefin", "Emma", "Linda", "Camilla")
SV_ADULT_M = ("Johan", "Erik", "Fredrik", "Mattias", "Henrik", "Niklas")
SV_LAST = ("Lindholm", "Björkman", "Granström", "Lindqvist", "Sjöberg", "Holmström", "Nyström", "Öhman")
FI_STREETS = ("Koivulantie", "Kirkkokatu", "Rantatie", "Myllypurontie", "Kuusikontie", "Järvenrannantie",
              "Asematie", "Pihlajatie", "Vaahterakuja", "Harjutie", "Niittytie", "Metsäpolku", "Kyläraitti",
              "Lahdentie", "Niementie")
SV_STREETS = ("Strandgatan", "Kyrkvägen", "Skolgatan", "Björkvägen", "Uddvägen")
