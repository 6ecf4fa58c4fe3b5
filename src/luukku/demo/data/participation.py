"""Koivula's participatory budgeting, hearings and surveys as a resident would find them: the words
only (the loader, demo/participation/, gives them dates, authors, votes and answers).

Places are keys of data.feedback.PLACES (inside Koivula's border)."""

# --- participatory budgeting ---------------------------------------------------------------------

WHOLE = "Koko Koivula"
DISTRICTS = ("Keskusta", "Länsi", "Niemenkärki", "Kirkonkylä")

BUDGET_2026 = {
    "slug": "2026",
    "title": "Koivulan osallistuva budjetointi 2026",
    "description": (
        "Koivula varaa 350 000 euroa asukkaiden ideoimiin hankkeisiin. Ehdotuksia tuli kevään aikana "
        "30, ja kunnan asiantuntijat arvioivat ne ja laskivat niille hinnan. Ehdotuksista koottiin "
        "14 suunnitelmaa, joista äänestetään nyt.\n"
        "Äänestä koko Koivulan suunnitelmia ja yhden alueen suunnitelmia: valitse kummastakin niin monta "
        "kuin alueen rahat riittävät. Äänestää voivat kaikki 12 vuotta täyttäneet koivulalaiset "
        "vahvasti tunnistautuneina verkossa tai asiointipisteessä."),
    "amounts": {WHOLE: 150_000, "Keskusta": 60_000, "Länsi": 45_000, "Niemenkärki": 45_000, "Kirkonkylä": 50_000},
}

BUDGET_2025 = {
    "slug": "2025",
    "title": "Koivulan osallistuva budjetointi 2025",
    "description": (
        "Viime kierroksella koivulalaiset valitsivat 300 000 eurolla toteutettavat hankkeet. Tällä sivulla "
        "näet äänestyksen tuloksen ja sen, miten valitut hankkeet etenevät."),
    "amounts": {WHOLE: 120_000, "Keskusta": 45_000, "Länsi": 45_000, "Niemenkärki": 45_000, "Kirkonkylä": 45_000},
}

# The plans that go to the vote: key, area, title, description, price (€), popularity (0–1: how
# likely a voter of the area picks it).
PLANS_2026 = [
    ("kuntoportaat", WHOLE, "Kuntoportaat ja ulkokuntosali Harjulle",
     "Harjun rinteeseen 120 askelman kuntoportaat ja niiden alapäähän kuuden laitteen ulkokuntosali. "
     "Portaat valaistaan, ja ne ovat käytössä ympäri vuoden.", 68_000, 0.55),
    ("lukuterassi", WHOLE, "Kirjaston lukuterassi",
     "Kirjaston sisäpihalle katettu terassi, jossa voi lukea, tehdä etätöitä ja pitää kesällä satutuokioita. "
     "Terassilla on sähköpistokkeet ja kirjaston verkko.", 32_000, 0.35),
    ("laituri", WHOLE, "Uimarannan esteetön laituri ja pukukoppi",
     "Keskustan uimarannalle laituri, jolta pääsee veteen myös pyörätuolilla tai rollaattorilla, sekä "
     "toinen pukukoppi.", 54_000, 0.5),
    ("kalusto", WHOLE, "Kylien yhteinen tapahtumakalusto",
     "Teltat, pöydät, penkit ja äänentoisto, joita kylätoimikunnat ja yhdistykset voivat lainata "
     "maksutta kunnan asiointipisteen kautta.", 18_000, 0.3),
    ("liikennepuisto", WHOLE, "Lasten liikennepuisto",
     "Urheilukentän viereen pienoisliikennepuisto liikennemerkkeineen ja suojateineen, jossa lapset "
     "harjoittelevat pyöräilyä turvallisesti.", 75_000, 0.4),
    ("tori", "Keskusta", "Kukkia ja penkkejä torille",
     "Torille kesäksi suuret istutusastiat ja kymmenen penkkiä, joista osassa on käsinojat.", 22_000, 0.6),
    ("rantapuisto", "Keskusta", "Rantapuiston valaistus",
     "Rantapuiston kävelyreitille led-valaistus, joka himmenee yöllä. Pimeä reitti on koettu turvattomaksi.",
     38_000, 0.5),
    ("skeitti", "Keskusta", "Skeittipaikan laajennus",
     "Urheilutien skeittipaikalle kaksi uutta ramppia ja penkki vanhemmille.", 29_000, 0.3),
    ("makelan-piha", "Länsi", "Mäkelän kyläkoulun pihan leikkivälineet",
     "Kyläkoulun pihalle kiipeilyteline ja pesäkeinu, jotka ovat iltaisin kaikkien kylän lasten käytössä.",
     26_000, 0.7),
    ("pitkospuut", "Länsi", "Myllypuron luontopolun pitkospuut",
     "Myllypuron luontopolun märimmälle osuudelle 400 metriä uusia pitkospuita ja kaksi levähdyspenkkiä.",
     21_000, 0.5),
    ("grillikatos", "Niemenkärki", "Niemenkärjen uimarannan grillikatos",
     "Katettu grillipaikka pöytineen, jossa perheet ja kylän yhdistykset voivat kokoontua.", 17_000, 0.6),
    ("ulkoluokka", "Niemenkärki", "Rantakylän koulun ulkoluokka",
     "Koulun metsäpihalle katettu ulkoluokka penkkeineen ja liitutauluineen; iltaisin ja kesällä kaikkien käytössä.",
     24_000, 0.5),
    ("kaukalo", "Kirkonkylä", "Kirkonkylän kaukalon kunnostus",
     "Kentän laidat uusitaan ja kaukaloon tulee valaistus, jotta kylän lapset voivat pelata talvi-iltoina.",
     31_000, 0.6),
    ("lintutorni", "Kirkonkylä", "Lahdenperän lintutorni",
     "Lahdenperän lintukosteikon rantaan kolmikerroksinen lintutorni ja sinne johtava polku opastauluineen.",
     28_000, 0.45),
]

