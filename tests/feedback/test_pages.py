"""The resident's feedback pages, end to end through the test client: give (anonymous and logged
in), thanks, follow with photos, rating, the public list; bad input, the rate limit, other
municipalities, Swedish."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from luukku.feedback import services
from luukku.feedback.models import (
    RESIDENT_STATUS,
    Category,
    Feedback,
    Publication,
    RoutingRule,
    Satisfaction,
    Status,
)

from ..cases.conftest import make_person
from ..factories import UnitFactory, UserFactory
from .conftest import INSIDE, OUTSIDE

pytestmark = pytest.mark.django_db

DESCRIPTION = "Katuvalo on rikki Koulukadun risteyksessä <ja> pimeää."
ESCAPED = "Katuvalo on rikki Koulukadun risteyksessä &lt;ja&gt; pimeää."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


def t(text, lang="fi"):
    """The page's words as the page shows them (translated once the catalogues have them)."""
    with translation.override(lang):
        return gettext(text)


def png(colour="red", name="kuva.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def base(m, lang="fi"):
    return f"/{m.slug}/{lang}/palaute/"


def fault(**extra):
    data = {"kind": "fault", "category": "street-fault", "description": DESCRIPTION, "address": "Koulukatu 5",
            "latitude": str(INSIDE[0]), "longitude": str(INSIDE[1]), "attr-street-fault-danger": "yes",
            "first_name": "Reetta", "last_name": "Raportoija", "email": "reetta@example.fi", "phone": "0401234567"}
    data.update(extra)
    return data


def html(response) -> str:
    return response.content.decode()


def submitted(m, category, **extra):
    values = {"municipality": m, "category": category, "description": DESCRIPTION, "latitude": INSIDE[0],
              "longitude": INSIDE[1], "first_name": "Reetta", "last_name": "Raportoija",
              "email": "reetta@example.fi", "phone": "0401234567"}
    values.update(extra)
    return services.submit(**values)


# --- give, thanks, follow ------------------------------------------------------------------------------

def test_the_form_renders_with_stable_ids_and_no_inline_code(client, bordered, rules):
    page = html(client.get(base(bordered)))
    for marker in ('id="feedback-form"', 'id="feedback-map"', 'id="id_latitude"', 'id="id_longitude"',
                   'accept="image/*"', 'name="photos"', "Katuvika", "Kuoppa, rikkinäinen valo",
                   "Onko vika vaarallinen?", 'id="feedback-boundary"', t("Give feedback"), 'id="id_address"'):
        assert marker in page, marker
    assert "<script>" not in page and 'style="' not in page


def test_anonymous_feedback_with_a_photo_from_form_to_follow_up(client, bordered, rules, streets):
    response = client.post(base(bordered), {**fault(), "photos": [png()]})
    assert response.status_code == 302, html(response)[:3000]
    feedback = Feedback.all_objects.get()
    assert response["Location"] == f"{base(bordered)}kiitos/{feedback.token}/"
    assert (feedback.person, feedback.language, feedback.channel, feedback.email) == (
        None, "fi", "online", "reetta@example.fi")
    assert feedback.attributes == {"danger": "yes"} and feedback.unit == streets

    thanks = html(client.get(response["Location"]))
    assert feedback.reference in thanks and f"/palaute/seuranta/{feedback.token}/" in thanks
    assert t("We sent an acknowledgement with this link to the contact details you gave.") in thanks

    follow = client.get(f"{base(bordered)}seuranta/{feedback.token}/")
    page = html(follow)
    assert follow.status_code == 200 and ESCAPED in page and "Katu- ja puistopalvelut" in page
    with translation.override("fi"):  # the resident's words, never the back office's "public works: new"
        assert str(RESIDENT_STATUS[Status.PUBLIC_WORKS_NEW]) in page
        assert str(Status.PUBLIC_WORKS_NEW.label).capitalize() not in page
    photo = feedback.media.get()
    url = f"{base(bordered)}seuranta/{feedback.token}/kuva/{photo.public_id}/"
    assert url in page
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Disposition"] == "inline"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")

    other = submitted(bordered, feedback.category, photos=[png("blue", "toinen.png")])
    foreign = other.media.get().public_id
    assert client.get(f"{base(bordered)}seuranta/{feedback.token}/kuva/{foreign}/").status_code == 404


@pytest.mark.parametrize("token", ["x", "A" * 32, "A" * 200, "%20", "..%2f"])
def test_an_unknown_token_is_a_404_page(client, bordered, rules, token):
    for path in ("seuranta/{}/", "kiitos/{}/"):
        assert client.get(base(bordered) + path.format(token)).status_code == 404
    assert client.post(base(bordered) + f"seuranta/{token}/arvio/", {"score": "5"}).status_code == 404


