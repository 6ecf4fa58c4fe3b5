"""The resident's notifications page (ilmoitukset/): their notifications with each channel's
status in words, and their choice of channels and language, errors kept, no JavaScript."""

import pytest

from luukku.notify.models import Delivery, DeliveryStatus, Preference
from luukku.notify.services import notify

from .conftest import choose

pytestmark = pytest.mark.django_db
URL = "/esimerkki/en/ilmoitukset/"  # English: the msgids are the text


@pytest.fixture
def resident(client, aino):
    aino.email = "aino@example.fi"
    aino.save()
    client.force_login(aino.user)
    return aino


def test_the_page_lists_my_notifications_with_each_channels_status(client, resident, bertil, make_case):
    choose(resident, "email", "sms")
    case = make_case(resident)
    notification = resident.notifications.get(kind="case.submitted")
    Delivery.all_objects.filter(notification=notification, channel="email").update(status=DeliveryStatus.FAILED)
    Delivery.all_objects.filter(notification=notification, channel="sms").update(status=DeliveryStatus.SKIPPED)
    other = notify(person=bertil, kind="case.message", key="bertil-only")
    html = client.get(URL).content.decode()
    assert notification.subject in html and other.subject not in html
    assert f'href="/esimerkki/en/omat-asiat/{case.public_id}/"' in html  # in the page's language
    assert "could not be sent" in html
    assert "not sent" in html and "We have no mobile phone number for you." in html
    assert '<th scope="row">Email</th>' in html and '<th scope="row">Text message (SMS)</th>' in html


def test_a_resident_chooses_channels_and_language(client, resident):
    resident.phone = "0401234567"
    resident.save()
    response = client.post(URL, {"channels": ["email", "sms"], "language": "sv"})
    assert response.status_code == 302 and response["Location"] == URL
    pref = Preference.all_objects.get(person=resident)
    assert pref.channels == ["email", "sms"] and pref.language == "sv"
    notification = notify(person=resident, kind="case.message", key="after-choice")
    assert notification.language == "sv"
    assert sorted(d.channel for d in notification.deliveries.all()) == ["email", "sms"]
    html = client.get(URL).content.decode()
    assert 'value="sms" id="channel-1" checked' in html and 'value="sv" id="language-1" checked' in html


def test_a_channel_without_an_address_is_explained_and_refused_keeping_the_choice(client, resident):
    html = client.get(URL).content.decode()
    assert "We have no mobile phone number for you." in html  # explained before choosing
    response = client.post(URL, {"channels": ["email", "sms"], "language": "en"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Text message (SMS) needs a mobile phone number, and we have none for you." in html
    assert 'class="error-summary"' in html and 'href="#channel-0"' in html
    assert 'value="email" id="channel-0" checked' in html and 'value="en" id="language-2" checked' in html
    assert not Preference.all_objects.filter(person=resident).exists()


def test_only_configured_channels_and_the_municipalitys_languages_are_offered(client, resident, municipality):
    municipality.languages = ["fi", "en"]
    municipality.save()
    html = client.get(URL).content.decode()
    assert "Suomi.fi Messages" not in html and 'value="sv"' not in html and 'value="en"' in html
    for data in ({"channels": ["suomifi"], "language": "fi"}, {"channels": ["email"], "language": "sv"},
                 {"channels": ["email"]}, {"body": "something else entirely"}):
        response = client.post(URL, data)
        assert response.status_code == 400, data
    assert not Preference.all_objects.filter(person=resident).exists()


def test_choosing_nothing_keeps_the_notifications_on_this_page_only(client, resident):
    assert client.post(URL, {"language": "fi"}).status_code == 302
    notification = notify(person=resident, kind="case.message", key="page-only")
    assert not notification.deliveries.exists()
    assert "Shown on this page only." in client.get(URL).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, aino):
    response = client.get(URL)
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]