# Proposals: key, area, title, text, place, what became of it. "plan:<key>" (merged, with its
# price and explanation), ("costed", price, explanation), "feasible", ("not_feasible", reason) or
# "submitted". "author": who proposed it ("asukas"/"asukas2": the demo residents' accounts).
P = dict
PROPOSALS_2026 = [
    P(key="portaat", area=WHOLE, title="Kuntoportaat Harjun rinteeseen", place="harjutie",
      text="Harjun jyrkkä rinne olisi täydellinen paikka kuntoportaille. Lähimmät portaat ovat "
           "naapurikunnassa 30 kilometrin päässä.",
      fate=("plan:kuntoportaat", 48_000, "Puuportaat 120 askelmaa, kaiteet ja led-valaistus; hinta "
            "vastaavien portaiden toteutuneista kustannuksista.")),
    P(key="ulkokuntosali", area=WHOLE, title="Ulkokuntosali kaikenikäisille", place="harjutie",
      text="Ulkokuntosali, jossa olisi laitteita myös ikäihmisille ja kuntoutujille.",
      fate=("plan:kuntoportaat", 20_000, "Kuusi laitetta asennettuna ja turva-alusta.")),
    P(key="lukuterassi", area=WHOLE, title="Kirjaston pihalle lukuterassi", place="koulukatu",
      text="Kirjaston sisäpiha on kesällä tyhjillään. Siihen voisi tehdä terassin, jossa voisi lukea ja "
           "tehdä etätöitä.",
      fate=("plan:lukuterassi", 32_000, "Katettu puuterassi 40 m², sähköt ja kalusteet.")),
    P(key="laituri", area=WHOLE, title="Esteetön laituri uimarannalle", place="keskusta", author="asukas",
      text="Äitini liikkuu rollaattorilla eikä pääse uimaan, koska rannalla ei ole laituria, jolta "
           "pääsisi portaita pitkin veteen. Toivon esteetöntä laituria ja luiskaa.",
      fate=("plan:laituri", 46_000, "Ponttonilaituri luiskalla ja kaiteellisilla portailla.")),
    P(key="pukukoppi", area=WHOLE, title="Toinen pukukoppi keskustan rannalle", place="keskusta",
      text="Yksi pukukoppi ei riitä helteellä. Toinen koppi ja vaikka suihku rannalle.",
      fate=("plan:laituri", 8_000, "Pukukoppi; suihku ei ole mahdollinen, koska rannalla ei ole vesijohtoa.")),
    P(key="kalusto", area=WHOLE, title="Lainattavat teltat ja äänentoisto kyläjuhliin", place="kirkonkyla",
      text="Jokainen kylätoimikunta vuokraa nyt telttoja erikseen. Yhteinen kalusto säästäisi rahaa.",
      fate=("plan:kalusto", 18_000, "Neljä 3×6 m telttaa, 20 pöytää, 40 penkkiä ja äänentoistolaitteet.")),
    P(key="liikennepuisto", area=WHOLE, title="Liikennepuisto lapsille", place="urheilutie",
      text="Lapset oppisivat liikennesäännöt turvallisesti ennen kuin lähtevät pyörällä kouluun.",
      fate=("plan:liikennepuisto", 75_000, "Asfaltoitu 1 200 m² alue, liikennemerkit, suojatiet ja valoton "
            "risteys.")),
    P(key="uimahalli", area=WHOLE, title="Uimahalli Koivulaan", place="urheilutie",
      text="Koivulassa ei ole uimahallia, ja koululaiset käyvät uimassa bussilla naapurikunnassa.",
      fate=("not_feasible", "Uimahallin rakentaminen maksaisi noin 15 miljoonaa euroa ja sen käyttö yli "
            "miljoona euroa vuodessa: hanke on selvästi budjetin ulkopuolella. Uimahallitarve käsitellään "
            "kunnan investointisuunnitelmassa.")),
    P(key="bussit", area=WHOLE, title="Ilmaiset bussimatkat nuorille", place="asematie",
      text="Alle 18-vuotiaille ilmaiset matkat Koivulan sisäisillä busseilla.",
      fate=("not_feasible", "Osallistuvalla budjetoinnilla rahoitetaan kertaluonteisia hankkeita, ei "
            "jatkuvia toimintamenoja. Ehdotus on välitetty joukkoliikenteen suunnitteluun.")),
    P(key="kukat", area="Keskusta", title="Kesäkukkia torille", place="tori",
      text="Tori on kesällä harmaa ja tyhjä. Isoja kukkaistutuksia ja penkkejä, niin siellä viihtyisi.",
      fate=("plan:tori", 14_000, "Kahdeksan suurta istutusastiaa ja kolmen kesän istutukset.")),
    P(key="penkit", area="Keskusta", title="Penkkejä ikäihmisille torin laidalle", place="tori",
      text="Kaupassa käydessä pitäisi päästä välillä istumaan. Penkkeihin käsinojat.",
      fate=("plan:tori", 8_000, "Kymmenen penkkiä, joista neljä käsinojallisia.")),
    P(key="rantavalot", area="Keskusta", title="Valot rantapuiston polulle", place="satama",
      text="Rantapuiston polku on syksyllä ja talvella täysin pimeä. Moni kulkee siitä töihin ja kouluun.",
      fate=("plan:rantapuisto", 38_000, "800 metriä led-valaistusta, 26 pylvästä, kaapelointi.")),
    P(key="skeitti", area="Keskusta", title="Lisää ramppeja skeittipaikalle", place="urheilutie",
      text="Skeittipaikka on liian pieni, kun sinne tulee kymmeniä nuoria iltaisin.",
      fate=("plan:skeitti", 29_000, "Kaksi betonielementtiramppia asennettuina ja penkki.")),
    P(key="koirapuisto", area="Keskusta", title="Koirapuisto keskustaan", place="niittytie",
      text="Keskustassa ei ole aidattua paikkaa, jossa koiran voisi päästää vapaaksi.",
      fate=("costed", 64_000, "Aidattu 2 500 m² alue, portit, penkit ja valaistus. Hinta ylittää "
            "keskustan koko määrärahan, joten ehdotus ei päässyt äänestykseen.")),
    P(key="parkkitalo", area="Keskusta", title="Pysäköintitalo asemalle", place="asematie",
      text="Aseman lähellä ei ole tarpeeksi pysäköintipaikkoja työmatkalaisille.",
      fate=("not_feasible", "Pysäköintitalo maksaisi useita miljoonia euroja, ja aseman pysäköinti "
            "ratkaistaan keskustan asemakaavan muutoksessa.")),
    P(key="tori-wlan", area="Keskusta", title="Avoin langaton verkko torille", place="tori",
      text="Torille ilmainen wifi tapahtumien ajaksi.",
      fate="feasible"),
    P(key="makela", area="Länsi", title="Leikkivälineitä Mäkelän koulun pihalle", place="makela",
      text="Kylän ainoat leikkivälineet ovat koulun pihalla ja ne ovat 1990-luvulta.",
      fate=("plan:makelan-piha", 26_000, "Kiipeilyteline ja pesäkeinu turva-alustoineen.")),
    P(key="pitkospuut", area="Länsi", title="Myllypuron luontopolun pitkospuut", place="harjutie",
      text="Luontopolun pitkospuut ovat lahonneet ja polku on keväällä veden alla.",
      fate=("plan:pitkospuut", 17_000, "400 metriä pitkospuita talkootyönä kyläyhdistyksen kanssa.")),
    P(key="levahdys", area="Länsi", title="Penkkejä luontopolun varrelle", place="harjutie",
      text="Pitkällä luontopolulla ei ole yhtään penkkiä, jolla levätä.",
      fate=("plan:pitkospuut", 4_000, "Kaksi levähdyspenkkiä ja opaste.")),
    P(key="valaistu-latu", area="Länsi", title="Valaistu latu Mäkelään", place="makela",
      text="Mäkelän ympäri kulkevalle ladulle valot, niin hiihtämään pääsee arki-iltoina.",
      fate=("costed", 120_000, "Kolme kilometriä valaistusta ja kaapelointi. Hinta ylittää alueen määrärahan.")),
    P(key="kajakki", area="Niemenkärki", title="Kajakställ vid båthamnen", place="niemenkarki", author="asukas2",
      text="Kajakerna ligger nu på stranden. Ett låsbart ställ vid båthamnen skulle hålla ordning.",
      fate=("costed", 8_000, "Lukittava teline kahdeksalle kajakille. Ei mahtunut suunnitelmiin: "
            "katsotaan venevalkaman kunnostuksen yhteydessä.")),
    P(key="grillikatos", area="Niemenkärki", title="Grillikatos uimarannalle", place="niemenkarki",
      text="Uimarannalla ei ole paikkaa, jossa grillata, ja sateella ei ole minne mennä.",
      fate=("plan:grillikatos", 17_000, "Katos 5×4 m, grilli ja kaksi pöytäryhmää.")),
    P(key="ulkoluokka", area="Niemenkärki", title="Ulkoluokka Rantakylän koululle", place="rantakyla",
      text="Opettajat pitäisivät enemmän tunteja ulkona, jos pihalla olisi katettu paikka.",
      fate=("plan:ulkoluokka", 24_000, "Katettu ulkoluokka 30 oppilaalle, penkit ja taulu.")),
    P(key="silta", area="Niemenkärki", title="Uusi silta Niemenkärkeen", place="niemenkarki",
      text="Niemenkärjen silta on kapea. Tarvitaan leveämpi silta, jossa on kevyen liikenteen väylä.",
      fate=("not_feasible", "Sillan uusiminen on ELY-keskuksen vastuulla ja maksaisi yli miljoona euroa. "
            "Kunta on välittänyt toiveen ELY-keskukselle.")),
    P(key="kaukalo", area="Kirkonkylä", title="Kaukalon laidat kuntoon", place="kirkonkyla",
      text="Kaukalon laidat ovat rikki ja kaukalossa ei ole valoja. Lapset pelaisivat, jos voisi.",
      fate=("plan:kaukalo", 31_000, "Laitojen uusiminen ja neljä valaisinmastoa.")),
    P(key="lintutorni", area="Kirkonkylä", title="Lintutorni Lahdenperän kosteikolle", place="lahdenpera",
      text="Lahdenperän kosteikolla pesii harvinaisia lintuja. Lintutorni toisi retkeilijöitä kylään.",
      fate=("plan:lintutorni", 28_000, "Kolmikerroksinen puutorni, polku ja kaksi opastaulua.")),
    P(key="kauppa-katos", area="Kirkonkylä", title="Pyöräkatos kyläkaupalle", place="kirkonkyla",
      text="Kyläkaupalle katettu pyöräteline, niin pyörät eivät kastu.",
      fate="feasible"),
    P(key="kutsutaksi", area="Kirkonkylä", title="Kutsutaksi kirkonkylästä keskustaan", place="lahdenpera",
      text="Iäkkäät eivät pääse asioimaan keskustassa. Kutsutaksi kahdesti viikossa.",
      fate=("not_feasible", "Jatkuvaa liikennettä ei voi rahoittaa osallistuvalla budjetoinnilla. Asiointiliikenne "
            "on otettu mukaan sosiaalitoimen ensi vuoden suunnitelmaan.")),
    P(key="kirkkotie", area="Kirkonkylä", title="Hidasteet Kirkkotielle koulun kohdalle", place="kirkonkyla",
      text="Autot ajavat koulun ohi liian lujaa. Hidasteita ja suojatie kuntoon.",
      fate="submitted"),
    P(key="kuntosali-kirkonkyla", area="Kirkonkylä", title="Kuntosali seurantalon kellariin", place="kirkonkyla",
      text="Seurantalon kellari on tyhjillään; siihen saisi pienen kuntosalin kyläläisille.",
      fate="submitted"),
]

