"""The hand-over package: a ZIP the receiving authority can check file by file against its manifest,
holding what it needs (identity codes included) and nothing that stays inside (internal notes)."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import handover as package, services
from luukku.cases.models import Case, Handover, PartnerOrganisation, Status
from luukku.eservices.models import Attachment

from ..factories import UnitFactory
from ..privacy.helpers import lawful

pytestmark = pytest.mark.django_db


def pdf_bytes(marker: str) -> bytes:
    return f"%PDF-1.4\n% {marker}\n%%EOF\n".encode()


@pytest.fixture
def partner(municipality, case_type):
    lawful(case_type)  # a hand-over needs a legal basis or the resident's consent (tests/privacy)
    return PartnerOrganisation.all_objects.create(
        municipality=municipality, name={"fi": "Esimerkin hyvinvointialue", "en": "Example wellbeing county"},
        business_id="3221990-4", email="kirjaamo@hva.example",
        resident_info={"fi": "Kysy hyvinvointialueelta, puh. 0800 000 000."})


@pytest.fixture
def full_case(municipality, aino, child, make_case, handler):
    """A case with clashing and odd attachment names, messages, a note, a transfer and a decision."""
    aino.street_address, aino.postal_code, aino.post_office = "Koivutie 3", "41990", "Koivula"
    aino.save()
    child.protected_address = True
    child.street_address = "Salainen polku 9"
    child.save()
    case = make_case(aino, child)
    files = [("liite.pdf", "first"), ("liite.pdf", "second"), ("LIITE.pdf", "third"),
             ("../../etc/pä ss?wd*<>.pdf", "odd"), (".liite.pdf", "dots")]
    services.send_message(case, by_person=aino, body="Liitteet mukana.",
                          files=[SimpleUploadedFile(name, pdf_bytes(marker), "application/pdf")
                                 for name, marker in files])
    services.claim(case, handler)
    services.add_note(case, handler, "SISÄINEN-MUISTIINPANO: ei asiakkaalle")
    services.request_information(case, handler, "Lähetä todistus.")
    services.send_message(case, by_user=handler, body="Kiitos.")
    services.transfer_to_unit(case, handler, UnitFactory(municipality=municipality, slug="perhepalvelut"),
                              "Perhepalvelut hoitaa tämän.")
    return Case.all_objects.get(pk=case.pk)


@pytest.fixture
def other_handler(municipality):
    from luukku.core.models import Role, Unit

    from ..factories import MembershipFactory, UserFactory

    user = UserFactory(username="perhe")
    MembershipFactory(municipality=municipality, user=user, role=Role.CASE_HANDLER,
                      unit=Unit.all_objects.get(slug="perhepalvelut"))
    return user


def _open(handover):
    with handover.package.open("rb") as handle:
        data = handle.read()
    return data, zipfile.ZipFile(io.BytesIO(data))


def test_package_matches_its_manifest_and_the_stored_hash(full_case, other_handler, partner, aino, child):
    handover = services.hand_over(full_case, other_handler, partner, "Asia kuuluu hyvinvointialueelle.")
    handover = Handover.all_objects.get(pk=handover.pk)
    data, archive = _open(handover)
    assert hashlib.sha256(data).hexdigest() == handover.sha256
    names = archive.namelist()
    assert names == sorted(names) and len(names) == len(set(names))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest == handover.manifest
    listed = {row["path"]: row for row in manifest["files"]}
    assert set(listed) == set(names) - {"manifest.json"}
    for path, row in listed.items():
        content = archive.read(path)
        assert hashlib.sha256(content).hexdigest() == row["sha256"] and len(content) == row["size"], path
    assert {"case.json", "documents/receipt.pdf"} <= set(names)
    # Attachments: every file, bytes unchanged, under safe names that clash in no file system.
    attachments = [n for n in names if n.startswith("attachments/")]
    assert len(attachments) == 5
    assert len({n.casefold() for n in attachments}) == 5
    for name in attachments:
        tail = name.removeprefix("attachments/")
        assert tail and "/" not in tail and "\\" not in tail and not tail.startswith(".")
        assert not set(tail) & set('<>:"|?* ')
    case_json = json.loads(archive.read("case.json"))
    by_marker = {}
    for row in case_json["attachments"]:
        content = archive.read(row["path"])
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        by_marker[content.decode().split("% ")[1].split("\n")[0]] = row
    assert set(by_marker) == {"first", "second", "third", "odd", "dots"}
    for attachment in Attachment.all_objects.filter(case=full_case):
        with attachment.file.open("rb") as handle:
            original = handle.read()
        row = next(r for r in case_json["attachments"] if r["sha256"] == attachment.sha256)
        assert archive.read(row["path"]) == original and row["name"] == attachment.name


def test_case_json_holds_what_the_receiver_needs_and_no_internal_notes(full_case, other_handler, partner,
                                                                      aino, child):
    handover = services.hand_over(full_case, other_handler, partner, "Asia kuuluu hyvinvointialueelle.")
    data, archive = _open(handover)
    assert b"SIS\xc3\x84INEN-MUISTIINPANO" not in data
    for name in archive.namelist():
        assert "SISÄINEN-MUISTIINPANO" not in archive.read(name).decode("utf-8", "replace"), name
    doc = json.loads(archive.read("case.json"))
    assert doc["case"]["reference"] == full_case.reference and doc["case"]["type"]["slug"] == "paivahoito"
    assert doc["case"]["status"] == Status.TRANSFERRED
    history = [row["to"] for row in doc["case"]["status_history"]]
    assert history[0] == "submitted" and history[-1] == "transferred" and "waiting_for_resident" in history
    assert doc["case"]["answers"]["raw"] == {"start": "2026-08-01", "time": "full"}
    assert {"key": "time", "label": "Hoitoaika", "value": "Kokopäivä"} in doc["case"]["answers"]["labelled"]
    assert any(a["key"] == "start" and a["value"] == "1.8.2026" for a in doc["case"]["answers"]["labelled"])
    assert [m["text"] for m in doc["messages"]] == ["Liitteet mukana.", "Lähetä todistus.", "Kiitos."]
    assert doc["transfers"][0]["reason"] == "Perhepalvelut hoitaa tämän."
    assert doc["applicant"]["identity_code"] == aino.hetu and doc["applicant"]["birth_date"] == "1985-04-01"
    assert doc["applicant"]["address"]["street"] == "Koivutie 3"
    assert doc["subject"]["identity_code"] == child.hetu and doc["subject"]["protected_address"] is True
    assert "address" not in doc["subject"] and "Salainen polku" not in data.decode("latin-1")
    assert doc["handover"]["reason"] == "Asia kuuluu hyvinvointialueelle."
    assert doc["handover"]["partner"]["business_id"] == "3221990-4"


def test_decisions_travel_as_their_stored_pdfs(municipality, aino, make_case, handler, partner):
    case = make_case(aino)
    services.claim(case, handler)
    first = services.decide(case, handler, "Päätös", "Myönnetään.", "fi")
    # A decided case is closed to hand-overs; the package itself still packs decisions.
    handover = Handover(municipality=municipality, case=case, partner=partner, reason="Testi")
    data, manifest, sha256 = package.build_package(case, handover)
    archive = zipfile.ZipFile(io.BytesIO(data))
    with first.pdf.open("rb") as handle:
        assert archive.read("documents/decision-1.pdf") == handle.read()
    doc = json.loads(archive.read("case.json"))
    assert doc["decisions"][0]["document"] == "documents/decision-1.pdf"
    assert "30" in doc["decisions"][0]["appeal_instructions"]
    assert sha256 == hashlib.sha256(data).hexdigest()
    # The same hand-over packs to the same bytes.
    assert package.build_package(case, handover) == (data, manifest, sha256)


def test_a_missing_file_refuses_the_hand_over_and_changes_nothing(full_case, other_handler, partner):
    attachment = Attachment.all_objects.filter(case=full_case).first()
    attachment.file.delete(save=False)
    with pytest.raises(ValidationError):
        services.hand_over(full_case, other_handler, partner, "Asia kuuluu hyvinvointialueelle.")
    assert Case.all_objects.get(pk=full_case.pk).status != Status.TRANSFERRED
    assert not Handover.all_objects.exists()


def test_unique_names():
    taken = set()
    names = [package.unique_name(n, taken) for n in ["a.pdf", "A.PDF", "a.pdf", "", "..", "x" * 300 + ".pdf",
                                                     "kuva ä?.jpeg", "C:\\tmp\\b.pdf"]]
    assert names[:3] == ["a.pdf", "A-2.PDF", "a-3.pdf"]
    assert names[3] == "attachment" and names[4] == "attachment-2"
    assert len(names[5]) <= package.MAX_NAME and names[5].endswith(".pdf")
    assert names[6] == "kuva_ä_.jpeg" and names[7] == "b.pdf"
