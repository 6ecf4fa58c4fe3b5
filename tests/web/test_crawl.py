"""The proof: every URL pattern of the project, walked from the root resolver (a pattern added tomorrow is
crawled too), filled with the REAL ids of resident A's world, asked by GET and POST as another resident
of A's municipality, a staff member of another unit, a staff member of another municipality and an
anonymous visitor: no answer shows A's data, nothing in the database changes, nothing is a 500.

A path parameter is filled from the world by its name (bundles of ids that belong together: a case with
its attachment, a case with its decision…); the admin's object ids by the model in the route; an
unknown `<thing>_id` from a model called Thing with A's rows; anything else gets a harmless default
(a random uuid, a slug, 1). `test_the_crawl_says_what_it_could_fill` lists both kinds.
"""

import datetime as dt
import functools
import json
import re
import uuid

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from luukku.cases import services
from luukku.cases.models import PartnerOrganisation, Status
from luukku.core.models import Role
from luukku.eservices.models import Attachment
from luukku.feedback import services as feedback_services
from luukku.feedback.models import Category, Kind, RoutingRule
from luukku.people.models import Mandate, MandateKind, Person
from luukku.proactive.models import Mode, Offer, PlacementUnit, Rule

from ..cases.conftest import case_type, definition, make_draft, make_person, unit  # noqa: F401  (fixtures)
from ..factories import MembershipFactory, UnitFactory, UserFactory
from ..privacy.helpers import lawful

# Once, on PostgreSQL (the production engine, stricter than SQLite about what it stores): the crawl is
# the suite's longest test, and the suite has a time budget.
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="crawled once, on PostgreSQL")]

SECRET_FILE = b"%PDF-1.4\n% A-only-attachment-c4f1a2\n%%EOF\n"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"
ADDRESS = "Salaisentie 13 B 7"
EMAIL = "aino.vuotovaara@example.fi"
PHONE = "+358 40 765 4321"


# --- every pattern, as a template with {name} holes and the converter of each hole -----------------

def _regex_part(regex: str, kinds: dict) -> str:
    regex = regex.lstrip("^").replace("\\Z", "").rstrip("$")
    if regex in (".*", ".+"):
        return "nothing-here/"

    def hole(match):
        kinds[match.group(1)] = "regex"
        return "{%s}" % match.group(1)

    regex = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", hole, regex)
    return regex.replace("\\", "")


def _route_part(route: str, kinds: dict) -> str:
    def hole(match):
        kinds[match.group(2)] = match.group(1) or "str"
        return "{%s}" % match.group(2)

    return re.sub(r"<(?:(\w+):)?(\w+)>", hole, route)


def patterns():
    """[(key, template, {hole: converter})] of every pattern the project answers to."""
    found = []

    def walk(entries, prefix, kinds, namespace):
        for entry in entries:
            mine = dict(kinds)
            raw = str(entry.pattern)
            part = _regex_part(raw, mine) if isinstance(entry.pattern, RegexPattern) else _route_part(raw, mine)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + part, mine, entry.namespace or namespace)
            elif isinstance(entry, URLPattern):
                key = f"{namespace}:{entry.name}" if entry.name else prefix + part
                found.append((key, "/" + prefix + part, mine))

    walk(get_resolver().url_patterns, "", {}, None)
    return found


HOLE = re.compile(r"\{(\w+)\}")
ADMIN_MODEL = re.compile(r"^/admin/(\w+)/(\w+)/")


# --- A's world ---------------------------------------------------------------------------------------