# Pairs of 2026 proposals whose authors work together.
COOPERATION_2026 = [("portaat", "ulkokuntosali"), ("laituri", "pukukoppi"), ("kukat", "penkit"),
                    ("pitkospuut", "levahdys")]

COMMENTS = [
    "Kannatan! Tämä olisi tärkeä lapsiperheille.",
    "Hyvä idea, mutta talvikunnossapito pitää miettiä etukäteen.",
    "Tätä on toivottu kylällä jo vuosia.",
    "Voisiko tämän toteuttaa talkoilla, niin rahaa jäisi muuhunkin?",
    "Asun vieressä ja tämä parantaisi alueen viihtyisyyttä paljon.",
    "Kannatan, kunhan paikka on esteetön.",
    "Entä ilkivalta? Valaistus ja kamera voisivat auttaa.",
    "Loistava ehdotus, äänestän tätä!",
    "Meidän yhdistys voisi hoitaa tätä kesäisin.",
    "Onko tälle tarpeeksi käyttäjiä? Mielestäni rahat kannattaisi käyttää kouluihin.",
    "Hyvä, että tässä on ajateltu myös ikäihmisiä.",
    "Jag stöder förslaget, det behövs verkligen.",
    "Tämä sopisi hyvin yhteen luontopolun kunnostuksen kanssa.",
    "Muistakaa pyöräpysäköinti!",
]

