"""Koivula's feedback: the border, the categories (Open311 services), routing rules, places and
sample feedback. Used by the demo loader and by bench/gen_feedback.py."""

from . import T

# About 30 km east–west and 24 km north–south around the town centre (lat 61.51, lon 25.23) and
# the villages; [lon, lat] as GeoJSON wants. Holds every demo place (tests/demo/test_demo_feedback.py).
BOUNDARY = {"type": "Polygon", "coordinates": [[
    [25.515, 61.532], [25.4838, 61.5642], [25.4329, 61.5886], [25.3958, 61.6181], [25.3318, 61.6428],
    [25.245, 61.6406], [25.1716, 61.6257], [25.1149, 61.6063], [25.0484, 61.5912], [24.9831, 61.5673],
    [24.9588, 61.532], [24.9985, 61.4988], [25.055, 61.4747], [25.099, 61.4486], [25.1616, 61.4255],
    [25.245, 61.4267], [25.3159, 61.4415], [25.3878, 61.4505], [25.4591, 61.4675], [25.5095, 61.4964],
    [25.515, 61.532],
]]}

# The northern villages (Kirkonkylä, Lahdenperä): their roads are private roads, looked after with
# the road associations by land use (maankäyttö) rather than by the street team of the town.
NORTH = {"type": "Polygon", "coordinates": [[
    [24.95, 61.55], [25.55, 61.55], [25.55, 61.66], [24.95, 61.66], [24.95, 61.55]]]}
NORTH_NAME = T("Pohjoiset kylät (yksityistiet)", "Norra byarna (enskilda vägar)", "Northern villages (private roads)")
NORTH_UNIT = "tonttipalvelut"
NORTH_CATEGORIES = ("katuvaurio", "talvikunnossapito")
CATCH_ALL_UNIT = "asiointipiste"

STREETS = T("Kadut ja liikenne", "Gator och trafik", "Streets and traffic")
PARKS = T("Puistot ja ympäristö", "Parker och miljö", "Parks and environment")
WATER = T("Vesihuolto", "Vatten och avlopp", "Water and sewerage")
LEISURE = T("Liikunta, kulttuuri ja kirjastot", "Idrott, kultur och bibliotek", "Sports, culture and libraries")
EDUCATION = T("Varhaiskasvatus ja koulut", "Småbarnspedagogik och skolor", "Early childhood education and schools")
SERVICE = T("Asiointi ja yleinen palaute", "Service och allmän respons", "Customer service and general feedback")

FAULT, COMPLAINT, PRAISE, IDEA, QUESTION = "fault", "complaint", "praise", "idea", "question"
ALL_KINDS = [COMPLAINT, PRAISE, IDEA, QUESTION]
YES_NO = [{"key": "yes", "name": T("Kyllä", "Ja", "Yes")}, {"key": "no", "name": T("Ei", "Nej", "No")}]


def cat(code, group, unit, name, description, *, kinds, sla, public_works=False, location=False, keywords="",
        attributes=()):
    return {"code": code, "group": group, "unit": unit, "name": name, "description": description, "kinds": kinds,
            "sla_days": sla, "public_works": public_works, "location_required": location, "keywords": keywords,
            "attributes": list(attributes)}


