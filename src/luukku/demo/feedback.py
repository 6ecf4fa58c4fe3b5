"""Demo feedback: Koivula's border, feedback categories, routing rules, the partner system's API key
and 60 pieces of feedback from the last 60 days at every stage of handling. Everything goes through
luukku.feedback.services (with the clock moved to the day it happened), so references, routing,
history, replies and ratings are what real use makes. Idempotent: categories and rules are keyed by
code and priority; the feedback is made only when the municipality has none."""

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from luukku.core import clock
from luukku.core.models import AddressPoint, Unit
from luukku.feedback import config, services
from luukku.feedback.models import (
    ApiKey,
    Category,
    Channel,
    Feedback,
    Publication,
    RoutingRule,
    Status,
)
from luukku.people.models import Person

from .data import feedback as data

# A readable key that stays the same over reloads, printed by `luukku demo` (like the demo passwords).
DEMO_API_KEY = "koivula-demo-open311-2026"
API_KEY_NAME = "Koivula-sovellus"
SEED = 2026
DAYS = 60

HANDLERS = {"kuntatekniikka": "tekniikka", "varhaiskasvatuspalvelut": "kasittelija", "ymparistonsuojelu": "ymparisto"}
ADMIN, AGENT = "paakayttaja", "palvelupiste"  # the administrator handles units without a demo handler
RESIDENTS = {0: "asukas", 27: "asukas", 52: "asukas", 5: "asukas2", 48: "asukas2"}  # sample index → log-in
FORWARDS = {59: ("kirjasto", "Kirjaston infonäytöt ovat kirjaston hallinnassa.")}
SCORES = (5, 4, 2, 5)  # the reporters' ratings of the first closed items they can rate; 2 reopens
HIDDEN = {"varhaiskasvatus", "koulut"}  # complaints about named staff or pupils are not published
FIRST = ("Anna", "Mikko", "Sanna", "Juha", "Laura", "Timo", "Heidi", "Ville", "Riikka", "Jukka", "Elina", "Olli")
LAST = ("Virtanen", "Mäkinen", "Lehtonen", "Heikkinen", "Laine", "Koskinen", "Salo", "Rantanen", "Niemi", "Lindholm")


def load(municipality) -> None:
    municipality.boundary = data.BOUNDARY
    municipality.save(update_fields=["boundary"])
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=municipality)}
    categories = _categories(municipality)
    _rules(municipality, categories, units)
    api_key = _api_key(municipality)
    _address_points(municipality)
    if not Feedback.all_objects.filter(municipality=municipality).exists():
        _feedback(municipality, categories, api_key)


def _address_points(m) -> None:
    """The demo's address register: the places of the demo feedback (anew on every load)."""
    AddressPoint.all_objects.filter(municipality=m).delete()
    rows = []
    for lat, lon, address, zipcode in data.PLACES.values():
        street, _space, number = address.rpartition(" ")
        rows.append(AddressPoint(municipality=m, street={"fi": street}, number=number, postal_code=zipcode,
                                 latitude=lat, longitude=lon))
    AddressPoint.all_objects.bulk_create(rows)


def _categories(m) -> dict[str, Category]:
    out = {}
    for order, row in enumerate(data.CATEGORIES, start=1):
        fields = {k: v for k, v in row.items() if k not in ("code", "unit")}
        out[row["code"]], _ = Category.all_objects.update_or_create(
            municipality=m, code=row["code"], defaults={**fields, "order": order * 10, "active": True})
    return out


def _rules(m, categories, units) -> None:
    """The northern villages' roads first, then one rule per category, the catch-all last."""
    fallback = units[data.CATCH_ALL_UNIT]
    rows = [(categories[code], data.NORTH, data.NORTH_NAME, units.get(data.NORTH_UNIT, fallback), 10 + i)
            for i, code in enumerate(data.NORTH_CATEGORIES)]
    rows += [(categories[row["code"]], None, {}, units.get(row["unit"], fallback), 100 + i)
             for i, row in enumerate(data.CATEGORIES)]
    rows.append((None, None, {}, fallback, 900))
    for category, area, area_name, unit, priority in rows:
        RoutingRule.all_objects.update_or_create(
            municipality=m, category=category, priority=priority,
            defaults={"area": area, "area_name": area_name, "unit": unit, "active": True})


