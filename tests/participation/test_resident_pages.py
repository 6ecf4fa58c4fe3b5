"""The resident's journeys without JavaScript: "Take part" lists what one can join now; the budget
page filters its proposals and shows the amounts the Finnish way; a plan's page tells its votes and
follow-up; a proposal is made with a place and images (with their text), and a bad image is refused
on the form with the rest kept; the vote page explains and enforces one district."""

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luukku.core import clock
from luukku.eservices.attachments import MAX_FILE_BYTES
from luukku.hearings.models import Hearing, Status
from luukku.panels.models import Survey
from luukku.participation import services
from luukku.participation.models import Ballot, Budget, Proposal, ProposalImage, ProposalStatus

from ..photos import jpeg_with_gps
from .conftest import ids, make_budget

pytestmark = pytest.mark.django_db

BASE = "/esimerkki/en/osallistuva-budjetointi/omastadi/"
NBSP = "\u00a0"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposal(pb, title, area="north", status=ProposalStatus.SUBMITTED, **kw):
    return Proposal.all_objects.create(municipality=pb["municipality"], budget=pb["budget"], area=pb["areas"][area],
                                       author=pb["aino"], title=title, text="Teksti.", status=status, **kw)


@pytest.fixture
def proposals_phase(pb):
    budget = pb["budget"]
    with clock.frozen_at(dt.datetime.combine(budget.proposals_starts, dt.time(12))):
        yield pb