@pytest.fixture
def world(municipality, other_municipality, case_type, definition, make_draft, unit, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    aino = make_person(municipality, "Aino", "Vuotovaara", user=UserFactory(username="aino"))
    aino.street_address, aino.postal_code, aino.post_office = ADDRESS, "99990", "Esimerkki"
    aino.email, aino.phone = EMAIL, PHONE
    aino.save()
    child = make_person(municipality, "Eetu", "Vuotovaara", birth=dt.date(2020, 6, 1))
    child.street_address = ADDRESS
    child.save()
    mandate = Mandate.all_objects.create(municipality=municipality, principal=child, agent=aino,
                                         kind=MandateKind.GUARDIAN, valid_from=dt.date(2020, 6, 1))
    bertil = make_person(municipality, "Bertil", "Björkman", user=UserFactory(username="bertil"))
    handler = UserFactory(username="kasittelija-x", is_staff=True)
    MembershipFactory(municipality=municipality, user=handler, unit=unit, role=Role.CASE_HANDLER)

    draft = make_draft(aino, child, data={"start": "2026-08-01"})
    open_case = services.submit_draft(make_draft(aino, child), by_person=aino)
    services.change_status(open_case, Status.IN_HANDLING, by_user=handler)
    asked = services.request_information(open_case, handler, "Handler-question-A-2e9d")
    message = services.send_message(open_case, by_person=aino, body="Aino-secret-message-5a1b",
                                    files=[SimpleUploadedFile("aino-salainen.pdf", SECRET_FILE, "application/pdf")])
    attachment = Attachment.all_objects.get(message=message)
    services.add_note(open_case, handler, "Internal-note-A-8c3f")
    decided = services.submit_draft(make_draft(aino), by_person=aino)
    services.change_status(decided, Status.IN_HANDLING, by_user=handler)
    decision = services.decide(decided, handler, "Decision-title-A-0b7e", "Decision body for Aino.", "fi")
    handed = services.submit_draft(make_draft(aino), by_person=aino)
    partner = PartnerOrganisation.all_objects.create(municipality=municipality, name={"fi": "Kumppani"})
    lawful(handed.case_type, partner)  # the hand-over needs a consent or a legal basis
    handover = services.hand_over(handed, handler, partner, "Handover-reason-A-6d2a")

    category = Category.all_objects.create(municipality=municipality, code="general", name={"fi": "Yleinen"},
                                           kinds=[Kind.COMPLAINT])
    RoutingRule.all_objects.create(municipality=municipality, category=None, unit=unit, priority=90)
    feedback = feedback_services.submit(
        municipality=municipality, category=category, description="Feedback-text-A-91fe", person=aino,
        first_name="Aino", last_name="Vuotovaara", email=EMAIL, phone=PHONE, kind=Kind.COMPLAINT)

    rule = Rule.all_objects.create(
        municipality=municipality, slug="esiopetus", name={"fi": "Esiopetus"}, mode=Mode.OFFER, age=6,
        offer_title={"fi": "Esiopetuspaikka"}, offer_text={"fi": "Paikka on varattu."}, change_case_type=case_type)
    place = PlacementUnit.all_objects.create(municipality=municipality, rule=rule, unit=unit, name={"fi": "Koulu"},
                                             latitude=61.44, longitude=25.10, capacity=3)
    offer = Offer.all_objects.create(municipality=municipality, reference="TARJ-A-4471", rule=rule, person=child,
                                     mode=Mode.OFFER, placement_unit=place, deadline=dt.date(2099, 1, 1))

    unit_y = UnitFactory(municipality=municipality, slug="tekninen-y")
    other_unit = UnitFactory(municipality=other_municipality, slug="toinen-yksikko")
    case = {"case_id": open_case.public_id, "attachment_id": attachment.public_id, "message_id": asked.public_id,
            "person_id": aino.public_id, "unit_id": unit.public_id, "draft_id": draft.public_id, "page": 1,
            "case_type_slug": case_type.slug, "case_type": case_type.slug}
    bundles = [  # ids that belong together; a pattern is crawled with each bundle that fills most of its holes
        case,
        {"case_id": decided.public_id, "decision_id": decision.public_id},
        {"case_id": handed.public_id, "handover_id": handover.public_id},
        {"person_id": child.public_id, "mandate_id": mandate.public_id},
        {"feedback_id": feedback.public_id, "service_request_id": feedback.reference, "unit_id": unit.public_id},
        {"offer_id": offer.public_id, "rule_id": rule.public_id},
        {"draft_id": draft.public_id, "page": 1},
    ]
    return {
        "municipality": municipality, "other": other_municipality, "aino": aino, "child": child, "bertil": bertil,
        "handler": handler, "unit": unit, "unit_y": unit_y, "other_unit": other_unit, "bundles": bundles,
        "open": open_case, "draft": draft, "attachment": attachment, "asked": asked, "partner": partner,
        "secrets": [aino.hetu, child.hetu, "Vuotovaara", ADDRESS, EMAIL, PHONE,
                    open_case.reference, decided.reference, handed.reference, feedback.reference, "TARJ-A-4471",
                    "Handler-question-A-2e9d", "Aino-secret-message-5a1b", "aino-salainen", "A-only-attachment-c4f1a2",
                    "Internal-note-A-8c3f", "Decision-title-A-0b7e", "Handover-reason-A-6d2a", "Feedback-text-A-91fe"],
    }


# --- filling the holes --------------------------------------------------------------------------------

DEFAULTS = {"uuid": lambda: str(uuid.uuid4()), "int": lambda: "1", "slug": lambda: "ei-ole", "path": lambda: "x",
            "str": lambda: "x", "regex": lambda: "x"}


def _rows_of_a(model, w):
    """Up to two of A's rows of `model` (or rows of A's municipality), for an admin or `<thing>_id` hole."""
    manager = getattr(model, "all_objects", model._base_manager)
    rows = manager.all()
    if any(f.name == "municipality" for f in model._meta.fields):
        rows = rows.filter(municipality=w["municipality"])
    people = [f.name for f in model._meta.fields if f.related_model is not None
              and f.related_model._meta.label == "people.Person"]
    if people:
        mine = rows.filter(**{f"{people[0]}__in": [w["aino"], w["child"]]})
        rows = mine if mine.exists() else rows
    return list(rows.order_by("pk")[:2])


@functools.cache
def _model_called(name):
    wanted = name.removesuffix("_id").replace("_", "")
    return next((m for m in apps.get_models() if m._meta.model_name == wanted), None)


def fillings(template, kinds, w, municipality_slug):
    """[(url, {hole: 'real' | 'default'})]: the pattern filled with each bundle of real ids that fits."""
    holes = HOLE.findall(template)
    base = {"municipality": municipality_slug, "lang": "fi", "fmt": "json", "app_label": "cases",
            "kind": "accepted"}
    admin = ADMIN_MODEL.match(template)
    if admin and "object_id" in holes:
        model = apps.get_model(admin.group(1), admin.group(2)) if admin.group(2) != "{app_label}" else None
        rows = _rows_of_a(model, w)[:1] if model is not None else []  # (one: the admin's pages are the slow ones)
        options = [{"object_id": row.pk} for row in rows] or [{}]
    elif "content_type_id" in holes:  # the admin's "view on site"
        from django.contrib.contenttypes.models import ContentType

        options = [{"content_type_id": ContentType.objects.get_for_model(w["open"]).pk, "object_id": w["open"].pk}]
    else:
        scored = [(sum(h in bundle for h in holes), bundle) for bundle in w["bundles"]]
        best = max(score for score, _bundle in scored)
        options = [bundle for score, bundle in scored if score == best > 0] or [{}]
        for name in holes:  # an unknown `<thing>_id`: A's rows of a model called Thing
            if name.endswith("_id") and all(name not in o for o in options) and (model := _model_called(name)):
                field = "public_id" if kinds.get(name) == "uuid" and hasattr(model, "public_id") else "pk"
                rows = _rows_of_a(model, w)
                if rows:
                    options = [{**o, name: getattr(rows[0], field)} for o in options]
    out = []
    for option in options:
        how, values = {}, {}
        for name in holes:
            if name in option or name in base:
                values[name], how[name] = str(option.get(name, base.get(name))), "real"
            else:
                values[name], how[name] = DEFAULTS.get(kinds.get(name, "str"), DEFAULTS["str"])(), "default"
        out.append((HOLE.sub(lambda m: values[m.group(1)], template), how))
    return out


# --- who asks, what they send ---------------------------------------------------------------------------

def _staff(municipality, username, roles, unit):
    user = UserFactory(username=username, is_staff=True)
    for role in roles:
        MembershipFactory(municipality=municipality, user=user, role=role,
                          unit=None if role == Role.ADMINISTRATOR else unit)
    return user


def persona(w, who):
    """(user or None, the municipality slug they use) for each intruder."""
    if who == "resident-b":
        return w["bertil"].user, w["municipality"].slug
    if who == "staff-of-unit-y":
        roles = [Role.CASE_HANDLER, Role.MANAGER]  # (a service-point agent serves every resident: by design)
        return _staff(w["municipality"], "staff-y", roles, w["unit_y"]), w["municipality"].slug
    if who.startswith("staff-of-other-municipality"):
        roles = [Role.ADMINISTRATOR, Role.CASE_HANDLER, Role.MANAGER, Role.SERVICE_POINT_AGENT]
        user = _staff(w["other"], "staff-other", roles, w["other_unit"])
        return user, (w["other"].slug if who.endswith("at-home") else w["municipality"].slug)
    return None, w["municipality"].slug


def post_data(w, intruder_pk):
    """Plausible form fields, aimed at A's things (never A's secrets: a form may echo what was typed)."""
    return {
        "body": "Intruder text", "reason": "Intruder", "text": "Intruder", "confirm": "on", "action": "accept",
        "for_whom": str(w["child"].public_id), "delete": str(w["draft"].public_id), "version": "1",
        "definition_version": "1", "start": "1.8.2026", "time": "full", "remove": str(w["attachment"].public_id),
        "status": "closed", "assignee": str(intruder_pk or ""), "unit": str(w["unit_y"].public_id),
        "partner": str(w["partner"].public_id), "answer_to": str(w["asked"].public_id), "score": "5",
        "publication": "public", "person": str(w["aino"].public_id), "municipality": w["other"].slug,
        "username": "aino", "password": "x",
    }


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _login(client, user):
    if user is not None:
        client.force_login(user)


# --- nothing changes ---------------------------------------------------------------------------------

# Rows an intruder's requests may add (or touch): logs of the requests themselves, not A's data.
MAY_CHANGE = {
    "core.auditevent": "every staff read of personal data is logged, refused or not",
    "sessions.session": "the session of the one asking",
    "axes.accessattempt": "failed logins are counted", "axes.accessfailurelog": "failed logins are logged",
    "axes.accesslog": "logins are logged",
    "auth.user": "last_login of the one asking",
    "core.ratecount": "rate limits count the posts of every client",
}


def own_rows(diff: list[str], before, after, user) -> list[str]:
    """The intruder's own self-service leaves rows about themself (a copy of their own data and its
    event): not a change to anyone else's data."""
    if user is None:
        return diff
    exports = {str(row["public_id"]) for pk, row in after.get("privacy.dataexport", {}).items()
               if pk not in before.get("privacy.dataexport", {}) and row["requested_by_id"] == user.pk
               and row["person_id"] in {p.pk for p in Person.all_objects.filter(user=user)}}
    mine = {f"new row {row}" for label, rows in after.items() for pk, row in rows.items()
            if pk not in before.get(label, {}) and (
                (label == "privacy.dataexport" and str(row["public_id"]) in exports)
                or (label == "core.domainevent" and row["object_id"] in exports))}
    return [line for line in diff if line.split(": ", 1)[1] not in mine]


def database(w):
    """Every row of every model: {label: {pk: values}}."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in MAY_CHANGE or model._meta.proxy:
            continue
        manager = getattr(model, "all_objects", model._base_manager)
        fields = [f.attname for f in model._meta.concrete_fields]
        state[label] = {row["pk"]: row for row in manager.values("pk", *fields)}
    return state


def changes(before, after):
    out = []
    for label, rows in after.items():
        old = before.get(label, {})
        out += [f"{label}: new row {row}" for pk, row in rows.items() if pk not in old]
        out += [f"{label}: changed {old[pk]} -> {row}" for pk, row in rows.items() if pk in old and old[pk] != row]
        out += [f"{label}: deleted {old[pk]}" for pk in old if pk not in rows]
    return out


# --- the crawl ------------------------------------------------------------------------------------------

def crawl(w, user, slug, methods=("get", "post"), only=lambda template: True):
    """Ask every pattern as `user`; return the problems (500s and A's secrets shown) and the fill report."""
    client = Client()
    _login(client, user)
    secrets = w["secrets"]
    problems, report = [], {}
    for key, template, kinds in patterns():
        if not only(template):
            continue
        for url, how in fillings(template, kinds, w, slug):
            report.setdefault(key, how)
            for method in methods:
                if method == "post" and template.endswith("/history/"):
                    continue  # the admin's history answers POST as GET: asked once
                if method == "get":
                    response = client.get(url)
                elif url.startswith("/api/"):
                    data = {k: v for k, v in post_data(w, getattr(user, "pk", None)).items()}
                    response = client.post(url, json.dumps(data), content_type="application/json")
                else:
                    data = post_data(w, getattr(user, "pk", None))
                    data["files"] = SimpleUploadedFile("intruder.pdf", PDF, "application/pdf")
                    response = client.post(url, data)
                    if user is not None and "_auth_user_id" not in client.session:
                        _login(client, user)  # a logout pattern ended the session: the crawl goes on
                status, body = response.status_code, _body(response)
                shown = [s for s in secrets if s.encode() in body]
                if status >= 500:
                    problems.append(f"{method.upper()} {url} ({key}): {status}")
                elif shown:
                    problems.append(f"{method.upper()} {url} ({key}): {status} shows {shown}")
    return problems, report


@pytest.mark.parametrize("who", ["resident-b", "staff-of-unit-y", "staff-of-other-municipality",
                                 "staff-of-other-municipality-at-home", "anonymous"])
def test_nobody_else_gets_a_residents_data_or_changes_anything_by_any_url(world, who):
    user, slug = persona(world, who)  # (their rows first: only what their requests do is compared)
    before = database(world)
    at_home = who.endswith("at-home")  # the admin's URLs hold no municipality: crawled once, not twice
    problems, _report = crawl(world, user, slug, only=lambda template: not (at_home and template.startswith("/admin/")))
    assert not problems, "\n".join(problems)
    after = database(world)
    changed = own_rows(changes(before, after), before, after, user)
    assert not changed, "\n".join(changed)


def test_the_crawl_would_see_a_residents_data_when_it_is_hers(world):
    """The control: A herself, on the same crawl (GET, her pages), is shown her secrets (it is not blind)."""
    problems, _report = crawl(world, world["aino"].user, world["municipality"].slug, methods=("get",),
                              only=lambda template: not template.startswith("/admin/"))
    shown = " ".join(problems)
    assert "500" not in [p.split(": ")[1][:3] for p in problems]
    for secret in ("Vuotovaara", "Aino-secret-message-5a1b", "Decision-title-A-0b7e", "TARJ-A-4471",
                   world["open"].reference, "A-only-attachment-c4f1a2"):
        assert secret in shown, secret


def test_the_crawl_says_what_it_could_fill(world):
    """Which patterns the crawl filled with real ids of A's world, and which holes only got a default
    (a new pattern lands in the second list until its ids are added to the world's bundles)."""
    real, defaulted = [], []
    for key, template, kinds in patterns():
        for _url, how in fillings(template, kinds, world, "esimerkki"):
            (defaulted if "default" in how.values() else real).append(
                f"{key} {template} " + ", ".join(f"{h}={v}" for h, v in how.items()))
    print("Filled with real ids:", *sorted(set(real)), "With a default value:", *sorted(set(defaulted)), sep="\n  ")
    must = {"cases:case", "cases:attachment", "cases:decision_pdf", "eservices:page", "staff:handover_package",
            "resident_api:case", "staff_api:person", "feedback_staff:detail", "proactive:offer",
            "frontoffice:person", "admin:people_person_change", "admin:cases_case_change"}
    filled = {line.split(" ")[0] for line in real}
    assert must <= filled, must - filled