def _api_key(m) -> ApiKey:
    """The partner system's key: made like any key, then set to the published demo key."""
    api_key = ApiKey.all_objects.filter(municipality=m, name=API_KEY_NAME).first()
    if api_key is None:
        api_key, _secret = services.create_api_key(m, API_KEY_NAME)
    ApiKey.all_objects.filter(pk=api_key.pk).update(key_hash=services.hash_key(DEMO_API_KEY),
                                                    prefix=DEMO_API_KEY[:8], active=True)
    config.changed(m.pk)
    return api_key


def photo(seed: int, jpeg: bool) -> SimpleUploadedFile:
    """A small real image: grey asphalt with a dark hole, or a green park with a tree."""
    rng = random.Random(seed)
    image = Image.new("RGB", (160, 120), (120, 120, 118) if seed % 2 else (92, 140, 70))
    draw = ImageDraw.Draw(image)
    x, y = rng.randint(20, 90), rng.randint(20, 60)
    draw.ellipse((x, y, x + rng.randint(30, 60), y + rng.randint(20, 40)), fill=(40, 38, 36))
    draw.rectangle((0, 100, 160, 120), fill=(200, 200, 190))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if jpeg else "PNG")
    name, kind = (f"kuva-{seed}.jpg", "image/jpeg") if jpeg else (f"kuva-{seed}.png", "image/png")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=kind)


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöå", "aoa"))


def _attributes(code: str, index: int) -> dict:
    if code == "talvikunnossapito":
        return {"route_blocked": ("blocked", "difficult", "no")[index % 3]}
    if code == "katuvalo":
        return {"lights_out": 3 if index % 2 == 0 else 1}
    if code in ("leikkipaikat", "vesihuolto"):
        return {"danger" if code == "leikkipaikat" else "water_on_street": "yes" if index % 2 == 0 else "no"}
    return {}


def _reporter(rng, index, channel, residents) -> dict:
    person = residents.get(RESIDENTS.get(index))
    if person is not None:
        return {"person": person}
    if channel != Channel.API and rng.random() < 0.4:
        return {}  # anonymous
    first, last = rng.choice(FIRST), rng.choice(LAST)
    phone = f"+358 50 555 {rng.randint(1000, 9999)}" if channel == Channel.PHONE or rng.random() < 0.3 else ""
    return {"first_name": first, "last_name": last, "email": f"{_ascii(first)}.{_ascii(last)}@example.fi",
            "phone": phone}


def _feedback(m, categories, api_key) -> None:
    rng = random.Random(SEED)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[*HANDLERS.values(), ADMIN, AGENT])}
    residents = {p.user.username: p for p in Person.all_objects.filter(
        municipality=m, user__username__in=set(RESIDENTS.values())).select_related("user")}
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=m)}
    now = clock.now()
    rated = 0
    for index, sample in enumerate(data.SAMPLES):
        category = categories[sample["code"]]
        age = dt.timedelta(days=rng.uniform(0.2, DAYS))
        submitted = now - age
        channel = Channel.ONLINE if RESIDENTS.get(index) else rng.choices(
            [Channel.ONLINE, Channel.PHONE, Channel.SERVICE_POINT, Channel.API], [55, 15, 10, 20])[0]
        place = data.PLACES.get(sample["place"]) if sample["place"] else None
        location = {}
        if place:
            location = {"latitude": round(place[0] + rng.uniform(-0.0006, 0.0006), 6),
                        "longitude": round(place[1] + rng.uniform(-0.0010, 0.0010), 6),
                        "address": place[2], "zipcode": place[3]}
        with clock.frozen_at(submitted):
            feedback = services.submit(
                municipality=m, category=category, description=sample["text"], kind=sample["kind"],
                channel=channel, language=sample["language"], attributes=_attributes(sample["code"], index),
                api_key=api_key if channel == Channel.API else None,
                device_id="koivula-sovellus" if channel == Channel.API else "",
                recorded_by=users.get(AGENT) if channel in (Channel.PHONE, Channel.SERVICE_POINT) else None,
                photos=[photo(index, jpeg=index % 3 == 0)] if sample["photo"] else (),
                **location, **_reporter(rng, index, channel, residents))
        stage = 2 if age.days > 10 and rng.random() < 0.85 else 1 if age.days > 1 and rng.random() < 0.8 else 0
        rated += _handle(feedback, index, stage, submitted, now, rng, users, units, rated)


