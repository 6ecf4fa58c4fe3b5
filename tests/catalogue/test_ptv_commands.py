"""`luukku import-ptv` / `export-ptv`: files, a real local HTTP server for --url, exit status."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from django.utils import translation

from luukku.catalogue.models import Channel, Service
from luukku.catalogue.ptv.importer import import_ptv
from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.core.scheduler import tick

FIXTURES = Path(__file__).parent / "fixtures" / "ptv"

pytestmark = pytest.mark.django_db


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def ptv_server():
    """A PTV Open API v11 stand-in serving the fixtures: page 1 full services, page 2 a page of ids."""
    services = {s["id"]: s for s in load("services_page1.json")["itemList"] + load("services_page2.json")["itemList"]}
    services[load("service_single.json")["id"]] = load("service_single.json")
    channels = {c["id"]: c for c in load("channels.json")}
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            requests.append(self.path)
            if url.path == "/api/v11/Service" and query.get("page") == ["1"]:
                body = load("services_page1.json")
            elif url.path == "/api/v11/Service" and query.get("page") == ["2"]:
                body = load("guid_page2.json")
            elif url.path == "/api/v11/Service/list/organization" and query.get("page") == ["1"]:
                # The organisation's services, and one item PTV should never give: a bad code-list value.
                bad = {**load("service_single.json"), "id": "0bad0000-0000-4000-8000-000000000001",
                       "serviceChargeType": "Sometimes"}
                body = {"pageNumber": 1, "pageSize": 100, "pageCount": 1,
                        "itemList": [*load("services_page1.json")["itemList"], bad]}
            elif url.path == "/api/v11/Service/list":
                body = [services[i] for i in query["guids"][0].split(",")]
            elif url.path == "/api/v11/ServiceChannel/list":
                body = [channels[i] for i in query["guids"][0].split(",") if i in channels]
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_import_from_url_follows_pages_and_fetches_channels(municipality, ptv_server):
    base, requests = ptv_server
    out = StringIO()
    call_command("import_ptv", "--municipality", municipality.slug, "--url", base, stdout=out)

    assert "/api/v11/Service?page=1" in requests and "/api/v11/Service?page=2" in requests
    assert any(r.startswith("/api/v11/Service/list?guids=") for r in requests)
    assert any(r.startswith("/api/v11/ServiceChannel/list?guids=") for r in requests)
    assert Service.all_objects.filter(municipality=municipality).count() == 4
    assert Channel.all_objects.filter(municipality=municipality).count() == 8
    assert "(v11)" in out.getvalue()

    # Running it again changes nothing.
    call_command("import_ptv", "--municipality", municipality.slug, "--url", base, stdout=StringIO())
    assert Service.all_objects.filter(municipality=municipality).count() == 4


def test_url_that_does_not_answer_is_a_command_error(municipality, ptv_server):
    base, _ = ptv_server
    with pytest.raises(CommandError):
        call_command("import_ptv", "--municipality", municipality.slug, "--url", f"{base}/nothing-here",
                     stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("import_ptv", "--municipality", municipality.slug, "--url", "file:///etc/passwd",
                     stdout=StringIO())


def test_import_files_prints_report_and_skips(municipality):
    out = StringIO()
    call_command("import_ptv", str(FIXTURES / "channels.json"), str(FIXTURES / "bad_items.json"),
                 "--municipality", municipality.slug, stdout=out)
    text = out.getvalue()
    assert "bad_items.json [2] (12345)" in text  # every skipped item with its position and reason
    assert Channel.all_objects.filter(municipality=municipality).count() == 8


def test_nothing_imported_from_non_empty_input_exits_non_zero(municipality):
    with pytest.raises(CommandError):
        call_command("import_ptv", str(FIXTURES / "not_json.json"), "--municipality", municipality.slug,
                     stdout=StringIO())
    call_command("import_ptv", str(FIXTURES / "empty.json"), "--municipality", municipality.slug, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("import_ptv", str(FIXTURES / "empty.json"), "--municipality", "no-such-town", stdout=StringIO())


def test_export_command_writes_bundle_that_imports_unchanged(municipality, tmp_path):
    import_ptv(municipality, [FIXTURES / n for n in ("channels.json", "services_page1.json", "services_page2.json")])
    target = tmp_path / "ptv.json"
    call_command("export_ptv", "--municipality", municipality.slug, "-o", str(target), stderr=StringIO())
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert len(bundle["services"]) == 3 and len(bundle["serviceChannels"]) == 8

    out = StringIO()
    call_command("import_ptv", str(target), "--municipality", municipality.slug, stdout=out)
    report = import_ptv(municipality, bundle)
    assert report.unchanged == 11 and report.changed == 0


def test_cli_alias(municipality, capsys):
    from luukku.cli import main

    main(["luukku", "export-ptv", "--municipality", municipality.slug])
    assert json.loads(capsys.readouterr().out) == {"services": [], "serviceChannels": []}


def test_dry_run_shows_changes_and_refusals_and_writes_nothing(municipality, ptv_server, tmp_path):
    base, _ = ptv_server
    import_ptv(municipality, [FIXTURES / "channels.json", FIXTURES / "service_single.json"])
    changed = load("service_single.json")
    changed["serviceDescriptions"][0]["value"] = "Uusi tiivistelmä."
    edited = tmp_path / "service.json"
    edited.write_text(json.dumps(changed), encoding="utf-8")
    before = {s.pk: (s.summary, s.modified) for s in Service.all_objects.filter(municipality=municipality)}
    events = DomainEvent.all_objects.count()

    out = StringIO()
    with translation.override("en"):
        call_command("import_ptv", str(edited), str(FIXTURES / "bad_items.json"), "--municipality",
                     municipality.slug, "--dry-run", stdout=out)
    text = out.getvalue()
    assert text.startswith("Dry run: nothing was written.")
    assert f"({changed['id']}): changed: summary" in text
    assert "Skipped (refused):" in text and "bad_items.json [2] (12345)" in text
    assert {s.pk: (s.summary, s.modified) for s in Service.all_objects.filter(municipality=municipality)} == before
    assert Service.all_objects.filter(municipality=municipality).count() == 1
    assert DomainEvent.all_objects.count() == events


def test_scheduled_sync_imports_each_municipalitys_organisation(municipality, ptv_server, settings):
    base, requests = ptv_server
    municipality.ptv_organization_id = "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5"
    municipality.save()
    settings.LUUKKU_PTV_SYNC_URL = base
    with translation.override("en"):
        assert tick(names=["catalogue.ptv_sync"]) == ["catalogue.ptv_sync"]

    assert "/api/v11/Service/list/organization?organizationId=7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5&page=1" in requests
    assert Service.all_objects.filter(municipality=municipality).count() == 2
    event = DomainEvent.all_objects.filter(municipality=municipality, kind="catalogue.ptv_imported").get()
    assert event.data["services"]["created"] == 2 and len(event.data["changes"]) >= 2
    [refused] = event.data["skipped_items"]  # the bad item, with the reason; nothing of it written
    assert "0bad0000" in refused and "Sometimes" in refused
    assert not Service.all_objects.filter(ptv_id="0bad0000-0000-4000-8000-000000000001").exists()

    # A PTV that does not answer leaves the catalogue as it was and says so.
    settings.LUUKKU_PTV_SYNC_URL = f"{base}/down"
    assert tick(names=["catalogue.ptv_sync"], now=clock.now() + dt.timedelta(days=2)) == ["catalogue.ptv_sync"]
    failed = DomainEvent.all_objects.filter(municipality=municipality, kind="catalogue.ptv_sync_failed").get()
    assert "/down" in failed.data["error"]
    assert Service.all_objects.filter(municipality=municipality).count() == 2


@pytest.mark.django_db
def test_reindex_search_rebuilds_each_municipality_and_refuses_an_unknown_one(municipality):
    from luukku.catalogue.models import SearchTerm

    from ..factories import ServiceFactory

    ServiceFactory(municipality=municipality, slug="uimahalli", name={"fi": "Uimahalli"})
    SearchTerm.all_objects.filter(municipality=municipality).delete()  # as if built by an older version
    out = StringIO()
    call_command("reindex_search", municipality=municipality.slug, stdout=out)
    assert SearchTerm.all_objects.filter(municipality=municipality).exists() and municipality.slug in out.getvalue()
    with pytest.raises(CommandError):
        call_command("reindex_search", municipality="no-such-place")