PLANS_2025 = [
    ("ulkokuntosali-2025", WHOLE, "Keskuspuiston ulkokuntosali",
     "Kahdeksan laitteen ulkokuntosali keskuspuistoon.", 42_000, 0.6),
    ("kirjastoauto", WHOLE, "Kirjastoauton kylätapahtumat",
     "Kirjastoauto kiertää kesällä kylissä satutunteineen ja lainauspäivineen.", 25_000, 0.35),
    ("frisbeegolf", WHOLE, "Frisbeegolfrata Harjulle",
     "18-väyläinen frisbeegolfrata Harjun metsään.", 48_000, 0.5),
    ("leikkipuisto-2025", "Keskusta", "Kuusitien leikkipuiston uusiminen",
     "Uudet keinut, liukumäki ja hiekkalaatikon katos.", 36_000, 0.65),
    ("tori-2025", "Keskusta", "Torin joulukuusi ja valot", "Torin jouluvalaistus ja kuusi.", 12_000, 0.3),
    ("makela-2025", "Länsi", "Mäkelän kylätalon esteetön luiska", "Luiska ja kaiteet kylätalon ovelle.",
     14_000, 0.55),
    ("laavu", "Niemenkärki", "Laavu Niemenkärjen kärkeen", "Laavu ja nuotiopaikka retkeilijöille.", 11_000, 0.6),
    ("kirkonkyla-2025", "Kirkonkylä", "Kirkonkylän kentän katsomo", "Pieni katettu katsomo kentän laidalle.",
     30_000, 0.5),
]

