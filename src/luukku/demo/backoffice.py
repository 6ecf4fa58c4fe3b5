"""The demo back office's vocabulary: sub-statuses of the demo case types, the wellbeing services
county as a partner organisation, and decision templates with appeal instructions (hallintolaki
7 a luku, 49 b–49 g §). Idempotent: rows are keyed by code, business ID and a stable id."""

import uuid

from luukku.cases.models import DecisionTemplate, PartnerOrganisation, Status, SubStatus
from luukku.eservices.models import CaseType

from .data import T

NAMESPACE = uuid.UUID("6f1d3c52-7a43-4f59-9d0e-2b1c4a9e5d10")

# case type slug → [(status, code, name, text for the resident)]
SUB_STATUSES = {
    "varhaiskasvatushakemus": [
        (Status.IN_HANDLING, "sijoitus-suunnitteilla",
         T("Sijoitusta suunnitellaan", "Placeringen planeras", "Placement being planned"),
         T("Hakemuksesi on käsittelyssä. Lapsellesi suunnitellaan paikkaa toivomistasi päiväkodeista.",
           "Din ansökan behandlas. En plats för ditt barn planeras i de daghem du önskade.",
           "Your application is being handled. A place for your child is being planned in the day care centres "
           "you asked for.")),
        (Status.IN_HANDLING, "odottaa-vapaata-paikkaa",
         T("Odottaa vapautuvaa paikkaa", "Väntar på en ledig plats", "Waiting for a free place"),
         T("Toivomissasi päiväkodeissa ei ole juuri nyt vapaata paikkaa. Tarjoamme paikkaa heti, kun sellainen "
           "vapautuu. Voit lisätä toiveisiisi muita päiväkoteja lähettämällä viestin.",
           "Det finns just nu ingen ledig plats i de daghem du önskade. Vi erbjuder en plats så snart en blir "
           "ledig. Du kan lägga till andra daghem genom att skicka ett meddelande.",
           "There is no free place in the day care centres you asked for right now. We offer a place as soon as "
           "one becomes free. You can add other day care centres by sending a message.")),
    ],
    "venepaikkahakemus": [
        (Status.IN_HANDLING, "mittojen-tarkistus",
         T("Veneen mittoja tarkistetaan", "Båtens mått kontrolleras", "Checking the boat's dimensions"),
         T("Tarkistamme, mihin satamaan ja paikkaan veneesi mahtuu.",
           "Vi kontrollerar i vilken hamn och på vilken plats din båt ryms.",
           "We are checking which harbour and berth your boat fits.")),
        (Status.IN_HANDLING, "venepaikkajonossa",
         T("Venepaikkajonossa", "I kö till en båtplats", "In the queue for a berth"),
         T("Toivomassasi satamassa ei ole vapaata paikkaa. Olet jonossa, ja tarjoamme paikkaa jonotusjärjestyksessä.",
           "Det finns ingen ledig plats i den hamn du önskade. Du står i kö och vi erbjuder platser i köordning.",
           "There is no free berth in the harbour you asked for. You are in the queue, and berths are offered in "
           "queue order.")),
    ],
    "kompostointi-ilmoitus": [
        (Status.IN_HANDLING, "tarkastus-sovittu",
         T("Tarkastuskäynti sovittu", "Inspektionsbesök bokat", "Inspection visit booked"),
         T("Ympäristötarkastaja käy katsomassa kompostorin sovittuna aikana.",
           "En miljöinspektör kommer och ser på kompostorn vid den överenskomna tiden.",
           "An environmental inspector will look at the composter at the agreed time.")),
    ],
}

