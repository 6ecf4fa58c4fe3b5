"""GET requests is answered from the cache until something public changes; then at once anew."""

import pytest
from django.core.cache import cache

from luukku.feedback import services
from luukku.feedback.models import Publication, Status

from .conftest import INSIDE
from .open311_helpers import make_public, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(bordered, rules, street_fault, streets_handler):
    cache.clear()
    first = services.submit(municipality=bordered, category=street_fault, description="Kuoppa Koulukadulla.",
                            latitude=INSIDE[0], longitude=INSIDE[1])
    make_public(first, answer="Korjataan.", by_user=streets_handler)
    yield {"url": f"/api/v1/{bordered.slug}/open311/v2/requests.json", "first": first}
    cache.clear()


def _ids(client, url):
    return [row["service_request_id"] for row in parse(client.get(url), "json")]


def test_a_repeated_list_is_served_without_reading_feedback(client, listing, django_assert_max_num_queries):
    assert _ids(client, listing["url"]) == [listing["first"].reference]
    with django_assert_max_num_queries(1):  # the municipality only
        assert _ids(client, listing["url"]) == [listing["first"].reference]


def test_publishing_and_closing_show_at_once_and_new_unmoderated_feedback_keeps_the_cache(
        client, listing, bordered, street_fault, streets_handler):
    url = listing["url"]
    _ids(client, url)
    second = services.submit(municipality=bordered, category=street_fault, description="Toinen kuoppa kadulla.",
                             latitude=INSIDE[0] + 0.001, longitude=INSIDE[1])
    assert _ids(client, url) == [listing["first"].reference]  # not public: nothing changed
    make_public(second, by_user=streets_handler)
    assert set(_ids(client, url)) == {listing["first"].reference, second.reference}
    services.change_status(listing["first"], Status.PUBLIC_WORKS_COMPLETED, by_user=streets_handler)
    statuses = {row["service_request_id"]: row["status"] for row in parse(client.get(url), "json")}
    assert statuses[listing["first"].reference] == "closed"
    services.publish(second, by_user=streets_handler, publication=Publication.HIDDEN)
    assert _ids(client, url) == [listing["first"].reference]


def test_no_cache_when_turned_off(client, listing, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LUUKKU_OPEN311_CACHE_SECONDS = 0
    _ids(client, listing["url"])
    with CaptureQueriesContext(connection) as queries:
        _ids(client, listing["url"])
    assert len(queries) > 1  # the feedback is read again
