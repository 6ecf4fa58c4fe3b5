"""The demo's hearings: the shore block's zoning plan draft open for comments (three sections, the
draft as a PDF and its map as a PNG, a place and an area in Koivula, comments with votes, one hidden
by the moderator), and the traffic safety plan's hearing, closed and waiting for its report.

Through luukku.hearings.services at the moment each step happened. Comments and votes come from
visitors without an account (both hearings are open to anyone), each its own browser session."""

import datetime as dt
import io
from decimal import Decimal
import random
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from luukku.core import clock
from luukku.hearings import services
from luukku.hearings.models import Hearing, Participation, Status

from ..data import participation as data
from ..data.feedback import PLACES

SEED = 2027


class Visitor(SimpleNamespace):
    """What hearings.services reads of a request for a hearing open to anyone: the user (here
    anonymous) and the browser session whose key the comment or vote is kept under."""

    def __init__(self, key: str):
        super().__init__(user=AnonymousUser(), session=SimpleNamespace(session_key=f"demo-{key}", save=lambda: None))


def load(municipality) -> None:
    manager = get_user_model().objects.filter(username=data.STAFF).first()
    today = clock.today()
    now = clock.now()
    opens = dt.datetime.combine(today - dt.timedelta(days=12), dt.time(9), tzinfo=clock.HELSINKI)
    closes = dt.datetime.combine(today + dt.timedelta(days=16), dt.time(16), tzinfo=clock.HELSINKI)
    existing = Hearing.all_objects.filter(municipality=municipality, title=data.OPEN_HEARING["title"]).first()
    if existing is None:
        _hearing(municipality, data.OPEN_HEARING, opens, closes, manager, close=False)
    elif not services.is_open(existing, now):  # an old demo database: open it again
        Hearing.all_objects.filter(pk=existing.pk).update(opens_at=opens, closes_at=closes)
    if not Hearing.all_objects.filter(municipality=municipality, title=data.CLOSED_HEARING["title"]).exists():
        _hearing(municipality, data.CLOSED_HEARING, opens - dt.timedelta(days=60), opens - dt.timedelta(days=15),
                 manager, close=True)


def _hearing(m, row, opens, closes, manager, *, close: bool) -> Hearing:
    rng = random.Random(f"{SEED}:{row['title']}")
    lat, lon, _address, _zipcode = PLACES[row["place"]]
    geojson = {"type": "Polygon", "coordinates": [[list(p) for p in (*row["area"], row["area"][0])]]} \
        if row["area"] else {}
    prepared = opens - dt.timedelta(days=3)
    with clock.frozen_at(prepared):
        hearing = services.create_hearing(
            municipality=m, by_user=manager, title=row["title"], abstract=row["abstract"],
            latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lon:.6f}"), geojson=geojson, opens_at=opens,
            closes_at=closes, participation=Participation.ANYONE, labels=row["labels"])
        sections = [services.add_section(hearing, title=title, text=text, upload=_file(name) if name else None,
                                         by_user=manager)
                    for title, text, name in row["sections"]]
    with clock.frozen_at(prepared + dt.timedelta(days=2)):
        hearing = services.change_status(hearing.pk, Status.PUBLISHED, municipality=m, by_user=manager)
    last = min(closes, clock.now()) - dt.timedelta(hours=1)
    span = (last - opens).total_seconds()
    visitors = 0
    hidden_text, reason = row["hidden"] or ("", "")
    for n, (section, name, text, votes) in enumerate(row["comments"]):
        written = opens + dt.timedelta(seconds=span * (n + rng.random()) / (len(row["comments"]) + 1))
        visitors += 1
        with clock.frozen_at(written):
            comment = services.comment(hearing, Visitor(f"{hearing.public_id}-{visitors}"), text=text,
                                       section=sections[section] if section is not None else None, shown_name=name)
        for _ in range(votes):
            visitors += 1
            with clock.frozen_at(written + dt.timedelta(seconds=rng.uniform(60, (last - written).total_seconds()))):
                services.vote(comment, Visitor(f"{hearing.public_id}-{visitors}"))
        if hidden_text and text.startswith(hidden_text):
            with clock.frozen_at(written + dt.timedelta(hours=2)):
                services.hide(comment, reason=reason, by_user=manager)
    if close:
        with clock.frozen_at(closes + dt.timedelta(hours=1)):
            hearing = services.change_status(hearing.pk, Status.CLOSED, municipality=m, by_user=manager)
    return hearing


def _file(name: str) -> SimpleUploadedFile:
    if name.endswith(".pdf"):
        return SimpleUploadedFile(name, draft_pdf(), content_type="application/pdf")
    return SimpleUploadedFile(name, plan_map_png(), content_type="image/png")


def draft_pdf() -> bytes:
    """A one-page PDF of the draft's summary (PDF 1.4, Helvetica in WinAnsi: Finnish letters as Latin-1)."""
    lines = ["Koivulan kunta - Tekninen toimiala", "", "RANTAKORTTELIN ASEMAKAAVALUONNOS", "",
             "Kaava-alue: vanhan meijerin tontti ja ranta, noin 2,4 ha.",
             "Asuntoja noin 250 asukkaalle, liiketiloja ja julkinen rantapuisto.",
             "Meijerin tiilirakennus ja piippu säilytetään.",
             "Rakennukset 3-5 kerrosta, rannan puolella porrastuen matalammiksi.",
             "Ajo kortteliin Rantakadulta, asukaspysäköinti pihakannen alla.",
             "Rantaan 3 metriä leveä kävelyn ja pyöräilyn reitti.", "",
             "Luonnos on nähtävillä ja sitä voi kommentoida Koivulan kuulemissivulla.",
             "Tämä on demoaineisto."]

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    body = stream.encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def plan_map_png() -> bytes:
    """A schematic zoning map: the lake, the shore park, the blocks and the old dairy."""
    image = Image.new("RGB", (480, 320), (246, 244, 236))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 250), (480, 200), (480, 320), (0, 320)], fill=(160, 200, 230))  # the lake
    draw.polygon([(0, 215), (480, 165), (480, 200), (0, 250)], fill=(150, 200, 130))  # the shore park
    draw.rectangle((0, 20, 480, 40), fill=(200, 200, 200))  # Rantakatu
    for x in (40, 170, 300):
        draw.rectangle((x, 60, x + 100, 120), fill=(220, 150, 120), outline=(90, 60, 50), width=2)
    for x in (60, 150, 240, 330):
        draw.rectangle((x, 135, x + 60, 160), fill=(240, 200, 160), outline=(90, 60, 50), width=2)
    draw.rectangle((400, 60, 460, 150), fill=(170, 70, 50), outline=(60, 30, 20), width=2)  # the dairy
    draw.line([(0, 232), (480, 182)], fill=(120, 90, 60), width=3)  # the shore path
    draw.text((8, 24), "Rantakatu", fill=(40, 40, 40))
    draw.text((404, 100), "Meijeri", fill=(255, 255, 255))
    draw.text((180, 280), "Koivulanjärvi", fill=(30, 60, 90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