PROPOSALS_2025 = [
    P(key="kuntosali-2025", area=WHOLE, title="Ulkokuntosali keskuspuistoon", place="koivulantie",
      text="Ulkokuntosali olisi ilmainen tapa liikkua kaikille.",
      fate=("plan:ulkokuntosali-2025", 42_000, "Kahdeksan laitetta ja turva-alusta.")),
    P(key="kirjastoauto", area=WHOLE, title="Kirjastoauto kyliin kesällä", place="kirkonkyla",
      text="Kesällä kirjastoauto voisi pysähtyä kylien tapahtumissa.",
      fate=("plan:kirjastoauto", 25_000, "Kuljettajan työaika ja kesän tapahtumien ohjelma.")),
    P(key="frisbee", area=WHOLE, title="Frisbeegolfrata", place="harjutie",
      text="Harjun metsä sopisi frisbeegolfiin erinomaisesti.",
      fate=("plan:frisbeegolf", 48_000, "18 koria, heittopaikat ja opasteet.")),
    P(key="leikkipuisto", area="Keskusta", title="Kuusitien leikkipuisto kuntoon", place="kuusitie",
      text="Kuusitien leikkipuiston välineet ovat huonossa kunnossa.",
      fate=("plan:leikkipuisto-2025", 36_000, "Välineiden uusiminen ja turva-alustat.")),
    P(key="joulukuusi", area="Keskusta", title="Joulukuusi torille", place="tori",
      text="Torille joulukuusi ja valot pimeään aikaan.",
      fate=("plan:tori-2025", 12_000, "Valosarjat, asennus ja kuusi viideksi vuodeksi.")),
    P(key="luiska", area="Länsi", title="Luiska kylätalolle", place="makela",
      text="Pyörätuolilla ei pääse kylätaloon.",
      fate=("plan:makela-2025", 14_000, "Betoniluiska ja kaiteet.")),
    P(key="laavu", area="Niemenkärki", title="Laavu niemen kärkeen", place="niemenkarki",
      text="Retkeilijöille laavu ja tulipaikka.",
      fate=("plan:laavu", 11_000, "Laavu, tulisija ja puuvaja.")),
    P(key="katsomo", area="Kirkonkylä", title="Katsomo kentälle", place="kirkonkyla",
      text="Kentän laidalla ei ole istumapaikkoja.",
      fate=("plan:kirkonkyla-2025", 30_000, "Katettu katsomo 60 hengelle.")),
    P(key="jaahalli", area=WHOLE, title="Jäähalli", place="urheilutie",
      text="Koivulaan jäähalli.",
      fate=("not_feasible", "Jäähalli maksaisi noin 8 miljoonaa euroa: budjetin ulkopuolella.")),
]