CATEGORIES = [
    cat("katuvaurio", STREETS, "kuntatekniikka",
        T("Kuoppa tai vaurio kadussa", "Grop eller skada på gatan", "Pothole or street damage"),
        T("Kuopat, painumat, rikkinäiset reunakivet ja kaivonkannet kaduilla, kevyen liikenteen väylillä ja "
          "pysäköintialueilla.",
          "Gropar, sättningar, trasiga kantstenar och brunnslock på gator, gång- och cykelvägar och parkeringar.",
          "Potholes, subsidence, broken kerbs and manhole covers on streets, cycle paths and car parks."),
        kinds=[FAULT, COMPLAINT], sla=5, public_works=True, location=True, keywords="kuoppa,asfaltti,katu,pothole"),
    cat("katuvalo", STREETS, "kuntatekniikka",
        T("Katuvalo ei toimi", "Gatubelysningen fungerar inte", "Street light out"),
        T("Pimeä, vilkkuva tai päivällä palava katuvalo tai kaatunut valaisinpylväs.",
          "Släckt, blinkande eller dagtid tänd gatlykta eller en omkullfallen stolpe.",
          "A street light that is dark, flickering or on in daytime, or a fallen lamp post."),
        kinds=[FAULT], sla=10, public_works=True, location=True, keywords="valaistus,lamppu,light",
        attributes=[{"code": "lights_out", "datatype": "number", "required": False, "order": 1,
                     "description": T("Montako valoa on pimeänä?", "Hur många lampor är släckta?",
                                      "How many lights are out?")}]),
    cat("talvikunnossapito", STREETS, "kuntatekniikka",
        T("Lumityöt ja liukkauden torjunta", "Snöröjning och halkbekämpning", "Snow ploughing and sanding"),
        T("Auraamaton katu tai kevyen liikenteen väylä, liukkaus, hiekoitus ja lumivallit.",
          "Oplogad gata eller gång- och cykelväg, halka, sandning och snövallar.",
          "Unploughed streets or cycle paths, ice, sanding and snow banks."),
        kinds=[FAULT, COMPLAINT, PRAISE], sla=2, public_works=True, location=True,
        keywords="lumi,auraus,hiekoitus,snow",
        attributes=[{"code": "route_blocked", "datatype": "singlevaluelist", "required": True, "order": 1,
                     "description": T("Onko kulku estynyt?", "Är det omöjligt att ta sig fram?",
                                      "Is the route blocked?"),
                     "values": [{"key": "blocked", "name": T("Kyllä, ei pääse kulkemaan", "Ja, det går inte att ta "
                                                             "sig fram", "Yes, no one can get through")},
                                {"key": "difficult", "name": T("Kulku on vaikeaa", "Det är svårt att ta sig fram",
                                                               "It is hard to get through")},
                                {"key": "no", "name": T("Ei", "Nej", "No")}]}]),
    cat("liikenne", STREETS, "kuntatekniikka",
        T("Liikennemerkit ja liikennevalot", "Trafikmärken och trafikljus", "Traffic signs and lights"),
        T("Kaatunut tai peittynyt liikennemerkki, rikkinäiset liikennevalot ja kulunut suojatiemaalaus.",
          "Omkullfallet eller skymt trafikmärke, trasiga trafikljus och sliten övergångsställemålning.",
          "A fallen or hidden traffic sign, broken traffic lights and worn pedestrian crossing markings."),
        kinds=[FAULT, IDEA], sla=5, public_works=True, location=True, keywords="liikennemerkki,suojatie,sign"),
    cat("pysakki", STREETS, "kuntatekniikka",
        T("Linja-autopysäkit", "Busshållplatser", "Bus stops"),
        T("Rikkinäinen katos, penkki tai aikataulukehys, roskaantunut tai auraamaton pysäkki.",
          "Trasigt väderskydd, bänk eller tidtabellsram, skräpig eller oplogad hållplats.",
          "A broken shelter, bench or timetable frame, or a littered or unploughed stop."),
        kinds=[FAULT, IDEA], sla=10, public_works=True, location=True, keywords="bussi,pysäkki,katos,bus"),
    cat("puistot", PARKS, "kuntatekniikka",
        T("Puistot, viheralueet ja puut", "Parker, grönområden och träd", "Parks, green areas and trees"),
        T("Nurmikot, istutukset, penkit, puistokäytävät sekä vaaralliset tai kaatuneet puut.",
          "Gräsmattor, planteringar, bänkar, parkgångar samt farliga eller omkullfallna träd.",
          "Lawns, plantings, benches, park paths and dangerous or fallen trees."),
        kinds=[FAULT, COMPLAINT, IDEA, PRAISE], sla=10, public_works=True, location=True,
        keywords="puisto,puu,nurmi,park"),
    cat("leikkipaikat", PARKS, "kuntatekniikka",
        T("Leikkipaikat", "Lekplatser", "Playgrounds"),
        T("Rikkinäiset leikkivälineet, lasinsirut ja muut vaaralliset asiat leikkipaikoilla.",
          "Trasiga lekredskap, glassplitter och annat farligt på lekplatserna.",
          "Broken play equipment, broken glass and other hazards at playgrounds."),
        kinds=[FAULT, IDEA, PRAISE], sla=3, public_works=True, location=True, keywords="keinu,liukumäki,playground",
        attributes=[{"code": "danger", "datatype": "singlevaluelist", "required": False, "order": 1,
                     "description": T("Voiko vika aiheuttaa vaaraa lapsille?", "Kan felet vara farligt för barn?",
                                      "Could the fault hurt children?"), "values": YES_NO}]),
    cat("roskaaminen", PARKS, "kuntatekniikka",
        T("Roskaaminen ja ilkivalta", "Nedskräpning och skadegörelse", "Littering and vandalism"),
        T("Täydet roska-astiat, roskaantuneet alueet, töhryt ja rikottu kaupungin omaisuus yleisillä alueilla.",
          "Fulla papperskorgar, nedskräpade områden, klotter och förstörd kommunal egendom på allmänna områden.",
          "Full litter bins, littered areas, graffiti and damaged public property."),
        kinds=[FAULT, COMPLAINT], sla=5, public_works=True, location=True, keywords="roskat,graffiti,litter"),
    cat("jatehuolto", PARKS, "ymparistonsuojelu",
        T("Jätehuolto ja kierrätys", "Avfallshantering och återvinning", "Waste and recycling"),
        T("Jäteasema, kierrätyspisteet, jätteenkuljetus ja luvattomat kaatopaikat.",
          "Avfallsstationen, återvinningspunkter, avfallstransport och olagliga avstjälpningsplatser.",
          "The waste station, recycling points, waste collection and illegal dumping."),
        kinds=[FAULT, COMPLAINT, QUESTION, IDEA], sla=10, keywords="jäte,kierrätys,jäteasema,waste"),
    cat("vesihuolto", WATER, "koivulan-vesi",
        T("Vesi- ja viemärivika", "Fel i vatten och avlopp", "Water or sewer fault"),
        T("Vesivuoto, tukkeutunut sadevesikaivo, viemärin haju ja veden laatu. Kiireellisistä vuodoista "
          "soita päivystykseen.",
          "Vattenläckor, igensatta dagvattenbrunnar, avloppslukt och vattenkvalitet. Ring jouren om brådskande läckor.",
          "Water leaks, blocked storm drains, sewer smells and water quality. Call the on-call service about "
          "urgent leaks."),
        kinds=[FAULT, QUESTION], sla=2, location=True, keywords="vesi,viemäri,vuoto,kaivo,water",
        attributes=[{"code": "water_on_street", "datatype": "singlevaluelist", "required": False, "order": 1,
                     "description": T("Valuuko vettä kadulle?", "Rinner det vatten på gatan?",
                                      "Is water running onto the street?"), "values": YES_NO}]),
    cat("liikuntapaikat", LEISURE, "liikuntapalvelut",
        T("Liikuntapaikat ja ulkoilureitit", "Idrottsplatser och friluftsleder", "Sports facilities and trails"),
        T("Uimahalli, monitoimihalli, kentät, ladut, kuntoradat ja uimarannat.",
          "Simhallen, allaktivitetshallen, planer, skidspår, motionsbanor och badstränder.",
          "The swimming hall, sports hall, fields, ski tracks, fitness trails and beaches."),
        kinds=[FAULT, COMPLAINT, PRAISE, IDEA, QUESTION], sla=10, keywords="uimahalli,latu,kenttä,sports"),
    cat("kirjasto", LEISURE, "kirjasto",
        T("Kirjastot", "Bibliotek", "Libraries"),
        T("Pääkirjasto, kirjastoauto Kirjakaija, kokoelmat, aukioloajat ja verkkokirjasto.",
          "Huvudbiblioteket, bokbussen Kirjakaija, samlingar, öppettider och webbiblioteket.",
          "The main library, the Kirjakaija mobile library, collections, opening hours and the online library."),
        kinds=[PRAISE, COMPLAINT, IDEA, QUESTION], sla=10, keywords="kirjasto,kirjastoauto,library"),
    cat("kulttuuri", LEISURE, "kulttuuripalvelut",
        T("Kulttuuri ja tapahtumat", "Kultur och evenemang", "Culture and events"),
        T("Kulttuuritalo, näyttelyt, konsertit ja kunnan tapahtumat.",
          "Kulturhuset, utställningar, konserter och kommunens evenemang.",
          "The cultural centre, exhibitions, concerts and municipal events."),
        kinds=[PRAISE, COMPLAINT, IDEA, QUESTION], sla=10, keywords="kulttuuritalo,tapahtuma,culture"),
    cat("varhaiskasvatus", EDUCATION, "varhaiskasvatuspalvelut",
        T("Varhaiskasvatus", "Småbarnspedagogik", "Early childhood education"),
        T("Päiväkodit, perhepäivähoito ja kerhot. Älä kirjoita lapsen henkilötietoja palautteeseen.",
          "Daghem, familjedagvård och klubbar. Skriv inte barnets personuppgifter i responsen.",
          "Day care centres, family day care and play clubs. Do not write the child's personal details here."),
        kinds=[PRAISE, COMPLAINT, IDEA, QUESTION], sla=10, keywords="päiväkoti,päivähoito,daycare"),
    cat("koulut", EDUCATION, "opetuspalvelut",
        T("Koulut ja esiopetus", "Skolor och förskola", "Schools and pre-primary education"),
        T("Perusopetus, esiopetus, koulukuljetukset ja kouluruoka.",
          "Grundläggande utbildning, förskola, skolskjuts och skolmat.",
          "Basic education, pre-primary education, school transport and school meals."),
        kinds=[PRAISE, COMPLAINT, IDEA, QUESTION], sla=10, keywords="koulu,koulukuljetus,kouluruoka,school"),
    cat("asiointi", SERVICE, "asiointipiste",
        T("Asiakaspalvelu ja asiointi", "Kundtjänst och service", "Customer service"),
        T("Asiointipiste, puhelinpalvelu, verkkosivut ja sähköinen asiointi.",
          "Servicepunkten, telefontjänsten, webbplatsen och e-tjänsterna.",
          "The service point, telephone service, website and online services."),
        kinds=[PRAISE, COMPLAINT, IDEA, QUESTION], sla=5, keywords="asiointipiste,verkkosivut,service"),
    cat("yleinen", SERVICE, "asiointipiste",
        T("Yleinen palaute, kiitokset ja ideat", "Allmän respons, tack och idéer",
          "General feedback, praise and ideas"),
        T("Kaikki muu palaute kunnalle. Ohjaamme palautteen oikealle yksikölle.",
          "All annan respons till kommunen. Vi skickar den vidare till rätt enhet.",
          "Any other feedback to the municipality. We pass it on to the right unit."),
        kinds=[IDEA, PRAISE, COMPLAINT, QUESTION], sla=10, keywords="palaute,kiitos,idea,feedback"),
]