def test_a_logged_in_resident_gets_prefilled_details_and_the_feedback_in_my_cases(client, bordered, rules):
    aino = make_person(bordered, "Aino", "Asukas", user=UserFactory(username="aino"))
    aino.email, aino.phone = "aino@example.fi", "0501112222"
    aino.save()
    client.force_login(aino.user)
    page = html(client.get(base(bordered, "sv")))
    assert 'value="aino@example.fi"' in page and 'value="Asukas"' in page
    response = client.post(base(bordered, "sv"), fault(email="aino@example.fi", first_name="Aino",
                                                       last_name="Asukas", latitude="", longitude=""))
    assert response.status_code == 302
    feedback = Feedback.all_objects.get()
    assert feedback.person == aino and feedback.language == "sv"
    mine = html(client.get(f"/{bordered.slug}/fi/omat-asiat/"))
    assert feedback.reference in mine and f"/palaute/seuranta/{feedback.token}/" in mine


# --- bad input -------------------------------------------------------------------------------------------

def test_bad_input_is_a_400_with_a_summary_linked_to_fields_and_everything_typed_kept(client, bordered, rules):
    not_a_photo = SimpleUploadedFile("lasku.png", b"%PDF-1.4 not an image", "image/png")
    response = client.post(base(bordered), fault(description="lyhyt <b>", latitude=str(OUTSIDE[0]),
                                                 longitude=str(OUTSIDE[1]), title="Otsikko & muuta",
                                                 email="reetta@example.fi", photos=[not_a_photo]))
    page = html(response)
    assert response.status_code == 400 and not Feedback.all_objects.exists()
    assert 'class="error-summary"' in page
    for anchor in ('href="#id_description"', 'href="#id_address"', 'href="#id_photos"'):
        assert anchor in page, anchor
    with translation.override("fi"):
        for code_message in (services.MIN_DESCRIPTION,):
            assert str(code_message) in page
    assert "lasku.png" in page  # the photo named in its message
    assert t("Photos cannot be kept when the page is shown again: add them again before sending.") in page
    assert 'aria-invalid="true"' in page
    for typed in ("lyhyt &lt;b&gt;", "Otsikko &amp; muuta", 'value="Koulukatu 5"', 'value="reetta@example.fi"',
                  'value="0401234567"', 'value="Raportoija"', f'value="{OUTSIDE[0]}"',
                  ):
        assert typed in page, typed
    # The chosen category and extra answer stay chosen.
    assert re.search(r'value="street-fault" id="id_category_street-fault" checked', page)
    assert re.search(r'name="attr-street-fault-danger" value="yes"[^>]*checked', page)


def test_too_long_text_and_a_bad_email_are_refused_with_the_text_kept(client, bordered, rules):
    long_text = "pitkä " * 900  # 5 400 characters
    response = client.post(base(bordered), fault(description=long_text, email="ei-osoite"))
    page = html(response)
    assert response.status_code == 400 and not Feedback.all_objects.exists()
    assert long_text.strip() in page and 'value="ei-osoite"' in page
    assert 'href="#id_description"' in page and 'href="#id_email"' in page and "5000" in page


def test_a_missing_kind_and_category_are_asked_for(client, bordered, rules):
    response = client.post(base(bordered), {"description": DESCRIPTION})
    page = html(response)
    assert response.status_code == 400
    assert 'href="#id_kind_0"' in page and 'href="#field-category"' in page and ESCAPED in page