# The winners' implementation, step by step: plan key → [(days after the results, progress %, text)].
FOLLOW_UPS_2025 = {
    "ulkokuntosali-2025": [(30, 20, "Laitteet on tilattu ja asennuspaikka merkitty maastoon."),
                           (120, 70, "Turva-alusta on valettu ja laitteet asennettu; käyttöönottotarkastus odottaa."),
                           (160, 100, "Ulkokuntosali on valmis ja käytössä. Kiitos kaikille äänestäneille!")],
    "frisbeegolf": [(45, 30, "Ratasuunnitelma on tehty yhdessä frisbeegolfseuran kanssa."),
                    (150, 80, "Korit ja heittopaikat on asennettu; opasteet tulevat keväällä.")],
    "leikkipuisto-2025": [(40, 40, "Urakoitsija on valittu, työt alkavat toukokuussa."),
                          (140, 100, "Leikkipuisto on avattu.")],
    "makela-2025": [(60, 100, "Luiska on valmis ja kylätaloon pääsee nyt pyörätuolilla.")],
    "laavu": [(50, 50, "Laavun paikka on sovittu maanomistajan kanssa."),
              (110, 100, "Laavu on valmis. Puuvajaan tuodaan polttopuut kahdesti kesässä.")],
    "kirkonkyla-2025": [(70, 30, "Katsomon rakennuslupa on myönnetty.")],
}

STAFF = "johtaja"  # the demo manager screens, costs, merges and publishes


# --- hearings ------------------------------------------------------------------------------------

