"""The resident's copy of their data: what it holds, what it never holds, the page and the task."""

import json
import re
import zlib

import pytest

from luukku.core.services import record_audit
from luukku.privacy import export
from luukku.privacy.models import DataExport, ExportStatus



def url(path=""):
    return f"/esimerkki/fi/omat-tiedot/{path}"


@pytest.fixture
def rich(municipality, aino, child, protected_child, bertil, make_case, make_draft, make_feedback, make_offer,
         handler):
    """Aino with a case of her own, one for her child (decided), a draft, feedback and audit events."""
    own = make_case(aino)
    childs = make_case(aino, child)
    from luukku.cases import services

    services.send_message(own, by_person=aino, body="Milloin saan päätöksen?")
    services.decide(childs, handler, "Paikka myönnetty", "Eetulle myönnetään paikka.")
    make_draft(aino, data={"start": "2026-09-01"})
    make_feedback(aino)
    record_audit(municipality=municipality, actor=handler, subject_id=aino.public_id, action="case.read",
                 purpose="case handling", role="case_handler")
    record_audit(municipality=municipality, actor=handler, subject_id=bertil.public_id, action="case.read",
                 purpose="not about Aino")
    make_case(bertil)
    make_offer(aino)
    make_offer(bertil, key="e2")
    from luukku.notify.models import Preference

    Preference.all_objects.create(municipality=municipality, person=aino, channels=["email"], language="sv")
    return {"own": own, "childs": childs}


def test_collect_holds_all_of_the_persons_data(aino, child, rich):
    data = export.collect(aino, "fi")
    assert data["person"]["first_names"] == "Aino" and data["person"]["last_name"] == "Asukas"
    refs = {c["reference"] for c in data["cases"]}
    assert refs == {rich["own"].reference, rich["childs"].reference}
    own = next(c for c in data["cases"] if c["reference"] == rich["own"].reference)
    assert [m["text"] for m in own["messages"]] == ["Milloin saan päätöksen?"]
    assert own["history"] and own["answers"]
    childs = next(c for c in data["cases"] if c["reference"] == rich["childs"].reference)
    assert childs["whom_it_concerns"] == "Eetu Asukas"
    assert [d["title"] for d in childs["decisions"]] == ["Paikka myönnetty"]
    assert len(data["drafts"]) == 1 and data["drafts"][0]["answers"] == {"start": "2026-09-01"}
    assert data["feedback"][0]["email"] == "aino@example.fi"
    assert {m["other_person"] for m in data["mandates"]} == {"Eetu Asukas", "Salla Asukas"}
    assert [e["purpose"] for e in data["audit_trail"]] == ["case handling"]  # not Bertil's
    assert data["notifications"], "the case notifications sent to her"
    assert [o["reference"] for o in data["offers"]] == ["ESI-T-e1"]
    assert data["offers"][0]["legal_basis"] == "Perusopetuslaki 26 a §"
    assert data["notification_settings"] == {"channels": ["email"], "language": "sv"}


def test_own_identity_code_is_masked_and_others_codes_and_protected_address_never_appear(
        aino, child, protected_child, bertil, rich):
    text = json.dumps(export.collect(aino, "fi"), ensure_ascii=False)
    assert aino.hetu not in text
    assert text.count(aino.hetu[:7] + "****") == 1
    for other in (child, protected_child):
        assert other.hetu not in text and other.hetu[:7] not in text
    assert bertil.hetu not in text
    assert "Salainen polku" not in text and "Piilola" not in text and "99999" not in text
    assert "Bertil" not in text


