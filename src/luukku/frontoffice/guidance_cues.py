"""The service guidance's data: situation cues, the register's steps for children, and the words that
tell a fourth language. The engine (guidance.py) is generic; what it knows about life is here.

A cue is a situation a resident describes in their own words. `words` lists, per language, phrases
whose every word must occur in the text (any order, any inflection: each word is compared by its
lemmas from the search's own analyzers; a word ending in "*" matches any word starting with it).
A cue points to life events (catalogue Code codes of kind life_event / business_event) and to
`search`: what a counsellor would look up in the catalogue for it, in the catalogue's own words,
asked of the ordinary Finnish-aware search (first the most important). `topic` "child" lets the
register's children steps speak (see CHILD_STEPS).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Cue:
    key: str
    events: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    search: tuple[str, ...] = ()
    weight: float = 1.0
    topic: str = ""


def C(key, events, *, fi=(), sv=(), en=(), search=(), weight=1.0, topic=""):
    return Cue(key, tuple(events), {"fi": tuple(fi), "sv": tuple(sv), "en": tuple(en)}, tuple(search), weight, topic)


CUES = [
    # --- moving ---
    C("moving_in", ["muutto"],
      fi=["muuttaa", "muutto", "muutamme", "muutin", "uusi asukas", "uusi kotikunta", "muuttanut", "muuttaneet"],
      sv=["flytta", "flyttar", "flyttat", "flyttade", "flyttning", "inflyttare", "ny invånare"],
      en=["move", "moving", "moved", "relocate", "relocating", "new resident", "new in town", "new here"],
      search=("muuttoilmoitus", "vuokra-asunnot", "kirjastokortti", "jätehuolto", "asiointipiste")),
    C("new_resident", ["muutto"],
      fi=["uusi asukas", "uutena asukkaana", "uusi kunnassa", "juuri muuttanut"],
      sv=["ny invånare", "nyinflyttad", "ny i staden", "ny här"],
      en=["new resident", "new in town", "new here", "just moved"],
      search=("muuttoilmoitus", "asiointipiste yleisneuvonta", "kirjastokortti"), weight=1.2),
    C("moving_abroad", ["muutto"],
      fi=["ulkomailta", "maahanmuuttaja", "maahan muuttanut", "pakolainen", "oleskelulupa", "kotoutuminen"],
      sv=["utlandet", "invandrare", "flykting", "uppehållstillstånd", "integration"],
      en=["abroad", "immigrant", "refugee", "residence permit", "from another country", "new to finland",
          "foreigner"],
      search=("kotoutumispalvelut", "maahanmuuttajaneuvonta", "kielikoulutus maahanmuuttajille", "tulkkaus"),
      weight=1.2),
    C("language", [],
      fi=["en puhu suomea", "suomen kieli", "opiskella suomea", "tulkki"],
      sv=["lära mig finska", "finska kurs", "tolk"],
      en=["learn finnish", "speak finnish", "finnish course", "interpreter", "language course"],
      search=("kielikoulutus maahanmuuttajille", "tulkkaus"), weight=1.2),
    C("moving_away", ["muutto"],
      fi=["muutan pois", "muuttaa pois", "muutamme pois", "toiselle paikkakunnalle"],
      sv=["flyttar bort", "flytta bort", "flyttar härifrån"],
      en=["moving away", "move away", "leaving town"],
      search=("muuttoilmoitus", "vesimittarin lukema"), weight=1.2),
    # --- children and family ---
    C("baby", ["lapsi"],
      fi=["vauva", "synnytys", "raskaus", "raskaana", "odotamme lasta", "lapsi syntyy", "syntynyt", "vanhempainvapaa",
          "äitiysloma", "saimme lapsen", "syntyi"],
      sv=["bebis", "baby", "fått barn", "gravid", "förlossning", "föräldraledig", "väntar barn", "nyfödd"],
      en=["baby", "pregnant", "newborn", "expecting", "had a child", "parental leave", "maternity leave",
          "born", "new child"],
      search=("neuvola", "kotihoidon tuen kuntalisä", "varhaiskasvatus"), weight=1.2, topic="child"),
    C("children", ["lapsi"],
      fi=["lapsi", "lapset", "lapsia", "lapsemme", "tytär", "poika", "kaksoset", "perhe", "nuorin", "esikoinen"],
      sv=["barn", "barnen", "dotter", "son", "familj", "tvillingar", "yngsta", "äldsta"],
      en=["child", "children", "kids", "kid", "daughter", "son", "family", "twins", "youngest", "eldest"],
      search=("varhaiskasvatus", "kouluun ilmoittautuminen"), weight=0.6, topic="child"),
    C("daycare", ["lapsi"],
      fi=["päiväkoti", "päivähoito", "hoitopaikka", "varhaiskasvatus", "perhepäivähoitaja", "hoitoon",
          "töihin äitiyslomalta", "palaan töihin", "takaisin töihin"],
      sv=["dagis", "daghem", "dagvård", "barnomsorg", "småbarnspedagogik", "tillbaka till jobbet",
          "börjar jobba igen"],
      en=["daycare", "day care", "nursery", "kindergarten", "childcare", "back to work", "return to work"],
      search=("varhaiskasvatus", "perhepäivähoito", "yksityinen varhaiskasvatus palveluseteli",
              "varhaiskasvatusmaksut"), weight=1.3, topic="child"),
    C("shift_work", ["lapsi"],
      fi=["vuorotyö", "iltavuoro", "yövuoro", "vuorohoito", "iltaisin töissä"],
      sv=["skiftarbete", "kvällsskift", "nattskift", "skiftvård"],
      en=["shift work", "night shift", "evening shift", "shifts", "work nights", "work evenings"],
      search=("vuorohoito",), weight=1.3, topic="child"),
    C("home_care", ["lapsi"],
      fi=["kotihoidon tuki", "hoidan lasta kotona", "kotona lapsen kanssa", "kotiäiti", "kotiisä"],
      sv=["hemvårdsstöd", "hemma med barnet", "vårdar barnet hemma"],
      en=["home care allowance", "stay at home with", "care for my child at home", "stay-at-home"],
      search=("kotihoidon tuen kuntalisä",), weight=1.3, topic="child"),
    C("school_start", ["koulu"],
      fi=["koulu", "koulun", "kouluun", "ekaluokka", "eskari", "esikoulu", "esiopetus", "koulutie",
          "koulumatka", "iltapäiväkerho"],
      sv=["skola", "skolan", "förskola", "förskolan", "skolstart", "börjar skolan", "eftermiddagsklubb"],
      en=["school", "preschool", "pre-school", "first grade", "starting school", "after-school", "school bus"],
      search=("kouluun ilmoittautuminen", "esiopetus", "aamu- ja iltapäivätoiminta", "koulukuljetus"),
      weight=1.2, topic="child"),
    C("learning", ["koulu"],
      fi=["oppimisvaikeus", "erityisopetus", "lukihäiriö", "tukiopetus", "erityisen tuen", "kiusataan", "kiusaaminen",
          "ei pärjää koulussa", "vaikeuksia koulussa"],
      sv=["inlärningssvårigheter", "specialundervisning", "dyslexi", "stödundervisning", "mobbad", "mobbning"],
      en=["learning difficulties", "special needs", "dyslexia", "extra help at school", "bullied", "struggling at school",
          "adhd"],
      search=("oppimisen tuki erityisopetus", "sosiaali- ja terveyspalvelut"), weight=1.3, topic="child"),
    C("swedish_school", ["koulu", "lapsi"],
      fi=["ruotsinkielinen", "ruotsiksi", "kielikylpy"],
      sv=["svenskspråkig", "på svenska", "svensk skola", "språkbad", "svenska daghem"],
      en=["swedish-speaking", "in swedish", "swedish school", "language immersion"],
      search=("ruotsinkielinen varhaiskasvatus ja koulu", "kielikylpy"), weight=1.2, topic="child"),
    C("hobbies_child", ["vapaa-aika"],
      fi=["harrastus", "harrastuksia", "harrastaa", "soittaa", "tanssi", "kerho", "leiri", "kesäleiri"],
      sv=["hobby", "hobbyer", "fritidsaktivitet", "spela", "dans", "klubb", "läger", "sommarläger"],
      en=["hobby", "hobbies", "activities", "music lessons", "dance", "club", "camp", "summer camp"],
      search=("maksuttomat harrastukset", "musiikkiopisto", "kuvataidekoulu tanssikoulu", "lasten kesätoiminta"),
      weight=1.0),
    # --- young people ---
    C("youth", ["nuoret"],
      fi=["nuori", "nuoret", "teini", "nuorta", "16-vuotias", "15-vuotias", "17-vuotias", "alaikäinen"],
      sv=["ungdom", "ung", "tonåring", "unga", "16-åring", "15-åring"],
      en=["teenager", "teen", "young person", "youth", "16-year-old", "15-year-old", "17-year-old"],
      search=("nuorisotilat", "kesätyöseteli", "ohjaamo"), weight=0.8),
    C("summer_job", ["nuoret", "tyonhaku"],
      fi=["kesätyö", "kesätöitä", "kesätyöpaikka", "kesäksi töitä"],
      sv=["sommarjobb", "sommararbete", "sommarjobbssedel"],
      en=["summer job", "summer work", "summer jobs"],
      search=("kesätyöseteli", "kaupungin työpaikat"), weight=1.4),
    C("dropout", ["nuoret"],
      fi=["ei opiskelupaikkaa", "keskeytti", "keskeytin", "koulu jäi kesken", "ei tiedä mitä tehdä", "kotona pelaa",
          "syrjäytynyt", "ei ole koulua eikä työtä", "ilman opiskelupaikkaa"],
      sv=["hoppat av", "hoppade av", "utan studieplats", "varken jobb eller studier", "vet inte vad"],
      en=["dropped out", "drop out", "no study place", "not in school", "neither work nor", "doesn't know what to do",
          "stays home all day"],
      search=("etsivä nuorisotyö", "ohjaamo", "nuorten työpaja"), weight=1.4),
    # --- studying ---
    C("studying", ["opiskelu"],
      fi=["opiskella", "opiskelu", "opiskelen", "lukio", "kurssi", "kursseja", "ammatti", "kouluttautua",
          "alanvaihto", "vaihtaa alaa", "peruskoulu kesken"],
      sv=["studera", "studier", "gymnasium", "gymnasiet", "kurs", "kurser", "utbildning", "byta bransch"],
      en=["study", "studies", "studying", "upper secondary", "course", "courses", "education", "career change",
          "change careers", "new profession"],
      search=("lukiokoulutus", "kansalaisopiston kurssit", "oppisopimuskoulutus", "ura- ja ammatinvalinnanohjaus",
              "aikuisten perusopetus"), weight=1.0),
    # --- work ---
    C("unemployed", ["tyonhaku"],
      fi=["työtön", "työttömäksi", "työttömyys", "menetin työpaikkani", "menettää työ", "irtisanottiin",
          "irtisanottu", "irtisanominen", "lomautettu", "lomautus", "työt loppuivat", "jäin ilman töitä",
          "etsin töitä", "etsin työtä", "työnhaku", "työpaikka meni", "yt-neuvottelut", "muutosneuvottelut",
          "määräaikainen loppuu", "en löydä töitä"],
      sv=["arbetslös", "arbetslöshet", "förlorade jobbet", "förlorat jobbet", "förlorade mitt jobb", "uppsagd",
          "permitterad", "söker jobb", "söker arbete", "jobbsökande", "blev av med jobbet"],
      en=["unemployed", "lost my job", "lost job", "laid off", "redundant", "fired", "dismissed", "looking for work",
          "looking for a job", "job hunting", "find a job", "jobseeker", "out of work", "lose my job",
          "losing my job"],
      search=("työllisyyspalvelut", "muutosturva irtisanotuille", "työnhakuvalmennus cv-apu",
              "omaehtoinen opiskelu työttömyysetuudella", "työvoimakoulutus"), weight=1.4),
    C("work_ability", ["tyonhaku"],
      fi=["työkyky", "sairausloma", "en jaksa töissä", "kuntoutus", "työkokeilu", "osatyökykyinen"],
      sv=["arbetsförmåga", "sjukskriven", "rehabilitering", "arbetsprövning"],
      en=["work ability", "sick leave", "burnout", "rehabilitation", "work trial", "partial work ability"],
      search=("työkyvyn tuki", "työkokeilu", "sosiaali- ja terveyspalvelut"), weight=1.2),
    # --- money ---
    C("money", [],
      fi=["velka", "velkaa", "velkoja", "rahat eivät riitä", "pienet tulot", "maksuvaikeus", "en pysty maksamaan",
          "laskut", "ulosotto", "vuokrarästi", "toimeentulotuki", "rahaa"],
      sv=["skuld", "skulder", "pengarna räcker inte", "kan inte betala", "räkningar", "utsökning", "utkomststöd",
          "pengar"],
      en=["debt", "debts", "can't pay", "cannot pay", "money problems", "bills", "low income", "rent arrears",
          "income support", "money", "afford"],
      search=("talous- ja velkaneuvonta", "kaupungin laskut maksuaika", "sosiaali- ja terveyspalvelut"), weight=1.3),
    # --- housing ---
    C("housing", ["asuminen"],
      fi=["asunto", "vuokra-asunto", "asuntoa", "kämppä", "vuokra", "asunnoton", "häätö", "asumisoikeus",
          "asumisongelma", "vuokranantaja"],
      sv=["bostad", "hyresbostad", "lägenhet", "hyra", "bostadslös", "vräkning", "hyresvärd"],
      en=["apartment", "flat", "housing", "rent", "rental", "homeless", "eviction", "landlord", "place to live"],
      search=("kaupungin vuokra-asunnot", "asumisneuvonta", "asumisoikeusasunnot"), weight=1.2),
    C("divorce", ["asuminen"],
      fi=["ero", "erota", "erosimme", "eroamme", "avioero", "asumusero", "yksinhuoltaja"],
      sv=["skilsmässa", "skiljer oss", "skilde oss", "separation", "ensamstående"],
      en=["divorce", "divorced", "separated", "separating", "break up", "single parent"],
      search=("kaupungin vuokra-asunnot", "asumisneuvonta", "talous- ja velkaneuvonta",
              "sosiaali- ja terveyspalvelut"), weight=1.2),
    C("repairs", ["asuminen", "rakentaminen"],
      fi=["remontti", "remontoida", "korjata", "korjaus", "esteettömyys", "luiska", "kylpyhuone", "lämmitys",
          "maalämpö", "lämpöpumppu", "hissi"],
      sv=["renovera", "renovering", "reparera", "tillgänglighet", "ramp", "badrum", "uppvärmning", "värmepump"],
      en=["renovate", "renovation", "repair", "repairs", "ramp", "accessible", "bathroom", "heating", "heat pump"],
      search=("korjausavustukset", "toimenpidelupa", "energianeuvonta", "rakennusvalvonnan neuvonta"), weight=1.1),
    C("building", ["rakentaminen"],
      fi=["rakentaa", "rakentaminen", "omakotitalo", "talon rakentaminen", "tontti", "tontin", "mökki", "sauna",
          "autotalli", "laajennus", "laajentaa", "purkaa", "piharakennus"],
      sv=["bygga", "bygger", "egnahemshus", "tomt", "stuga", "bastu", "garage", "tillbyggnad", "riva"],
      en=["build", "building a house", "plot", "cottage", "sauna", "garage", "extension", "demolish", "shed"],
      search=("rakentamislupa", "omakotitontit", "rakennusvalvonnan neuvonta", "toimenpidelupa",
              "vesi- ja viemäriliittymä"), weight=1.2),
    # --- growing older and caring ---
    C("elderly", ["ikaantyminen"],
      fi=["äiti", "isä", "vanhempi", "vanhempani", "vanhus", "isoäiti", "isoisä", "mummo", "ukki", "pappa",
          "ikääntynyt", "iäkäs", "eläkeläinen", "muistisairaus", "dementia", "omaishoitaja", "omaishoito",
          "ei pärjää kotona", "ei enää pärjää", "palvelutalo", "hoivakoti", "kotihoito"],
      sv=["mamma", "pappa", "mor", "far", "föräldrar", "äldre", "farmor", "mormor", "farfar", "morfar",
          "pensionär", "minnessjukdom", "demens", "närståendevårdare", "klarar sig inte hemma", "klarar inte",
          "serviceboende", "hemvård"],
      en=["mother", "mom", "mum", "father", "dad", "parents", "elderly", "grandmother", "grandfather", "grandma",
          "grandpa", "pensioner", "dementia", "memory", "carer", "caregiver", "can't cope", "cannot cope",
          "not coping", "nursing home", "home care", "old age", "older"],
      search=("ikäihmisten palvelut", "toisen puolesta asiointi", "palveluliikenne kutsutaksi",
              "kirjaston kotipalvelu"), weight=0.9),
    C("retired", ["ikaantyminen", "vapaa-aika"],
      fi=["eläke", "eläkkeelle", "eläkkeellä", "jäin eläkkeelle"],
      sv=["pension", "pensionerad", "gick i pension"],
      en=["retire", "retired", "retirement", "pension"],
      search=("ohjatut liikuntaryhmät", "kansalaisopiston kurssit", "liikuntaneuvonta",
              "nuorisovaltuusto vanhusneuvosto"), weight=1.1),
    C("disability", [],
      fi=["vamma", "vammainen", "pyörätuoli", "liikuntarajoitteinen", "näkövammainen", "kuulovamma", "kehitysvamma"],
      sv=["funktionsnedsättning", "rullstol", "rörelsehindrad", "synskadad", "hörselskadad"],
      en=["disability", "disabled", "wheelchair", "blind", "deaf", "impairment"],
      search=("sosiaali- ja terveyspalvelut", "palveluliikenne kutsutaksi", "korjausavustukset",
              "vammaisneuvosto"), weight=1.1),
    C("health", [],
      fi=["sairas", "sairastui", "terveyskeskus", "lääkäri", "hammaslääkäri", "neuvola", "terveys", "masennus",
          "mielenterveys", "päihde", "sosiaalityöntekijä", "lastensuojelu", "jaksaminen"],
      sv=["sjuk", "hälsostation", "läkare", "tandläkare", "rådgivning", "depression", "missbruk", "socialarbetare",
          "barnskydd"],
      en=["ill", "sick", "doctor", "dentist", "health centre", "health center", "depression", "mental health",
          "addiction", "social worker", "child welfare"],
      search=("sosiaali- ja terveyspalvelut",), weight=1.3),
    C("death", [],
      fi=["kuoli", "kuollut", "kuolema", "menehtyi", "hautajaiset", "hautaus", "leski", "perunkirjoitus"],
      sv=["dog", "död", "avled", "begravning", "änka", "änkling", "bouppteckning"],
      en=["died", "death", "passed away", "funeral", "widow", "widower", "estate"],
      search=("hautausmaat hautapaikat", "toisen puolesta asiointi", "sosiaali- ja terveyspalvelut"), weight=1.3),
    C("acting_for", [],
      fi=["puolesta", "valtuutus", "valtakirja", "edunvalvonta", "edunvalvoja"],
      sv=["för någon annans räkning", "fullmakt", "intressebevakning", "på uppdrag"],
      en=["on behalf", "power of attorney", "authorisation", "authorization", "guardian for"],
      search=("toisen puolesta asiointi",), weight=1.3),
    C("no_computer", [],
      fi=["ei tietokonetta", "en osaa käyttää tietokonetta", "en osaa asioida", "apua asiointiin", "sähköinen asiointi",
          "en ymmärrä lomaketta", "verkkopankkitunnukset"],
      sv=["ingen dator", "kan inte använda dator", "hjälp med ärenden", "förstår inte blanketten", "nätbankskoder"],
      en=["no computer", "can't use a computer", "cannot use computers", "help with forms", "online banking",
          "don't understand the form"],
      search=("asiointipiste yleisneuvonta", "toisen puolesta asiointi"), weight=1.3),
    # --- leisure ---
    C("leisure", ["vapaa-aika"],
      fi=["liikunta", "urheilla", "kuntosali", "uida", "uinti", "kirjasto", "lukea", "kulttuuri", "konsertti",
          "teatteri", "vapaa-aika", "tekemistä"],
      sv=["motion", "idrott", "gym", "simma", "bibliotek", "kultur", "konsert", "teater", "fritid"],
      en=["exercise", "sport", "sports", "gym", "swim", "swimming", "library", "culture", "concert", "theatre",
          "leisure"],
      search=("liikuntapaikat ja kuntosalit", "kirjastokortti", "ohjatut liikuntaryhmät", "kulttuuritalo"),
      weight=0.8),
    C("lonely", ["vapaa-aika"],
      fi=["yksinäinen", "yksinäisyys", "ei ystäviä", "tutustua ihmisiin", "seuraa"],
      sv=["ensam", "ensamhet", "träffa folk", "nya vänner"],
      en=["lonely", "loneliness", "meet people", "make friends", "something to do"],
      search=("ohjatut liikuntaryhmät", "kansalaisopiston kurssit", "kirjastokortti", "kulttuuritalo"),
      weight=1.2),
    C("boat", ["vapaa-aika"],
      fi=["vene", "veneen", "soutuvene", "venepaikka", "laituri"],
      sv=["båt", "båtplats", "brygga"],
      en=["boat", "mooring", "jetty"],
      search=("venepaikat", "vierasvenesatama"), weight=1.4),
    C("garden", ["vapaa-aika"],
      fi=["viljellä", "kasvimaa", "palsta", "puutarha"],
      sv=["odla", "odlingslott", "köksträdgård"],
      en=["grow vegetables", "allotment", "garden plot", "gardening"],
      search=("viljelypalstat",), weight=1.3),
    C("pets", [],
      fi=["koira", "kissa", "lemmikki", "karkasi", "kadonnut"],
      sv=["hund", "katt", "husdjur", "sprang bort", "försvunnen"],
      en=["dog", "cat", "pet", "ran away", "missing pet", "lost my cat", "lost my dog"],
      search=("löytöeläimet kadonneet lemmikit", "koirat kaupungissa"), weight=1.3),
    # --- events and associations ---
    C("event", ["tapahtuma"],
      fi=["tapahtuma", "tapahtuman", "festivaali", "konsertin järjestäminen", "juhlat", "markkinat", "järjestää",
          "järjestämme", "yhdistys"],
      sv=["evenemang", "festival", "ordna", "ordnar", "fest", "marknad", "förening"],
      en=["event", "festival", "organise", "organize", "organising", "party", "market", "association", "club event"],
      search=("tapahtuman järjestäminen", "meluilmoitus", "kokous- ja juhlatilojen vuokraus",
              "avustukset yhdistyksille"), weight=1.2),
    # --- business ---
    C("business_start", ["yritys-perustaminen"],
      fi=["yritys", "yrittäjä", "yrittäjäksi", "perustaa yritys", "toiminimi", "oma yritys", "kahvila", "ravintola",
          "kauppa"],
      sv=["företag", "företagare", "starta företag", "firma", "eget företag", "kafé", "restaurang", "butik"],
      en=["business", "company", "entrepreneur", "start a business", "start-up", "startup", "self-employed",
          "cafe", "café", "restaurant", "shop"],
      search=("yritysneuvonta", "starttiraha", "yritystontit ja toimitilat", "elintarvikehuoneiston ilmoitus"),
      weight=1.2),
    C("hiring", ["yritys-kasvu"],
      fi=["palkata", "palkkaan", "työntekijä", "työntekijöitä", "rekrytointi", "palkkatuki"],
      sv=["anställa", "anställer", "arbetstagare", "rekrytering", "lönesubvention"],
      en=["hire", "hiring", "employee", "employees", "recruit", "recruitment", "pay subsidy"],
      search=("rekrytointiapu palkkatuki", "oppisopimuskoulutus", "ulkomaisen työntekijän palkkaaminen"),
      weight=1.2),
]

# Steps the register tells about the children in the viewer's care: the age a child reaches in the
# calendar year of the coming August (Finnish preschool and school years start then). A step speaks
# only when the text is about children (a cue of topic "child"): the register adds to what was asked,
# it does not change the subject.


@dataclass(frozen=True)
class Step:
    ages: tuple[int, int]  # inclusive range of that age
    events: tuple[str, ...]
    search: tuple[str, ...]
    note: object  # lazy text with %(name)s, %(age)s, %(year)s
    topic: str = "child"
    weight: float = 1.2
    extra: dict = field(default_factory=dict)


CHILD_STEPS = [
    Step((1, 5), ("lapsi",), ("varhaiskasvatus",),
         _("%(name)s turns %(age)s in %(year)s: early childhood education (day care) can be applied for four "
           "months before the place is needed.")),
    Step((6, 6), ("koulu",), ("esiopetus",),
         _("%(name)s turns 6 in %(year)s: preschool starts in August %(year)s. The municipality offers a place; "
           "you do not need to apply.")),
    Step((7, 7), ("koulu",), ("kouluun ilmoittautuminen", "aamu- ja iltapäivätoiminta"),
         _("%(name)s turns 7 in %(year)s: school starts in August %(year)s. Enrol the child in the winter "
           "before.")),
    Step((15, 17), ("nuoret",), ("kesätyöseteli",),
         _("%(name)s turns %(age)s in %(year)s: the summer job voucher is for young people of that age.")),
]

# Common words of languages the guidance does not read: a text made of these (and nothing that the
# guidance understands) gets the "write in Finnish, Swedish or English" message instead of a guess.
OTHER_LANGUAGE_WORDS = set(
    # German
    "ich wir sie ist sind und mit nicht meine meiner mein unsere kinder kind arbeit wohnung umziehen hier "
    "haben habe eine einen ein der die das zwei brauche hilfe mutter vater "
    # French
    "je nous vous est sont et avec pas mon ma mes nos enfants enfant travail logement déménager ici avons "
    "une un le la les deux besoin aide mère père "
    # Spanish, Italian
    "yo nosotros es son y con no mi mis hijos hijo trabajo vivienda aquí tenemos una el los dos necesito ayuda "
    "madre padre io noi sono figli lavoro casa qui abbiamo madre "
    # Estonian
    "mina meie on ja koos ei minu lapsed laps töö korter kolime siia meil kaks vajan abi ema isa "
    # Russian, Ukrainian (Cyrillic is also caught as a script)
    "я мы и с не мой дети ребенок работа квартира здесь".split()
)