OPEN_HEARING = {
    "title": "Rantakorttelin asemakaavaluonnos",
    "abstract": (
        "Koivulan keskustan rantakortteliin, vanhan meijerin tontille, suunnitellaan asuntoja noin 250 "
        "asukkaalle, liiketiloja ja rantaan julkista puistoa. Luonnos on nähtävillä, ja toivomme "
        "kommentteja erityisesti rakentamisen korkeudesta, rantareitistä ja pysäköinnistä. Kommentit "
        "käsitellään ennen kaavaehdotuksen laatimista, ja niistä tehdään raportti tekniselle lautakunnalle."),
    "place": "keskusta",
    "labels": ["kaavoitus", "keskusta"],
    "area": [(25.2225, 61.5118), (25.2262, 61.5118), (25.2262, 61.5131), (25.2225, 61.5131)],
    "sections": [
        ("Kaavan tavoitteet",
         "Tavoitteena on tiivistää keskustaa, tuoda lisää asukkaita palvelujen äärelle ja avata ranta kaikille. "
         "Meijerin vanha tiilirakennus säilytetään ja sen käyttötarkoitus muutetaan liike- ja kokoontumistiloiksi.\n\n"
         "Kaava-alue on noin 2,4 hehtaaria. Kaavaluonnos ja selostus ovat liitteenä.",
         "asemakaavaluonnos-rantakortteli.pdf"),
        ("Rakentaminen ja kaupunkikuva",
         "Rantaan tulee kolme 3–5-kerroksista kerrostaloa ja niiden taakse kaupunkipientaloja. Korkeimmat "
         "rakennukset sijoittuvat Rantakadun varteen, ja rannan puoleiset talot porrastuvat matalammiksi. "
         "Meijerin piippu säilyy maamerkkinä.",
         "kaavakartta-rantakortteli.png"),
        ("Liikenne ja pysäköinti",
         "Ajo kortteliin on Rantakadulta. Asukaspysäköinti on pihakannen alla, vieraspysäköinti kadun varrella. "
         "Rantaan tulee 3 metriä leveä kävelyn ja pyöräilyn reitti, joka jatkaa satamasta uimarannalle.",
         None),
    ],
    # (section number or None for the whole, shown name, text, votes); the marked one the moderator hides.
    "comments": [
        (None, "Tiina K.", "Hienoa, että ranta avataan kaikille. Nyt meijerin tontti on ollut aidattu "
                           "vuosikymmeniä.", 14),
        (None, "", "Onko keskustassa kysyntää näin monelle uudelle asunnolle? Vanhoja asuntoja on myynnissä "
                   "paljon.", 6),
        (0, "Matti Rantanen", "Meijerin tiilirakennus on ehdottomasti säilytettävä. Siihen sopisi kahvila ja "
                              "kylän kokoontumistila.", 21),
        (0, "", "Puistoalueen pitäisi olla laajempi. Ranta on keskustan ainoa vapaa rantapaikka.", 9),
        (1, "Liisa", "Viisi kerrosta on liikaa rantaan. Kolme kerrosta sopisi paremmin pikkukaupungin "
                     "maisemaan.", 17),
        (1, "", "Porrastus on hyvä ratkaisu, kunhan näkymä järvelle säilyy Rantakadulta.", 5),
        (1, "Arkkitehtuurin ystävä", "Julkisivuihin toivoisin puuta ja punatiiltä meijerin henkeen.", 8),
        (2, "Pyöräilijä", "Rantareitti kannattaa tehdä leveämpänä, vähintään 4 metriä: kesällä siinä kulkee "
                          "paljon lastenrattaita ja pyöriä.", 12),
        (2, "", "Missä vieraat pysäköivät kesätapahtumien aikana? Rantakatu on jo nyt täynnä.", 7),
        (2, "Asukas Satamatieltä", "Satamatien liikenne lisääntyy liikaa. Ajo kortteliin pitäisi ohjata "
                                   "Asematien kautta.", 4),
        (2, "", "Kaavoittajat ovat taas kaikki lahjottuja, tämä on täyttä korruptiota!", 0),
    ],
    "hidden": ("Kaavoittajat ovat taas kaikki lahjottuja",
               "Kommentti poistettiin, koska se sisälsi perusteettomia syytöksiä. Kommentoi kaavan sisältöä."),
}