def test_take_part_lists_what_is_open_now_and_is_in_the_menu(pb):
    m, now = pb["municipality"], clock.now()
    draft = make_budget(m, slug="luonnos")
    Budget.all_objects.filter(pk=draft.pk).update(informing_starts=clock.today() + dt.timedelta(days=5))  # not public
    make_budget(pb["other_municipality"], slug="naapuri")
    Hearing.all_objects.create(municipality=m, title="Kaavaluonnos", abstract="a", status=Status.PUBLISHED,
                               opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9))
    Hearing.all_objects.create(municipality=m, title="Vanha kuuleminen", abstract="a", status=Status.CLOSED,
                               opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=9))
    Survey.all_objects.create(municipality=m, title="Kysely kaikille", open_to_all=True,
                              opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3))
    Survey.all_objects.create(municipality=m, title="Raadin kysely", open_to_all=False,
                              opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3))
    page = Client().get("/esimerkki/en/osallistu/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-budget="omastadi"' in html and "You can vote until" in html
    assert f'href="{BASE}aanesta/"' in html
    assert 'data-budget="luonnos"' not in html and 'data-budget="naapuri"' not in html
    assert "Kaavaluonnos" in html and "Vanha kuuleminen" not in html
    assert "Kysely kaikille" in html and "Raadin kysely" not in html
    assert 'href="/esimerkki/en/osallistu/" aria-current="page">Take part</a>' in html
    assert 'href="/esimerkki/en/osallistu/">Take part</a>' in Client().get("/esimerkki/en/palaute/").content.decode()
    assert 'data-budget="omastadi"' in Client().get("/esimerkki/en/osallistuva-budjetointi/").content.decode()
    assert Client().get("/esimerkki/xx/osallistu/").status_code == 404


def test_budget_page_filters_proposals_by_area_and_status_with_counts(pb):
    proposal(pb, "Valot", latitude=62.6, longitude=29.7, address="Rantapolku")
    proposal(pb, "Penkki", status=ProposalStatus.FEASIBLE)
    proposal(pb, "Uimaranta", area="south", status=ProposalStatus.NOT_FEASIBLE, reason="Ei tilaa.")
    client = Client()
    html = client.get(BASE).content.decode()
    assert "3 proposals shown." in html
    assert f'<option value="{pb["areas"]["north"].pk}">Pohjoinen (2)</option>' in html
    assert '<option value="not_feasible">Not feasible (1)</option>' in html
    points = json.loads(re.search(r'<script id="pb-points" type="application/json">(.*?)</script>', html, re.S)[1])
    assert [p["title"] for p in points] == ["Valot"]  # the map: only proposals with a place

    north = client.get(BASE, {"area": pb["areas"]["north"].pk}).content.decode()
    assert "2 proposals shown." in north and "Valot" in north and "Uimaranta" not in north
    assert f'<option value="{pb["areas"]["north"].pk}" selected>' in north
    both = client.get(BASE, {"area": pb["areas"]["north"].pk, "status": "feasible"}).content.decode()
    assert "1 proposal shown." in both and "Penkki" in both and "Valot" not in both
    tampered = client.get(BASE, {"area": "x'; drop", "status": "<b>", "page": "999"})
    assert tampered.status_code == 200 and "3 proposals shown." in tampered.content.decode()


def test_amounts_are_written_the_finnish_way(pb):
    pb["areas"]["whole"].amount = 1_200_000
    pb["areas"]["whole"].save()
    html = Client().get("/esimerkki/fi/osallistuva-budjetointi/omastadi/").content.decode()
    assert f"Koko kunta: 1{NBSP}200{NBSP}000{NBSP}€" in html
    assert f"60{NBSP}000{NBSP}€" in html  # a plan's price in the plans for the vote


def test_plan_page_with_its_proposals_votes_and_follow_up(pb):
    lights = pb["plans"]["lights"]
    merged = proposal(pb, "Valoja polulle", status=ProposalStatus.MERGED, plan=lights)
    url = f"{BASE}suunnitelmat/{lights.public_id}/"
    before = Client().get(url).content.decode()
    assert "Valoja polulle" in before and 'id="plan-votes"' not in before  # no votes before the results
    assert f'href="{BASE}suunnitelmat/{lights.public_id}/"' in Client().get(BASE).content.decode()

    services.cast_ballot(pb["budget"], pb["aino"], ids(pb["plans"], "lights"), strong=True)
    with clock.frozen_at(pb["budget"].voting_ends + dt.timedelta(hours=1)):
        services.publish_results(pb["budget"])
        services.add_follow_up(lights, text="Valaisimet tilattu.", progress=40)
    page = Client().get(url).content.decode()
    assert '<dd id="plan-votes">1</dd>' in page and "Selected: the plan will be carried out." in page
    assert "Valaisimet tilattu." in page and "40 % done" in page
    assert f'href="{BASE}ehdotukset/{merged.public_id}/"' in page
    results = Client().get(BASE).content.decode()
    assert "40&nbsp;%" in results and "Not started yet" in results  # the other winners have no steps yet
    assert Client().get(url.replace("/esimerkki/", "/toinen/").replace("/en/", "/fi/")).status_code == 404
    assert Client().get(f"{BASE}suunnitelmat/{merged.public_id}/").status_code == 404


def test_proposal_with_place_and_image_with_its_text(proposals_phase):
    pb = proposals_phase
    client = login(pb["aino"].user)
    photo = SimpleUploadedFile("polku.jpg", jpeg_with_gps(), content_type="image/jpeg")
    sent = client.post(f"{BASE}ehdota/", {
        "area": pb["areas"]["north"].pk, "title": "Valot polulle", "text": "Polku on pimeä.",
        "address": "Rantapolku, Kirkkolampi", "latitude": "62.600000", "longitude": "29.700000",
        "image-1": photo, "image-1-alt": "Pimeä polku illalla"})
    assert sent.status_code == 302
    made = Proposal.all_objects.get()
    assert (made.address, made.latitude, made.longitude) == ("Rantapolku, Kirkkolampi", 62.6, 29.7)
    image = made.images.get()
    html = Client().get(sent["Location"]).content.decode()
    src = f"{BASE}ehdotukset/{made.public_id}/kuvat/{image.pk}/"
    assert f'<img src="{src}" alt="Pimeä polku illalla"' in html
    assert "Rantapolku, Kirkkolampi" in html and "openstreetmap.org/?mlat=62.600000&amp;mlon=29.700000" in html
    served = Client().get(src)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    other = make_budget(pb["other_municipality"])  # the same slug elsewhere: the image is not reached from there
    assert other.slug == pb["budget"].slug
    assert Client().get(src.replace("/esimerkki/en/", "/toinen/fi/")).status_code == 404
    stranger = proposal(pb, "Toinen")
    assert Client().get(f"{BASE}ehdotukset/{stranger.public_id}/kuvat/{image.pk}/").status_code == 404


@pytest.mark.parametrize("upload,message", [
    (lambda: SimpleUploadedFile("iso.jpg", b"\xff\xd8\xff" + b"0" * MAX_FILE_BYTES, content_type="image/jpeg"),
     "The file is too large"),
    (lambda: SimpleUploadedFile("muistio.txt", b"just text, not an image", content_type="image/png"),
     "This type of file cannot be added"),
])
def test_bad_image_is_refused_on_the_form_with_the_rest_kept(proposals_phase, upload, message):
    pb = proposals_phase
    page = login(pb["aino"].user).post(f"{BASE}ehdota/", {
        "area": pb["areas"]["south"].pk, "title": "Koirapuisto", "text": "Aidattu alue koirille.",
        "address": "Puistokatu 3", "image-1": upload(), "image-1-alt": "Nurmikko"})
    html = page.content.decode()
    assert page.status_code == 400 and message in html and 'href="#image-1"' in html
    assert 'value="Koirapuisto"' in html and "Aidattu alue koirille.</textarea>" in html
    assert 'value="Puistokatu 3"' in html and 'value="Nurmikko"' in html
    assert f'<option value="{pb["areas"]["south"].pk}" selected>' in html
    assert "add them again" in html
    assert not Proposal.all_objects.exists() and not ProposalImage.all_objects.exists()


def test_a_place_outside_the_municipality_is_refused(proposals_phase):
    pb = proposals_phase
    municipality = pb["municipality"]
    municipality.boundary = {"type": "Polygon", "coordinates": [[[29, 62], [30, 62], [30, 63], [29, 63], [29, 62]]]}
    municipality.save(update_fields=["boundary"])
    client = login(pb["aino"].user)
    data = {"area": pb["areas"]["north"].pk, "title": "Valot", "text": "Pimeää.", "address": "Tori"}
    outside = client.post(f"{BASE}ehdota/", {**data, "latitude": "60.17", "longitude": "24.94"})
    assert outside.status_code == 400 and "outside the municipality" in outside.content.decode()
    garbled = client.post(f"{BASE}ehdota/", {**data, "latitude": "nan", "longitude": "x"})
    assert garbled.status_code == 400 and "could not be read" in garbled.content.decode()
    assert 'value="Tori"' in garbled.content.decode() and not Proposal.all_objects.exists()
    assert client.post(f"{BASE}ehdota/", data).status_code == 302  # the place in words is enough


def test_vote_page_explains_one_district_and_refuses_two(pb):
    client = login(pb["aino"].user)
    lights = pb["plans"]["lights"]
    lights.description = "Led-valot Pohjoisen kevyen liikenteen väylälle."
    lights.save()
    page = client.get(f"{BASE}aanesta/").content.decode()
    assert "Plans of one district" in page and lights.description in page
    assert f'href="{BASE}suunnitelmat/{lights.public_id}/"' in page
    chosen = ids(pb["plans"], "library", "lights", "dogpark")
    mixed = client.post(f"{BASE}aanesta/", {"plan": chosen, "vote": "1"})
    html = mixed.content.decode()
    assert mixed.status_code == 400 and "You chose plans of Etelä, Pohjoinen" in html
    assert all(f'id="plan-{pk}" checked' in html for pk in chosen)
    assert Ballot.all_objects.count() == 0
    voted = client.post(f"{BASE}aanesta/", {"plan": ids(pb["plans"], "library", "lights"), "vote": "1"}, follow=True)
    results_day = pb["budget"].results_starts
    assert f"The results will be published on {results_day.day}.{results_day.month}.{results_day.year}" \
        in voted.content.decode()