PARTNER = {
    "business_id": "3221990-4",  # fictional, with a valid check digit
    "name": T("Koivulan hyvinvointialue", "Koivula välfärdsområde", "Koivula wellbeing services county"),
    "email": "kirjaamo@hyvinvointialue.koivula.example",
    "phone": "+358 3 5550 7000",
    "resident_info": T(
        "Koivulan hyvinvointialue järjestää sosiaali- ja terveyspalvelut. Asiasi käsitellään nyt "
        "hyvinvointialueella, ja sieltä otetaan sinuun tarvittaessa yhteyttä.\n\nKysy asian etenemisestä "
        "hyvinvointialueen asiakasohjauksesta: puhelin +358 3 5550 7000 (ma–pe klo 8–16) tai sähköposti "
        "kirjaamo@hyvinvointialue.koivula.example. Mainitse Koivulan kunnan antama asianumero.",
        "Koivula välfärdsområde ordnar social- och hälsovårdstjänsterna. Ditt ärende behandlas nu av "
        "välfärdsområdet, som kontaktar dig vid behov.\n\nFråga om hur ärendet framskrider hos välfärdsområdets "
        "klientstyrning: telefon +358 3 5550 7000 (mån–fre kl. 8–16) eller e-post "
        "kirjaamo@hyvinvointialue.koivula.example. Uppge ärendenumret du fått av Björkby kommun.",
        "Koivula wellbeing services county runs the health and social services. Your case is now handled by "
        "the wellbeing services county, who will contact you if needed.\n\nAsk how your case is progressing from "
        "the county's client guidance: phone +358 3 5550 7000 (Mon–Fri 8–16) or email "
        "kirjaamo@hyvinvointialue.koivula.example. Quote the case reference Koivula gave you."),
}


