"""Land use beyond the zoning service: exceptions to plans, leased plots and right-of-occupancy homes."""

from . import L, T
from .common import svc

SECTOR = "asuminen"
LAND = "tonttipalvelut"

SERVICES = [
    svc(
        "poikkeamispaatos", SECTOR, LAND, type="PermitOrObligation",
        name=T("Poikkeamispäätös ja suunnittelutarveratkaisu", "Undantagsbeslut och avgörande om planeringsbehov", "Exception decision and planning need decision"),
        alt=L(["poikkeamislupa", "poikkeus kaavasta", "suunnittelutarve", "rantarakentaminen", "lupa rakentaa kaavan vastaisesti"],
              ["undantagslov", "planeringsbehov", "strandbyggande"], ["planning exception", "building outside the zoning plan", "shore building"]),
        summary=T("Jos rakennushanke poikkeaa kaavasta tai rakennat ranta-alueelle tai kaava-alueen ulkopuolelle, tarvitset poikkeamispäätöksen ennen rakentamislupaa.",
                  "Om byggprojektet avviker från planen eller om du bygger på strandområde eller utanför planområdet behöver du ett undantagsbeslut före bygglovet.",
                  "If your building project departs from the zoning plan, or you build on a shore or outside a plan area, you need an exception decision before the building permit."),
        description=T("Naapureita kuullaan ennen päätöstä. Päätös on voimassa kaksi vuotta.",
                      "Grannarna hörs före beslutet. Beslutet gäller i två år.",
                      "Neighbours are heard before the decision. The decision is valid for two years."),
        processing=T("2–4 kuukautta.", "2–4 månader.", "2–4 months."),
        charge="Chargeable", fees=T("600–1 200 euroa.", "600–1 200 euro.", "600–1,200 euros."), statutory=True, laws=["alueidenkayttolaki"],
        keywords=L(["kaava", "rakentaminen", "ranta", "mökki"], ["plan", "byggande", "strand"], ["zoning", "building", "cottage"]),
        codes=["P2.3", "P2.1", "KR1"], popularity=90, channels=["e-lupapalvelu", "p-rakennusvalvonta"],
    ),
    svc(
        "vuokratontit", SECTOR, LAND,
        name=T("Vuokratontit ja tontin lunastaminen", "Arrendetomter och inlösen av tomt", "Leased plots and buying your leased plot"),
        alt=L(["vuokratontti", "tontinvuokra", "maanvuokra", "tontin lunastus", "maanvuokrasopimus"], ["arrendetomt", "tomtarrende", "inlösen"],
              ["ground lease", "land rent", "buying a leased plot"]),
        summary=T("Osa omakotitaloista on kaupungin vuokratonteilla. Voit lunastaa vuokratontin tai jatkaa vuokrasopimusta.",
                  "En del egnahemshus står på stadens arrendetomter. Du kan lösa in arrendetomten eller förlänga avtalet.",
                  "Some detached houses stand on plots leased from the city. You can buy the plot or extend the lease."),
        description=T("Lunastushinta perustuu alueen käypään hintaan. Tontinvuokra laskutetaan kerran vuodessa.",
                      "Inlösenpriset grundar sig på områdets gängse pris. Tomtarrendet faktureras en gång om året.",
                      "The purchase price is based on local market prices. Ground rent is invoiced once a year."),
        charge="Chargeable", keywords=L(["tontti", "vuokra", "omakotitalo"], ["tomt", "hyra"], ["plot", "rent", "house"]),
        codes=["P2.3", "KR1"], popularity=80, channels=["e-tontit"],
    ),
    svc(
        "asumisoikeusasunnot", SECTOR, "asuntopalvelut",
        name=T("Asumisoikeusasunnot", "Bostadsrättsbostäder (asumisrätt)", "Right-of-occupancy homes"),
        alt=L(["asumisoikeus", "aso-asunto", "järjestysnumero", "asumisoikeusmaksu"], ["bostadsrätt", "köordningsnummer"], ["right of occupancy", "ASO flat", "queue number"]),
        summary=T("Asumisoikeusasuntoon tarvitset järjestysnumeron, jonka saat asumisoikeusyhtiöltä. Maksat asumisoikeusmaksun ja kuukausittaisen käyttövastikkeen.",
                  "För en asumisrättsbostad behöver du ett köordningsnummer som du får från bolaget. Du betalar en asumisrättsavgift och ett månatligt bruksvederlag.",
                  "For a right-of-occupancy home you need a queue number from the housing company. You pay an occupancy fee and a monthly charge."),
        description=T("Koivulassa on 320 asumisoikeusasuntoa. Asuntoja haetaan suoraan yhtiöltä, ja kaupunki valvoo asukasvalintaa.",
                      "I Björkby finns 320 asumisrättsbostäder. Bostäderna söks direkt från bolaget och staden övervakar valet av boende.",
                      "Koivula has 320 right-of-occupancy homes. Apply directly to the company; the city supervises the selection of residents."),
        charge="Chargeable", producers=[("Other", T("Asumisoikeusyhtiöt", "Bostadsrättsbolag", "Right-of-occupancy housing companies"))],
        keywords=L(["asunto", "asuminen", "vuokra"], ["bostad", "boende"], ["home", "housing"]),
        codes=["P1", "KR1"], popularity=90, channels=["p-asunnot"],
    ),
]