def test_build_writes_json_and_a_tagged_pdf(aino, rich):
    made, created = export.request_export(aino, language="fi")
    assert created and made.status == ExportStatus.PENDING
    assert export.build(made.pk) == "ready"
    made.refresh_from_db()
    assert made.status == ExportStatus.READY and made.finished_at
    data = json.loads(made.json_file.read())
    assert data["format"] == export.FORMAT and data["person"]["first_names"] == "Aino"
    pdf = made.pdf_file.open("rb").read()
    assert pdf.startswith(b"%PDF-")
    raw = b"\n".join([pdf] + [zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
                              if _inflates(m)])
    assert b"/StructTreeRoot" in raw and b"/Lang" in raw and b"pdfuaid" in raw
    from ..cases.pdftext import pdf_text

    text = pdf_text(pdf)
    assert rich["own"].reference in text and "Salainen polku" not in text
    assert export.build(made.pk) == "skipped"  # a second task for the same export does nothing


def _inflates(chunk):
    try:
        zlib.decompress(chunk)
        return True
    except zlib.error:
        return False


def test_a_failed_build_is_recorded_and_a_new_export_can_be_asked(aino, monkeypatch):
    made, _ = export.request_export(aino)
    monkeypatch.setattr(export, "render_pdf", lambda data, language: 1 / 0)
    assert export.build(made.pk) == "failed"
    made.refresh_from_db()
    assert made.status == ExportStatus.FAILED and "ZeroDivisionError" in made.error
    again, created = export.request_export(aino)
    assert created and again.pk != made.pk


def test_asking_twice_gives_the_same_export(aino):
    first, created = export.request_export(aino)
    second, created_again = export.request_export(aino)
    assert created and not created_again and first.pk == second.pk
    assert DataExport.all_objects.filter(person=aino).count() == 1


def test_a_stalled_export_does_not_lock_the_resident_out(aino):
    import datetime as dt

    from luukku.core import clock

    stalled, _ = export.request_export(aino)
    DataExport.all_objects.filter(pk=stalled.pk).update(status=ExportStatus.RUNNING,
                                                        created_at=clock.now() - dt.timedelta(hours=2))
    fresh, created = export.request_export(aino)
    assert created and fresh.pk != stalled.pk
    stalled.refresh_from_db()
    assert stalled.status == ExportStatus.FAILED and "stalled" in stalled.error
    assert export.build(stalled.pk) == "skipped"


def test_page_requests_shows_progress_without_js_and_downloads(client, aino, rich):
    client.force_login(aino.user)
    page = client.get(url())
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    response = client.post(url("vienti/"))
    assert response.status_code == 302
    made = DataExport.all_objects.get(person=aino)
    assert response["Location"].endswith(f"/omat-tiedot/vienti/{made.public_id}/")
    status = client.get(response["Location"]).content.decode()
    assert f'href="{response["Location"]}"' in status  # a link to refresh it: no JavaScript, no timed refresh
    assert 'http-equiv="refresh"' not in status and "/json/" not in status
    # A second press while it is made: the same export.
    assert client.post(url("vienti/"))["Location"] == response["Location"]
    export.build(made.pk)
    status = client.get(response["Location"]).content.decode()
    assert f"vienti/{made.public_id}/json/" in status and f"vienti/{made.public_id}/pdf/" in status
    download = client.get(url(f"vienti/{made.public_id}/json/"))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    body = json.loads(b"".join(download.streaming_content))
    assert body["person"]["last_name"] == "Asukas"
    assert client.get(url(f"vienti/{made.public_id}/pdf/"))["Content-Type"] == "application/pdf"
    assert client.get(url(f"vienti/{made.public_id}/exe/")).status_code == 404


def test_another_resident_cannot_see_or_download_the_export(client, aino, bertil):
    made, _ = export.request_export(aino)
    export.build(made.pk)
    client.force_login(bertil.user)
    assert client.get(url(f"vienti/{made.public_id}/")).status_code == 404
    assert client.get(url(f"vienti/{made.public_id}/json/")).status_code == 404
    assert str(made.public_id) not in client.get(url()).content.decode()


def test_anonymous_is_sent_to_login(client, municipality):
    assert client.get(url()).status_code == 302
    assert client.post(url("vienti/")).status_code == 302
    assert not DataExport.all_objects.exists()
