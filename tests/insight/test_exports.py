"""CSV and XLSX of the dashboard: what is shown, read back; no person's name or identity code."""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest

from luukku.core import clock
from luukku.insight import services

from .conftest import at, event
from .helpers import dashboard_url

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 4, 15, 12, 0)
QUERY = "start=1.3.2026&end=31.3.2026"


@pytest.fixture
def shown(municipality, make_case, person):
    for day, channel in ((2, "online"), (3, "online"), (4, "online"), (5, "phone")):
        case = make_case(day=dt.date(2026, 3, day), channel=channel)
    event(municipality, "case.status_changed", case, when=at(dt.date(2026, 3, 9)),
          data={"from": "in_handling", "to": "decided"})
    services.refresh()
    return person


def _download(client, user, municipality, name, query=QUERY):
    client.force_login(user)
    with clock.frozen_at(TODAY):
        return client.get(dashboard_url(municipality, query, path=name))


def test_csv_has_the_sections_of_the_view_with_the_figures_shown(client, municipality, manager, shown):
    response = _download(client, manager, municipality, "raportti.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="luukku-esimerkki-demand-20260301-20260331.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Time period", "1.3.2026–31.3.2026"] in rows and ["View", "Demand and channels"] in rows
    start = rows.index(["Channel mix and digital share"])
    assert rows[start + 1] == ["Month", "Online (self-service)", "Phone", "Total", "Digital share (%)"]
    assert rows[start + 2] == ["3/2026", "3", "1", "4", "75.0"]
    assert rows[rows.index(["Demand by service"]) + 2] == ["Day care", "4"]
    assert ["Satisfaction"] not in rows and ["Processing times against the service-level targets"] not in rows
    feedback = _download(client, manager, municipality, "raportti.csv", f"{QUERY}&view=feedback")
    rows = list(csv.reader(io.StringIO(feedback.content.decode("utf-8-sig"))))
    assert rows[rows.index(["Satisfaction"]) + 2] == ["No data for this period."]
    assert ["Feedback by theme"] in rows and ["Demand by service"] not in rows
    text = response.content.decode("utf-8-sig")
    assert shown.last_name not in text and shown.first_names not in text and shown.hetu not in text


def _sheets(content: bytes) -> dict[str, list[list[str]]]:
    """{sheet name: rows of cell texts} of an XLSX, read with zipfile and the XML as text."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml")
                                                             .decode(), re.S)]
    names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
    out = {}
    for n, name in enumerate(names, start=1):
        xml = book.read(f"xl/worksheets/sheet{n}.xml").decode()
        rows = []
        for row in re.findall(r"<row [^>]*>(.*?)</row>", xml, re.S):
            cells = []
            for attrs, value in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, re.S):
                v = re.search(r"<v>(.*?)</v>", value or "")
                text = "" if v is None else v[1]
                cells.append(strings[int(text)] if 't="s"' in attrs else text)
            rows.append(cells)
        out[name] = rows
    return out


def test_xlsx_has_a_sheet_per_section_of_the_view_with_numbers_as_numbers(client, municipality, manager, shown):
    response = _download(client, manager, municipality, "raportti.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheets = _sheets(response.content)
    assert list(sheets)[0] == "Info"
    assert list(sheets)[1:] == ["Demand by service", "Demand by sector", "Demand by life event",
                                "Channel mix and digital share"[:28]]
    channels = sheets["Channel mix and digital share"[:28]]  # a sheet's name has at most 31 characters
    assert channels[1] == ["Month", "Online (self-service)", "Phone", "Total", "Digital share (%)"]
    assert channels[2] == ["3/2026", "3", "1", "4", "75"]
    everything = str(sheets)
    sheets = _sheets(_download(client, manager, municipality, "raportti.xlsx", f"{QUERY}&view=processing").content)
    assert list(sheets)[1:] == ["Processing times against the", "Backlog and overdue cases no"]
    assert sheets["Processing times against the"][2][:2] == ["Day care", "1"]
    assert shown.last_name not in everything and shown.hetu not in everything


def test_a_name_that_looks_like_a_formula_stays_text(client, municipality, manager, shown, service):
    service.name = {"fi": "=HYPERLINK(\"http://x\")", "en": "=HYPERLINK(\"http://x\")"}
    service.save()
    text = _download(client, manager, municipality, "raportti.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    content = _download(client, manager, municipality, "raportti.xlsx").content
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet2.xml")


def test_exports_are_for_managers_only(client, municipality, shown, unit):
    from luukku.core.models import Role

    from ..factories import MembershipFactory, UserFactory

    handler = UserFactory(username="kasittelija")
    MembershipFactory(municipality=municipality, user=handler, unit=unit, role=Role.CASE_HANDLER)
    assert _download(client, handler, municipality, "raportti.csv").status_code == 403
    client.logout()
    assert client.get(dashboard_url(municipality, QUERY, path="raportti.xlsx")).status_code == 302  # the login
