"""Legal bases quoted by demo services: real Finnish acts with their Finlex addresses."""

from . import T


def _law(fi, sv, en, year, number):
    path = f"laki/ajantasa/{year}/{year}{number:04d}"
    return {
        "name": T(f"{fi} ({number}/{year})", f"{sv} ({number}/{year})", f"{en} ({number}/{year})"),
        "url": {"fi": f"https://www.finlex.fi/fi/{path}", "sv": f"https://www.finlex.fi/sv/{path}"},
    }


LAWS = {
    "varhaiskasvatuslaki": _law("Varhaiskasvatuslaki", "Lag om småbarnspedagogik", "Early Childhood Education and Care Act", 2018, 540),
    "vaka_maksut": _law("Laki varhaiskasvatuksen asiakasmaksuista", "Lag om klientavgifter inom småbarnspedagogiken", "Act on Client Fees in Early Childhood Education and Care", 2016, 1503),
    "perusopetuslaki": _law("Perusopetuslaki", "Lag om grundläggande utbildning", "Basic Education Act", 1998, 628),
    "lukiolaki": _law("Lukiolaki", "Gymnasielag", "General Upper Secondary Education Act", 2018, 714),
    "vapaa_sivistystyo": _law("Laki vapaasta sivistystyöstä", "Lag om fritt bildningsarbete", "Act on Liberal Adult Education", 1998, 632),
    "taiteen_perusopetus": _law("Laki taiteen perusopetuksesta", "Lag om grundläggande konstundervisning", "Basic Education in the Arts Act", 1998, 633),
    "kirjastolaki": _law("Laki yleisistä kirjastoista", "Lag om allmänna bibliotek", "Public Libraries Act", 2016, 1492),
    "kulttuuritoiminta": _law("Laki kuntien kulttuuritoiminnasta", "Lag om kommunernas kulturverksamhet", "Act on Cultural Activities in Local Government", 2019, 166),
    "liikuntalaki": _law("Liikuntalaki", "Idrottslag", "Sports Act", 2015, 390),
    "nuorisolaki": _law("Nuorisolaki", "Ungdomslag", "Youth Act", 2016, 1285),
    "rakentamislaki": _law("Rakentamislaki", "Bygglag", "Building Act", 2023, 751),
    "alueidenkayttolaki": _law("Alueidenkäyttölaki", "Områdesanvändningslag", "Land Use Act", 1999, 132),
    "katujen_kunnossapito": _law("Laki katujen ja eräiden yleisten alueiden kunnossa- ja puhtaanapidosta", "Lag om underhåll och renhållning av gator och vissa allmänna områden", "Act on the Maintenance and Cleaning of Streets and Certain Public Areas", 1978, 547),
    "vesihuoltolaki": _law("Vesihuoltolaki", "Lag om vattentjänster", "Water Services Act", 2001, 119),
    "jatelaki": _law("Jätelaki", "Avfallslag", "Waste Act", 2011, 646),
    "ympäristönsuojelulaki": _law("Ympäristönsuojelulaki", "Miljöskyddslag", "Environmental Protection Act", 2014, 527),
    "maa_aineslaki": _law("Maa-aineslaki", "Marktäktslag", "Land Extraction Act", 1981, 555),
    "luonnonsuojelulaki": _law("Luonnonsuojelulaki", "Naturvårdslag", "Nature Conservation Act", 2023, 9),
    "vesilaki": _law("Vesilaki", "Vattenlag", "Water Act", 2011, 587),
    "jarjestyslaki": _law("Järjestyslaki", "Ordningslag", "Public Order Act", 2003, 612),
    "kokoontumislaki": _law("Kokoontumislaki", "Församlingslag", "Assembly Act", 1999, 530),
    "hankintalaki": _law("Laki julkisista hankinnoista ja käyttöoikeussopimuksista", "Lag om offentlig upphandling och koncession", "Act on Public Procurement and Concession Contracts", 2016, 1397),
    "tyovoimapalvelut": _law("Laki työvoimapalvelujen järjestämisestä", "Lag om ordnande av arbetskraftsservice", "Act on the Organisation of Employment Services", 2023, 380),
    "tieliikennelaki": _law("Tieliikennelaki", "Vägtrafiklag", "Road Traffic Act", 2018, 729),
    "pysakointivalvonta": _law("Laki pysäköinninvalvonnasta", "Lag om parkeringsövervakning", "Act on Parking Control", 2011, 727),
    "korjausavustukset": _law("Laki asuntojen korjaus-, energia- ja terveyshaitta-avustuksista", "Lag om understöd för reparation av bostäder, energiunderstöd och understöd för sanering av sanitära olägenheter", "Act on Grants for Repairs, Energy and Health Hazards in Housing", 2016, 1087),
    "asukasvalinta": _law("Valtioneuvoston asetus vuokra-asuntojen asukasvalinnasta", "Statsrådets förordning om val av hyresgäster", "Government Decree on the Selection of Tenants", 2008, 166),
    "kuntalaki": _law("Kuntalaki", "Kommunallag", "Local Government Act", 2015, 410),
}