def test_a_flood_of_posts_gets_a_429_page_that_keeps_the_text(client, bordered, rules, settings):
    settings.LUUKKU_FEEDBACK_RATE_LIMIT = "2/3600"
    for _ in range(2):
        assert client.post(base(bordered), fault(description="lyhyt")).status_code == 400
    response = client.post(base(bordered), fault(), REMOTE_ADDR="127.0.0.1")
    page = html(response)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert ESCAPED in page and 'value="Koulukatu 5"' in page and t("Too many messages in a short time") in page
    assert not Feedback.all_objects.exists()
    # Another address is not limited.
    assert client.post(base(bordered), fault(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_place_can_be_removed_without_javascript(client, bordered, rules):
    response = client.post(base(bordered), {**fault(), "clear_location": "1"})
    page = html(response)
    assert response.status_code == 200 and not Feedback.all_objects.exists()
    assert f'value="{INSIDE[0]}"' not in page and ESCAPED in page


# --- similar reports nearby ----------------------------------------------------------------------------

def test_public_open_reports_nearby_are_shown_before_sending_and_can_be_passed(client, bordered, rules,
                                                                                 street_fault, streets_handler):
    earlier = submitted(bordered, street_fault, description="Sama katuvalo on ollut rikki viikon.")
    services.publish(earlier, by_user=streets_handler, publication=Publication.PUBLIC)
    response = client.post(base(bordered), fault())
    page = html(response)
    assert response.status_code == 200 and Feedback.all_objects.count() == 1
    assert t("Already reported near here") in page and f"/palaute/julkiset/{earlier.public_id}/" in page
    assert ESCAPED in page and 'name="confirm" value="1"' in page
    assert client.post(base(bordered), {**fault(), "confirm": "1"}).status_code == 302
    assert Feedback.all_objects.count() == 2


# --- satisfaction --------------------------------------------------------------------------------------

def test_a_low_rating_after_closing_reopens_and_errors_keep_the_comment(client, bordered, rules, street_fault,
                                                                        streets_handler):
    feedback = submitted(bordered, street_fault)
    follow = f"{base(bordered)}seuranta/{feedback.token}/"
    assert 'id="rating-form"' not in html(client.get(follow))
    assert client.post(follow + "arvio/", {"score": "4"}).status_code == 409  # not closed yet
    services.change_status(feedback, Status.PUBLIC_WORKS_COMPLETED, by_user=streets_handler)
    services.reply(feedback, by_user=streets_handler, body="Valo vaihdettiin tänään.")
    page = html(client.get(follow))
    assert 'id="rating-form"' in page and "Valo vaihdettiin tänään." in page
    assert "Katukasittelija" not in page and "katukasittelija" not in page  # no staff names

    bad = client.post(follow + "arvio/", {"score": "9", "comment": "Ei korjattu <oikeasti>"})
    assert bad.status_code == 400 and "Ei korjattu &lt;oikeasti&gt;" in html(bad)
    assert 'href="#id_score_0"' in html(bad)

    done = client.post(follow + "arvio/", {"score": "1", "comment": "Valo ei vieläkään pala."})
    assert done.status_code == 302 and done["Location"] == follow
    feedback.refresh_from_db()
    assert feedback.status == Status.PUBLIC_WORKS_IN_PROGRESS
    assert Satisfaction.all_objects.get(feedback=feedback).reopened
    assert 'id="rating-form"' not in html(client.get(follow))


def test_a_good_rating_with_the_not_resolved_box_reopens_too(client, bordered, rules, general, streets_handler,
                                                             customer_service):
    handler = UserFactory(username="asiakaspalvelija")
    from luukku.core.models import Role

    from ..factories import MembershipFactory
    MembershipFactory(municipality=bordered, user=handler, role=Role.CASE_HANDLER, unit=customer_service)
    feedback = submitted(bordered, general, kind="idea", latitude=None, longitude=None)
    services.change_status(feedback, Status.PROCESSED, by_user=handler)
    follow = f"{base(bordered)}seuranta/{feedback.token}/"
    assert client.post(follow + "arvio/", {"score": "5", "reopen": "on"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.IN_PROCESS


# --- public list -----------------------------------------------------------------------------------------

def test_the_public_list_shows_only_public_items_and_never_contact_details(client, bordered, rules, street_fault,
                                                                           streets_handler, other_municipality):
    shown = submitted(bordered, street_fault, description="Julkinen kuoppa Koulukadulla.", address="Koulukatu 1",
                      photos=[png()])
    services.publish(shown, by_user=streets_handler, publication=Publication.PUBLIC,
                     public_answer="Kuoppa paikataan ensi viikolla.")
    hidden = submitted(bordered, street_fault, description="Piilotettu palaute Torikadulla.")
    services.publish(hidden, by_user=streets_handler, publication=Publication.HIDDEN)
    submitted(bordered, street_fault, description="Moderoimaton palaute Kirkkokadulla.")
    foreign = _foreign_public(other_municipality)

    page = html(client.get(base(bordered) + "lahella/"))
    assert "Julkinen kuoppa Koulukadulla." in page and "Kuoppa paikataan ensi viikolla." in page
    for secret in ("Piilotettu palaute", "Moderoimaton palaute", "reetta@example.fi", "0401234567", "Reetta",
                   "Raportoija", "Toisen kunnan palaute", shown.token, hidden.token):
        assert secret not in page, secret

    detail = html(client.get(base(bordered) + f"julkiset/{shown.public_id}/"))
    assert "Julkinen kuoppa Koulukadulla." in detail and "Kuoppa paikataan ensi viikolla." in detail
    for secret in ("reetta@example.fi", "0401234567", "Reetta", "Raportoija", shown.token):
        assert secret not in detail, secret
    photo_url = base(bordered) + f"julkiset/{shown.public_id}/kuva/{shown.media.get().public_id}/"
    assert photo_url in detail and client.get(photo_url).status_code == 200

    for item in (hidden, foreign):
        assert client.get(base(bordered) + f"julkiset/{item.public_id}/").status_code == 404
    assert client.get(base(bordered) + f"seuranta/{foreign.token}/").status_code == 404
    # Filters: closed shows none yet; the category and the street narrow the list.
    assert "Julkinen kuoppa" not in html(client.get(base(bordered) + "lahella/", {"status": "closed"}))
    assert "Julkinen kuoppa" in html(client.get(base(bordered) + "lahella/", {"status": "open", "q": "koulukatu"}))
    assert "Julkinen kuoppa" not in html(client.get(base(bordered) + "lahella/", {"q": "Torikatu"}))
    assert "Julkinen kuoppa" in html(client.get(base(bordered) + "lahella/", {"lat": INSIDE[0], "long": INSIDE[1]}))
    assert "Julkinen kuoppa" not in html(client.get(base(bordered) + "lahella/", {"lat": 61.58, "long": 25.1}))
    assert client.get(base(bordered) + "lahella/", {"page": "x", "lat": "nan", "long": "abc"}).status_code == 200


def _foreign_public(other):
    unit = UnitFactory(municipality=other, slug="toinen-katu")
    category = Category.all_objects.create(municipality=other, code="street-fault", name={"fi": "Katuvika"})
    RoutingRule.all_objects.create(municipality=other, category=None, unit=unit)
    item = services.submit(municipality=other, category=category, description="Toisen kunnan palaute tässä.")
    handler = UserFactory(username="toinen-kasittelija")
    from luukku.core.models import Role

    from ..factories import MembershipFactory
    MembershipFactory(municipality=other, user=handler, role=Role.CASE_HANDLER, unit=unit)
    return services.publish(item, by_user=handler, publication=Publication.PUBLIC)


def test_the_public_list_pages_by_twenty(client, bordered, rules, general, customer_service):
    from luukku.feedback.models import Feedback as F
    for n in range(21):
        submitted(bordered, general, kind="idea", description=f"Idea numero {n:02d} puistoon.", latitude=None,
                  longitude=None)
    F.all_objects.update(publication=Publication.PUBLIC)
    first = html(client.get(base(bordered) + "lahella/"))
    assert "Idea numero 20" in first and "Idea numero 00" not in first and "page=2" in first
    assert "Idea numero 00" in html(client.get(base(bordered) + "lahella/", {"page": "2"}))


# --- Swedish ---------------------------------------------------------------------------------------------

def test_swedish_pages_render_in_swedish(client, bordered, rules, street_fault):
    page = html(client.get(base(bordered, "sv")))
    assert 'lang="sv"' in page and "Gatufel" in page and t("Give feedback", "sv") in page
    assert t("Your contact details (optional)", "sv") in page
    feedback = submitted(bordered, street_fault, language="sv")
    follow = html(client.get(base(bordered, "sv") + f"seuranta/{feedback.token}/"))
    assert "Gatu- och parktjänster" in follow and t("History", "sv") in follow
    assert t("Reported near you", "sv") in html(client.get(base(bordered, "sv") + "lahella/"))


def test_categories_are_grouped_by_theme_and_the_chosen_ones_theme_is_open(client, bordered, rules):
    page = html(client.get(base(bordered, "en")))
    themes = re.findall(r'<details class="category-group"( open)? data-group="\d+">\s*<summary>([^<]+)<', page)
    # "Kadut" (its group) first, the ungrouped category last under "Other matters"; none open yet.
    assert [(opened, name.strip()) for opened, name in themes] == [("", "Kadut"), ("", "Other matters")]
    kadut = page.split('data-group="1"', 1)[1].split("</details>", 1)[0]
    assert 'value="street-fault"' in kadut and 'value="general"' not in kadut
    assert "<legend" in kadut  # each theme is a fieldset of its own
    # After a refused post the chosen category's theme is open, its choice kept.
    page = html(client.post(base(bordered, "en"), fault(description="lyhyt")))
    assert '<details class="category-group" open data-group="1">' in page
    assert '<details class="category-group" data-group="2">' in page
