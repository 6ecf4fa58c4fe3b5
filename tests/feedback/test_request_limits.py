"""Request bodies are refused before they are read: a 700 MB anonymous post must not hold a web
worker. The body below is a stream that fails the test if anything reads it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from luukku.core.middleware import body_limit
from luukku.feedback import services
from luukku.feedback.models import Feedback

from ..factories import UserFactory
from .conftest import INSIDE
from .open311_helpers import assert_error, parse, photo

pytestmark = pytest.mark.django_db

HUGE = 700 * 1024 * 1024
MULTIPART = "multipart/form-data; boundary=xyz"


class Unreadable:
    """A wsgi.input that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def unread_post(client, url, length, content_type=MULTIPART, **extra):
    return client.generic("POST", url, b"", content_type=content_type, CONTENT_LENGTH=str(length),
                          **{"wsgi.input": Unreadable(), "REMOTE_ADDR": "198.51.100.7", **extra})


@pytest.fixture
def partner(bordered):
    _api_key, key = services.create_api_key(bordered, "Kumppanisovellus")
    cache.clear()
    return key


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_huge_anonymous_open311_post_is_413_unread(client, bordered, fmt):
    for url in (f"/api/v1/{bordered.slug}/open311/v2/requests.{fmt}", f"/api/open311/v2/requests.{fmt}"):
        response = unread_post(client, url, HUGE)
        assert_error(response, 413, fmt)
        assert "liian suuri" in response.content.decode()  # "too large", in the default language


def test_a_large_open311_post_without_its_key_in_the_query_is_refused_unread(client, bordered, partner):
    base = f"/api/v1/{bordered.slug}/open311/v2/requests.json"
    response = unread_post(client, base, 1024 * 1024)  # under the upload limit, over Open311's small body
    assert_error(response, 401)
    assert "kyselymerkkijonossa" in parse(response, "json")[0]["description"]  # "in the query string"
    assert_error(unread_post(client, base + "?api_key=wrong", 1024 * 1024), 403)
    # The shared mount must know the municipality from the query too.
    assert_error(unread_post(client, f"/api/open311/v2/requests.json?api_key={partner}", 1024 * 1024), 400)
    assert_error(unread_post(client, f"/api/open311/v2/requests.json?api_key=wrong&jurisdiction_id=999",
                             1024 * 1024), 403)
    assert not Feedback.all_objects.exists()


def test_a_large_open311_post_with_its_key_in_the_query_is_taken(client, bordered, partner, street_fault, rules,
                                                                 settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(f"/api/open311/v2/requests.json?api_key={partner}&jurisdiction_id={bordered.code}", {
        "service_code": "street-fault", "lat": INSIDE[0], "long": INSIDE[1], "description": "Kaivon kansi puuttuu.",
        "media": photo(), "padding": "x" * (100 * 1024)}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 201, response.content
    assert parse(response, "json")[0]["service_request_id"]


def test_a_page_post_over_the_body_limit_is_413_in_the_users_language_unread(client, bordered, settings):
    settings.LUUKKU_MAX_BODY_BYTES = 1024 * 1024
    response = unread_post(client, f"/{bordered.slug}/fi/palaute/", 2 * 1024 * 1024,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>" in html and 'lang="fi"' in html
    response = unread_post(client, f"/api/v1/{bordered.slug}/services/", 2 * 1024 * 1024,
                           content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_uploads_may_carry_what_their_limits_need(settings):
    settings.LUUKKU_MAX_BODY_BYTES = 2 * 1024 * 1024
    settings.LUUKKU_FEEDBACK_PHOTO_MAX_BYTES, settings.LUUKKU_FEEDBACK_PHOTO_MAX_COUNT = 5 * 1024 * 1024, 3
    settings.LUUKKU_MAX_UPLOAD_BYTES = 51 * 1024 * 1024
    factory = RequestFactory()
    form = factory.post("/", content_type="application/x-www-form-urlencoded")
    upload = factory.post("/", content_type=MULTIPART)
    from django.contrib.auth.models import AnonymousUser

    form.user = upload.user = AnonymousUser()
    assert body_limit(form) == 2 * 1024 * 1024
    assert body_limit(upload) == 17 * 1024 * 1024  # three photos and the form around them
    upload.user = UserFactory(username="asukas-upload")
    assert body_limit(upload) == 51 * 1024 * 1024  # a signed-in user's attachments
