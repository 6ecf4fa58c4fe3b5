"""A handler's image sent with a message is stored as the resident's are: without its metadata
(GPS, camera, comments), turned upright."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.eservices.models import Attachment

from ..photos import assert_clean, jpeg_with_gps

pytestmark = pytest.mark.django_db


def test_a_handlers_photo_is_stored_clean(make_case, aino, handler):
    case = make_case(aino)
    services.claim(case, handler)
    services.send_message(case, by_user=handler, body="Kuva paikasta.",
                          files=[SimpleUploadedFile("paikka.jpg", jpeg_with_gps(), "image/jpeg")])
    stored = Attachment.all_objects.get(case=case)
    data = stored.file.read()
    assert_clean(data)
    assert (stored.size, stored.sha256, stored.uploaded_by_user) == (len(data), hashlib.sha256(data).hexdigest(),
                                                                     handler)