# The answer when the feedback is done, per category (a reply to the reporter and the public answer).
ANSWERS = {
    "katuvaurio": T("Vaurio on korjattu paikkausmassalla. Kiitos ilmoituksesta!",
                    "Skadan har lagats med lagningsmassa. Tack för anmälan!",
                    "The damage has been patched. Thank you for reporting it!"),
    "katuvalo": T("Valaisimen lamppu ja liitäntälaite on vaihdettu, ja valo toimii taas.",
                  "Lampan och driftdonet har bytts och belysningen fungerar igen.",
                  "The lamp and its ballast have been replaced and the light works again."),
    "talvikunnossapito": T("Kohde on aurattu ja hiekoitettu. Seuraamme liukkautta alueella.",
                           "Platsen har plogats och sandats. Vi följer halkan i området.",
                           "The place has been ploughed and sanded. We keep an eye on ice in the area."),
    "liikenne": T("Liikennemerkki on korjattu ja oikaistu paikalleen.",
                  "Trafikmärket har reparerats och rätats upp.",
                  "The traffic sign has been repaired and straightened."),
    "pysakki": T("Pysäkin katos on korjattu ja roska-astia tyhjennetty.",
                 "Hållplatsens väderskydd har reparerats och papperskorgen tömts.",
                 "The shelter has been repaired and the litter bin emptied."),
    "puistot": T("Puistotiimi on käynyt paikalla ja hoitanut asian.",
                 "Parkteamet har besökt platsen och skött saken.",
                 "The park team has visited the place and dealt with it."),
    "leikkipaikat": T("Leikkiväline on tarkastettu ja korjattu. Se on taas turvallinen käyttää.",
                      "Lekredskapet har granskats och reparerats. Det är säkert att använda igen.",
                      "The play equipment has been inspected and repaired. It is safe to use again."),
    "roskaaminen": T("Alue on siivottu ja töhryt poistettu.", "Området har städats och klottret tagits bort.",
                     "The area has been cleaned and the graffiti removed."),
    "jatehuolto": T("Kierrätyspisteen tyhjennysväliä on tihennetty ja alue siivottu.",
                    "Återvinningspunkten töms nu oftare och området har städats.",
                    "The recycling point is now emptied more often and the area has been cleaned."),
    "vesihuolto": T("Vuoto on korjattu ja kaivo puhdistettu. Kiitos nopeasta ilmoituksesta.",
                    "Läckan har reparerats och brunnen rensats. Tack för den snabba anmälan.",
                    "The leak has been repaired and the drain cleaned. Thank you for the quick report."),
    "liikuntapaikat": T("Kiitos palautteesta! Välitimme sen liikuntapaikan henkilökunnalle, ja asia on hoidettu.",
                        "Tack för responsen! Vi har skickat den till personalen och saken är åtgärdad.",
                        "Thank you! We passed your feedback to the staff of the facility and it has been dealt with."),
    "kirjasto": T("Kiitos palautteesta! Otamme toiveen huomioon kokoelmien ja palvelujen suunnittelussa.",
                  "Tack för responsen! Vi beaktar önskemålet när vi planerar samlingar och tjänster.",
                  "Thank you! We take your wish into account when we plan our collections and services."),
    "kulttuuri": T("Kiitos palautteesta! Välitimme sen tapahtuman järjestäjille.",
                   "Tack för responsen! Vi har skickat den till arrangörerna.",
                   "Thank you! We passed your feedback on to the organisers."),
    "varhaiskasvatus": T("Kiitos palautteesta. Päiväkodin johtaja on käsitellyt asian henkilökunnan kanssa.",
                         "Tack för responsen. Daghemmets föreståndare har behandlat saken med personalen.",
                         "Thank you. The head of the day care centre has discussed the matter with the staff."),
    "koulut": T("Kiitos palautteesta. Rehtori on käsitellyt asian, ja olemme muuttaneet käytäntöä.",
                "Tack för responsen. Rektorn har behandlat saken och vi har ändrat vår praxis.",
                "Thank you. The head teacher has dealt with the matter and we have changed our practice."),
    "asiointi": T("Kiitos palautteesta! Olemme korjanneet asian.", "Tack för responsen! Vi har rättat till saken.",
                  "Thank you! We have put it right."),
    "yleinen": T("Kiitos palautteesta! Se on välitetty asiasta vastaavalle yksikölle.",
                 "Tack för responsen! Den har skickats till den ansvariga enheten.",
                 "Thank you! It has been passed to the unit responsible."),
}
IN_PROGRESS = T("Työ on tilattu, ja korjaamme sen mahdollisimman pian.",
                "Arbetet är beställt och vi åtgärdar det så snart som möjligt.",
                "The work has been ordered and we will fix it as soon as we can.")
