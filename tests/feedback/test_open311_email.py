"""A partner's reporter e-mail is checked as the web form checks it: one valid address, no list, no
line break, no markup, at most 254 characters. Anything else is a 400 in the Open311 error format
that says so, and nothing is stored or queued for sending."""

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from luukku.feedback import intake, services
from luukku.feedback.models import Feedback
from luukku.notify.models import Delivery, Notification

from .conftest import INSIDE
from .open311_helpers import assert_error, parse

pytestmark = pytest.mark.django_db

BAD = [
    "first@example.fi, second@example.fi",
    "first@example.fi;second@example.fi",
    "raportoija@example.fi\r\nBcc: everyone@example.fi",
    "<script>alert(1)</script>@example.fi",
    '"<script>"@example.fi',
    "Raili <raportoija@example.fi>",
    "raportoija@",
    "r" * 250 + "@example.fi",
]


@pytest.fixture
def partner(bordered, rules, street_fault):
    cache.clear()
    _api_key, key = services.create_api_key(bordered, "Kumppanisovellus")
    yield {"key": key, "url": f"/api/v1/{bordered.slug}/open311/v2/requests.", "m": bordered}
    cache.clear()


def _post(client, partner, fmt, email):
    return client.post(partner["url"] + fmt, {
        "api_key": partner["key"], "service_code": "street-fault", "lat": INSIDE[0], "long": INSIDE[1],
        "description": "Kuoppa on syvä ja vaarallinen.", "email": email}, REMOTE_ADDR="198.51.100.9")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("email", BAD)
def test_a_bad_email_is_a_400_that_says_so_and_stores_nothing(client, partner, fmt, email):
    descriptions = assert_error(_post(client, partner, fmt, email), 400, fmt)
    with translation.override("fi"):  # the municipality's first language
        assert descriptions == [gettext("Check the email address, for example name@example.fi.")]
    intake.complete_pending(partner["m"])
    assert not Feedback.all_objects.exists() and not Notification.all_objects.exists()


def test_a_good_email_is_taken_and_acknowledged(client, partner):
    response = _post(client, partner, "json", " raportoija@example.fi ")
    assert response.status_code == 201
    intake.complete_pending(partner["m"])
    feedback = Feedback.all_objects.get(reference=parse(response, "json")[0]["service_request_id"])
    assert feedback.email == "raportoija@example.fi"
    assert list(Delivery.all_objects.values_list("channel", flat=True)) == ["email"]


def test_the_service_refuses_it_for_every_channel(bordered, rules, street_fault):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.submit(municipality=bordered, category=street_fault, description="Kuoppa on syvä.",
                        latitude=INSIDE[0], longitude=INSIDE[1], email="a@example.fi, b@example.fi")
    assert [e.code for e in exc.value.error_dict["email"]] == ["invalid_email"]
