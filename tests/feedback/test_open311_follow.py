"""Open311: a partner follows the request it has just posted by its id and token, before moderation too;
errors come in the request's one language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from luukku.core.models import Municipality
from luukku.feedback import intake
from luukku.feedback.models import Feedback

from .conftest import INSIDE
from .open311_helpers import CONTACT, assert_error, make_public, parse, photo
from .test_open311 import partner  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(client, bordered, rules, street_fault, partner, settings, tmp_path):  # noqa: F811
    """A partner app's post as the standard shapes it: form fields, a photo, the answer's id and token."""
    settings.MEDIA_ROOT = tmp_path
    base = f"/api/v1/{bordered.slug}/open311/v2/"
    answers = []
    for description in ("Katuvalo vilkkuu Koulukadulla.", "Toinen katuvalo on pimeänä."):
        response = client.post(base + "requests.json", {
            "api_key": partner["key"], "service_code": "street-fault", "lat": INSIDE[0], "long": INSIDE[1],
            "address_string": "Koulukatu 5", "description": description, "media": photo(), **CONTACT},
            REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 201
        answers.extend(parse(response, "json"))
    return {"base": base, "m": bordered, **answers[0], "other_token": answers[1]["token"]}


def test_a_request_just_posted_is_followed_by_id_and_token_and_shows_its_text_once_published(client, posted):
    url = f"{posted['base']}requests/{posted['service_request_id']}.json"
    # At once, before the worker has completed the intake and long before moderation.
    [shown] = parse(client.get(url, {"token": posted["token"], "extensions": "true"}), "json")
    assert shown["service_request_id"] == posted["service_request_id"]
    assert shown["status"] == "open" and shown["service_code"] == "street-fault" and shown["service_name"]
    assert shown["requested_datetime"] and shown["updated_datetime"] and shown["agency_responsible"]
    assert shown["extended_attributes"]["detailed_status"]
    assert [shown[f] for f in ("description", "media_url", "address", "lat", "long", "status_notes")] == [None] * 6
    assert not set(CONTACT.values()) & {str(v) for v in shown.values()}
    # Without the token, or with another request's, it is not there.
    assert_error(client.get(url), 404)
    assert_error(client.get(url, {"token": posted["other_token"]}), 404)
    assert_error(client.get(url, {"token": "not-the-token"}), 404)
    # Published: the description and the photo appear, for everyone.
    intake.complete_pending(posted["m"])
    feedback = Feedback.all_objects.get(token=posted["token"])
    make_public(feedback, answer="Korjataan huomenna.")
    [shown] = parse(client.get(url, {"token": posted["token"]}), "json")
    assert shown["description"] == "Katuvalo vilkkuu Koulukadulla." and shown["media_url"]
    assert shown["status_notes"] == "Korjataan huomenna." and shown["lat"] == INSIDE[0]
    assert parse(client.get(url), "json")[0]["description"] == "Katuvalo vilkkuu Koulukadulla."


def test_the_followed_request_in_xml(client, posted):
    url = f"{posted['base']}requests/{posted['service_request_id']}.xml"
    root = parse(client.get(url, {"token": posted["token"]}), "xml")
    assert root.tag == "service_requests" and root[0].findtext("status") == "open"
    assert root[0].findtext("description") == ""


@pytest.mark.parametrize("locale", ["sv", "en", "fi"])
def test_every_error_is_in_the_requests_language(client, bordered, locale):
    m = Municipality.objects.get(pk=bordered.pk)
    cases = [
        ("/api/open311/v2/requests.json", {}, "jurisdiction_id was not provided."),
        ("/api/open311/v2/requests.json", {"jurisdiction_id": "777"}, "jurisdiction_id was not found."),
        ("/api/open311/v2/requests.html", {"jurisdiction_id": m.code}, "Unknown format: use .json or .xml."),
        (f"/api/v1/{m.slug}/open311/v2/requests.json", {"status": "x"},
         "status must be open or closed (or both, separated by a comma)."),
        ("/api/v1/ei-kuntaa/open311/v2/services.json", {}, "The municipality in the address was not found."),
    ]
    for path, query, message in cases:
        descriptions = assert_error(client.get(path, {**query, "locale": locale}), 404 if "found" in message
                                    or "Unknown" in message else 400)
        with translation.override(locale):
            assert descriptions == [gettext(message)], (path, descriptions)
