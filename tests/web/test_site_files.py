"""Files every site has: robots.txt (personal and staff pages are not for search engines, the catalogue is),
a favicon, and a README whose links lead somewhere."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Namespaces whose every page is a person's or staff's own; and those the public reads.
PRIVATE = {"staff", "feedback_staff", "proactive_staff", "frontoffice", "privacy", "cases", "eservices", "notify",
           "people", "twofactor", "proactive", "resident_api", "privacy_api", "admin"}
PUBLIC = {"catalogue", "api"}


def _rules(text: str) -> list[tuple[bool, str]]:
    rules = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in ("allow", "disallow") and value.strip():
            rules.append((field.strip().lower() == "allow", value.strip()))
    return rules


def _allowed(rules, path: str) -> bool:
    """As the major crawlers read robots.txt: `*` spans anything, the longest matching rule wins."""
    matching = [(len(pattern), allow) for allow, pattern in rules
                if re.match(re.escape(pattern).replace(r"\*", ".*"), path)]
    return max(matching)[1] if matching else True


def _routes(patterns=None, prefix="", namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern)


def _sample(route: str) -> str:
    route = route.replace("<slug:municipality>", "koivula").replace("<str:lang>", "fi")
    route = re.sub(r"<uuid:\w+>", "00000000-0000-4000-8000-000000000000", route)
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "x", route).lstrip("^").rstrip("$")


def test_robots_txt_keeps_crawlers_out_of_personal_and_staff_pages_but_not_the_catalogue(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    rules = _rules(response.content.decode())
    routes = list(_routes())
    private = [_sample(route) for namespace, _name, route in routes if namespace in PRIVATE]
    public = [_sample(route) for namespace, _name, route in routes if namespace in PUBLIC]
    assert len(private) > 50 and len(public) > 10
    assert [path for path in private if _allowed(rules, path)] == []
    assert [path for path in public if not _allowed(rules, path)] == []
    feedback = {name: _allowed(rules, _sample(route)) for namespace, name, route in routes if namespace == "feedback"}
    assert feedback["give"] and feedback["public"] and feedback["near"]
    assert not feedback["follow"] and not feedback["thanks"]  # a secret link is the reporter's own


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def _relative_links(path: Path):
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if not re.match(r"[a-z]+:|#", target):
            yield target.split("#")[0]


@pytest.mark.parametrize("document", ["README.md", *sorted(p.relative_to(ROOT).as_posix()
                                                             for p in (ROOT / "docs").rglob("*.md"))])
def test_every_relative_link_in_the_docs_resolves(document):
    path = ROOT / document
    missing = [target for target in _relative_links(path) if not (path.parent / target).exists()]
    assert missing == []


def test_readme_layout_lists_every_app():
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1]
    apps = sorted(p.parent.name for p in (ROOT / "src" / "luukku").glob("*/apps.py"))
    assert apps and [app for app in apps if f"src/luukku/{app} " not in layout] == []
    named = re.findall(r"`((?:docs|bench|scripts)/[^`]*)`", (ROOT / "README.md").read_text())
    assert [name for name in named if not (ROOT / name.rstrip("/")).exists()] == []
