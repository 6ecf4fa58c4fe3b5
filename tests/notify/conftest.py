import pytest

from luukku.notify.models import Preference

from ..cases.conftest import (  # noqa: F401
    aino,
    bertil,
    case_type,
    child,
    definition,
    handler,
    make_case,
    make_draft,
    make_person,
    media_root,
    unit,
)
from .servers import SmsGateway, SuomiFiMessages


@pytest.fixture
def gateway(settings):
    """A local SMS gateway the sms channel is configured to use."""
    with SmsGateway() as server:
        configure_sms(settings, server)
        yield server


def configure_sms(settings, server):
    settings.LUUKKU_SMS_BACKEND = "gateway"
    settings.LUUKKU_SMS_GATEWAY_URL = server.url + "/send"
    settings.LUUKKU_SMS_GATEWAY_TOKEN = "gw-secret"
    settings.LUUKKU_SMS_TIMEOUT = 1.0
    settings.LUUKKU_NOTIFY_BACKOFF_SECONDS = [30, 120, 600]


@pytest.fixture
def suomifi(settings):
    with SuomiFiMessages() as server:
        settings.LUUKKU_SUOMIFI_MESSAGES_URL = server.url
        settings.LUUKKU_SUOMIFI_MESSAGES_USERNAME = server.USERNAME
        settings.LUUKKU_SUOMIFI_MESSAGES_PASSWORD = server.PASSWORD
        settings.LUUKKU_SUOMIFI_MESSAGES_SERVICE_ID = "koivula-luukku"
        yield server


def choose(person, *channels, language=""):
    Preference.all_objects.update_or_create(person=person, defaults={
        "municipality_id": person.municipality_id, "channels": list(channels), "language": language})
