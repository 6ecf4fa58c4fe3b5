"""Helpers of the Open311 tests: photos, publishing through the services, and parsers of both formats."""

import json
import xml.etree.ElementTree as ET
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from luukku.feedback import services
from luukku.feedback.models import Publication

# The reporter's contact details: never in any GET answer.
SECRETS = ["salainen.ilmoittaja@example.fi", "+358 40 765 4321", "Salme", "Salaisenpoika", "device-3f9a1c",
           "account-7be2d0"]
CONTACT = {"email": SECRETS[0], "phone": SECRETS[1], "first_name": SECRETS[2], "last_name": SECRETS[3],
           "device_id": SECRETS[4], "account_id": SECRETS[5]}


def png(size=(4, 3), colour="red") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def photo(name="kuoppa.png", content=None):
    return SimpleUploadedFile(name, content if content is not None else png(), "image/png")


def parse(response, fmt):
    """JSON, or XML as an Element (the declaration says UTF-8)."""
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        return json.loads(response.content.decode("utf-8"))
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def assert_error(response, status, fmt="json"):
    """The standard's error format: [{"code", "description"}] / <errors><error><code/><description/>."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    data = parse(response, fmt)
    if fmt == "json":
        assert isinstance(data, list) and data
        assert all(set(item) == {"code", "description"} and isinstance(item["code"], int) and item["description"]
                   for item in data), data
        return [item["description"] for item in data]
    assert data.tag == "errors" and [e.tag for e in data] == ["error"] * len(data) and len(data)
    assert all([c.tag for c in e] == ["code", "description"] and e.findtext("code").isdigit() for e in data)
    return [e.findtext("description") for e in data]


def make_public(feedback, answer="", status=None, by_user=None):
    if status:
        services.change_status(feedback, status, by_user=by_user)
    return services.publish(feedback, by_user=by_user, publication=Publication.PUBLIC, public_answer=answer)
