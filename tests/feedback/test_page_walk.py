"""Every resident feedback URL, filled with another reporter's ids and wrong or foreign tokens, by an
anonymous visitor, another resident and someone under the other municipality's address: never the
reporter's data, never a change. COVERED must name every pattern of luukku.feedback.urls."""

import re

import pytest
from django.core.cache import cache
from django.urls import URLPattern

from luukku.feedback import services, urls
from luukku.feedback.models import Feedback, Satisfaction, Status

from ..cases.conftest import make_person
from ..factories import UserFactory
from .conftest import INSIDE
from .test_pages import png

pytestmark = pytest.mark.django_db

# name → what its ids are: "open" pages anyone may use; "secret" need the follow-up token;
# "public" need a public item (A's item below is not public).
COVERED = {"give": "open", "near": "open", "thanks": "secret", "follow": "secret", "rate": "secret",
           "photo": "secret", "public": "public", "public_photo": "public"}
SECRETS = ["Reporter-A-secret-text-4e1f", "reporter-a@example.fi", "0409998877", "Salainen-Sukunimi"]


@pytest.fixture
def world(bordered, rules, street_fault, streets_handler, other_municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    fb = services.submit(municipality=bordered, category=street_fault, description=SECRETS[0], email=SECRETS[1],
                         phone=SECRETS[2], last_name=SECRETS[3], latitude=INSIDE[0], longitude=INSIDE[1],
                         photos=[png()])
    services.change_status(fb, Status.PUBLIC_WORKS_COMPLETED, by_user=streets_handler)
    return {"feedback": fb, "media": fb.media.get(), "municipality": bordered, "other": other_municipality,
            "bertil": make_person(bordered, "Bertil", "Björkman", user=UserFactory(username="bertil")),
            "carl": make_person(other_municipality, "Carl", "Kaukonen", user=UserFactory(username="carl"))}


def snapshot():
    return (Feedback.all_objects.count(), list(Feedback.all_objects.values_list("status", "updated_at")),
            Satisfaction.all_objects.count())


def test_the_walk_covers_every_feedback_page():
    assert {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)} == set(COVERED)


@pytest.mark.parametrize("who", ["anonymous", "bertil", "carl-at-home", "carl-in-a"])
def test_nobody_without_the_link_sees_or_changes_the_feedback(client, world, who):
    w = world
    if who != "anonymous":
        client.force_login(w[who.split("-")[0]].user)
    token = w["feedback"].token
    # At home the real token is tried under the other municipality's address; in A a near miss.
    near_miss = token[:-1] + ("y" if token.endswith("x") else "x")  # a near miss must differ from the token
    slug, token = (w["other"].slug, token) if who == "carl-at-home" else (w["municipality"].slug, near_miss)
    values = {"token": token, "media_id": w["media"].public_id, "feedback_id": w["feedback"].public_id}
    before = snapshot()
    problems = []
    for pattern in urls.urlpatterns:
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), str(pattern.pattern))
        url = f"/{slug}/fi/{path}"
        for method, data in (("get", None), ("post", {"score": "1", "reopen": "on", "description": "x"})):
            response = getattr(client, method)(url, data) if data else client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            shown = [s for s in SECRETS if s.encode() in body] + (["photo"] if body.startswith(b"\x89PNG") else [])
            if response.status_code >= 500 or shown:
                problems.append(f"{method} {url}: {response.status_code} {shown}")
            elif COVERED[pattern.name] != "open" and response.status_code not in (404, 405):
                problems.append(f"{method} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert snapshot() == before


def test_the_walk_would_see_the_feedback_with_the_right_link(client, world):
    """The control: the reporter's own link under A's address shows the text and the photo."""
    w = world
    base = f"/{w['municipality'].slug}/fi/palaute/seuranta/{w['feedback'].token}/"
    assert SECRETS[0].encode() in client.get(base).content
    assert client.get(f"{base}kuva/{w['media'].public_id}/").status_code == 200