def appeal_instructions(authority: dict) -> dict:
    """Oikaisuvaatimusohje: who, to whom, within what time, what to include (hallintolaki 49 b–49 g §;
    deemed received: hallintolaki 59 §, laki sähköisestä asioinnista viranomaistoiminnassa 19 §)."""
    return T(
        "Tähän päätökseen tyytymätön voi hakea siihen oikaisua kirjallisella oikaisuvaatimuksella. Päätökseen "
        "ei saa hakea muutosta valittamalla suoraan tuomioistuimeen.\n\n"
        "Oikaisuvaatimuksen saa tehdä se, johon päätös on kohdistettu tai jonka oikeuteen, velvollisuuteen tai "
        "etuun päätös välittömästi vaikuttaa (asianosainen).\n\n"
        f"Oikaisuvaatimus tehdään viranomaiselle: {authority['fi']}\n"
        "Postiosoite: Koivulan kunta, kirjaamo, Rantakatu 12, 41990 Koivula\n"
        "Sähköposti: kirjaamo@koivula.example\n"
        "Kirjaamo on avoinna arkisin klo 8–16.\n\n"
        "Oikaisuvaatimus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista. Tiedoksisaantipäivää ei "
        "lueta määräaikaan. Kirjeenä lähetetyn päätöksen katsotaan tulleen tiedoksi seitsemäntenä päivänä "
        "sen lähettämisestä, ellei muuta näytetä. Sähköisesti lähetetyn päätöksen katsotaan tulleen tiedoksi "
        "kolmantena päivänä sen lähettämisestä. Jos määräajan viimeinen päivä on pyhäpäivä, lauantai tai muu "
        "vapaapäivä, oikaisuvaatimuksen saa tehdä seuraavana arkipäivänä. Oikaisuvaatimuksen on oltava perillä "
        "viimeistään määräajan viimeisenä päivänä ennen kirjaamon aukioloajan päättymistä.\n\n"
        "Oikaisuvaatimuksessa on ilmoitettava:\n"
        "– päätös, johon oikaisua vaaditaan (asianumero {reference})\n"
        "– millaista oikaisua vaaditaan ja millä perusteilla\n"
        "– tekijän nimi ja yhteystiedot (postiosoite, puhelinnumero tai sähköposti).\n\n"
        "Oikaisuvaatimuksen voi tehdä verkossa: avaa asia Omat asiat -sivulla ja valitse päätöksen kohdalta "
        "\u201dHae oikaisua\u201d. Lomakkeella ovat valmiina päätös, tiedoksisaantipäivä ja määräaika, ja siihen voi "
        "liittää liitteitä. Oikaisuvaatimuksen voi lähettää myös postitse tai sähköpostilla. Lähettäjä "
        "vastaa siitä, että oikaisuvaatimus saapuu perille määräajassa. Oikaisuvaatimuksen käsittely on "
        "maksutonta. Oikaisuvaatimukseen annettuun päätökseen saa hakea muutosta valittamalla "
        "hallinto-oikeuteen; valitusosoitus liitetään siihen päätökseen.",
        "Den som är missnöjd med detta beslut kan skriftligen begära omprövning av det. Ändring i beslutet "
        "får inte sökas genom besvär direkt hos domstol.\n\n"
        "Omprövning får begäras av den som beslutet avser eller vars rätt, skyldighet eller fördel direkt "
        "påverkas av beslutet (part).\n\n"
        f"Begäran om omprövning riktas till myndigheten: {authority['sv']}\n"
        "Postadress: Björkby kommun, registratorskontoret, Strandgatan 12, 41990 Björkby\n"
        "E-post: kirjaamo@koivula.example\n"
        "Registratorskontoret är öppet vardagar kl. 8–16.\n\n"
        "Omprövning ska begäras inom 30 dagar från delfåendet av beslutet. Delfåendedagen räknas inte in i "
        "tiden. Ett beslut som sänts som brev anses ha delgetts den sjunde dagen efter att det sändes, om "
        "inte något annat visas. Ett beslut som sänts elektroniskt anses ha delgetts den tredje dagen efter "
        "att det sändes. Om den sista dagen är en helgdag, en lördag eller en annan ledig dag får begäran "
        "göras den första vardagen därefter. Begäran ska ha kommit fram senast den sista dagen innan "
        "registratorskontoret stänger.\n\n"
        "I begäran ska anges:\n"
        "– det beslut som omprövningen gäller (ärendenummer {reference})\n"
        "– hurdan omprövning som yrkas och på vilka grunder\n"
        "– den sökandes namn och kontaktuppgifter (postadress, telefonnummer eller e-post).\n\n"
        "Begäran kan göras på nätet: öppna ärendet på sidan Mina ärenden och välj \u201dBegär omprövning\u201d vid "
        "beslutet. Beslutet, delfåendedagen och tidsfristen är redan ifyllda i formuläret, och du kan bifoga "
        "bilagor. Begäran kan också skickas per post eller per e-post. Avsändaren "
        "ansvarar för att begäran kommer fram i tid. Behandlingen av en begäran om omprövning är avgiftsfri. "
        "Ändring i det beslut som ges med anledning av begäran får sökas genom besvär hos "
        "förvaltningsdomstolen; besvärsanvisning fogas till det beslutet.",
        "If you are not satisfied with this decision, you may ask for it to be corrected by a written request "
        "for a correction. The decision cannot be appealed directly to a court.\n\n"
        "A request may be made by the person the decision concerns or whose rights, duties or interests it "
        "directly affects (a party).\n\n"
        f"The request is made to the authority: {authority['en']}\n"
        "Postal address: Koivula municipality, registry office, Rantakatu 12, 41990 Koivula, Finland\n"
        "Email: kirjaamo@koivula.example\n"
        "The registry office is open on working days from 8 to 16.\n\n"
        "The request must be made within 30 days of receiving the decision. The day of receipt is not "
        "counted. A decision sent by post is deemed received on the seventh day after it was sent, unless "
        "shown otherwise; a decision sent electronically is deemed received on the third day after it was "
        "sent. If the last day is a public holiday, a Saturday or another day off, the request may be made on "
        "the next working day. The request must arrive by the last day before the registry office closes.\n\n"
        "The request must state:\n"
        "– the decision you want corrected (case reference {reference})\n"
        "– what correction you ask for and why\n"
        "– your name and contact details (postal address, phone number or email).\n\n"
        "You can make the request online: open the case on the My cases page and choose \u201cRequest a review\u201d "
        "under the decision. The form already shows the decision, the day you received it and the deadline, "
        "and you can add attachments. You can also send the request by post or by email. The sender is "
        "responsible for the request arriving in time. Handling a request for a correction is free of charge. "
        "The decision on the request can be appealed to the administrative court; instructions for that "
        "appeal come with that decision.",
    )