CLOSED_HEARING = {
    "title": "Liikenneturvallisuussuunnitelma 2026–2030",
    "abstract": (
        "Koivulan liikenneturvallisuussuunnitelma kokoaa toimet, joilla koulumatkoista, kylien teistä ja "
        "keskustan kaduista tehdään turvallisempia. Kiitos kaikille kommentoineille: kuuleminen on päättynyt, "
        "ja kommenteista laaditaan raportti tekniselle lautakunnalle."),
    "place": "koulukatu",
    "labels": ["liikenne"],
    "area": [],
    "sections": [
        ("Koulumatkat",
         "Koulujen lähelle esitetään 30 km/h nopeusrajoituksia, uusia suojateitä ja saattoliikenteen paikkoja.",
         None),
        ("Kylien tiet",
         "Kirkonkylään ja Mäkelään esitetään pyörätietä ja valaistusta sekä hidasteita kylien keskustoihin.",
         None),
    ],
    "comments": [
        (0, "Kolmen lapsen äiti", "Koulukadulle ehdottomasti korotettu suojatie, autot ajavat siinä lujaa.", 19),
        (0, "", "Saattoliikenteen paikka pitäisi siirtää pois koulun portilta.", 11),
        (0, "Eero", "Talvella koulureitin aurauksen pitää olla valmis ennen seitsemää.", 8),
        (1, "Kirkonkyläläinen", "Kirkkotien pyörätie on tärkein hanke. Nyt lapset pyöräilevät ajoradalla.", 23),
        (1, "", "Mäkelän valaistus on toivottu jo kauan.", 10),
        (None, "", "Hyvä suunnitelma, kunhan siihen myös varataan rahaa.", 6),
        (None, "Paula", "Liikennevalvontaa lisää keskustaan kesäiltoina.", 3),
    ],
    "hidden": None,
}

# --- surveys and panels -----------------------------------------------------------------------------

OPEN_SURVEY = {
    "title": "Millainen on tulevaisuuden Koivulan kirjasto?",
    "questions": [
        {"kind": "single", "text": "Kuinka usein käytät kirjastoa?",
         "options": ["Viikoittain", "Kuukausittain", "Muutaman kerran vuodessa", "En juuri koskaan"]},
        {"kind": "multiple", "text": "Mitä kirjastossa pitäisi olla enemmän?",
         "options": ["Kirjoja ja lehtiä", "Tapahtumia", "Hiljaisia työtiloja", "Lasten tiloja",
                     "Pelejä ja laitteita lainaan"]},
        {"kind": "scale", "text": "Kuinka tyytyväinen olet kirjaston aukioloaikoihin? (1 = en lainkaan, 5 = erittäin)"},
        {"kind": "text", "text": "Mitä muuta haluat sanoa kirjastosta?"},
    ],
    # the share of answers per option of each choice question, in order
    "weights": [[30, 35, 25, 10], [50, 35, 30, 25, 20], [5, 10, 25, 40, 20]],
    "texts": ["Omatoimikirjasto myös sunnuntaisin!", "Lisää lukupiirejä aikuisille.",
              "Kiitos mukavasta henkilökunnasta.", "Toivon kirjastoon 3D-tulostimen.",
              "Lastenosasto on liian ahdas perhetapahtumiin."],
    "answers": 46,
}

PANEL_SURVEY = {
    "title": "Asukaspaneeli: keskustan kehittäminen",
    "questions": [
        {"kind": "scale", "text": "Kuinka viihtyisänä pidät Koivulan keskustaa? (1 = en lainkaan, 5 = erittäin)"},
        {"kind": "single", "text": "Mikä on mielestäsi tärkein keskustan kehityskohde?",
         "options": ["Rannan avaaminen asukkaille", "Torin elävöittäminen", "Pysäköinti",
                     "Kävely- ja pyöräreitit", "Palvelujen säilyminen"]},
        {"kind": "multiple", "text": "Miten kuljet keskustaan tavallisesti?",
         "options": ["Kävellen", "Pyörällä", "Autolla", "Bussilla"]},
        {"kind": "text", "text": "Mitä keskustasta puuttuu?"},
    ],
    "weights": [[8, 17, 35, 30, 10], [30, 20, 15, 20, 15], [45, 30, 55, 12]],
    "texts": ["Kahvila rantaan.", "Yleinen vessa torin laidalle.", "Penkkejä ja varjoa.",
              "Nuorille oma paikka iltaisin.", "Kunnon pyöräparkki aseman viereen."],
    "size": 140,
    "seed": "koivula-keskusta-2026",
    "factors": {"18-29|41990|fi": 2},  # the young answer least: invite twice as many of them
    # The share who answer by age band (the quiet young, the keen retired).
    "rates": {"18-29": 0.3, "30-44": 0.45, "45-64": 0.6, "65+": 0.75},
}
