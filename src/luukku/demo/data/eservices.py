"""Demo case types of Koivula: a daycare application, a boat mooring application, a composting notice."""

from . import T


def F(key, type, label, *, required=False, help=None, choices=None, condition=None, prefill=""):
    """A form field: condition = (earlier key, value)."""
    return {
        "key": key, "type": type, "label": label, "required": required, "help": help or {},
        "choices": [{"value": v, "label": lbl} for v, lbl in (choices or [])],
        "condition_field": condition[0] if condition else "", "condition_value": condition[1] if condition else "",
        "prefill": prefill,
    }


def P(title, fields, intro=None):
    return {"title": title, "intro": intro or {}, "fields": fields}


CONTACT_PAGE = P(T("Yhteystiedot", "Kontaktuppgifter", "Contact details"), [
    F("applicant_name", "text", T("Hakijan nimi", "Sökandens namn", "Applicant's name"), required=True,
      prefill="person.full_name"),
    F("applicant_address", "address", T("Osoite", "Adress", "Address"), required=True, prefill="person.address"),
    F("applicant_email", "email", T("Sähköposti", "E-post", "Email"), required=True, prefill="person.email",
      help=T("Saat ilmoituksen, kun hakemuksesi etenee.", "Du får ett meddelande när ansökan framskrider.",
             "You get a notice when your application moves on.")),
    F("applicant_phone", "phone", T("Puhelin", "Telefon", "Phone"), prefill="person.phone"),
])

STATUS_TEXTS = {
    "submitted": (T("Hakemuksesi on vastaanotettu ja odottaa käsittelyä.", "Din ansökan har tagits emot och väntar på behandling.",
                    "Your application has been received and is waiting to be handled."), False, ["add_attachments", "withdraw"]),
    "in_handling": (T("Hakemustasi käsitellään.", "Din ansökan behandlas.", "Your application is being handled."),
                    False, ["add_attachments", "withdraw"]),
    "waiting_for_resident": (T("Käsittelijä tarvitsee sinulta lisätietoja. Vastaa pyyntöön.",
                               "Handläggaren behöver mer information av dig. Svara på begäran.",
                               "The handler needs more information from you. Please answer the request."),
                             True, ["answer", "add_attachments", "withdraw"]),
    "decided": (T("Päätös on tehty. Voit lukea sen alta.", "Beslutet är fattat. Du kan läsa det nedan.",
                  "A decision has been made. You can read it below."), False, []),
    "closed": (T("Asia on päättynyt.", "Ärendet är avslutat.", "The case is closed."), False, []),
    "withdrawn": (T("Peruit hakemuksen.", "Du återkallade ansökan.", "You withdrew the application."), False, []),
    "transferred": (T("Asia siirrettiin toiselle viranomaiselle.", "Ärendet överfördes till en annan myndighet.",
                      "The case was transferred to another authority."), False, []),
}

