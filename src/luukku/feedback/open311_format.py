"""Open311 GeoReport v2 output: the same data as JSON or as the standard's schemaless XML.

JSON follows the Spark convention of the spec (a list at the top for services, requests and
errors; an object for a service definition); XML has one root per resource and one element per
list item, UTF-8 with the XML declaration.
"""

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of each list item, by the list's own element name (the spec's ⇊ / ↴ pairs).
ITEM_TAGS = {"services": "service", "service_requests": "request", "attributes": "attribute",
             "values": "value", "errors": "error", "media_urls": "media_url"}
# Characters XML 1.0 cannot carry (control characters, lone surrogates): dropped, never escaped.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean_text(str(value))


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            element.append(_element(key, inner))
    elif isinstance(value, (list, tuple)):
        item_tag = ITEM_TAGS.get(tag, "item")
        for inner in value:
            element.append(_element(item_tag, inner))
    else:
        element.text = _scalar(value)
    return element


def to_xml(root: str, data) -> bytes:
    body = ET.tostring(_element(root, data), encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def to_json(data) -> bytes:
    # Text from the database is valid; anything odd from the query string is replaced, never a 500.
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "replace")


def render(data, fmt: str, root: str, *, status: int = 200) -> HttpResponse:
    """`data` (a list or a dict) as JSON, or as XML under the element `root`."""
    content = to_xml(root, data) if fmt == "xml" else to_json(data)
    response = HttpResponse(content, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"]))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def errors(items, fmt: str, status: int) -> HttpResponse:
    """The standard's error list: [{"code": 400, "description": "…"}] or <errors><error>…."""
    data = [{"code": int(code), "description": clean_text(str(description))} for code, description in items]
    return render(data, fmt if fmt in FORMATS else "json", "errors", status=status)
