"""Uploads: type by content, size limits, sane names, configured storage."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.core.tenancy import municipality_context
from luukku.eservices import attachments
from luukku.eservices.attachments import check_upload, clean_name
from luukku.eservices.models import Attachment
from luukku.eservices.services import add_attachment, start_draft

from . import files
from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, build, expected", [
    ("todistus.pdf", files.pdf, attachments.PDF),
    ("kuva.jpg", files.jpeg, attachments.JPEG),
    ("kuva.JPEG", files.jpeg, attachments.JPEG),
    ("kuva.png", files.png, attachments.PNG),
    ("hakemus.docx", files.docx, attachments.DOCX),
    ("hakemus.odt", files.odt, attachments.ODT),
])
def test_accepted_types(name, build, expected):
    content = build()
    content_type, sha256 = check_upload(files.upload(name, content))
    assert content_type == expected
    import hashlib

    assert sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("name, build", [
    ("todistus.pdf", files.png),  # a PNG calling itself a PDF
    ("todistus.pdf", files.exe),  # an executable
    ("ohjelma.exe", files.exe),
    ("kuva.png", files.jpeg),
    ("hakemus.odt", files.docx),
    ("teksti.pdf", lambda: b"just text"),
    ("arkisto.docx", lambda: b"PK\x03\x04broken zip"),
])
def test_mislabelled_or_unknown_refused(name, build):
    with pytest.raises(ValidationError):
        check_upload(files.upload(name, build()))


def test_size_limit_per_file():
    big = files.pdf() + b"\0" * (attachments.MAX_FILE_BYTES + 1 - len(files.pdf()))
    assert len(big) == attachments.MAX_FILE_BYTES + 1
    with pytest.raises(ValidationError) as error:
        check_upload(files.upload("iso.pdf", big))
    assert error.value.code == "too_large"
    exactly = big[:-1]
    assert check_upload(files.upload("iso.pdf", exactly))[0] == attachments.PDF


def test_empty_file_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("tyhja.pdf", b""))


def test_clean_name_keeps_no_path_parts():
    assert clean_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_name("C:\\Users\\aino\\todistus.pdf") == "todistus.pdf"
    assert clean_name("a\x00b\nc.pdf") == "abc.pdf"
    assert len(clean_name("x" * 500 + ".pdf")) <= 200 and clean_name("x" * 500 + ".pdf").endswith(".pdf")


def test_total_limit_per_submission(municipality, daycare, family, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case_type, definition = daycare
    with municipality_context(municipality):
        draft = start_draft(case_type=case_type, definition=definition, applicant=family["parent"],
                            subject=family["child"], mandate=family["mandate"])
        chunk = files.pdf() + b"\0" * (attachments.MAX_FILE_BYTES - len(files.pdf()))
        for i in range(5):
            add_attachment(municipality=municipality, uploaded_file=files.upload(f"osa{i}.pdf", chunk),
                           by_person=family["parent"], draft=draft, field_key="certificate")
        with pytest.raises(ValidationError) as error:
            add_attachment(municipality=municipality, uploaded_file=files.upload("liikaa.pdf", files.pdf()),
                           by_person=family["parent"], draft=draft, field_key="certificate")
        assert error.value.code == "total_too_large"
    assert Attachment.all_objects.filter(draft=draft).count() == 5
    stored = Attachment.all_objects.filter(draft=draft).first()
    assert stored.file.storage.exists(stored.file.name)  # in the configured storage
    assert str(tmp_path) in stored.file.path


def test_mislabelled_upload_in_the_form_is_a_clear_message(municipality, daycare, family, resident, settings,
                                                         tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from .test_flow import start_daycare

    draft = start_daycare(resident, municipality, family["child"])
    resident.post(url(municipality, "page", draft.public_id, 1), {
        "action": "next", "child": str(family["child"].public_id), "start_date": "1.8.2026", "urgent": "yes"})
    r = resident.post(url(municipality, "page", draft.public_id, 4, lang="en"),
                      {"action": "next", "certificate": files.upload("todistus.pdf", files.png())})
    assert r.status_code == 400
    assert "does not match its content" in r.content.decode()
    assert not Attachment.all_objects.exists()
    r = resident.post(url(municipality, "page", draft.public_id, 4, lang="en"),
                      {"action": "next", "certificate": files.upload("todistus.png", files.png())})
    assert r.status_code == 302
    attachment = Attachment.all_objects.get()
    assert attachment.content_type == attachments.PNG and attachment.draft == draft
    # Removing it from the page.
    r = resident.post(url(municipality, "page", draft.public_id, 4), {"remove": str(attachment.public_id)})
    assert r.status_code == 302 and not Attachment.all_objects.exists()
