
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.cases.models import Case, Message, Status, StatusText
from luukku.eservices.models import Attachment

from ..eservices.files import png

PNG = png()  # a real image: uploads are decoded and stored without metadata


def url(path=""):
    return f"/esimerkki/fi/omat-asiat/{path}"


@pytest.fixture
def as_aino(client, aino):
    client.force_login(aino.user)
    return client


def test_anonymous_is_sent_to_login(client, municipality):
    response = client.get(url())
    assert response.status_code == 302 and "next=" in response["Location"]


def test_my_cases_lists_own_and_childs_but_not_others(as_aino, aino, child, bertil, make_case, handler):
    own = make_case(aino)
    childs = make_case(aino, child)
    others = make_case(bertil)
    services.request_information(childs, handler, "Tarvitaan liite.")
    response = as_aino.get(url())
    html = response.content.decode()
    assert response.status_code == 200
    assert own.reference in html and childs.reference in html and others.reference not in html
    assert "Vaatii toimia" in html
    assert "Eetu Asukas" in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    # Filtered to the child.
    html = as_aino.get(url(), {"henkilo": str(child.public_id)}).content.decode()
    assert childs.reference in html and own.reference not in html
    # A forged filter shows everything of one's own, never the other resident's.
    html = as_aino.get(url(), {"henkilo": str(bertil.public_id)}).content.decode()
    assert others.reference not in html


def test_empty_state(as_aino, aino):
    html = as_aino.get(url()).content.decode()
    assert "Sinulla ei ole vielä asioita" in html


def test_case_page_shows_status_answers_and_timeline(as_aino, aino, make_case, case_type):
    case = make_case(aino)
    StatusText.all_objects.create(municipality=case.municipality, case_type=case_type, status=Status.SUBMITTED,
                                  text={"fi": "Hakemuksesi on vastaanotettu.", "en": "Received."})
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert case.reference in html
    assert "Hakemuksesi on vastaanotettu." in html
    assert "Aloituspäivä" in html and "1.8.2026" in html and "Kokopäivä" in html
    assert "csrfmiddlewaretoken" in html


def test_other_residents_case_is_404_everywhere(client, aino, bertil, make_case, handler):
    case = make_case(aino)
    decision = services.decide(case, handler, "Päätös", "Myönnetty.")
    client.force_login(bertil.user)
    assert client.get(url(f"{case.public_id}/")).status_code == 404
    assert client.get(url(f"{case.public_id}/kuitti.pdf")).status_code == 404
    assert client.get(url(f"{case.public_id}/paatokset/{decision.public_id}.pdf")).status_code == 404
    assert client.post(url(f"{case.public_id}/viesti/"), {"body": "hei"}).status_code == 404
    assert client.post(url(f"{case.public_id}/peru/"), {"confirm": "on"}).status_code == 404
    assert not Message.all_objects.filter(case=case).exists()
    assert Case.all_objects.get(pk=case.pk).status == Status.DECIDED


def test_message_with_attachment_and_download(as_aino, client, aino, bertil, make_case):
    case = make_case(aino)
    response = as_aino.post(url(f"{case.public_id}/viesti/"),
                            {"body": "Tässä liite.", "files": [SimpleUploadedFile("kuva.png", PNG, "image/png")]})
    assert response.status_code == 302
    message = Message.all_objects.get(case=case)
    attachment = Attachment.all_objects.get(message=message)
    assert message.author_person == aino and attachment.case == case
    download = as_aino.get(url(f"{case.public_id}/liitteet/{attachment.public_id}/"))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    client.force_login(bertil.user)
    assert client.get(url(f"{case.public_id}/liitteet/{attachment.public_id}/")).status_code == 404


def test_mislabelled_upload_gets_a_message_and_keeps_the_text(as_aino, aino, make_case):
    case = make_case(aino)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = as_aino.post(url(f"{case.public_id}/viesti/"), {"body": "Teksti säilyy", "files": [fake]})
    assert response.status_code == 400
    assert "Teksti säilyy" in response.content.decode()
    assert not Message.all_objects.filter(case=case).exists()