def _field(key, kind, label, required=True, choices=(), answer=""):
    field = {"key": key, "label": label, "type": kind, "required": required}
    if answer:  # prefilled from this answer of the application (else from the answer of the same key)
        field["answer"] = answer
    if choices:
        field["choices"] = [{"value": value, "label": text} for value, text in choices]
    return field


DECISION_TEMPLATES = {
    "varhaiskasvatushakemus": {
        "name": T("Varhaiskasvatuspaikan myöntäminen", "Beviljande av plats inom småbarnspedagogiken",
                  "Granting a place in early childhood education"),
        "title": T("Päätös varhaiskasvatuspaikasta: {subject}", "Beslut om plats inom småbarnspedagogiken: {subject}",
                   "Decision on a place in early childhood education: {subject}"),
        "body": T(
            "{subject} on myönnetty varhaiskasvatuspaikka.\n\nVarhaiskasvatusyksikkö: {unit}\n"
            "Aloituspäivä: {start_date}\nHoitoaika: {hours}\n\nOta paikka vastaan kahden viikon kuluessa "
            "Omat asiat -sivulla: avaa asia ja valitse päätöksen kohdalta \u201dOtan vastaan\u201d. Jos et tarvitse "
            "paikkaa, valitse \u201dEn ota vastaan\u201d. Varhaiskasvatuksen asiakasmaksusta tehdään "
            "erillinen päätös, kun perheen tulotiedot on saatu.\n\nSovelletut säännökset: varhaiskasvatuslaki "
            "(540/2018), laki varhaiskasvatuksen asiakasmaksuista (1503/2016).",
            "{subject} har beviljats en plats inom småbarnspedagogiken.\n\nEnhet: {unit}\nStartdatum: {start_date}\n"
            "Vårdtid: {hours}\n\nTa emot platsen inom två veckor på sidan Mina ärenden: öppna ärendet och välj "
            "\u201dJag tar emot\u201d vid beslutet. Om du inte behöver platsen, välj \u201dJag tar inte emot\u201d. "
            "Om klientavgiften fattas ett separat beslut när familjens inkomstuppgifter "
            "har kommit in.\n\nTillämpade bestämmelser: lagen om småbarnspedagogik (540/2018), lagen om "
            "klientavgifter inom småbarnspedagogiken (1503/2016).",
            "{subject} has been granted a place in early childhood education.\n\nUnit: {unit}\nStart date: "
            "{start_date}\nHours of care: {hours}\n\nAccept the place within two weeks on the My cases page: open "
            "the case and answer \u201cI accept\u201d under the decision. If you do not need the place, choose "
            "\u201cI decline\u201d. The client fee is decided separately once the family's income "
            "details have arrived.\n\nProvisions applied: Early Childhood Education and Care Act (540/2018), "
            "Act on Client Fees in Early Childhood Education and Care (1503/2016)."),
        "fields": [
            _field("unit", "choice", T("Varhaiskasvatusyksikkö", "Enhet", "Unit"), answer="units", choices=[
                ("kuusikko", T("Päiväkoti Kuusikko", "Daghemmet Kuusikko", "Kuusikko Day Care Centre")),
                ("jarvenranta", T("Päiväkoti Järvenranta", "Daghemmet Sjöstranden", "Järvenranta Day Care Centre")),
                ("perhepaivahoito", T("Perhepäivähoito", "Familjedagvård", "Family day care")),
            ]),
            _field("start_date", "date", T("Aloituspäivä", "Startdatum", "Start date")),
            _field("hours", "choice", T("Hoitoaika", "Vårdtid", "Hours of care"), choices=[
                ("full", T("kokopäivä (yli 5 h/pv)", "heldag (över 5 h/dag)", "full day (over 5 h a day)")),
                ("part", T("osapäivä (enintään 5 h/pv)", "halvdag (högst 5 h/dag)", "part day (at most 5 h a day)")),
            ]),
        ],
        "answer_days": 14,  # "accept the place within two weeks"
        "authority": T("Koivulan kunnan kasvatus- ja opetuslautakunta", "Björkby kommuns fostrans- och "
                       "utbildningsnämnd", "Education Committee of Koivula"),
    },
    "venepaikkahakemus": {
        "name": T("Venepaikan myöntäminen", "Beviljande av båtplats", "Granting a boat berth"),
        "title": T("Päätös venepaikasta {reference}", "Beslut om båtplats {reference}", "Decision on a boat berth "
                   "{reference}"),
        "body": T(
            "{applicant} on myönnetty venepaikka.\n\nSatama: {harbour}\nVenepaikan numero: {berth}\n"
            "Kausimaksu: {fee} euroa (sisältää arvonlisäveron)\n\nVenekausi on 1.5.–31.10. Kausimaksu "
            "laskutetaan erikseen. Paikkaa ei saa luovuttaa toiselle. Paikka on voimassa toistaiseksi, kunnes "
            "se irtisanotaan.",
            "{applicant} har beviljats en båtplats.\n\nHamn: {harbour}\nBåtplatsens nummer: {berth}\n"
            "Säsongsavgift: {fee} euro (inklusive mervärdesskatt)\n\nBåtsäsongen är 1.5–31.10. Säsongsavgiften "
            "faktureras separat. Platsen får inte överlåtas till någon annan. Platsen gäller tills vidare tills den "
            "sägs upp.",
            "{applicant} has been granted a boat berth.\n\nHarbour: {harbour}\nBerth number: {berth}\n"
            "Season fee: {fee} euros (including VAT)\n\nThe boating season is 1 May–31 October. The season fee is "
            "invoiced separately. The berth may not be passed on to anyone else. It is valid until "
            "terminated."),
        "fields": [
            _field("harbour", "choice", T("Satama", "Hamn", "Harbour"), choices=[
                ("keskusta", T("Keskustan venesatama", "Centrums båthamn", "City centre marina")),
                ("lahdenpohja", T("Lahdenpohjan laituri", "Vikbottens brygga", "Lahdenpohja pier")),
            ]),
            _field("berth", "text", T("Venepaikan numero", "Båtplatsens nummer", "Berth number")),
            _field("fee", "number", T("Kausimaksu (€)", "Säsongsavgift (€)", "Season fee (€)")),
        ],
        "authority": T("Koivulan kunnan tekninen lautakunta", "Björkby kommuns tekniska nämnd",
                       "Technical Services Committee of Koivula"),
    },
    "kompostointi-ilmoitus": {
        "name": T("Kompostointi-ilmoituksen käsittely", "Behandling av komposteringsanmälan",
                  "Handling a composting notice"),
        "title": T("Päätös kompostointi-ilmoituksesta {reference}", "Beslut om komposteringsanmälan {reference}",
                   "Decision on a composting notice {reference}"),
        "body": T(
            "{applicant} on ilmoittanut kompostoivansa biojätettä.\n\n{result}\n{conditions}\n\nKompostorin on "
            "oltava suljettu, ilmastoitu ja haittaeläimiltä suojattu. Ilmoita kunnalle, jos kompostointi loppuu "
            "tai kompostori vaihtuu.\n\nSovelletut säännökset: jätelaki (646/2011) ja Koivulan kunnan "
            "jätehuoltomääräykset.",
            "{applicant} har anmält att hen komposterar biologiskt avfall.\n\n{result}\n{conditions}\n\nKompostorn "
            "ska vara sluten, luftad och skyddad mot skadedjur. Meddela kommunen om komposteringen upphör eller "
            "kompostorn byts.\n\nTillämpade bestämmelser: avfallslagen (646/2011) och Björkby kommuns "
            "avfallshanteringsföreskrifter.",
            "{applicant} has given notice of composting biowaste.\n\n{result}\n{conditions}\n\nThe composter must "
            "be closed, ventilated and protected from vermin. Tell the municipality if composting stops or the "
            "composter changes.\n\nProvisions applied: Waste Act (646/2011) and Koivula's waste management "
            "regulations."),
        "fields": [
            _field("result", "choice", T("Ratkaisu", "Avgörande", "Outcome"), choices=[
                ("accepted", T("Ilmoitus hyväksytään. Kompostoinnin voi aloittaa ilmoitetulla tavalla.",
                               "Anmälan godkänns. Komposteringen kan börja på det anmälda sättet.",
                               "The notice is accepted. Composting may start as notified.")),
                ("conditions", T("Ilmoitus hyväksytään seuraavin ehdoin:", "Anmälan godkänns på följande villkor:",
                                 "The notice is accepted on the following conditions:")),
            ]),
            _field("conditions", "textarea", T("Ehdot", "Villkor", "Conditions"), required=False),
        ],
        "authority": T("Koivulan kunnan ympäristölautakunta", "Björkby kommuns miljönämnd",
                       "Environment Committee of Koivula"),
    },
}


