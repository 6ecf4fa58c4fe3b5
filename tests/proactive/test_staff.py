"""The proactive staff pages as their users meet them: the rules and campaigns, a new campaign
(refusals with the input kept), the dry run of a small preschool cohort, the run with its progress
and figures, the follow-up lists (audited, a protected address never shown), and the admin's checks.
Staff of another unit or municipality see nothing and leave no trace."""

import datetime as dt
import json
import re
import uuid

import pytest
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.proactive import running, services
from luukku.proactive.models import (
    Campaign,
    CampaignStatus,
    CatchmentArea,
    Offer,
    OfferStatus,
    Rule,
)

from ..factories import MembershipFactory, UnitFactory, UserFactory
from .conftest import NORTH_HOME, SOUTH_AREA, SOUTH_HOME, family

pytestmark = pytest.mark.django_db

PROTECTED = "Protected address: send through the Digital and Population Data Services Agency"


def staff(municipality, role, unit, username):
    user = UserFactory(username=username, first_name=username.title(), last_name="Testi", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def base(municipality, lang="en"):
    return f"/{municipality.slug}/{lang}/virkailija/ennakoivat/"


def campaign_url(campaign, rest="", lang="en"):
    return f"{base(campaign.municipality, lang)}kampanjat/{campaign.public_id}/{rest}"


def text(response) -> str:
    return response.content.decode()


def figure(html, label) -> int:
    """The number in the row whose header is `label` (the dry-run and figures tables)."""
    found = re.search(rf'<th scope="row">{re.escape(label)}</th>\s*<td class="num">(-?\d+)</td>', html)
    assert found, f"no row {label!r}"
    return int(found.group(1))


@pytest.fixture
def manager(municipality, education):
    return staff(municipality, Role.MANAGER, education, "esimies")


@pytest.fixture
def handler(municipality, education):
    return staff(municipality, Role.CASE_HANDLER, education, "kasittelija")


@pytest.fixture
def other_unit_manager(municipality):
    return staff(municipality, Role.MANAGER, UnitFactory(municipality=municipality, slug="kirjasto"), "kirjastonjohtaja")


@pytest.fixture
def other_town_manager(other_municipality):
    return staff(other_municipality, Role.MANAGER, UnitFactory(municipality=other_municipality, slug="vaka"),
                 "toisen-kunnan-esimies")


@pytest.fixture
def cohort(municipality, rule):
    """Seven children turning six (and one whose guardian opted out):

    Etela      south area, guardians with email          → south, from the area, 2 messages
    Pohjola    north area, no email                      → north, a paper letter
    Salainen   south area, no email, protected address   → south, a paper letter, address never shown
    Erillaan   north area, guardians at two addresses    → north, 2 messages
    Ulkona     outside both areas                        → south (the nearest), 2 messages
    Koditon    no coordinates                            → the waiting list (no home), 2 messages
    Orpo       north area, no guardian                   → north
    """
    m = municipality
    families = {name: family(m, name, home, **kw) for name, home, kw in (
        ("Etela", SOUTH_HOME, {}), ("Pohjola", NORTH_HOME, {"emails": False}),
        ("Salainen", SOUTH_HOME, {"emails": False, "protected": True}), ("Erillaan", NORTH_HOME, {"apart": True}),
        ("Ulkona", (61.30, 25.10), {}), ("Koditon", (None, None), {}), ("Orpo", NORTH_HOME, {"guardians": 0}),
        ("Kieltaytyja", SOUTH_HOME, {}))}
    services.opt_out(families["Kieltaytyja"]["guardians"][0], rule)
    for adult in families["Pohjola"]["guardians"]:
        adult.post_office = "Jyväskylä"
        adult.save()
    for adult in families["Salainen"]["guardians"]:
        adult.protected_address = True
        adult.save()
    return families


def run(campaign):
    services.run(campaign)
    campaign.refresh_from_db()
    return campaign


# --- the pages render ------------------------------------------------------------------------------

def test_every_page_renders_in_finnish_for_staff_of_the_rules_unit(client, municipality, campaign, cohort, manager):
    client.force_login(manager)
    home = client.get(base(municipality, "fi"))
    assert home.status_code == 200 and campaign.name in text(home)
    assert client.get(f"{base(municipality, 'fi')}saannot/{campaign.rule.public_id}/uusi-kampanja/").status_code == 200
    page = client.get(campaign_url(campaign, lang="fi"))
    assert page.status_code == 200 and 'id="start-form"' in text(page)
    run(campaign)
    assert client.get(campaign_url(campaign, lang="fi")).status_code == 200
    for kind in ("ei-vastausta", "jonossa", "muutospyynnot", "kirjeet"):
        assert client.get(campaign_url(campaign, f"seuranta/{kind}/", lang="fi")).status_code == 200, kind
    assert client.get(campaign_url(campaign, "tila.json", lang="fi")).json()["status"] == "done"


def test_home_lists_the_rules_campaigns_with_status_progress_and_figures(client, municipality, campaign, cohort,
                                                                          manager):
    run(campaign)
    client.force_login(manager)
    html = text(client.get(base(municipality)))
    row = html.split(campaign.name)[1].split("</tr>")[0]
    assert "Done" in row and "7 of 7" in row and "(100 %)" in row
    assert '<td class="num">7</td>' in row  # offers
    assert "New campaign: Preschool" in html


# --- the dry run -----------------------------------------------------------------------------------

def test_the_dry_run_counts_the_cohort_units_areas_and_the_children_to_follow(client, campaign, cohort, manager):
    client.force_login(manager)
    page = client.get(campaign_url(campaign))
    html = text(page)
    assert page.status_code == 200
    assert figure(html, "Children in the cohort") == 7
    assert figure(html, "Already offered in an earlier run") == 0
    assert figure(html, "Left out because they opted out") == 1
    assert figure(html, "Messages to send") == 8
    assert figure(html, "Children whose guardians need a paper letter") == 3  # with the child without one
    assert figure(html, "Children without a guardian") == 1
    assert figure(html, "Children whose guardians live apart") == 1
    assert figure(html, "Children with a protected address") == 1
    assert figure(html, "Children on the waiting list") == 1
    # Per unit: capacity, offered, from the catchment area, left.
    south = html.split("<th scope=\"row\">South school</th>")[1].split("</tr>")[0]
    north = html.split("<th scope=\"row\">North school</th>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', south) == ["3", "3", "2", "0"]
    assert re.findall(r'<td class="num">(\d+)</td>', north) == ["3", "3", "3", "0"]
    assert figure(html, "Etelä") == 2 and figure(html, "Pohjoinen") == 3 and figure(html, "Outside all areas") == 2
    assert "Lapsi1 Toinen Koditon: no home coordinates" in html
    assert "Lapsi1 Toinen Orpo" in html and "Lapsi1 Toinen Erillaan" in html
    assert "Salainenkatu" not in html  # no address in the dry run at all
    # Nothing was written.
    assert not Offer.all_objects.exists()
    assert 'id="start-form"' in html and "8 messages will be sent" in html
    # The children named on the page are audited.
    audited = set(AuditEvent.all_objects.filter(actor=manager).values_list("subject_id", flat=True))
    assert audited == {cohort[name]["children"][0].public_id for name in ("Koditon", "Orpo", "Erillaan")}


def test_an_empty_cohort_says_so_and_offers_no_run(client, rule, places, cohort, manager):
    empty = services.create_campaign(rule=rule, year=2040, deadline=dt.date(2027, 2, 15))
    client.force_login(manager)
    html = text(client.get(campaign_url(empty)))
    assert "Nobody is in the cohort: no child living in the municipality turns 6 in 2040." in html
    assert 'id="start-form"' not in html
    refused = client.post(campaign_url(empty, "aja/"), {"confirm": "1"})
    assert refused.status_code == 400
    assert "Nobody is in the cohort: check the year and the rule" in text(refused)
    empty.refresh_from_db()
    assert empty.status == CampaignStatus.DRAFT


# --- the run -----------------------------------------------------------------------------------------

def test_the_run_needs_the_confirmation(client, campaign, cohort, manager):
    client.force_login(manager)
    refused = client.post(campaign_url(campaign, "aja/"), {})
    html = text(refused)
    assert refused.status_code == 400
    assert 'id="start-confirm-error"' in html and "Tick the box to confirm" in html
    assert 'href="#start-confirm"' in html  # in the error summary
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_the_run_button_starts_the_run_then_the_page_shows_the_figures(client, campaign, cohort, manager,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks() as callbacks:
        started = client.post(campaign_url(campaign, "aja/"), {"confirm": "1"})
    assert started.status_code == 302 and started["Location"] == campaign_url(campaign)
    assert len(callbacks) == 1  # the background run is queued when the transaction commits
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING
    html = text(client.get(campaign_url(campaign)))
    assert "<progress" in html and "0 of 0" in html and "Refresh the page to see the progress" in html
    assert "proactive/progress.js" in html and "<script>" not in html
    assert 'id="start-form"' not in html
    # A second press while it runs is refused.
    again = client.post(campaign_url(campaign, "aja/"), {"confirm": "1"})
    assert again.status_code == 400 and "The run is already going on." in text(again)

    run(campaign)
    html = text(client.get(campaign_url(campaign)))
    assert figure(html, "Offers made") == 7
    # The child without a guardian needs a letter as well: the dry run said so, the run marks it.
    assert figure(html, "Reached electronically") == 4
    assert figure(html, "Need a paper letter") == 3
    assert figure(html, "Waiting for an answer") == 6
    assert figure(html, "On the waiting list") == 1
    assert figure(html, "Accepted") == 0
    assert "<progress" not in html and "Dry run" not in html
    assert "seuranta/kirjeet/" in html and "seuranta/ei-vastausta/" in html


def test_the_progress_json_and_the_progress_bar_while_running(client, campaign, cohort, manager):
    Campaign.all_objects.filter(pk=campaign.pk).update(status=CampaignStatus.RUNNING, total=10, done=4)
    client.force_login(manager)
    data = client.get(campaign_url(campaign, "tila.json")).json()
    assert data == {"status": "running", "done": 4, "total": 10, "percent": 40, "text": "4 of 10"}
    html = text(client.get(campaign_url(campaign)))
    assert re.search(r'<progress id="run-progress" max="10" value="4">4 of 10</progress>', html)
    assert 'aria-live="polite"' in html


def test_a_failed_run_shows_the_error_and_continues(client, campaign, cohort, manager):
    Campaign.all_objects.filter(pk=campaign.pk).update(status=CampaignStatus.FAILED, total=7, done=2,
                                                       error="database went away")
    client.force_login(manager)
    html = text(client.get(campaign_url(campaign)))
    assert "database went away" in html and "Continue the run" in html and "2 of 7" in html
    resumed = client.post(campaign_url(campaign, "aja/"), {})  # no confirmation needed to continue
    assert resumed.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING and campaign.error == ""


def test_a_run_whose_worker_went_silent_can_be_continued(client, campaign, cohort, manager):
    Campaign.all_objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.RUNNING, total=7, done=2, runner=uuid.uuid4(),
        heartbeat_at=clock.now() - running.STALE_AFTER - dt.timedelta(minutes=1))
    client.force_login(manager)
    html = text(client.get(campaign_url(campaign)))
    assert "has not moved for over ten minutes" in html and "Continue the run" in html
    assert client.post(campaign_url(campaign, "aja/"), {}).status_code == 302
    assert services.run(campaign) == 7  # the silent run's claim is taken over; the rest is written
    campaign.refresh_from_db()
    assert (campaign.status, campaign.runner) == (CampaignStatus.DONE, None)


# --- a new campaign --------------------------------------------------------------------------------

def new_url(rule, lang="en"):
    return f"{base(rule.municipality, lang)}saannot/{rule.public_id}/uusi-kampanja/"


def good_form(**overrides):
    data = {"year": "2027", "name": "Esiopetus syksy 2027", "reference_date": "2027-01-10",
            "starts_on": "2027-08-11", "deadline": "15.2.2027"}
    data.update(overrides)
    return data


def test_a_new_campaign_is_created_from_the_form(client, rule, places, manager):
    client.force_login(manager)
    response = client.post(new_url(rule), good_form())
    campaign = Campaign.all_objects.get(rule=rule)
    assert response.status_code == 302 and response["Location"] == campaign_url(campaign)
    assert (campaign.name, campaign.year, campaign.starts_on, campaign.deadline, campaign.created_by) == (
        "Esiopetus syksy 2027", 2027, dt.date(2027, 8, 11), dt.date(2027, 2, 15), manager)


@pytest.mark.parametrize("overrides, field, message", [
    ({"year": "20x7"}, "year", "Give the year as four digits, e.g. 2027."),
    ({"year": ""}, "year", "Give the year of the campaign."),
    ({"deadline": "31.2.2027"}, "deadline", "Enter the date as day.month.year"),
    ({"deadline": "1.1.2027"}, "deadline", "The deadline must not be in the past."),
    ({"starts_on": "2027-02-01"}, "starts_on", "The service must start after the deadline for answers."),
])
def test_bad_input_in_the_new_campaign_form_is_refused_with_the_input_kept(client, rule, places, manager,
                                                                           overrides, field, message):
    client.force_login(manager)
    data = good_form(**overrides)
    response = client.post(new_url(rule), data)
    html = text(response)
    assert response.status_code == 400
    error = html.split(f'id="campaign-{field}-error"')[1].split("</div>")[0]
    assert message in error
    assert f'href="#campaign-{field}"' in html  # the summary links to the field
    for key, value in data.items():
        assert f'value="{value}"' in html, key
    assert not Campaign.all_objects.exists()


def test_an_inactive_rule_refuses_a_campaign_with_a_message(client, rule, places, manager):
    Rule.all_objects.filter(pk=rule.pk).update(active=False)
    client.force_login(manager)
    response = client.post(new_url(rule), good_form())
    assert response.status_code == 400 and "The rule is not active." in text(response)


# --- who may see ---------------------------------------------------------------------------------------

def test_a_case_handler_of_the_unit_reads_but_does_not_run(client, campaign, cohort, handler):
    client.force_login(handler)
    html = text(client.get(campaign_url(campaign)))
    assert "Children in the cohort" in html and 'id="start-form"' not in html
    assert "Only a manager of the unit can start the run." in html
    assert client.post(campaign_url(campaign, "aja/"), {"confirm": "1"}).status_code == 403
    assert client.get(new_url(campaign.rule)).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_staff_of_another_unit_or_municipality_get_no_data_and_leave_no_trace(client, municipality, campaign,
                                                                               cohort, other_unit_manager,
                                                                               other_town_manager):
    run(campaign)
    urls = [campaign_url(campaign), campaign_url(campaign, "tila.json"), new_url(campaign.rule),
            *[campaign_url(campaign, f"seuranta/{k}/") for k in ("ei-vastausta", "jonossa", "muutospyynnot",
                                                                  "kirjeet")]]
    for user, expected in ((other_unit_manager, 404), (other_town_manager, 403)):
        client.force_login(user)
        home = client.get(base(municipality))
        assert home.status_code == (200 if expected == 404 else 403)
        assert campaign.name not in text(home) and "Preschool" not in text(home)
        for url in urls:
            response = client.get(url)
            assert response.status_code == expected, url
            assert "Lapsi1" not in text(response)
        assert client.post(campaign_url(campaign, "aja/"), {"confirm": "1"}).status_code == expected
    assert not AuditEvent.all_objects.exists()


def test_residents_are_refused_and_anonymous_users_sent_to_the_login(client, campaign, cohort):
    guardian = cohort["Etela"]["guardians"][0]
    client.force_login(guardian.user)
    assert client.get(campaign_url(campaign)).status_code == 403
    assert client.get(campaign_url(campaign, "seuranta/kirjeet/")).status_code == 403
    client.logout()
    response = client.get(campaign_url(campaign, "seuranta/kirjeet/"))
    login = reverse("login", kwargs={"municipality": campaign.municipality.slug, "lang": "en"})
    assert response.status_code == 302 and response["Location"].startswith(login + "?next=")
    assert not AuditEvent.all_objects.exists()


def test_unknown_ids_and_lists_are_404(client, municipality, campaign, manager):
    client.force_login(manager)
    assert client.get(f"{base(municipality)}kampanjat/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(campaign_url(campaign, "seuranta/kaikki/")).status_code == 404
    assert client.get(f"{base(municipality)}kampanjat/not-a-uuid/").status_code == 404


# --- the follow-up lists -------------------------------------------------------------------------------

def test_the_letters_list_shows_postal_addresses_but_never_a_protected_one(client, campaign, cohort, manager):
    run(campaign)
    client.force_login(manager)
    response = client.get(campaign_url(campaign, "seuranta/kirjeet/"))
    html = text(response)
    assert response.status_code == 200
    assert "Lapsi1 Toinen Pohjola" in html and "Pohjolakatu 1" in html and "41900 Jyväskylä" in html
    assert "Lapsi1 Toinen Salainen" in html and html.count(PROTECTED) == 2  # both guardians' rows
    assert "Salainenkatu" not in html
    assert "Lapsi1 Toinen Orpo" in html and "No guardian" in html
    assert "Etela" not in html  # reached electronically: no letter
    shown = {p.public_id for name in ("Pohjola", "Salainen", "Orpo")
             for p in cohort[name]["children"] + cohort[name]["guardians"]}
    events = AuditEvent.all_objects.filter(actor=manager, action="proactive.follow_up.read")
    assert set(events.values_list("subject_id", flat=True)) == shown
    assert {e.object_id for e in events} == {str(campaign.public_id)}


def test_a_child_with_a_protected_address_hides_every_guardians_address(client, campaign, cohort, manager):
    for adult in cohort["Salainen"]["guardians"]:
        adult.protected_address = False  # only the child's address is protected
        adult.save()
    run(campaign)
    client.force_login(manager)
    html = text(client.get(campaign_url(campaign, "seuranta/kirjeet/")))
    assert html.count(PROTECTED) == 2 and "Salainenkatu" not in html


def test_the_waiting_no_answer_and_change_lists(client, municipality, campaign, cohort, manager):
    run(campaign)
    client.force_login(manager)
    waiting = text(client.get(campaign_url(campaign, "seuranta/jonossa/")))
    assert "Lapsi1 Toinen Koditon" in waiting and "Lapsi1 Toinen Etela" not in waiting

    offer = Offer.all_objects.get(campaign=campaign, person=cohort["Etela"]["children"][0])
    answered = services.answer(offer, by_person=cohort["Etela"]["guardians"][0], action="change",
                               reason="Lähemmäs isovanhempia", wish={"wished_unit": "North school"})
    changes = text(client.get(campaign_url(campaign, "seuranta/muutospyynnot/")))
    case = answered.change_case
    assert "Lapsi1 Toinen Etela" in changes
    assert f'href="/{municipality.slug}/en/virkailija/asiat/{case.public_id}/"' in changes
    assert case.reference in changes

    assert "Nobody is on this list." in text(client.get(campaign_url(campaign, "seuranta/ei-vastausta/")))
    services.expire(dt.date(2027, 2, 16))
    no_answer = text(client.get(campaign_url(campaign, "seuranta/ei-vastausta/")))
    assert "Lapsi1 Toinen Pohjola" in no_answer and "Lapsi1 Toinen Etela" not in no_answer
    assert Offer.all_objects.filter(campaign=campaign, status=OfferStatus.NO_ANSWER).count() == 5
    assert AuditEvent.all_objects.filter(actor=manager, action="proactive.follow_up.read",
                                         subject_id=cohort["Koditon"]["children"][0].public_id).exists()


# --- the admin -------------------------------------------------------------------------------------------

@pytest.fixture
def administrator(municipality):
    return staff(municipality, Role.ADMINISTRATOR, None, "paakayttaja")


def rule_form(rule, **overrides):
    data = {"slug": rule.slug, "name_fi": "Esiopetus", "name_sv": "", "name_en": "", "active": "on",
            "trigger": "cohort", "age": "6", "age_min": "", "age_max": "", "area_name": "", "area": "",
            "legal_basis_fi": "Perusopetuslaki 26 a §", "legal_basis_sv": "", "legal_basis_en": "",
            "service": "", "offer_title_fi": "Esiopetuspaikka", "offer_title_sv": "", "offer_title_en": "",
            "offer_text_fi": "Paikka on varattu.", "offer_text_sv": "", "offer_text_en": "", "mode": "offer",
            "allocation": "nearest", "for_guardians": "on", "change_case_type": str(rule.change_case_type_id),
            "answer_days": "21", "reminder_days": "[7, 2]"}
    for prefix, rows in (("placement_units", rule.placement_units.all()), ("catchment_areas", rule.catchment_areas.all())):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows)),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-rule"] = str(rule.pk)
            if prefix == "placement_units":
                data.update({f"{prefix}-{i}-name_fi": row.name["fi"], f"{prefix}-{i}-name_sv": "",
                             f"{prefix}-{i}-name_en": "", f"{prefix}-{i}-unit": str(row.unit_id),
                             f"{prefix}-{i}-street_address": "", f"{prefix}-{i}-latitude": str(row.latitude),
                             f"{prefix}-{i}-longitude": str(row.longitude), f"{prefix}-{i}-capacity": "3",
                             f"{prefix}-{i}-language": row.language})
            else:
                data.update({f"{prefix}-{i}-name": row.name, f"{prefix}-{i}-placement_unit": str(row.placement_unit_id),
                             f"{prefix}-{i}-area": json.dumps(row.area)})
    data.update(overrides)
    return data


def admin_url(rule):
    return f"/admin/proactive/rule/{rule.pk}/change/"


@pytest.mark.parametrize("overrides, message", [
    ({"reminder_days": "[7, 0]"}, "Each reminder is a whole number of days before the deadline, from 1 to 365"),
    ({"reminder_days": '["7"]'}, "Each reminder is a whole number of days"),
    ({"reminder_days": "7"}, "Give the reminders as a list of days before the deadline"),
    ({"reminder_days": "[2, 2]"}, "The same reminder day is given twice"),
    ({"area": '{"type": "Polygon", "coordinates": [[[25, 61], [26, 61]]]}'}, "Give a GeoJSON Polygon or MultiPolygon"),
    ({"catchment_areas-0-area": '{"type": "Point", "coordinates": [25, 61]}'},
     "Give the catchment area as a GeoJSON Polygon"),
    ({"age": ""}, "A cohort rule and a rule for reaching an age need the age."),
])
def test_the_admin_refuses_bad_reminders_and_areas_with_a_clear_message(client, rule, places, administrator,
                                                                        overrides, message):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(administrator)
    response = client.post(admin_url(rule), rule_form(rule, **overrides))
    assert response.status_code == 200, response.get("Location")
    assert message in text(response)
    rule.refresh_from_db()
    assert rule.reminder_days == [7, 2] and rule.area is None


def test_the_admin_saves_a_rule_with_its_units_and_areas(client, rule, places, administrator):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(administrator)
    for url in (admin_url(rule), "/admin/proactive/rule/add/", "/admin/proactive/rule/", "/admin/proactive/campaign/",
                "/admin/proactive/offer/"):
        assert client.get(url).status_code == 200, url
    response = client.post(admin_url(rule), rule_form(rule, reminder_days="[10, 3]", **{
        "catchment_areas-0-area": json.dumps(SOUTH_AREA), "placement_units-1-capacity": "25",
        "placement_units-1-language": "sv"}))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.reminder_days == [10, 3]
    north = places["north"].__class__.all_objects.get(pk=places["north"].pk)
    assert (north.capacity, north.language) == (25, "sv")  # a Swedish-language unit
    assert CatchmentArea.all_objects.filter(rule=rule).count() == 2


def test_the_admin_shows_campaigns_and_offers_read_only_to_their_units_only(client, campaign, cohort, manager,
                                                                           other_unit_manager):
    run(campaign)
    offer = Offer.all_objects.filter(campaign=campaign).first()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(manager)
    page = client.get(f"/admin/proactive/campaign/{campaign.pk}/change/")
    assert page.status_code == 200 and "7 of 7 (100 %)" in text(page) and 'name="_save"' not in text(page)
    assert client.get(f"/admin/proactive/offer/{offer.pk}/change/").status_code == 200
    assert AuditEvent.all_objects.filter(actor=manager, action="proactive.offer.read",
                                         subject_id=offer.person.public_id).exists()
    client.force_login(other_unit_manager)
    assert client.get(f"/admin/proactive/campaign/{campaign.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"/admin/proactive/offer/{offer.pk}/change/").status_code in (302, 403, 404)
    assert not AuditEvent.all_objects.filter(actor=other_unit_manager).exists()


def test_the_admin_offers_only_the_rules_own_placement_units_for_an_area(client, municipality, rule, places,
                                                                         administrator):
    other = Rule.all_objects.create(municipality=municipality, slug="toinen", name={"fi": "Toinen"},
                                    legal_basis={"fi": "x"}, offer_title={"fi": "x"}, offer_text={"fi": "x"}, age=6)
    stranger = places["south"].__class__.all_objects.create(
        municipality=municipality, rule=other, unit=places["south"].unit, name={"fi": "Vieras"}, latitude=61.0,
        longitude=25.0, capacity=1)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(administrator)
    response = client.post(admin_url(rule), rule_form(rule, **{"catchment_areas-0-placement_unit": str(stranger.pk)}))
    assert response.status_code == 200 and "Select a valid choice" in text(response)
    assert CatchmentArea.all_objects.get(rule=rule, name="Etelä").placement_unit == places["south"]
