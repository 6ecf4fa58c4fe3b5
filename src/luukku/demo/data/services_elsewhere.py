"""Services residents look for from the city that other authorities provide: the wellbeing services
county (health and social services since 2023), the rescue department, the parishes and the state.
Each says who provides it and links there."""

from . import L, T
from .common import svc

ADMIN = "hallinto-ja-asiointi"
UNIT = "asiointipiste"
COUNTY = T("Järviseudun hyvinvointialue", "Sjöbygdens välfärdsområde", "Lakeland Wellbeing Services County")

SERVICES = [
    svc(
        "sote-hyvinvointialueella", ADMIN, UNIT,
        name=T("Sosiaali- ja terveyspalvelut hyvinvointialueella", "Social- och hälsovårdstjänster i välfärdsområdet", "Health and social services in the wellbeing services county"),
        alt=L(["terveysasema", "neuvola", "hammashoito", "lääkäri", "sosiaalityö", "kouluterveydenhoitaja", "kuraattori", "toimeentulotuki", "lastensuojelu", "mielenterveyspalvelut"],
              ["hälsostation", "rådgivning", "tandvård", "läkare", "skolkurator"], ["health centre", "doctor", "dentist", "maternity clinic", "child health clinic", "school nurse", "social worker"]),
        summary=T("Terveysasemat, neuvolat, hammashoito, koulu- ja opiskeluterveydenhuolto ja sosiaalipalvelut kuuluvat vuodesta 2023 Järviseudun hyvinvointialueelle.",
                  "Hälsostationer, rådgivningar, tandvård, skol- och studerandehälsovård och socialtjänster hör sedan 2023 till Sjöbygdens välfärdsområde.",
                  "Health centres, child health clinics, dental care, school and student health care and social services have belonged to the Lakeland wellbeing services county since 2023."),
        description=T("Kaupunki ei enää järjestä sosiaali- ja terveyspalveluja. Koivulan terveysasema on Sairaalatie 3:ssa. Kiireellisessä hätätilanteessa soita 112.",
                      "Staden ordnar inte längre social- och hälsovårdstjänster. Björkby hälsostation finns på Sjukhusvägen 3. I brådskande nödsituationer ring 112.",
                      "The city no longer provides health and social services. Koivula health centre is at Sairaalatie 3. In an emergency call 112."),
        charge="Chargeable", producers=[("Other", COUNTY)],
        keywords=L(["terveys", "sairaus", "sote", "hyvinvointialue", "ajanvaraus"], ["hälsa", "välfärdsområde"], ["health", "wellbeing services county", "appointment"]),
        codes=["P5", "P4", "KR1"], popularity=400, channels=["w-hyvinvointialue"],
    ),
    svc(
        "ikaihmisten-palvelut", ADMIN, UNIT,
        name=T("Ikäihmisten palvelut hyvinvointialueella", "Äldreomsorg i välfärdsområdet", "Services for older people in the wellbeing services county"),
        alt=L(["kotihoito", "palvelutalo", "hoivakoti", "vanhainkoti", "omaishoidon tuki", "palveluasuminen", "kotiateria"],
              ["hemvård", "servicehus", "närståendevård"], ["home care", "care home", "nursing home", "carer's allowance", "assisted living"]),
        summary=T("Kotihoito, omaishoidon tuki, palveluasuminen ja hoivakodit ovat hyvinvointialueen palveluja.",
                  "Hemvård, närståendevård, serviceboende och vårdhem är välfärdsområdets tjänster.",
                  "Home care, carer's allowance, assisted living and care homes are the wellbeing services county's services."),
        description=T("Ota yhteyttä hyvinvointialueen seniorineuvontaan, kun palvelujen tarve muuttuu. Omainen voi soittaa puolestasi.",
                      "Kontakta välfärdsområdets seniorrådgivning när behovet av tjänster förändras. En anhörig kan ringa för din räkning.",
                      "Contact the wellbeing county's senior advice line when your needs change. A relative can call for you."),
        charge="Chargeable", producers=[("Other", COUNTY)],
        keywords=L(["vanhus", "ikäihminen", "omainen", "seniorineuvonta"], ["äldre", "anhörig"], ["elderly", "older people", "relative"]),
        codes=["P4", "KR1.1"], popularity=260, channels=["w-hyvinvointialue"],
    ),
    svc(
        "pelastustoimi", ADMIN, UNIT,
        name=T("Nuohous ja paloturvallisuus (pelastuslaitos)", "Sotning och brandsäkerhet (räddningsverket)", "Chimney sweeping and fire safety (rescue department)"),
        alt=L(["nuohous", "nuohooja", "palotarkastus", "palovaroitin", "kulotus", "avotuli", "pelastussuunnitelma"],
              ["sotare", "brandsyn", "brandvarnare"], ["chimney sweep", "fire inspection", "smoke alarm", "open fire"]),
        summary=T("Nuohous, palotarkastukset ja pelastussuunnitelmat kuuluvat Järviseudun pelastuslaitokselle, joka on osa hyvinvointialuetta.",
                  "Sotning, brandsyner och räddningsplaner hör till Sjöbygdens räddningsverk, som är en del av välfärdsområdet.",
                  "Chimney sweeping, fire inspections and rescue plans belong to the Lakeland rescue department, part of the wellbeing services county."),
        description=T("Tulisijat on nuohottava vähintään kerran vuodessa, vapaa-ajan asunnoilla kolmen vuoden välein. Varaa nuohooja itse.",
                      "Eldstäder ska sotas minst en gång om året, i fritidsbostäder vart tredje år. Boka själv en sotare.",
                      "Fireplaces must be swept at least once a year, or every three years at holiday homes. Book a sweep yourself."),
        charge="Chargeable", producers=[("Other", T("Järviseudun pelastuslaitos", "Sjöbygdens räddningsverk", "Lakeland Rescue Department"))],
        keywords=L(["tulisija", "savupiippu", "palo", "tulipalo"], ["eldstad", "skorsten", "brand"], ["fireplace", "chimney", "fire"]),
        codes=["P19", "KR1", "KR2"], popularity=170, channels=["w-pelastuslaitos"],
    ),
    svc(
        "hautausmaat", ADMIN, UNIT,
        name=T("Hautausmaat ja hautapaikat (seurakunta)", "Begravningsplatser och gravplatser (församlingen)", "Cemeteries and grave plots (parish)"),
        alt=L(["hautausmaa", "hautapaikka", "hautaus", "uurnalehto", "haudanhoito", "kirkkomaa"], ["begravningsplats", "gravplats", "begravning"],
              ["cemetery", "graveyard", "burial", "funeral"]),
        summary=T("Koivulan hautausmaita ylläpitävät seurakunnat. Hautapaikka ja hautaus järjestyvät seurakunnan kautta myös kirkkoon kuulumattomille.",
                  "Begravningsplatserna i Björkby sköts av församlingarna. Gravplats och begravning ordnas via församlingen också för dem som inte hör till kyrkan.",
                  "Koivula's cemeteries are run by the parishes. Grave plots and burials are arranged through the parish, also for people outside the church."),
        description=T("Koivulassa on myös uskonnollisesti sitoutumaton hautausmaan osa. Kaupunki ei järjestä hautauksia.",
                      "I Björkby finns också ett område för personer utan religiös tillhörighet. Staden ordnar inga begravningar.",
                      "Koivula also has a non-religious section. The city does not arrange funerals."),
        charge="Chargeable", producers=[("Other", T("Koivulan seurakuntayhtymä", "Björkby kyrkliga samfällighet", "Koivula parish union"))],
        keywords=L(["kuolema", "omainen", "hauta"], ["död", "grav"], ["death", "grave"]),
        codes=["P9", "KR1"], popularity=110, channels=["w-seurakunta"],
    ),
    svc(
        "velkaneuvonta", ADMIN, UNIT,
        name=T("Talous- ja velkaneuvonta", "Ekonomi- och skuldrådgivning", "Financial and debt advice"),
        alt=L(["velkaneuvonta", "velat", "maksuhäiriö", "velkajärjestely", "rahahuolet", "luottotiedot"], ["skuldrådgivning", "skuldsanering", "betalningsstörning"],
              ["debt advice", "debt counselling", "money problems", "bad credit"]),
        summary=T("Maksutonta apua velkoihin ja raha-asioihin. Palvelun tuottaa valtion oikeusaputoimisto.",
                  "Avgiftsfri hjälp med skulder och pengar. Tjänsten tillhandahålls av statens rättshjälpsbyrå.",
                  "Free help with debts and money. The service is provided by the state legal aid office."),
        description=T("Velkaneuvoja auttaa maksusuunnitelmassa ja velkajärjestelyn hakemisessa. Kaupungin laskuista voit sopia maksuajasta suoraan kaupungin kanssa.",
                      "Skuldrådgivaren hjälper med betalningsplan och ansökan om skuldsanering. Om stadens fakturor kan du komma överens om betalningstid direkt med staden.",
                      "A debt adviser helps with a payment plan and applying for debt restructuring. For city invoices you can agree on more time directly with the city."),
        charge="FreeOfCharge", producers=[("Other", T("Järviseudun oikeusaputoimisto", "Sjöbygdens rättshjälpsbyrå", "Lakeland legal aid office"))],
        keywords=L(["velka", "raha", "laina", "ulosotto"], ["skuld", "lån"], ["debt", "loan", "money"]),
        codes=["P15", "P7", "KR1"], popularity=120, channels=["w-oikeusapu"],
    ),
]
