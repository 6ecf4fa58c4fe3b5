"""A reporter's photo loses its metadata before it is stored: where it was taken (GPS), the camera,
comments and text chunks; the pixels are turned upright first. What is stored and served is the
clean image, never the upload."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.feedback import services
from luukku.feedback.models import Media

from ..photos import assert_clean, jpeg_with_gps, png_with_text
from .conftest import INSIDE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_jpeg_is_stored_upright_without_gps_or_camera(bordered, rules, street_fault):
    fb = services.submit(municipality=bordered, category=street_fault, description="Kuoppa tiessä.",
                         latitude=INSIDE[0], longitude=INSIDE[1],
                         photos=[SimpleUploadedFile("kuoppa.jpg", jpeg_with_gps(), "image/jpeg")])
    photo = Media.all_objects.get(feedback=fb)
    stored = photo.file.read()
    assert_clean(stored)
    assert (photo.content_type, photo.width, photo.height, photo.size) == ("image/jpeg", 20, 40, len(stored))


def test_a_png_loses_its_text_chunks(bordered, rules, street_fault):
    fb = services.submit(municipality=bordered, category=street_fault, description="Kuoppa tiessä.",
                         latitude=INSIDE[0], longitude=INSIDE[1],
                         photos=[SimpleUploadedFile("kuoppa.png", png_with_text(), "image/png")])
    photo = Media.all_objects.get(feedback=fb)
    assert photo.content_type == "image/png"
    assert_clean(photo.file.read())


def test_the_served_photo_has_no_metadata(client, bordered, rules, street_fault):
    fb = services.submit(municipality=bordered, category=street_fault, description="Kuoppa tiessä.",
                         latitude=INSIDE[0], longitude=INSIDE[1],
                         photos=[SimpleUploadedFile("kuoppa.jpg", jpeg_with_gps(), "image/jpeg")])
    photo = fb.media.get()
    served = client.get(f"/{bordered.slug}/fi/palaute/seuranta/{fb.token}/kuva/{photo.public_id}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert_clean(b"".join(served.streaming_content))


def test_photos_stored_before_are_cleaned_by_the_command(bordered, rules, street_fault):
    from django.core.management import call_command

    fb = services.submit(municipality=bordered, category=street_fault, description="Kuoppa tiessä.",
                         latitude=INSIDE[0], longitude=INSIDE[1],
                         photos=[SimpleUploadedFile("kuoppa.jpg", jpeg_with_gps(), "image/jpeg")])
    photo = Media.all_objects.get(feedback=fb)
    with open(photo.file.path, "wb") as old:  # as uploads were kept before: the original bytes
        old.write(jpeg_with_gps())
    Media.all_objects.filter(pk=photo.pk).update(width=40, height=20)
    old_path = photo.file.path
    call_command("strip_image_metadata", stdout=io.StringIO())
    photo.refresh_from_db()
    stored = photo.file.read()
    assert_clean(stored)
    assert (photo.width, photo.height, photo.size) == (20, 40, len(stored))
    assert not os.path.exists(old_path) or old_path == photo.file.path
    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)  # clean now: nothing more to do
    assert "Cleaned 0 feedback photos" in out.getvalue()