def test_post_to_closed_case_is_refused_with_a_message(as_aino, aino, make_case, handler):
    case = make_case(aino)
    services.change_status(case, Status.CLOSED, by_user=handler)
    response = as_aino.post(url(f"{case.public_id}/viesti/"), {"body": "Myöhässä"})
    assert response.status_code == 409
    assert "Asia on suljettu" in response.content.decode()
    assert not Message.all_objects.filter(case=case).exists()
    response = as_aino.post(url(f"{case.public_id}/peru/"), {"confirm": "on"})
    assert response.status_code == 409
    assert Case.all_objects.get(pk=case.pk).status == Status.CLOSED


def test_withdraw_needs_confirmation(as_aino, aino, make_case):
    case = make_case(aino)
    assert as_aino.get(url(f"{case.public_id}/peru/")).status_code == 200
    assert as_aino.post(url(f"{case.public_id}/peru/"), {}).status_code == 400
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED
    response = as_aino.post(url(f"{case.public_id}/peru/"), {"confirm": "on", "reason": "Muutin"})
    assert response.status_code == 302
    assert Case.all_objects.get(pk=case.pk).status == Status.WITHDRAWN


def test_answer_information_request_for_child(as_aino, aino, child, make_case, handler):
    case = make_case(aino, child)
    request = services.request_information(case, handler, "Lisää tietoja, kiitos.")
    html = as_aino.get(url(f"{case.public_id}/")).content.decode()
    assert "Lisää tietoja, kiitos." in html and "Käsittelijä pyytää lisäselvitystä" in html
    response = as_aino.post(url(f"{case.public_id}/vastaus/{request.public_id}/"), {"body": "Tässä."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_HANDLING
    answer = Message.all_objects.get(answer_to=request)
    assert answer.on_behalf_of == child


def test_decision_and_receipt_pdf(as_aino, aino, make_case, handler):
    case = make_case(aino)
    decision = services.decide(case, handler, "Päätös", "Myönnetty.")
    response = as_aino.get(url(f"{case.public_id}/paatokset/{decision.public_id}.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    response = as_aino.get(url(f"{case.public_id}/kuitti.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_unknown_ids_are_404(as_aino, aino, make_case):
    import uuid

    case = make_case(aino)
    assert as_aino.get(url(f"{uuid.uuid4()}/")).status_code == 404
    assert as_aino.get(url(f"{case.public_id}/liitteet/{uuid.uuid4()}/")).status_code == 404
    assert as_aino.get(url(f"{case.public_id}/paatokset/{uuid.uuid4()}.pdf")).status_code == 404
    assert as_aino.get(url("not-a-uuid/")).status_code == 404


def test_base_has_my_cases_link(as_aino, aino):
    assert 'href="/esimerkki/fi/omat-asiat/"' in as_aino.get(url()).content.decode()


def test_user_without_person_gets_an_explanation_not_a_500(client, municipality):
    from ..factories import UserFactory

    client.force_login(UserFactory(username="staffonly"))
    assert client.get(url()).status_code == 403


def test_language_not_offered_is_404(as_aino, municipality):
    municipality.languages = ["fi"]
    municipality.save()
    assert as_aino.get("/esimerkki/sv/omat-asiat/").status_code == 404


def test_answer_to_a_forged_request_is_404(as_aino, aino, bertil, make_case, handler):
    mine, theirs = make_case(aino), make_case(bertil)
    foreign = services.request_information(theirs, handler, "Bertilille.")
    response = as_aino.post(url(f"{mine.public_id}/vastaus/{foreign.public_id}/"), {"body": "x"})
    assert response.status_code == 404
    assert not Message.all_objects.filter(answer_to=foreign).exists()


def test_my_cases_costs_the_same_queries_for_two_cases_or_six(as_aino, aino, child, make_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_case(aino), make_case(aino, child)
    # The first request after a login starts the session's idle clock (core.idle: one session write),
    # once per login and not per case: both counts are taken after it.
    assert as_aino.get(url()).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert as_aino.get(url()).status_code == 200
    for _ in range(4):
        make_case(aino)
    with CaptureQueriesContext(connection) as more:
        assert as_aino.get(url()).status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries)
