"""An image attached to an application or a case is stored without its metadata (GPS, camera,
text chunks), turned upright; its size and checksum are those of what is stored."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from luukku.core.tenancy import municipality_context
from luukku.eservices.services import add_attachment, start_draft

from ..photos import assert_clean, jpeg_with_gps, png_with_text
from . import files

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, build", [("kuva.jpg", jpeg_with_gps), ("kuva.png", png_with_text)])
def test_an_image_attachment_is_stored_clean(municipality, daycare, family, name, build):
    case_type, definition = daycare
    with municipality_context(municipality):
        draft = start_draft(case_type=case_type, definition=definition, applicant=family["parent"],
                            subject=family["child"], mandate=family["mandate"])
        stored = add_attachment(municipality=municipality, uploaded_file=files.upload(name, build()),
                                by_person=family["parent"], draft=draft, field_key="certificate")
    data = stored.file.read()
    assert_clean(data)
    assert (stored.size, stored.sha256, stored.name) == (len(data), hashlib.sha256(data).hexdigest(), name)


def test_a_broken_jpeg_is_refused_with_a_message(municipality, daycare, family):
    case_type, definition = daycare
    with municipality_context(municipality):
        draft = start_draft(case_type=case_type, definition=definition, applicant=family["parent"],
                            subject=family["child"], mandate=family["mandate"])
        with pytest.raises(ValidationError) as error:
            add_attachment(municipality=municipality, uploaded_file=files.upload("kuva.jpg", b"\xff\xd8\xff" + b"x" * 50),
                           by_person=family["parent"], draft=draft, field_key="certificate")
    assert "kuva.jpg" in error.value.messages[0]


def test_image_attachments_stored_before_are_cleaned_by_the_command(municipality, daycare, family):
    import io

    from django.core.management import call_command

    from luukku.eservices.models import Attachment

    case_type, definition = daycare
    with municipality_context(municipality):
        draft = start_draft(case_type=case_type, definition=definition, applicant=family["parent"],
                            subject=family["child"], mandate=family["mandate"])
        stored = add_attachment(municipality=municipality, uploaded_file=files.upload("kuva.jpg", jpeg_with_gps()),
                                by_person=family["parent"], draft=draft, field_key="certificate")
        pdf = add_attachment(municipality=municipality, uploaded_file=files.upload("liite.pdf", files.pdf()),
                             by_person=family["parent"], draft=draft, field_key="certificate")
    with open(stored.file.path, "wb") as old:  # as uploads were kept before: the original bytes
        old.write(jpeg_with_gps())
    pdf_bytes = pdf.file.read()
    call_command("strip_image_metadata", stdout=io.StringIO())
    stored = Attachment.all_objects.get(pk=stored.pk)
    data = stored.file.read()
    assert_clean(data)
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert Attachment.all_objects.get(pk=pdf.pk).file.read() == pdf_bytes  # not an image: untouched