CASE_TYPES = [
    {
        "slug": "varhaiskasvatushakemus", "service": "varhaiskasvatus", "unit": "varhaiskasvatuspalvelut",
        "name": T("Varhaiskasvatushakemus", "Ansökan om småbarnspedagogik", "Application for early childhood education"),
        "kind": "application", "who_may_apply": "child", "sla_days": 80, "strong": True,
        # From about the end of parental allowance to school age (under 7); the start date is checked.
        "checks": {"min_age_months": 8, "max_age_months": 84, "start_date_field": "start_date"},
        "status_texts": {
            "decided": (T("Lapsellesi on tehty paikkapäätös. Ota paikka vastaan kahden viikon kuluessa.",
                          "Ett beslut om plats har fattats för ditt barn. Ta emot platsen inom två veckor.",
                          "A decision on a place for your child has been made. Accept the place within two weeks."),
                        True, []),
        },
        "pages": [
            P(T("Lapsi ja aloitus", "Barnet och starten", "Child and start"), [
                F("child", "child", T("Lapsi", "Barnet", "Child"), required=True, prefill="subject.public_id"),
                F("start_date", "date", T("Toivottu aloituspäivä", "Önskat startdatum", "Preferred start date"),
                  required=True, help=T("Hae neljä kuukautta ennen tarvetta.", "Ansök fyra månader innan behovet.",
                                        "Apply four months before you need the place.")),
                F("urgent", "yes_no", T("Tarvitsetko paikan kiireellisesti työn tai opiskelun vuoksi?",
                                        "Behöver du platsen brådskande på grund av arbete eller studier?",
                                        "Do you need the place urgently because of work or studies?"), required=True),
            ]),
            P(T("Hoidon tarve", "Vårdbehov", "Care needs"), [
                F("hours", "choice", T("Hoitoaika", "Vårdtid", "Hours of care"), required=True, choices=[
                    ("full", T("Kokopäivä (yli 5 h/pv)", "Heldag (över 5 h/dag)", "Full day (over 5 h a day)")),
                    ("part", T("Osapäivä (enintään 5 h/pv)", "Halvdag (högst 5 h/dag)", "Part day (at most 5 h a day)")),
                ]),
                F("evening_care", "yes_no", T("Tarvitseeko lapsi ilta- tai vuorohoitoa?",
                                              "Behöver barnet kvälls- eller skiftvård?",
                                              "Does the child need evening or shift care?"), required=True),
                F("evening_reason", "long_text", T("Miksi ilta- tai vuorohoitoa tarvitaan?",
                                                   "Varför behövs kvälls- eller skiftvård?",
                                                   "Why is evening or shift care needed?"),
                  required=True, condition=("evening_care", "yes"),
                  help=T("Esimerkiksi vuorotyö tai iltaopiskelu.", "Till exempel skiftarbete eller kvällsstudier.",
                         "For example shift work or evening studies.")),
                F("units", "multi_choice", T("Toivotut päiväkodit", "Önskade daghem", "Preferred day care centres"),
                  required=True, help=T("Voit valita useamman.", "Du kan välja flera.", "You can choose several."),
                  choices=[
                      ("kuusikko", T("Päiväkoti Kuusikko", "Daghemmet Kuusikko", "Kuusikko Day Care Centre")),
                      ("jarvenranta", T("Päiväkoti Järvenranta (ruotsinkielinen ryhmä)",
                                        "Daghemmet Sjöstranden (svensk grupp)",
                                        "Järvenranta Day Care Centre (Swedish-speaking group)")),
                      ("perhepaivahoito", T("Perhepäivähoito", "Familjedagvård", "Family day care")),
                  ]),
                F("language", "choice", T("Varhaiskasvatuksen kieli", "Språk i småbarnspedagogiken",
                                          "Language of early education"), choices=[
                    ("fi", T("suomi", "finska", "Finnish")), ("sv", T("ruotsi", "svenska", "Swedish")),
                ]),
            ]),
            CONTACT_PAGE,
            P(T("Liitteet", "Bilagor", "Attachments"), [
                F("certificate", "file", T("Työ- tai opiskelutodistus", "Arbets- eller studieintyg",
                                            "Certificate of work or study"), required=True,
                  condition=("urgent", "yes"),
                  help=T("Tarvitaan, kun haet paikkaa kiireellisesti.", "Behövs när du ansöker brådskande.",
                         "Needed when you apply urgently.")),
                F("other_info", "long_text", T("Muuta kerrottavaa", "Övrigt", "Anything else")),
            ]),
        ],
    },
    {
        "slug": "venepaikkahakemus", "service": "venepaikat", "unit": "kuntatekniikka",
        "name": T("Venepaikkahakemus", "Ansökan om båtplats", "Boat mooring application"),
        "kind": "application", "who_may_apply": "self", "sla_days": 20, "strong": True, "status_texts": {},
        "pages": [
            P(T("Vene", "Båten", "The boat"), [
                F("harbour", "choice", T("Satama", "Hamn", "Harbour"), required=True, choices=[
                    ("keskusta", T("Keskustan venesatama", "Centrums båthamn", "City centre marina")),
                    ("lahdenpohja", T("Lahdenpohjan laituri", "Vikbottens brygga", "Lahdenpohja pier")),
                ]),
                F("boat_type", "choice", T("Veneen tyyppi", "Båttyp", "Type of boat"), required=True, choices=[
                    ("rowing", T("Soutuvene", "Roddbåt", "Rowing boat")),
                    ("motor", T("Moottorivene", "Motorbåt", "Motor boat")),
                    ("sail", T("Purjevene", "Segelbåt", "Sailing boat")),
                ]),
                F("length", "number", T("Veneen pituus (m)", "Båtens längd (m)", "Length of the boat (m)"),
                  required=True),
                F("width", "number", T("Veneen leveys (m)", "Båtens bredd (m)", "Width of the boat (m)"),
                  required=True),
                F("registration", "text", T("Rekisteritunnus", "Registreringsnummer", "Registration number"),
                  help=T("Pakollinen moottoriveneille.", "Obligatoriskt för motorbåtar.", "Required for motor boats.")),
            ]),
            CONTACT_PAGE,
        ],
    },
    {
        "slug": "kompostointi-ilmoitus", "service": "kompostointi-ilmoitus", "unit": "ymparistonsuojelu",
        "name": T("Kompostointi-ilmoitus", "Anmälan om kompostering", "Composting notice"),
        "kind": "notice", "who_may_apply": "self", "sla_days": 10, "strong": False, "status_texts": {},
        "pages": [
            P(T("Kompostori", "Kompostorn", "The composter"), [
                F("composter_type", "choice", T("Kompostorin tyyppi", "Typ av kompostor", "Type of composter"),
                  required=True, choices=[
                      ("insulated", T("Lämpökompostori", "Värmekompostor", "Insulated composter")),
                      ("bokashi", T("Bokashi", "Bokashi", "Bokashi")),
                      ("other", T("Muu", "Annan", "Other")),
                  ]),
                F("composter_other", "text", T("Mikä muu kompostori?", "Vilken annan kompostor?",
                                               "What other composter?"), required=True, condition=("composter_type", "other")),
                F("start", "date", T("Kompostoinnin aloituspäivä", "Kompostering börjar", "Composting starts"),
                  required=True),
                F("address", "address", T("Kiinteistön osoite", "Fastighetens adress", "Address of the property"),
                  required=True, prefill="person.address"),
                F("households", "number", T("Talouksien määrä", "Antal hushåll", "Number of households")),
            ]),
            P(T("Yhteystiedot", "Kontaktuppgifter", "Contact details"), [
                F("applicant_name", "text", T("Ilmoittajan nimi", "Anmälarens namn", "Name"), required=True,
                  prefill="person.full_name"),
                F("applicant_email", "email", T("Sähköposti", "E-post", "Email"), prefill="person.email"),
                F("applicant_phone", "phone", T("Puhelin", "Telefon", "Phone"), prefill="person.phone"),
            ]),
        ],
    },
]
