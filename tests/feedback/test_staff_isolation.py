"""Every feedback back-office URL, filled with the ids of feedback of A's streets unit, walked by a
handler and a manager of another unit of A, and by staff of another municipality (under A's
address and their own): never the feedback's data, never a change. COVERED must name every
pattern of feedback/staff_urls.py: a new pattern fails here until it is walked."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from luukku.core.models import Role
from luukku.feedback import services
from luukku.feedback.models import Feedback, Forward, Note, Reply, StatusChange

from ..factories import MembershipFactory, UnitFactory, UserFactory
from .conftest import INSIDE
from .staff_helpers import SECRET_EMAIL, SECRET_PHONE, submit_fault

pytestmark = pytest.mark.django_db

# name → is it about one of A's feedback (then only 403/404/405 will do)?
COVERED = {
    "feedback_staff:home": False,  # everyone's own units; A's streets never listed to others
    "feedback_staff:record": False,  # records new feedback; the walk posts nothing valid
    "feedback_staff:recorded": True,
    "feedback_staff:queue": True,
    "feedback_staff:detail": True,
    "feedback_staff:photo": True,
    "feedback_staff:claim": True,
    "feedback_staff:assign": True,
    "feedback_staff:release": True,
    "feedback_staff:status": True,
    "feedback_staff:note": True,
    "feedback_staff:forward": True,
    "feedback_staff:reply": True,
    "feedback_staff:publish": True,
    "feedback_staff:duplicate": True,
}
NOTE = "Internal-feedback-note-5d2a"
DESCRIPTION = "Salainen-kuoppa-kuvaus-8e41 Koulukadulla."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, "PNG")
    return out.getvalue()


def feedback_patterns():
    """(key, full route) of every feedback_staff pattern, walked from the root resolver."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "feedback_staff":
                found.append((f"{namespace}:{p.name}", route))

    walk(get_resolver().url_patterns, "", None)
    return found


@pytest.fixture
def world(bordered, rules, street_fault, streets, streets_handler, other_municipality):
    handler = streets_handler
    fb = submit_fault(bordered, street_fault, text=DESCRIPTION, first_name="Raili", last_name="Raportoija",
                      email=SECRET_EMAIL, phone=SECRET_PHONE, recorded_by=handler,
                      photos=[SimpleUploadedFile("kuoppa.png", png(), "image/png")])
    other = submit_fault(bordered, street_fault, text="Toinen kuoppa vieressä.", lat=INSIDE[0] + 0.0002)
    services.add_note(fb, by_user=handler, text=NOTE)
    return {"feedback": fb, "other": other, "unit": streets, "media": fb.media.get(), "municipality": bordered,
            "foreign": other_municipality, "handler": handler,
            "secrets": [fb.reference, "Salainen-kuoppa-kuvaus-8e41", SECRET_EMAIL, SECRET_PHONE, NOTE, "Raportoija"]}


def snapshot():
    return {"feedback": list(Feedback.all_objects.order_by("pk").values_list(
                "status", "assignee_id", "unit_id", "publication", "public_answer", "duplicate_of_id")),
            "notes": Note.all_objects.count(), "replies": Reply.all_objects.count(),
            "forwards": Forward.all_objects.count(), "changes": StatusChange.all_objects.count()}


def test_the_walk_covers_every_feedback_staff_pattern():
    from luukku.feedback import staff_urls

    names = {f"feedback_staff:{p.name}" for p in staff_urls.urlpatterns}
    assert names == {key for key, _route in feedback_patterns()} == set(COVERED)


def fill(route, values):
    def one(match):
        assert match.group(2) in values, f"no value for <{match.group(2)}> in {route}: add it to the walk"
        return str(values[match.group(2)])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, route)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


@pytest.mark.parametrize("who", ["other-unit-handler", "other-unit-manager", "other-handler-in-a",
                                 "other-handler-at-home", "other-administrator-at-home"])
def test_other_staff_get_nothing_from_the_feedback_back_office(client, world, who):
    w = world
    own = w["municipality"] if who.startswith("other-unit") else w["foreign"]
    their_unit = UnitFactory(municipality=own, slug="muu-yksikko")
    role = {"other-unit-manager": Role.MANAGER, "other-administrator-at-home": Role.ADMINISTRATOR}.get(
        who, Role.CASE_HANDLER)
    intruder = UserFactory(username=f"intruder-{who}")
    MembershipFactory(municipality=own, user=intruder, role=role,
                      unit=None if role == Role.ADMINISTRATOR else their_unit)
    client.force_login(intruder)
    slug = w["foreign"].slug if who.endswith("at-home") else w["municipality"].slug
    values = {"municipality": slug, "lang": "fi", "feedback_id": w["feedback"].public_id,
              "unit_id": w["unit"].public_id, "media_id": w["media"].public_id}
    data = {"text": "Intruder", "body": "Intruder", "reason": "Intruder", "status": "REJECTED",
            "assignee": intruder.pk, "unit": str(their_unit.public_id), "publication": "public",
            "public_answer": "Intruder", "of": str(w["other"].public_id), "reference": w["other"].reference}
    before = snapshot()
    problems, walked = [], 0
    for key, route in feedback_patterns():
        url = fill(route, values)
        for method in ("get", "post"):
            response = getattr(client, method)(url, **({"data": dict(data)} if method == "post" else {}))
            status, body = response.status_code, _body(response)
            shown = [s for s in w["secrets"] if s.encode() in body]
            walked += 1
            if status >= 500 or shown:
                problems.append(f"{method.upper()} {url} ({key}): {status} shows {shown}")
            elif COVERED[key] and status not in (403, 404, 405):
                problems.append(f"{method.upper()} {url} ({key}): {status}")
    assert not problems, "\n".join(problems)
    assert walked == 2 * len(COVERED)
    assert snapshot() == before


def test_the_walk_would_see_the_data_of_the_feedbacks_own_unit(client, world):
    """The control: the unit's handler gets the page, the photo and the recorder's receipt."""
    w = world
    client.force_login(w["handler"])
    base = f"/{w['municipality'].slug}/fi/virkailija/palaute"
    page = client.get(f"{base}/{w['feedback'].public_id}/")
    assert page.status_code == 200 and NOTE.encode() in page.content and SECRET_EMAIL.encode() in page.content
    assert _body(client.get(f"{base}/{w['feedback'].public_id}/kuva/{w['media'].public_id}/")) == png()
    queue = client.get(f"{base}/jono/{w['unit'].public_id}/")
    assert w["feedback"].reference.encode() in queue.content
    assert w["feedback"].reference.encode() in client.get(f"{base}/kirjattu/{w['feedback'].public_id}/").content