def _handle(feedback, index, stage, at, now, rng, users, units, rated_before: int) -> int:
    """Move the feedback along: in process (stage 1), done and answered (stage 2); publish; rate.
    Every step happens at a later moment, never after now. Returns 1 when it was rated."""
    if stage == 0:
        return 0
    sample = data.SAMPLES[index]
    code, lang, pw = sample["code"], sample["language"], feedback.category.public_works

    def by():
        return users.get(HANDLERS.get(feedback.unit.slug, ADMIN)) or users[ADMIN]

    at = min(at + dt.timedelta(hours=rng.uniform(1, 30)), now - dt.timedelta(minutes=30))
    with clock.frozen_at(at):
        if index in FORWARDS:
            to, reason = FORWARDS[index]
            feedback = services.forward(feedback, to_unit=units[to], by_user=by(), reason=reason)
        feedback = services.change_status(feedback, Status.PUBLIC_WORKS_IN_PROGRESS if pw else Status.IN_PROCESS,
                                          by_user=by())
        if rng.random() < 0.3:
            services.add_note(feedback, by_user=by(), text="Tilattu korjaus urakoitsijalta, arvio 1–2 viikkoa."
                              if pw else "Selvitetään yksikön kanssa, vastaus viikon sisällä.")
    if stage == 1:
        if pw:
            with clock.frozen_at(at + dt.timedelta(minutes=5)):
                services.publish(feedback, by_user=by(), publication=Publication.PUBLIC,
                                 public_answer=data.IN_PROGRESS[lang])
        return 0
    done = min(at + dt.timedelta(days=rng.uniform(0.5, feedback.category.sla_days * 1.4)),
               now - dt.timedelta(minutes=20))
    final, answer = Status.PROCESSED, data.ANSWERS[code][lang]
    if sample["kind"] == data.PRAISE:
        final = Status.ARCHIVED  # thanks passed on; nothing to do
    elif sample["kind"] == data.IDEA and rng.random() < 0.3:
        final, answer = Status.REJECTED, data.NOT_NOW[lang]
    elif pw:
        final = rng.choices([Status.PUBLIC_WORKS_COMPLETED, Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER,
                             Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION], [80, 10, 10])[0]
        answer = {Status.PUBLIC_WORKS_COMPLETED_SCHEDULED_LATER: data.SCHEDULED[lang],
                  Status.PUBLIC_WORKS_COMPLETED_REQUIRES_NO_ACTION: data.NO_ACTION[lang]}.get(final, answer)
    with clock.frozen_at(done):
        if feedback.person_id or feedback.email or feedback.phone:
            services.reply(feedback, by_user=by(), body=answer)
        feedback = services.change_status(feedback, final, by_user=by(), reason=answer)
        hidden = code in HIDDEN and sample["kind"] == data.COMPLAINT
        services.publish(feedback, by_user=by(), publication=Publication.HIDDEN if hidden else Publication.PUBLIC,
                         public_answer=answer)
    rated_at = done + dt.timedelta(hours=rng.uniform(2, 40))
    if rated_before >= len(SCORES) or rated_at >= now or not (feedback.person_id or feedback.email):
        return 0
    with clock.frozen_at(rated_at):
        score = SCORES[rated_before]
        services.rate(feedback, score=score, comment="Nopeaa toimintaa, kiitos!" if score > 3 else
                      "Asia ei ole vielä kunnossa, käykää katsomassa uudelleen.")
    return 1
