"""Open data: public statistics and the catalogue under CC BY 4.0, counts below 5 suppressed and no
totals to subtract from; bad parameters answered in words; the API as the committed schema says."""

import csv
import datetime as dt
import io

import pytest

from luukku.core import clock
from luukku.insight import services

from .conftest import at, event

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 4, 15, 12, 0)


@pytest.fixture
def march(municipality, make_case):
    """Seven cases online and two by phone in March; one online in April (the running month)."""
    for n in range(7):
        make_case(day=dt.date(2026, 3, 2 + n), channel="online")
    for n in range(2):
        make_case(day=dt.date(2026, 3, 10 + n), channel="phone")
    make_case(day=dt.date(2026, 4, 2), channel="online")
    services.refresh()


def _get(client, url, headers=None, **params):
    with clock.frozen_at(TODAY):
        return client.get(url, params, headers=headers)


def test_statistics_as_json_with_the_licence_and_small_counts_suppressed(client, municipality, march, service):
    response = _get(client, f"/api/v1/{municipality.slug}/open-data/statistics/", **{"from": "2026-03"})
    assert response.status_code == 200
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    body = response.json()
    assert body["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert (body["first_month"], body["last_month"]) == ("2026-03", "2026-03")  # April is not complete
    assert "Counts below 5 are suppressed" in body["suppression"]
    rows = {(r["channel"], r["transaction"]): r for r in body["results"]}
    assert rows[("online", "case")]["count"] == 7
    assert rows[("phone", "case")]["count"] is None  # 2: suppressed
    assert rows[("online", "case")]["service_id"] == str(service.public_id)
    # No totals: no row sums others, so 2 cannot be got back as a total minus 7.
    assert set(rows) == {("online", "case"), ("phone", "case")} and body["count"] == 2


def test_statistics_as_csv(client, municipality, march):
    response = _get(client, f"/api/v1/{municipality.slug}/open-data/statistics.csv", **{"from": "2026-03"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "service_id", "service", "channel", "transaction", "count"]
    assert sorted((r[3], r[5]) for r in rows[1:]) == [("online", "7"), ("phone", "<5")]


def test_the_catalogue_as_json_and_csv(client, municipality, service, life_event):
    from ..factories import ServiceFactory

    ServiceFactory(municipality=municipality, slug="luonnos", status="Draft")  # not published: not shown
    body = _get(client, f"/api/v1/{municipality.slug}/open-data/services/").json()
    assert body["licence"]["name"] == "CC BY 4.0"
    assert [r["slug"] for r in body["results"]] == ["paivahoito"]
    assert body["results"][0]["life_events"] == ["KE5"] and body["results"][0]["sector"] == "Kasvatus"
    rows = list(csv.reader(io.StringIO(_get(client, f"/api/v1/{municipality.slug}/open-data/services.csv")
                                       .content.decode())))
    assert rows[1][:3] == [str(service.public_id), "paivahoito", "Päivähoito"]


def test_bad_parameters_are_answered_in_words(client, municipality, march):
    url = f"/api/v1/{municipality.slug}/open-data/statistics/"
    response = _get(client, url, **{"from": "maaliskuu"})  # no Accept-Language: the site's first language
    assert response.status_code == 400
    assert response.json() == {"from": ["Anna kuukausi muodossa VVVV-KK, esim. 2026-01."]}
    english = {"Accept-Language": "en"}
    response = _get(client, url, headers=english, **{"from": "maaliskuu"})
    assert response.json() == {"from": ["Give a month as YYYY-MM, e.g. 2026-01."]}
    response = _get(client, url, headers=english, **{"from": "2026-03", "to": "2025-01"})
    assert response.status_code == 400 and "after the last one (2025-01)" in response.json()["from"][0]
    assert _get(client, url, **{"from": "1900-01"}).status_code == 400  # over 60 months
    assert _get(client, url, limit="x").status_code == 400
    response = _get(client, url.replace("statistics/", "statistics.csv"), headers=english, to="13-2026")
    assert response.status_code == 400 and "Give a month as YYYY-MM" in response.content.decode()


def test_another_municipality_s_figures_are_not_in_its_statistics(client, municipality, other_municipality, march):
    event(other_municipality, "case.submitted", object_type="cases.case", object_id="z", when=at(dt.date(2026, 3, 3)),
          data={"channel": "mail"})
    services.refresh()
    body = _get(client, f"/api/v1/{other_municipality.slug}/open-data/statistics/").json()
    assert [(r["channel"], r["count"]) for r in body["results"]] == [("mail", None)]
    mine = _get(client, f"/api/v1/{municipality.slug}/open-data/statistics/").json()
    assert "mail" not in {r["channel"] for r in mine["results"]}


def test_the_page_names_the_licence_and_links_the_data(client, municipality, march):
    response = _get(client, f"/{municipality.slug}/en/avoin-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert f'href="/api/v1/{municipality.slug}/open-data/statistics.csv"' in html
    assert "&lt;5" in html and "Day care" in html
    # The preview says the channel and the transaction in words; the files keep the API's codes.
    preview = html[html.index('id="open-data-preview"'):]
    assert "<td>Online (self-service)</td><td>case submitted</td>" in preview
    assert "<td>online</td>" not in preview
    # Linked from every resident page's footer.
    assert f'href="/{municipality.slug}/en/avoin-data/"' in client.get(f"/{municipality.slug}/en/").content.decode()


def test_the_committed_schema_has_the_open_data_api_and_the_answers_conform(client, municipality, march):
    from pathlib import Path

    import yaml
    from django.core.management import call_command

    call_command("check_openapi")
    schema = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text())
    path = schema["paths"]["/api/v1/{municipality}/open-data/statistics/"]["get"]
    page = schema["components"]["schemas"][path["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                                           .rsplit("/", 1)[1]]
    body = _get(client, f"/api/v1/{municipality.slug}/open-data/statistics/").json()
    assert set(body) == set(page["properties"])
    row = schema["components"]["schemas"]["StatisticsRow"]
    assert set(body["results"][0]) == set(row["properties"])