# The decision on a request for review: appealed to the administrative court (valitusosoitus).
REVIEW_TEMPLATE = {
    "name": T("Oikaisuvaatimuksen ratkaiseminen", "Avgörande av begäran om omprövning", "Deciding a request for review"),
    "title": T("Päätös oikaisuvaatimukseen {reference}", "Beslut om begäran om omprövning {reference}",
               "Decision on the request for review {reference}"),
    "body": T("{applicant} on vaatinut oikaisua päätökseen.\n\nRatkaisu: {outcome}\n\nPerustelut:\n{reasoning}",
              "{applicant} har begärt omprövning av beslutet.\n\nAvgörande: {outcome}\n\nMotivering:\n{reasoning}",
              "{applicant} has asked for the decision to be corrected.\n\nOutcome: {outcome}\n\nReasons:\n{reasoning}"),
    "fields": [
        _field("outcome", "choice", T("Ratkaisu", "Avgörande", "Outcome"), choices=[
            ("accepted", T("Oikaisuvaatimus hyväksytään, ja päätöstä muutetaan vaaditulla tavalla.",
                           "Begäran godkänns och beslutet ändras på det sätt som yrkats.",
                           "The request is accepted and the decision is corrected as asked.")),
            ("partly", T("Oikaisuvaatimus hyväksytään osittain.", "Begäran godkänns delvis.",
                         "The request is partly accepted.")),
            ("rejected", T("Oikaisuvaatimus hylätään.", "Begäran avslås.", "The request is rejected.")),
            ("late", T("Oikaisuvaatimusta ei tutkita, koska se tehtiin määräajan jälkeen.",
                       "Begäran prövas inte eftersom den gjordes efter tidsfristen.",
                       "The request is not examined because it was made after the deadline.")),
        ]),
        _field("reasoning", "textarea", T("Perustelut", "Motivering", "Reasons")),
    ],
    "appeal_instructions": T(
        "Tähän päätökseen saa hakea muutosta valittamalla Hämeenlinnan hallinto-oikeuteen 30 päivän kuluessa "
        "päätöksen tiedoksisaannista. Sähköisesti lähetetyn päätöksen katsotaan tulleen tiedoksi kolmantena "
        "päivänä sen lähettämisestä. Valituksen voi tehdä hallinto- ja erityistuomioistuinten asiointipalvelussa "
        "(asiointi.oikeus.fi) tai kirjallisesti osoitteeseen Hämeenlinnan hallinto-oikeus, Raatihuoneenkatu 1, "
        "13100 Hämeenlinna. Valituksessa on ilmoitettava päätös (asianumero {reference}), mihin kohtiin muutosta "
        "haetaan, mitä muutoksia vaaditaan ja millä perusteilla. Oikeudenkäyntimaksu on 270 euroa; eräissä "
        "asioissa maksua ei peritä.",
        "Ändring i detta beslut får sökas genom besvär hos Tavastehus förvaltningsdomstol inom 30 dagar från "
        "delfåendet av beslutet. Ett beslut som sänts elektroniskt anses ha delgetts den tredje dagen efter att "
        "det sändes. Besvär kan anföras i förvaltnings- och specialdomstolarnas e-tjänst (asiointi.oikeus.fi) "
        "eller skriftligen till Tavastehus förvaltningsdomstol, Rådhusgatan 1, 13100 Tavastehus. I besväret ska "
        "anges beslutet (ärendenummer {reference}), vilka delar som överklagas, vilka ändringar som yrkas och på "
        "vilka grunder. Rättegångsavgiften är 270 euro; i vissa ärenden tas ingen avgift ut.",
        "This decision can be appealed to the Hämeenlinna Administrative Court within 30 days of receiving it. A "
        "decision sent electronically is deemed received on the third day after it was sent. You can appeal in "
        "the courts' e-service (asiointi.oikeus.fi) or in writing to Hämeenlinna Administrative Court, "
        "Raatihuoneenkatu 1, 13100 Hämeenlinna. The appeal must state the decision (case reference {reference}), "
        "which parts you appeal, what changes you ask for and why. The court fee is 270 euros; in some matters "
        "no fee is charged."),
}


