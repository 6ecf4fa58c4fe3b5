"""The staff pages as a manager uses them: creating a hearing (bad input refused in words, what was
typed kept), sections with checked attachments, the status through its one door, and the report for
the decision-maker as XLSX and PDF, with no commenter identity beyond the name they chose."""

import datetime as dt
import io
import re
import zipfile

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.hearings import services
from luukku.hearings.models import Attachment, Comment, Hearing, HearingChange, Status

from ..cases.pdftext import pdf_text
from ..photos import CAMERA, jpeg_with_gps
from .conftest import login, make_hearing, url

GOOD = {"title": "Uusi kirjasto", "abstract": "Kirjaston sijainti", "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-02-01T16:00", "participation": "registered", "latitude": "60.1", "longitude": "24.9",
        "geojson_text": '{"type": "Point", "coordinates": [24.9, 60.1]}'}


def test_a_manager_creates_a_hearing_and_bad_input_is_refused_with_the_typing_kept(world):
    m = world["municipality"]
    manager = login(world["manager"])
    bad = {**GOOD, "closes_at": "2025-12-01T09:00", "latitude": "60.1", "longitude": "",
           "geojson_text": "{not json"}
    response = manager.post(url("staff_list", municipality=m), bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "must close after it opens" in page and "both the latitude and the longitude" in page
    assert "not valid GeoJSON" in page and 'value="Uusi kirjasto"' in page
    response = manager.post(url("staff_list", municipality=m), GOOD)
    hearing = Hearing.all_objects.get(title="Uusi kirjasto")
    assert response.status_code == 302 and hearing.status == Status.DRAFT
    assert hearing.municipality == m and hearing.geojson == {"type": "Point", "coordinates": [24.9, 60.1]}
    assert hearing.participation == "registered"


def test_sections_take_attachments_checked_and_stripped_as_every_upload(world):
    m = world["municipality"]
    hearing = make_hearing(m, title="Luonnos", status=Status.DRAFT)
    manager = login(world["manager"])
    target = url("add_section", hearing.public_id, municipality=m)
    fake = SimpleUploadedFile("kartta.png", b"<html>not an image</html>", content_type="image/png")
    response = manager.post(target, {"title": "Kartta", "text": "Katso liite", "attachment": fake})
    assert response.status_code == 400 and 'value="Kartta"' in response.content.decode()
    assert not hearing.sections.filter(title="Kartta").exists()
    photo = SimpleUploadedFile("tori.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert manager.post(target, {"title": "Kartta", "text": "Katso liite", "attachment": photo}).status_code == 302
    attachment = Attachment.all_objects.get(section__title="Kartta")
    stored = attachment.file.read()
    assert attachment.content_type == "image/jpeg" and CAMERA.encode() not in stored
    services.change_status(hearing.pk, Status.PUBLISHED, municipality=m, by_user=world["manager"])
    public = Client().get(url("hearing", hearing.public_id, municipality=m)).content.decode()
    assert "Kartta" in public and "tori.jpg" in public
    download = Client().get(url("attachment", attachment.public_id, municipality=m))
    assert download.status_code == 200 and b"".join(download.streaming_content) == stored


def test_status_moves_through_the_lifecycle_and_refuses_a_jump(world):
    m = world["municipality"]
    manager = login(world["manager"])
    manager.post(url("staff_list", municipality=m), GOOD)
    hearing = Hearing.all_objects.get(title="Uusi kirjasto")
    status_url = url("change_status", hearing.public_id, municipality=m)
    page = manager.post(status_url, {"to": Status.REPORTED}, follow=True).content.decode()
    assert "cannot be made" in page
    for to in (Status.PUBLISHED, Status.CLOSED, Status.REPORTED):
        manager.post(status_url, {"to": to})
    hearing.refresh_from_db()
    assert hearing.status == Status.REPORTED
    assert [c.to_status for c in HearingChange.all_objects.filter(hearing=hearing)] == ["published", "closed",
                                                                                        "reported"]
    assert DomainEvent.all_objects.filter(kind="hearings.hearing.status_changed", object_id=str(hearing.public_id)
                                          ).count() == 3


def _commented(world):
    """Aino comments under a name she chose, Bertil signed in but anonymous, a visitor with a formula;
    Bertil's comment is hidden with a reason."""
    m, hearing = world["municipality"], world["hearing"]
    traffic = hearing.sections.get(title="Liikenne")
    aino = login(world["aino"].user)
    aino.post(url("hearing", hearing.public_id, municipality=m),
              {"text": "Lisää pyöräteitä", "section": str(traffic.public_id), "shown_name": "Aino A."})
    Client().post(url("hearing", hearing.public_id, municipality=m),
                  {"text": "=HYPERLINK(\"x\")", "section": str(traffic.public_id), "shown_name": ""})
    login(world["bertil"].user).post(url("hearing", hearing.public_id, municipality=m),
                                     {"text": "Asiaton", "section": "", "shown_name": ""})
    liked = Comment.all_objects.get(text="Lisää pyöräteitä")
    login(world["bertil"].user).post(url("vote", hearing.public_id, liked.public_id, municipality=m))
    Client().post(url("vote", hearing.public_id, liked.public_id, municipality=m))
    services.hide(Comment.all_objects.get(text="Asiaton"), reason="Loukkaava", by_user=world["manager"])
    return hearing


def _identities(world):
    """What must never show of the commenters: real names, user names, identity codes."""
    people = (world["aino"], world["bertil"])
    return [*(p.last_name for p in people), "Bertil", *(p.hetu for p in people), *(p.user.username for p in people)]


def test_the_xlsx_report_shows_chosen_names_only_and_hidden_comments_marked_with_the_reason(world):
    hearing = _commented(world)
    response = login(world["manager"]).get(url("report_xlsx", hearing.public_id, municipality=world["municipality"]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        sheets = [book.read(n).decode() for n in sorted(book.namelist()) if n.startswith("xl/worksheets/sheet")]
    assert "Liikenne" in strings and "Viheralueet" in strings and "Lisää pyöräteitä" in strings
    assert "Aino A." in strings and "anonymous" in strings
    # The hidden comment is there for the decision-maker, marked as hidden with the moderator's reason.
    assert "Asiaton" in strings and "Hidden. Reason: Loukkaava" in strings
    for identity in _identities(world):
        assert identity not in strings, identity
    assert "<f>" not in "".join(sheets)  # a comment that looks like a formula stays text
    # Liikenne: 2 comments, 2 votes, 0 hidden; the whole hearing: 0 visible, 1 hidden.
    summary = sheets[0]
    values = re.findall(r'<c r="([B-D]\d+)"[^>]*><v>(\d+)</v>', summary)
    cells = dict(values)
    assert (cells["B4"], cells["D4"]) == ("0", "1") and (cells["B5"], cells["C5"]) == ("2", "2")


def test_the_pdf_report_and_the_staff_page_show_chosen_names_only_and_the_hidden_comment_apart(world):
    hearing, m = _commented(world), world["municipality"]
    manager = login(world["manager"])
    response = manager.get(url("report_pdf", hearing.public_id, municipality=m))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Liikenne" in text and "Viheralueet" in text and "Lisää pyöräteitä" in text and "Aino A." in text
    hidden_part = text[text.index("Hidden by moderation"):]
    assert "Asiaton" in hidden_part and "Hidden. Reason: Loukkaava" in hidden_part
    assert "Asiaton" not in text[:text.index("Hidden by moderation")]
    staff_page = manager.get(url("staff_hearing", hearing.public_id, municipality=m)).content.decode()
    assert "Aino A." in staff_page and "Asiaton" in staff_page and "Loukkaava" in staff_page
    for identity in _identities(world):
        assert identity not in text and identity not in staff_page, identity
    public = Client().get(url("hearing", hearing.public_id, municipality=m)).content.decode()
    assert "Lisää pyöräteitä" in public and "Asiaton" not in public and "Loukkaava" not in public


def test_reports_are_for_staff_of_the_municipality_only(world):
    hearing, m = world["hearing"], world["municipality"]
    assert Client().get(url("report_xlsx", hearing.public_id, municipality=m)).status_code == 302
    assert login(world["aino"].user).get(url("report_pdf", hearing.public_id, municipality=m)).status_code == 403
    other = world["other_municipality"]
    assert login(world["foreign_manager"]).get(
        url("report_xlsx", hearing.public_id, municipality=other)).status_code == 404


def test_a_draft_is_edited_reordered_and_pruned_and_once_published_its_content_is_refused_in_words(
        world, django_capture_on_commit_callbacks):
    m = world["municipality"]
    manager = login(world["manager"])
    hearing = make_hearing(m, title="Luonnos", status=Status.DRAFT)
    traffic, green = hearing.sections.get(title="Liikenne"), hearing.sections.get(title="Viheralueet")
    edit = url("edit_section", hearing.public_id, traffic.public_id, municipality=m)
    # Bad input keeps the typing; a good edit saves and adds an attachment.
    response = manager.post(edit, {"title": "", "text": "Uusi teksti"})
    assert response.status_code == 400 and "Uusi teksti" in response.content.decode()
    photo = SimpleUploadedFile("tori.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert manager.post(edit, {"title": "Liikenne ja pysäköinti", "text": "Uusi teksti",
                               "attachment": photo}).status_code == 302
    traffic.refresh_from_db()
    assert (traffic.title, traffic.text) == ("Liikenne ja pysäköinti", "Uusi teksti")
    attachment = traffic.attachments.get()
    stored_name = attachment.file.name
    # Reorder: the first one down; at the end nothing moves.
    manager.post(url("move_section", hearing.public_id, traffic.public_id, municipality=m), {"direction": "down"})
    manager.post(url("move_section", hearing.public_id, traffic.public_id, municipality=m), {"direction": "down"})
    assert [s.title for s in hearing.sections.all()] == ["Viheralueet", "Liikenne ja pysäköinti"]
    # Remove the attachment (its file too), delete a section; the hearing's own fields and labels.
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row is gone for good
        manager.post(url("remove_attachment", hearing.public_id, attachment.public_id, municipality=m))
    assert not Attachment.all_objects.filter(pk=attachment.pk).exists() and not default_storage.exists(stored_name)
    manager.post(url("delete_section", hearing.public_id, green.public_id, municipality=m))
    assert [s.title for s in hearing.sections.all()] == ["Liikenne ja pysäköinti"]
    now = clock.local_now()
    changed = {**GOOD, "title": "Torin kaava", "labels_text": "kaavoitus, Liikenne, kaavoitus",
               "participation": "anyone",
               "opens_at": f"{now - dt.timedelta(days=1):%Y-%m-%dT%H:%M}",
               "closes_at": f"{now + dt.timedelta(days=9):%Y-%m-%dT%H:%M}"}
    assert manager.post(url("staff_hearing", hearing.public_id, municipality=m), changed).status_code == 302
    hearing.refresh_from_db()
    assert hearing.title == "Torin kaava" and sorted(lb.name for lb in hearing.labels.all()) == ["Liikenne",
                                                                                              "kaavoitus"]
    assert DomainEvent.all_objects.filter(kind="hearings.section.deleted", object_id=str(green.public_id)).exists()

    # Published: every edit is refused with the reason, and nothing changes.
    services.change_status(hearing.pk, Status.PUBLISHED, municipality=m, by_user=world["manager"])
    section = hearing.sections.get()
    response = manager.post(url("staff_hearing", hearing.public_id, municipality=m), {**changed, "title": "Muu"})
    assert response.status_code == 400 and "content can no longer be changed" in response.content.decode()
    response = manager.post(url("edit_section", hearing.public_id, section.public_id, municipality=m),
                            {"title": "Muu", "text": "Muu"})
    assert response.status_code == 400 and "content can no longer be changed" in response.content.decode()
    response = manager.post(url("add_section", hearing.public_id, municipality=m), {"title": "Muu", "text": "Muu"})
    assert response.status_code == 400 and "content can no longer be changed" in response.content.decode()
    for name, data in (("delete_section", {}), ("move_section", {"direction": "up"})):
        page = manager.post(url(name, hearing.public_id, section.public_id, municipality=m), data,
                            follow=True).content.decode()
        assert "content can no longer be changed" in page
    hearing.refresh_from_db()
    section.refresh_from_db()
    assert hearing.title == "Torin kaava" and section.title == "Liikenne ja pysäköinti"
    assert hearing.sections.count() == 1
    # A section with comments is not deleted even in draft again: the comments belong to the record.
    Client().post(url("hearing", hearing.public_id, municipality=m),
                  {"text": "Hyvä", "section": str(section.public_id), "shown_name": ""})
    services.change_status(hearing.pk, Status.DRAFT, municipality=m, by_user=world["manager"])
    page = manager.post(url("delete_section", hearing.public_id, section.public_id, municipality=m),
                        follow=True).content.decode()
    assert "has comments" in page and hearing.sections.count() == 1


def test_labels_are_refused_in_words_when_too_long_or_too_many(world):
    manager = login(world["manager"])
    m = world["municipality"]
    response = manager.post(url("staff_list", municipality=m), {**GOOD, "labels_text": "x" * 41})
    assert response.status_code == 400 and "at most 40 characters" in response.content.decode()
    response = manager.post(url("staff_list", municipality=m),
                            {**GOOD, "labels_text": ", ".join(f"aihe{n}" for n in range(9))})
    assert response.status_code == 400 and "at most 8 labels" in response.content.decode()
    assert 'value="aihe0, aihe1' in response.content.decode()  # what was typed is kept


def test_editing_a_draft_is_for_the_municipalitys_managers_only(world):
    m, other = world["municipality"], world["other_municipality"]
    hearing = make_hearing(m, title="Luonnos", status=Status.DRAFT)
    section = hearing.sections.first()
    photo = SimpleUploadedFile("tori.jpg", jpeg_with_gps(), content_type="image/jpeg")
    attachment = services.add_attachment(section, photo)
    actions = [("edit_section", section.public_id, {"title": "X", "text": "X"}),
               ("delete_section", section.public_id, {}),
               ("move_section", section.public_id, {"direction": "down"}),
               ("remove_attachment", attachment.public_id, {})]
    resident, foreign = login(world["aino"].user), login(world["foreign_manager"])
    for name, target, data in actions:
        assert resident.post(url(name, hearing.public_id, target, municipality=m), data).status_code == 403, name
        assert foreign.post(url(name, hearing.public_id, target, municipality=m), data).status_code == 403, name
        assert foreign.post(url(name, hearing.public_id, target, municipality=other), data).status_code == 404, name
    section.refresh_from_db()
    assert section.title == "Liikenne" and hearing.sections.count() == 2 and section.attachments.count() == 1
