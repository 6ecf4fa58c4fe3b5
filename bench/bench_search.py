"""Search speed over 10 000 generated services on PostgreSQL (a benchmark, not a CI test).

    python bench/bench_search.py [--services 10000] [--queries 500]

Creates (drops and recreates) a scratch database, migrates it, generates services with realistic
Finnish (and some Swedish/English) names and descriptions and YSO ontology terms (with the concepts'
alternative labels where the code has catalogue.OntologyConcept), indexes them and times `search()` and
the API's answer to a search (`/services/?q=`, and `/search/?q=` where it exists) against a baseline: a raw
single-row primary-key query through the same connection. Target: search p95 <= 20 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import recreate_postgres  # noqa: E402
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luukku_bench")
os.environ.setdefault("LUUKKU_VAR_DIR", "/tmp/luukku_bench")

FIRST = ["Koulu", "Päiväkoti", "Kirjasto", "Vene", "Rakennus", "Liikunta", "Jäte", "Vesi", "Terveys", "Sosiaali",
         "Nuoriso", "Kulttuuri", "Asukas", "Pysäköinti", "Katu", "Puisto", "Ympäristö", "Vanhus", "Perhe", "Lapsi",
         "Koira", "Kala", "Metsä", "Tontti", "Asunto", "Työ", "Yritys", "Matkailu", "Musiikki", "Taide", "Uimahalli",
         "Kuntosali", "Hammas", "Neuvola", "Kotihoito", "Vammais", "Maahanmuutto", "Opisto", "Ruoka", "Energia"]
SECOND = ["palvelu", "neuvonta", "lupa", "hakemus", "maksu", "tuki", "kuljetus", "paikka", "valvonta", "ilmoitus",
          "kortti", "kurssi", "avustus", "vuokraus", "tarkastus", "hoito", "ryhmä", "kerho", "toiminta", "rekisteri"]
AREAS = ["Keskustan", "Pohjoisen", "Etelän", "Itäisen", "Läntisen", "Kirkonkylän", "Rannan", "Mäen", "Harjun",
         "Koivulan", "Saaren", "Niemen", "Laakson", "Kankaan", "Kylän", "Aseman", "Torin", "Puistolan", "Vaaran",
         "Lammin", "Järven", "Joen", "Kummun", "Metsälän", "Peltolan"]
SENTENCES = [
    "Palvelua haetaan sähköisellä lomakkeella tai käymällä asiointipisteessä.",
    "Hakemus käsitellään kahden viikon kuluessa ja päätös lähetetään postitse.",
    "Palvelu on tarkoitettu kunnan asukkaille ja kesäasukkaille.",
    "Maksu määräytyy kunnan vahvistaman hinnaston mukaan.",
    "Lisätietoja saat neuvonnasta arkisin puhelimitse.",
    "Ota mukaan henkilöllisyystodistus ja tarvittavat liitteet.",
    "Lapsiperheet, ikääntyneet ja opiskelijat saavat alennusta.",
    "Palvelupisteet ovat esteettömiä ja niissä on induktiosilmukka.",
    "Kesäaikana aukioloajat voivat poiketa tavallisesta.",
    "Ilmoita muutoksista viipymättä, jotta tiedot pysyvät ajan tasalla.",
    "Voit varata ajan verkossa tai soittamalla.",
    "Kunta tekee yhteistyötä naapurikuntien ja järjestöjen kanssa.",
]
SV = {"palvelu": "tjänst", "lupa": "tillstånd", "maksu": "avgift", "tuki": "stöd", "paikka": "plats"}
QUERIES_FI = ["kirjastoon", "päiväkotipaikan", "venepaikat", "rakennusluvan", "uimahallin", "koulukuljetuksen",
              "jätemaksu", "pysäköintiluvan", "kotihoidon", "neuvolaan", "hammashoito", "liikuntapaikat",
              "asuntojen vuokraus", "yrityksen neuvonta", "koiran rekisteröinti", "kalastusluvat", "metsän hoito",
              "musiikkikurssit", "taidekerho", "terveyspalvelut", "vanhuspalvelu", "perhetuki", "nuorisotoiminta",
              "tontin vuokraus", "energia-avustus", "ruokapalvelut", "opiston kurssit", "maahanmuuttajien neuvonta",
              "kirjastokortti", "kuntosalikortti", "vesimaksu", "katujen valvonta", "puiston hoito", "kulttuuri",
              "keskustan kirjasto", "koivulan päiväkoti", "rannan venepaikka", "työllisyys", "matkailuneuvonta",
              "kirjsto", "päiväkoit", "venepaika", "rakenuslupa"]
# YSO-like concepts: (preferred label, alternative labels); every third service gets one or two.
CONCEPTS = [("ikääntyneet", ["vanhukset", "iäkkäät", "seniorit"]), ("kirjastot", ["kirjastolaitos"]),
            ("uimahallit", ["uimalat", "sisäuimalat"]), ("päiväkodit", ["lastentarhat", "tarhat"]),
            ("nuoret", ["nuoriso"]), ("rakentaminen", ["rakennustoiminta"]), ("asuminen", ["asuntoasiat"]),
            ("kuntosalit", ["kuntokeskukset"]), ("jätehuolto", ["jätteenkäsittely", "jätealan palvelut"]),
            ("yrittäjyys", ["yritystoiminta"]), ("liikunta", ["kuntoilu"]), ("musiikki", ["sävelmät"])]
QUERIES_THESAURUS = ["iäkkäille", "lastentarhat", "uimalat", "kuntokeskus", "jätteenkäsittely"]
QUERIES_OTHER = [("bibliotek", "sv"), ("båtplats", "sv"), ("stöd för familjer", "sv"), ("library", "en"),
                 ("boat mooring", "en"), ("building permit", "en"), ("avaruusalus", "fi"), ("kryptovaluutta", "fi")]


def generate(municipality, count, rng):
    from luukku.catalogue.models import Code, CodeKind, Service

    events = [Code.objects.get_or_create(kind=CodeKind.LIFE_EVENT, code=f"KE{i}", defaults={"name": name})[0]
              for i, name in enumerate([{"fi": "Muutto kuntaan", "en": "Moving to the municipality"},
                                        {"fi": "Lapsen syntymä"}, {"fi": "Asuminen"}, {"fi": "Työttömyys"},
                                        {"fi": "Eläkkeelle siirtyminen"}, {"fi": "Yrityksen perustaminen"}])]
    try:
        from luukku.catalogue.models import OntologyConcept
    except ImportError:  # code before the thesaurus: the terms' preferred labels only
        OntologyConcept = None
    uris = [f"http://www.yso.fi/onto/yso/p9{i:04d}" for i in range(len(CONCEPTS))]
    if OntologyConcept is not None:
        OntologyConcept.objects.bulk_create([
            OntologyConcept(uri=uri, labels={"fi": [label]}, alternative_labels={"fi": alt})
            for uri, (label, alt) in zip(uris, CONCEPTS)])
    services, seen = [], set()
    while len(services) < count:
        first, second, area = rng.choice(FIRST), rng.choice(SECOND), rng.choice(AREAS)
        name = f"{area} {first.lower()}{second}".capitalize() if rng.random() < 0.7 else f"{first}{second}"
        number = len(services)
        slug = f"palvelu-{number}"
        if name in seen:
            name = f"{name} {number}"
        seen.add(name)
        names = {"fi": name}
        if rng.random() < 0.3:
            names["sv"] = f"{first} {SV.get(second, second)}"
        if rng.random() < 0.3:
            names["en"] = f"{first} service"
        services.append(Service(
            municipality=municipality, slug=slug, name=names,
            alternative_names={"fi": [f"{first.lower()}{rng.choice(SECOND)}"]} if rng.random() < 0.3 else {},
            keywords={"fi": rng.sample(SECOND, 2)},
            summary={"fi": rng.choice(SENTENCES)},
            description={"fi": " ".join(rng.sample(SENTENCES, 5)) + f" {first}{second} {area.lower()} alueella."},
            user_instructions={"fi": rng.choice(SENTENCES)},
            popularity=rng.randint(0, 1000),
            ontology_terms=[{"uri": uris[i], "code": "", "name": {"fi": CONCEPTS[i][0]}}
                            for i in rng.sample(range(len(CONCEPTS)), rng.randint(1, 2))] if rng.random() < 0.33 else [],
        ))
    Service.all_objects.bulk_create(services, batch_size=1000)
    through = Service.codes.through
    rows = [through(service_id=s.pk, code_id=rng.choice(events).pk) for s in services if rng.random() < 0.5]
    through.objects.bulk_create(rows, batch_size=5000)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from luukku.catalogue.search import reindex_municipality, search
    from luukku.catalogue.search.analyzers import active_finnish_analyzer
    from luukku.core.models import Municipality

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")
    recreate_postgres(os.environ["DATABASE_URL"])
    connection.close()
    call_command("migrate", verbosity=0)
    rng = random.Random(2024)
    municipality = Municipality.objects.create(slug="bench", code="990", name={"fi": "Penkkilä"},
                                               languages=["fi", "sv", "en"])
    started = time.perf_counter()
    generate(municipality, args.services, rng)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rows = reindex_municipality(municipality)
    indexed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    queries = [(q, "fi") for q in QUERIES_FI + QUERIES_THESAURUS] + QUERIES_OTHER
    mixed = [rng.choice(queries) for _ in range(args.queries)]
    started = time.perf_counter()
    first = search(municipality, mixed[0][0], mixed[0][1])  # builds the vocabulary (cold)
    cold = time.perf_counter() - started
    timings, found = [], 0
    for query, language in mixed:
        t0 = time.perf_counter()
        response = search(municipality, query, language)
        timings.append((time.perf_counter() - t0) * 1000)
        found += bool(response.results)
    api = {}
    from django.test import Client

    client = Client()
    for path in ("services", "search"):
        if client.get(f"/api/v1/bench/{path}/", {"q": "kirjasto"}).status_code != 200:
            continue  # /search/ is not in this version
        api[path] = []
        for query, language in mixed:
            t0 = time.perf_counter()
            response = client.get(f"/api/v1/bench/{path}/", {"q": query, "lang": language})
            api[path].append((time.perf_counter() - t0) * 1000)
            assert response.status_code in (200, 400), (query, response.status_code)
    baseline = []
    with connection.cursor() as cursor:
        for _ in range(args.queries):
            t0 = time.perf_counter()
            cursor.execute("SELECT id, slug FROM core_municipality WHERE id = %s", [municipality.pk])
            cursor.fetchone()
            baseline.append((time.perf_counter() - t0) * 1000)

    p50, p95 = statistics.median(timings), percentile(timings, 95)
    b50, b95 = statistics.median(baseline), percentile(baseline, 95)
    print(f"analyzer: {active_finnish_analyzer()} (first result: {first.results[0].service if first.results else '-'})")
    print(f"services: {args.services}, index rows: {rows}, generate {generated:.1f} s, index {indexed:.1f} s")
    print(f"first search (builds the cached vocabulary): {cold * 1000:.0f} ms")
    print(f"search   ({len(mixed)} queries, {found} with results): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    for path, values in api.items():
        print(f"API /{path}/?q= ({len(values)} requests): p50 {statistics.median(values):.2f} ms, "
              f"p95 {percentile(values, 95):.2f} ms")
    print(f"baseline (primary-key query):            p50 {b50:.3f} ms, p95 {b95:.3f} ms")
    print(f"ratio search/baseline: p50 {p50 / b50:.0f}x, p95 {p95 / b95:.0f}x")
    print("target p95 <= 20 ms (search):", "MET" if p95 <= 20 else "NOT MET")
    for path, values in api.items():
        print(f"target p95 <= 20 ms (API /{path}/):", "MET" if percentile(values, 95) <= 20 else "NOT MET")


if __name__ == "__main__":
    main()