def _review_template(municipality, case_types) -> None:
    from luukku.cases.services import review_case_type

    first = case_types.get("varhaiskasvatushakemus") or next(iter(case_types.values()), None)
    if first is None:
        return
    review_type = review_case_type(municipality, service=first.service, unit=first.unit)
    row = REVIEW_TEMPLATE
    DecisionTemplate.all_objects.update_or_create(
        public_id=uuid.uuid5(NAMESPACE, f"{municipality.slug}:{review_type.slug}"),
        defaults={"municipality": municipality, "case_type": review_type, "name": row["name"], "title": row["title"],
                  "body": row["body"], "fields": row["fields"], "appeal_instructions": row["appeal_instructions"],
                  "active": True})


def load(municipality) -> None:
    case_types = {c.slug: c for c in CaseType.all_objects.filter(municipality=municipality)}
    for slug, rows in SUB_STATUSES.items():
        if slug not in case_types:
            continue
        for order, (status, code, name, text) in enumerate(rows, start=1):
            SubStatus.all_objects.update_or_create(
                municipality=municipality, case_type=case_types[slug], code=code,
                defaults={"status": status, "name": name, "resident_text": text, "order": order})
    fields = {k: v for k, v in PARTNER.items() if k != "business_id"}
    PartnerOrganisation.all_objects.update_or_create(municipality=municipality, business_id=PARTNER["business_id"],
                                                     defaults={**fields, "active": True})
    for slug, row in DECISION_TEMPLATES.items():
        if slug not in case_types:
            continue
        DecisionTemplate.all_objects.update_or_create(
            public_id=uuid.uuid5(NAMESPACE, f"{municipality.slug}:{slug}"),
            defaults={"municipality": municipality, "case_type": case_types[slug], "name": row["name"],
                      "title": row["title"], "body": row["body"], "fields": row["fields"],
                      "appeal_instructions": appeal_instructions(row["authority"]), "active": True,
                      "answer_days": row.get("answer_days"), "review_body": row["authority"]})
    _review_template(municipality, case_types)
