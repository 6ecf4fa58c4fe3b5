"""YSO alternative labels from Finto as a thesaurus: a real local server that speaks Skosmos's REST API,
labels stored and searched, 5xx retried then reported, malformed answers reported per concept, nothing
half-written, the command, the task after a PTV import and the periodic job."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from luukku.catalogue.models import OntologyConcept, Service
from luukku.catalogue.search import search
from luukku.catalogue.tasks import refresh_thesaurus as refresh_task
from luukku.catalogue.thesaurus import ThesaurusError, parse_concept, refresh_thesaurus
from luukku.core import clock
from luukku.core.scheduler import tick

from ..factories import ServiceFactory
from ..notify.servers import LocalServer

pytestmark = pytest.mark.django_db

YSO = "http://www.yso.fi/onto/yso/"
OLDER = YSO + "p2433"  # ikääntyneet
POOLS = YSO + "p9415"  # uimahallit
LIBRARIES = YSO + "p2787"  # kirjastot
CONCEPTS = {
    OLDER: ({"fi": "ikääntyneet", "sv": "äldre", "en": "older people", "se": "boarrásat"},
            {"fi": ["vanhukset", "iäkkäät", "ikäihmiset"], "sv": ["åldringar"], "en": ["elderly"]},
            {"fi": ["vanhat ihmiset"]}),
    POOLS: ({"fi": "uimahallit", "sv": "simhallar", "en": "indoor swimming pools"}, {"fi": ["uimalat"]}, {}),
    LIBRARIES: ({"fi": "kirjastot", "sv": "bibliotek", "en": "libraries"}, {}, {}),
}
FIXTURES = Path(__file__).parent / "fixtures" / "ptv"
FAST = {"backoff": 0.01}


def labels(by_language):
    return [{"lang": lang, "value": v} for lang, values in by_language.items()
            for v in (values if isinstance(values, list) else [values])]


class Finto(LocalServer):
    """GET /rest/v1/yso/data?uri=…&format=application/ld+json as Skosmos answers it: JSON-LD with the
    concept and its broader concept in "graph"; a label alone is an object, several a list.
    `fail_first` {uri: n}: n answers 503 first; `broken`: not JSON; `always_down`: 500 every time."""

    def __init__(self, concepts=CONCEPTS, *, fail_first=None, broken=(), always_down=()):
        super().__init__()
        self.concepts, self.fail_first = dict(concepts), dict(fail_first or {})
        self.broken, self.always_down = set(broken), set(always_down)

    def data_requests(self, uri):
        return [r for r in self.requests if parse_qs(urlsplit(r).query).get("uri") == [uri]]

    def handle(self, method, path, headers, raw):
        with self.lock:
            self.requests.append(path)
            url = urlsplit(path)
            query = parse_qs(url.query)
            if url.path != "/rest/v1/yso/data" or query.get("format") != ["application/ld+json"]:
                return 404, {"error": "not found"}
            uri = query.get("uri", [""])[0]
            if uri in self.always_down:
                return 500, {"error": "down"}
            if self.fail_first.get(uri, 0) > 0:
                self.fail_first[uri] -= 1
                return 503, {"error": "busy"}
            if uri in self.broken:
                return 200, b'{"@context": {"skos": "http://www.w3.org/2004/02/skos/core#"}, "graph": [{"uri'
            if uri not in self.concepts:
                return 404, {"error": "no such concept"}
            preferred, alternative, hidden = self.concepts[uri]
            node = {"uri": uri, "type": "skos:Concept", "prefLabel": labels(preferred),
                    "broader": {"uri": YSO + "p1"}}
            alt = labels(alternative)
            if alt:
                node["altLabel"] = alt[0] if len(alt) == 1 else alt
            if hidden:
                node["hiddenLabel"] = labels(hidden)
            broader = {"uri": YSO + "p1", "type": "skos:Concept", "prefLabel": {"lang": "fi", "value": "ihmiset"},
                       "altLabel": {"lang": "fi", "value": "väki"}}
            return 200, {"@context": {"skos": "http://www.w3.org/2004/02/skos/core#", "uri": "@id",
                                      "lang": "@language", "value": "@value", "graph": "@graph",
                                      "prefLabel": "skos:prefLabel", "altLabel": "skos:altLabel"},
                         "graph": [broader, node]}


@pytest.fixture
def finto():
    with Finto() as server:
        yield server


def term(uri, fi):
    return {"uri": uri, "code": uri.rsplit("/", 1)[-1], "name": {"fi": fi}}


@pytest.fixture
def catalogue(municipality):
    ServiceFactory(municipality=municipality, slug="kotihoito", name={"fi": "Kotihoito", "en": "Home care"},
                   ontology_terms=[term(OLDER, "ikääntyneet")])
    ServiceFactory(municipality=municipality, slug="uimahalli", name={"fi": "Uimahalli"},
                   ontology_terms=[term(POOLS, "uimahallit")])
    ServiceFactory(municipality=municipality, slug="kirjasto", name={"fi": "Kirjasto"},
                   ontology_terms=[term(LIBRARIES, "kirjastot"), term(OLDER, "ikääntyneet")])
    return municipality


def slugs(response):
    return [hit.service.slug for hit in response.results]


def test_alternative_labels_are_stored_and_find_the_service(catalogue, finto):
    assert "kotihoito" not in slugs(search(catalogue, "iäkkäät", "fi"))
    assert "kotihoito" not in slugs(search(catalogue, "elderly", "en"))

    report = refresh_thesaurus(f"{finto.url}/rest/v1/", **FAST)

    assert sorted(report.fetched) == sorted(CONCEPTS) and report.failed == [] and report.reindexed == ["esimerkki"]
    older = OntologyConcept.objects.get(uri=OLDER)
    # Content languages only (no Sami); hidden labels count as alternative ones; the broader concept's
    # labels in the same answer are not this concept's.
    assert older.labels == {"fi": ["ikääntyneet"], "sv": ["äldre"], "en": ["older people"]}
    assert older.alternative_labels == {"fi": ["vanhukset", "iäkkäät", "ikäihmiset", "vanhat ihmiset"],
                                        "sv": ["åldringar"], "en": ["elderly"]}
    assert OntologyConcept.objects.get(uri=POOLS).alternative_labels == {"fi": ["uimalat"]}  # one label: an object
    assert finto.data_requests(OLDER) == [
        "/rest/v1/yso/data?uri=http%3A%2F%2Fwww.yso.fi%2Fonto%2Fyso%2Fp2433&format=application%2Fld%2Bjson"]

    # The resident's words now find the service whose ontology term has them as alternative labels.
    assert sorted(slugs(search(catalogue, "iäkkäät", "fi"))) == ["kirjasto", "kotihoito"]
    assert sorted(slugs(search(catalogue, "iäkkäille", "fi"))) == ["kirjasto", "kotihoito"]
    assert sorted(slugs(search(catalogue, "elderly", "en"))) == ["kirjasto", "kotihoito"]
    assert sorted(slugs(search(catalogue, "åldringar", "sv"))) == ["kirjasto", "kotihoito"]
    # …but never above a service that has the word in its own name.
    ServiceFactory(municipality=catalogue, slug="iakkaat", name={"fi": "Iäkkäät kotona"})
    assert slugs(search(catalogue, "iäkkäät", "fi"))[0] == "iakkaat"

    # Fetched recently: not asked again; when old, asked again and found unchanged (no reindex).
    finto.requests.clear()
    again = refresh_thesaurus(f"{finto.url}/rest/v1/", **FAST)
    assert (again.fresh, again.fetched, finto.requests) == (3, [], [])
    again = refresh_thesaurus(f"{finto.url}/rest/v1/", max_age_days=0, **FAST)
    assert sorted(again.unchanged) == sorted(CONCEPTS) and again.reindexed == []


def test_server_errors_are_retried_then_reported_and_the_rest_is_stored(catalogue):
    with Finto(fail_first={POOLS: 2}, always_down={OLDER}) as finto:
        report = refresh_thesaurus(finto.url + "/rest/v1", **FAST)
        assert len(finto.data_requests(POOLS)) == 3  # two 503s, then the answer
        assert len(finto.data_requests(OLDER)) == 3  # the first try and two retries: then reported
    assert sorted(report.fetched) == sorted([POOLS, LIBRARIES])
    [(uri, reason)] = report.failed
    assert uri == OLDER and "HTTP 500" in reason
    assert not OntologyConcept.objects.filter(uri=OLDER).exists()
    assert report.reindexed == ["esimerkki"]  # the concepts that came are searched at once
    assert slugs(search(catalogue, "uimalat", "fi")) == ["uimahalli"]


def test_a_malformed_answer_is_reported_for_that_concept_and_its_old_labels_stay(catalogue, finto):
    refresh_thesaurus(finto.url + "/rest/v1/", **FAST)
    before = OntologyConcept.objects.get(uri=OLDER)
    finto.broken.add(OLDER)
    finto.concepts[POOLS] = ({"fi": "uimahallit"}, {"fi": ["uimalat", "sisäuimalat"]}, {})

    report = refresh_thesaurus(finto.url + "/rest/v1/", max_age_days=0, **FAST)

    [(uri, reason)] = report.failed
    assert uri == OLDER and "not JSON" in reason
    after = OntologyConcept.objects.get(uri=OLDER)
    assert (after.labels, after.alternative_labels, after.fetched_at) == (
        before.labels, before.alternative_labels, before.fetched_at)
    assert report.fetched == [POOLS] and "kotihoito" in slugs(search(catalogue, "iäkkäät", "fi"))
    assert OntologyConcept.objects.get(uri=POOLS).alternative_labels == {"fi": ["uimalat", "sisäuimalat"]}


@pytest.mark.parametrize("document, problem", [
    ([], "not a JSON-LD object"),
    ({"graph": [{"uri": YSO + "p1", "prefLabel": {"lang": "fi", "value": "ihmiset"}}]}, "does not describe"),
    ({"graph": [{"uri": OLDER, "prefLabel": {"lang": "se", "value": "boarrásat"}}]}, "no preferred label"),
    ({"graph": {"uri": OLDER, "prefLabel": "ikääntyneet"}}, "no preferred label"),  # no language anywhere
])
def test_documents_that_do_not_describe_the_concept_are_refused(document, problem):
    with pytest.raises(ThesaurusError, match=problem):
        parse_concept(document, OLDER, ["fi", "sv", "en"])


def test_label_shapes_of_the_label_endpoint_and_expanded_json_ld_are_read():
    # /label answers plain strings with the language in the context; expanded JSON-LD uses @id/@value.
    assert parse_concept({"@context": {"@language": "fi"}, "uri": OLDER, "prefLabel": "ikääntyneet",
                          "altLabel": ["vanhukset", "  seniorit \n"]}, OLDER, ["fi"]) == (
        {"fi": ["ikääntyneet"]}, {"fi": ["vanhukset", "seniorit"]})
    assert parse_concept({"@graph": [{"@id": OLDER, "prefLabel": [{"@language": "sv", "@value": "äldre"}],
                                      "altLabel": [{"@language": "sv", "@value": "äldre"}]}]}, OLDER, ["sv"]) == (
        {"sv": ["äldre"]}, {})


def test_command_reports_failures_and_refuses_bad_input(catalogue):
    with translation.override("en"):
        with Finto(always_down={LIBRARIES}) as finto:
            out = StringIO()
            call_command("refresh_thesaurus", "--url", finto.url + "/rest/v1/", "--municipality", "esimerkki",
                         stdout=out)
        text = out.getvalue()
        assert "2 new or changed" in text and "1 failed" in text and f"Failed: {LIBRARIES}: HTTP 500" in text
        assert "Search index rebuilt: esimerkki" in text
        with pytest.raises(CommandError, match="No municipality"):
            call_command("refresh_thesaurus", "--url", "http://127.0.0.1:9/", "--municipality", "nowhere")
        with pytest.raises(CommandError, match="No Finto address"):
            call_command("refresh_thesaurus")  # LUUKKU_FINTO_URL is empty in the tests
        with pytest.raises(CommandError, match="No concept could be fetched"):
            call_command("refresh_thesaurus", "--url", "file:///etc/passwd", "--max-age-days", "0", stdout=StringIO())


def test_a_ptv_import_asks_for_its_concepts_in_a_task(municipality, finto, settings,
                                                      django_capture_on_commit_callbacks):
    from luukku.catalogue.ptv.importer import import_ptv

    settings.LUUKKU_FINTO_URL = finto.url + "/rest/v1/"
    with django_capture_on_commit_callbacks(execute=True):
        import_ptv(municipality, [json.loads((FIXTURES / "services_page1.json").read_text(encoding="utf-8"))])
    [queued] = DBTaskResult.objects.filter(task_path="luukku.catalogue.tasks.refresh_thesaurus")
    assert queued.args_kwargs["kwargs"] == {"municipality_id": municipality.pk}
    finto.concepts.update({uri: ({"fi": "käsite"}, {"fi": ["synonyymi"]}, {})
                           for uri in {t["uri"] for s in Service.all_objects.all() for t in s.ontology_terms}})
    result = refresh_task.call(municipality_id=municipality.pk)
    assert result["failed"] == [] and result["fetched"] == len(finto.concepts) - len(CONCEPTS) > 0


def test_the_periodic_job_refreshes_stale_concepts_and_is_off_without_an_address(catalogue, finto, settings):
    assert tick(names=["catalogue.thesaurus_refresh"]) == ["catalogue.thesaurus_refresh"]
    assert finto.requests == [] and not OntologyConcept.objects.exists()  # LUUKKU_FINTO_URL empty: off
    settings.LUUKKU_FINTO_URL = finto.url + "/rest/v1/"
    later = clock.now() + dt.timedelta(days=2)
    assert tick(names=["catalogue.thesaurus_refresh"], now=later) == ["catalogue.thesaurus_refresh"]
    assert OntologyConcept.objects.count() == 3


def test_the_demos_copy_of_yso_names_only_demo_services_and_known_concepts():
    from luukku.demo.data.ontology import CONCEPTS, SERVICE_CONCEPTS, YSO, ontology_terms
    from luukku.demo.data.services import SERVICES

    assert set(SERVICE_CONCEPTS) <= {service["slug"] for service in SERVICES}
    assert {YSO + code for codes in SERVICE_CONCEPTS.values() for code in codes} <= set(CONCEPTS)
    assert all(set(c["labels"]) == {"fi", "sv", "en"} for c in CONCEPTS.values())
    assert ontology_terms("uimahalli")[0] == {"uri": YSO + "p9415", "code": "p9415", "name": {
        "fi": "uimahallit", "sv": "simhallar", "en": "indoor swimming pools"}}