SCHEDULED = T("Asia korjataan alueen kesän katutöiden yhteydessä.",
              "Saken åtgärdas i samband med sommarens gatuarbeten.",
              "This will be fixed with the area's street works in the summer.")
NOT_NOW = T("Kiitos ideasta! Emme voi toteuttaa sitä tämän vuoden määrärahoilla, mutta kirjasimme sen suunnitelmiin.",
            "Tack för idén! Vi kan inte genomföra den med årets anslag, men vi har antecknat den för planeringen.",
            "Thank you for the idea! We cannot carry it out with this year's budget, but we have noted it for "
            "planning.")
NO_ACTION = T("Tarkastimme paikan: kohde on kunnossa, eikä se vaadi toimenpiteitä.",
              "Vi granskade platsen: den är i skick och kräver inga åtgärder.",
              "We inspected the place: it is in order and needs no action.")

# key: (lat, lon, street address, postal code)
PLACES = {
    "keskusta": (61.5124, 25.2241, "Rantakatu 12", "41990"),
    "tori": (61.5117, 25.2228, "Torikatu 5", "41990"),
    "koivulantie": (61.5143, 25.2287, "Koivulantie 12", "41990"),
    "koulukatu": (61.5149, 25.2286, "Koulukatu 8", "41990"),
    "kuusitie": (61.5186, 25.2325, "Kuusitie 9", "41990"),
    "urheilutie": (61.5204, 25.2361, "Urheilutie 1", "41990"),
    "satama": (61.5083, 25.2169, "Satamatie 2", "41930"),
    "niittytie": (61.5039, 25.2412, "Niittytie 20", "41990"),
    "teollisuustie": (61.5168, 25.2443, "Teollisuustie 6", "41990"),
    "jateasema": (61.5271, 25.2584, "Kierrätystie 1", "41990"),
    "asematie": (61.5105, 25.2330, "Asematie 4", "41990"),
    "pihlajatie": (61.5225, 25.2205, "Pihlajatie 15", "41990"),
    "harjutie": (61.5300, 25.2100, "Harjutie 30", "41990"),
    "rantakyla": (61.4987, 25.1902, "Koulutie 2", "41930"),
    "makela": (61.5342, 25.1517, "Kyläraitti 7", "41990"),
    "niemenkarki": (61.4821, 25.2655, "Niementie 40", "41930"),
    "kirkonkyla": (61.5611, 25.3012, "Kirkkotie 11", "41940"),
    "lahdenpera": (61.5893, 25.3330, "Lahdentie 88", "41940"),
}


def s(code, kind, place, text, lang="fi", photo=False):
    return {"code": code, "kind": kind, "place": place, "text": text, "language": lang, "photo": photo}


# 60 pieces of feedback; the loader gives them dates, channels, reporters and handling.
SAMPLES = [
    s("katuvaurio", FAULT, "koivulantie", "Syvä kuoppa ajoradalla bussipysäkin kohdalla, autot väistävät "
      "vastaantulevien kaistalle.", photo=True),
    s("katuvaurio", FAULT, "asematie", "Pyörätien asfaltti on routinut ja reunasta lohjennut, pyörä meinasi kaatua."),
    s("katuvaurio", FAULT, "kirkonkyla", "Kirkkotiellä on useita kuoppia koulun ja kaupan välillä.", photo=True),
    s("katuvaurio", FAULT, "teollisuustie", "Kaivonkansi on painunut ja kolisee joka kerta kun auto ajaa yli."),
    s("katuvaurio", COMPLAINT, "tori", "Torin reunakiveys on ollut rikki jo kuukauden, eikä asialle ole tehty mitään."),
    s("katuvaurio", FAULT, "satama", "Det finns en stor grop på Hamnvägen vid parkeringen.", lang="sv"),
    s("katuvalo", FAULT, "kuusitie", "Kolme katuvaloa peräkkäin pimeänä Kuusitiellä päiväkodin kohdalla.",
      photo=True),
    s("katuvalo", FAULT, "pihlajatie", "Katuvalo vilkkuu koko illan ja palaa myös päivällä."),
    s("katuvalo", FAULT, "harjutie", "Valaisinpylväs on vinossa auraustraktorin jäljiltä."),
    s("katuvalo", FAULT, "niittytie", "The street lights along the footpath to the allotments are all dark.",
      lang="en"),
    s("talvikunnossapito", FAULT, "koulukatu", "Koulun edessä kevyen liikenteen väylä on aamulla auraamatta ja "
      "lapset kävelevät ajoradalla."),
    s("talvikunnossapito", FAULT, "lahdenpera", "Lahdentie on auraamatta kolmatta päivää, emme pääse "
      "autolla kotoa.", photo=True),
    s("talvikunnossapito", COMPLAINT, "asematie", "Aura-auto jätti korkean vallin kotipihan liittymään jo "
      "kolmannen kerran tällä viikolla."),
    s("talvikunnossapito", FAULT, "keskusta", "Rantakadun jalkakäytävä on peilijäässä, hiekoitusta kaivataan "
      "pikaisesti."),
    s("talvikunnossapito", PRAISE, "urheilutie", "Kiitos aurauskuskeille! Urheilutien pyörätie oli aurattu jo "
      "kuudelta aamulla."),
    s("talvikunnossapito", FAULT, "kirkonkyla", "Vägen till kyrkbyns butik är mycket hal, ingen sandning.",
      lang="sv"),
    s("liikenne", FAULT, "tori", "Suojatien liikennemerkki on kaatunut Torikadun ja Rantakadun risteyksessä."),
    s("liikenne", IDEA, "koulukatu", "Koulukadulle tarvittaisiin hidastetöyssy, autot ajavat koulun ohi "
      "liian lujaa."),
    s("liikenne", FAULT, "asematie", "Liikennevalojen jalankulkijan painike ei toimi Asematien risteyksessä."),
    s("pysakki", FAULT, "koivulantie", "Pysäkkikatoksen lasi on rikottu ja sirut ovat maassa.", photo=True),
    s("pysakki", IDEA, "rantakyla", "Rantakylän koulun pysäkille toivotaan penkkiä ja katosta."),
    s("pysakki", FAULT, "harjutie", "Aikataulukehys on tyhjä, aikataulu puuttuu kokonaan."),
    s("puistot", FAULT, "satama", "Rantapuistossa iso koivu on kallistunut kävelytien päälle myrskyn jäljiltä.",
      photo=True),
    s("puistot", IDEA, "pihlajatie", "Pihlajapuistoon voisi istuttaa niittykukkia nurmikon tilalle."),
    s("puistot", COMPLAINT, "niittytie", "Nurmikko on leikkaamatta ja polut kasvavat umpeen."),
    s("puistot", PRAISE, "tori", "Torin kesäkukat ovat tänä vuonna upeita, kiitos puutarhureille!"),
    s("puistot", FAULT, "keskusta", "Puiston penkistä puuttuu lauta ja ruuvit törröttävät."),
    s("leikkipaikat", FAULT, "kuusitie", "Kuusikon leikkipaikan keinun ketju on poikki.", photo=True),
    s("leikkipaikat", FAULT, "harjutie", "Hiekkalaatikossa on lasinsiruja, lapset eivät voi leikkiä siinä."),
    s("leikkipaikat", IDEA, "niemenkarki", "Niemenkärjen rantaan toivotaan pientä leikkipaikkaa perheille."),
    s("leikkipaikat", PRAISE, "pihlajatie", "Uusi kiipeilyteline on lasten suosikki, kiitos!"),
    s("roskaaminen", FAULT, "satama", "Sataman roska-astiat ovat täynnä ja roskat lentävät veteen.", photo=True),
    s("roskaaminen", FAULT, "urheilutie", "Urheiluhallin seinässä on isoja töhryjä."),
    s("roskaaminen", COMPLAINT, "niemenkarki", "Uimarannalla on rikottuja pulloja ja roskia joka maanantai."),
    s("jatehuolto", COMPLAINT, "jateasema", "Jäteaseman jono oli lauantaina tunnin mittainen, lisää aukioloa "
      "viikonloppuun."),
    s("jatehuolto", FAULT, "makela", "Mäkelän kylätalon kierrätyspisteen pahvisäiliö on ollut täynnä "
      "kaksi viikkoa."),
    s("jatehuolto", QUESTION, None, "Mihin voin viedä vanhat maalipurkit ja loisteputket?"),
    s("jatehuolto", FAULT, "harjutie", "Metsään Harjutien päähän on tuotu luvatta rakennusjätettä ja "
      "vanha sohva.", photo=True),
    s("vesihuolto", FAULT, "koivulantie", "Kadulla pulppuaa vettä kaivon vierestä, vesi valuu kohti "
      "kellareita."),
    s("vesihuolto", FAULT, "tori", "Sadevesikaivo on tukossa ja torin laidalle on kertynyt iso lätäkkö."),
    s("vesihuolto", QUESTION, "pihlajatie", "Vesijohtovesi on ruskeaa tänä aamuna, onko verkostossa töitä?"),
    s("liikuntapaikat", FAULT, "urheilutie", "Uimahallin naisten pukuhuoneen suihkuista tulee vain kylmää vettä."),
    s("liikuntapaikat", PRAISE, "urheilutie", "Monitoimihallin vuorovarausten uusi järjestelmä on selkeä, kiitos."),
    s("liikuntapaikat", FAULT, "harjutie", "Harjun valaistu latu on pimeänä kilometrin matkalta."),
    s("liikuntapaikat", IDEA, None, "The swimming hall could have a women-only evening once a week.", lang="en"),
    s("liikuntapaikat", COMPLAINT, "niemenkarki", "Uimarannan laituri on huonossa kunnossa, lautoja puuttuu."),
    s("kirjasto", PRAISE, None, "Kirjastoauto Kirjakaija on kylän paras palvelu, kuljettaja on aina avulias."),
    s("kirjasto", IDEA, None, "Kirjastoon toivotaan enemmän selkokielisiä kirjoja ja äänikirjoja."),
    s("kirjasto", QUESTION, None, "Kan jag reservera svenska böcker till bokbussen?", lang="sv"),
    s("kirjasto", COMPLAINT, None, "Pääkirjaston lukusalissa on liian kylmä talvella."),
    s("kulttuuri", PRAISE, None, "Kulttuuritalon lastenkonsertti oli ihana, lisää tällaisia!"),
    s("kulttuuri", IDEA, None, "Kesäteatterille voisi järjestää kuljetuksen kylistä."),
    s("varhaiskasvatus", PRAISE, None, "Päiväkoti Järvenrannan henkilökunta on ihanaa ja ulkoilu monipuolista."),
    s("varhaiskasvatus", COMPLAINT, None, "Päiväkodin pihan portti jää usein auki saattoliikenteen aikaan."),
    s("varhaiskasvatus", QUESTION, None, "Miten perhepäivähoitoon haetaan kesken kauden?"),
    s("koulut", COMPLAINT, None, "Koulukuljetus on myöhästynyt toistuvasti Mäkelän suunnalta."),
    s("koulut", PRAISE, None, "Kiitos koululle hienosta kevätjuhlasta ja hyvästä ruoasta."),
    s("asiointi", PRAISE, None, "Asiointipisteessä sain nopeasti apua rakennuslupalomakkeen täyttämiseen."),
    s("asiointi", COMPLAINT, None, "Kunnan verkkosivuilta on vaikea löytää jäteaseman aukioloaikoja."),
    s("yleinen", IDEA, None, "Kunnan tapahtumakalenteri voisi näkyä myös kirjaston infonäytöllä."),
]
