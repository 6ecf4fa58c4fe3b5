"""The burden pages as a manager uses them: the report with its chart and table, the CSV, the forms
refusing bad input in words with what was typed kept, and who may see what."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from luukku.core.models import Role
from luukku.scm import services
from luukku.scm.models import BurdenSettings, Change, Estimate, ManualVolume

from ..factories import ServiceFactory
from .conftest import login, staff, url

REPORT_2025 = {"start": "2025-01-01", "end": "2025-12-31", "by": "service"}


@pytest.fixture
def paper(world):
    """The worked example on the mooring service: 100 000 paper applications a year at 5 h and 2 €."""
    municipality, service = world["municipality"], world["mooring"].service
    services.save_estimate(municipality=municipality, service=service, channel="mail",
                           valid_from=dt.date(2025, 1, 1), minutes=300, money=Decimal(2))
    services.add_volume(municipality=municipality, service=service, channel="mail", start=dt.date(2025, 1, 1),
                        end=dt.date(2025, 12, 31), count=100_000)
    return service


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_report_shows_the_burden_its_chart_and_table(world, as_manager, paper):
    services.set_hour_value(municipality=world["municipality"], hour_value=Decimal(20))
    response = as_manager.get(url("report", municipality=world["municipality"]), REPORT_2025)
    assert response.status_code == 200
    page = _text(response)
    assert 'data-total="hours">500,000.0 h' in page and 'data-total="money">200,000.00 €' in page
    assert 'data-total="euros">10,200,000.00 €' in page
    # The chart has its text alternative, and the table its rows.
    assert re.search(r'<svg role="img" aria-labelledby="burden-chart-title burden-chart-desc"', page)
    assert re.search(r'<desc id="burden-chart-desc">[^<]*: 500,000\.0 h</desc>', page)
    assert re.search(r'<tr data-channel="mail">.*?<td>mail</td> <td class="num">100,000</td> '
                     r'<td class="num">500,000\.0</td><td class="num">200,000\.00</td>', page)


def test_the_report_in_finnish_and_by_sector(world, paper):
    client = login(staff(world["municipality"], "johtaja", Role.MANAGER))
    response = client.get(url("report", municipality=world["municipality"], lang="fi"),
                          {**REPORT_2025, "by": "sector"})
    assert response.status_code == 200
    assert 'data-total="hours">500\xa0000,0 h' in response.content.decode()


def test_a_period_with_no_data_and_a_bad_period(world, as_manager):
    report = url("report", municipality=world["municipality"])
    empty = as_manager.get(report, {"start": "2001-01-01", "end": "2001-01-31"})
    assert empty.status_code == 200 and "No transactions, volumes or estimates in this period" in empty.content.decode()
    bad = as_manager.get(report, {"start": "2025-05-01", "end": "2025-04-01", "by": "colour"})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "The last day is before the first day." in page and "Choose one of the groupings in the list." in page
    assert 'value="2025-04-01"' in page  # what was typed is kept
    assert as_manager.get(report, {"start": "31.2.2025"}).status_code == 400
    far = as_manager.get(report, {"start": "9999-12-31", "end": "9999-12-31"})
    assert far.status_code == 400 and "Give a date between the years 2000 and 2100." in far.content.decode()
    assert as_manager.get(url("report_csv", municipality=world["municipality"]),
                          {"start": "x"}).status_code == 400


def test_the_csv_has_the_tables_rows(world, as_manager, paper):
    ServiceFactory(municipality=world["municipality"], slug="muu", name={"fi": "=HYPERLINK(1)"})
    services.set_hour_value(municipality=world["municipality"], hour_value=Decimal("20"))
    response = as_manager.get(url("report_csv", municipality=world["municipality"]), REPORT_2025)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="burden-esimerkki-20250101-20251231.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Service", "Channel", "Transactions counted", "Transactions entered", "Time (h)", "Money (€)",
                       "Total in euros (€)", "Transactions without an estimate"]
    name = str(paper)
    assert rows[1:] == [[name, "mail", "0", "100000", "500000.0", "200000.00", "10200000.00", "0"],
                        [name, "All channels", "0", "100000", "500000.0", "200000.00", "10200000.00", "0"]]


def _post(client, name, data, municipality, *args):
    return client.post(url(name, *args, municipality=municipality), data)


def _estimate_data(world, **changes):
    return {"service": world["mooring"].service.pk, "channel": "mail", "valid_from": "1.1.2025", "hours": "5",
            "minutes": "0", "money": "2,00", "note": "Kysely 2024", **changes}


def test_a_manager_saves_and_edits_an_estimate(world, as_manager):
    m = world["municipality"]
    response = _post(as_manager, "estimates", _estimate_data(world), m)
    assert response.status_code == 302
    estimate = Estimate.all_objects.get()
    assert (estimate.minutes, estimate.money, estimate.valid_from, estimate.note) == (
        300, Decimal("2.00"), dt.date(2025, 1, 1), "Kysely 2024")
    page = as_manager.get(url("estimates", municipality=m)).content.decode()
    assert "5 h" in page and "Kysely 2024" in page
    edited = _post(as_manager, "estimate", _estimate_data(world, hours="4", minutes="30", money="1.5"), m,
                   estimate.public_id)
    assert edited.status_code == 302
    estimate.refresh_from_db()
    assert (estimate.minutes, estimate.money) == (270, Decimal("1.50"))
    # A second estimate for the same service, channel and day is refused, by its field.
    again = _post(as_manager, "estimates", _estimate_data(world), m)
    assert again.status_code == 400
    assert "already has an estimate for this channel from this day" in again.content.decode()
    assert _post(as_manager, "delete_estimate", {}, m, estimate.public_id).status_code == 302
    assert not Estimate.all_objects.exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"hours": "-1"}, "hours", "The time cannot be negative."),
    ({"minutes": "-5"}, "minutes", "The time cannot be negative."),
    ({"hours": "0", "minutes": "0"}, "hours", "an errand always takes some time"),
    ({"hours": "", "minutes": ""}, "hours", "an errand always takes some time"),
    ({"hours": "1001"}, "hours", "No transaction takes more than 1 000 hours"),
    ({"hours": "1000", "minutes": "1"}, "hours", "No transaction takes more than 1 000 hours"),
    ({"hours": "viisi"}, "hours", "Give the hours as a whole number"),
    ({"minutes": "75"}, "minutes", "Give the minutes from 0 to 59"),
    ({"money": "-2"}, "money", "The sum cannot be negative."),
    ({"money": "100000,01"}, "money", "No transaction costs the customer more than 100 000 €"),
    ({"money": "1e9"}, "money", "No transaction costs the customer more than 100 000 €"),
    ({"money": "NaN"}, "money", "Give the sum as a number of euros"),
    ({"money": "2,505"}, "money", "two decimals"),
    ({"money": ""}, "money", "Give the sum in euros; 0 if there is none."),
    ({"valid_from": "32.1.2025"}, "valid_from", "Enter the date as day.month.year"),
    ({"valid_from": "1.1.0001"}, "valid_from", "Give a date between the years 2000 and 2100."),
    ({"channel": "pigeon"}, "channel", "Choose one of the channels in the list."),
    ({"service": ""}, "service", "Choose the service."),
    ({"service": "999999"}, "service", "Choose one of the municipality’s services."),
    ({"note": "x" * 2001}, "note", "at most 2 000 characters"),
])
def test_the_estimate_form_refuses_bad_input_in_words(world, as_manager, changes, field, message):
    data = _estimate_data(world, **changes)
    response = _post(as_manager, "estimates", data, world["municipality"])
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="estimate-{field}-error">.*?{re.escape(message)}', page, re.S), page
    assert f'href="#estimate-{field}"' in page  # the summary links to the field
    if field not in ("service", "channel", "note"):
        assert f'value="{data[field]}"' in page  # what was typed is kept
    assert not Estimate.all_objects.exists()


def test_another_municipalitys_service_cannot_be_estimated(world, as_manager):
    foreign = ServiceFactory(municipality=world["other_municipality"])
    response = _post(as_manager, "estimates", _estimate_data(world, service=foreign.pk), world["municipality"])
    assert response.status_code == 400 and not Estimate.all_objects.exists()


@pytest.mark.parametrize("value, message", [
    ("-1", "The sum cannot be negative."), ("0", "An hour is worth more than 0 €"),
    ("1000,01", "Give a value of at most 1 000 € an hour."), ("paljon", "Give the sum as a number of euros"),
])
def test_the_value_of_an_hour_refuses_bad_input(world, as_manager, value, message):
    response = _post(as_manager, "hour_value", {"hour_value": value}, world["municipality"])
    page = response.content.decode()
    assert response.status_code == 400 and message in page and f'value="{value}"' in page
    assert not BurdenSettings.all_objects.exists()


def test_the_value_of_an_hour_is_saved_and_emptied(world, as_manager):
    m = world["municipality"]
    assert _post(as_manager, "hour_value", {"hour_value": ""}, m).status_code == 302
    assert not BurdenSettings.all_objects.exists()  # clearing what was never set writes nothing
    assert _post(as_manager, "hour_value", {"hour_value": "18,50 €"}, m).status_code == 302
    assert BurdenSettings.all_objects.get().hour_value == Decimal("18.50")
    assert _post(as_manager, "hour_value", {"hour_value": ""}, m).status_code == 302
    assert BurdenSettings.all_objects.get().hour_value is None


def _volume_data(world, **changes):
    return {"service": world["mooring"].service.pk, "channel": "mail", "start": "2025-01-01",
            "end": "2025-12-31", "count": "1200", "note": "Paperihakemukset", **changes}


@pytest.mark.parametrize("changes, field, message", [
    ({"count": "-3"}, "count", "Give at least one transaction."),
    ({"count": "0"}, "count", "Give at least one transaction."),
    ({"count": "10000001"}, "count", "No more than 10 000 000 transactions"),
    ({"count": "12.5"}, "count", "Give the number as a whole number"),
    ({"end": "2024-12-31"}, "end", "The last day is before the first day."),
    ({"end": "2040-01-01"}, "end", "at most ten years"),
    ({"start": ""}, "start", "Give the date."),
])
def test_the_volume_form_refuses_bad_input_in_words(world, as_manager, changes, field, message):
    data = _volume_data(world, **changes)
    response = _post(as_manager, "volumes", data, world["municipality"])
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="volume-{field}-error">.*?{re.escape(message)}', page, re.S)
    assert f'value="{data[field]}"' in page
    assert not ManualVolume.all_objects.exists()


def test_a_volume_is_saved_and_counted(world, as_manager, paper):
    m = world["municipality"]
    assert _post(as_manager, "volumes", _volume_data(world), m).status_code == 302
    assert ManualVolume.all_objects.count() == 2
    page = as_manager.get(url("report", municipality=m), REPORT_2025).content.decode()
    assert 'data-total="transactions">101,200<' in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "   "}, "name", "Name the change"),
    ({"date": "huomenna"}, "date", "Enter the date as day.month.year"),
    ({"window_days": "3"}, "window_days", "Compare at least 7 days."),
    ({"date": "31.12.9999"}, "date", "Give a date between the years 2000 and 2100."),
    ({"window_days": "5000"}, "window_days", "Compare at most 1 096 days"),
])
def test_the_change_form_refuses_bad_input_in_words(world, as_manager, changes, field, message):
    data = {"service": world["mooring"].service.pk, "name": "E-service", "date": "2025-06-01",
            "window_days": "30", **changes}
    response = _post(as_manager, "changes", data, world["municipality"])
    assert response.status_code == 400
    assert re.search(rf'id="change-{field}-error">.*?{re.escape(message)}', response.content.decode(), re.S)
    assert not Change.all_objects.exists()


def test_the_change_page_shows_before_and_after_side_by_side(world, as_manager, paper):
    m = world["municipality"]
    response = _post(as_manager, "changes", {"service": paper.pk, "name": "Paper replaced by the e-service",
                                             "date": "2025-07-01", "window_days": "31"}, m)
    change = Change.all_objects.get()
    assert response.status_code == 302 and response["Location"] == url("change", change.public_id, municipality=m)
    page = _text(as_manager.get(response["Location"]))
    assert "Before: 31.5.2025–30.6.2025. After: 1.7.2025–31.7.2025." in page
    # 100 000 a year: 31 days' share before and after (8 493.15 each), 5 h and 2 € each, no difference.
    assert re.search(r'<tr data-channel="mail"> <th scope="row">mail</th> <td>5 h, 2.00 €</td> '
                     r'<td class="num">8,493</td><td class="num">42,465.8</td>', page)
    assert 'data-diff-total="hours">0.0<' in page


def test_tenancy_another_municipalitys_manager_sees_nothing(world, paper, foreign_manager):
    m, other = world["municipality"], world["other_municipality"]
    estimate = Estimate.all_objects.get()
    volume = ManualVolume.all_objects.get()
    change = services.save_change(municipality=m, service=paper, name="Muutos", date=dt.date(2025, 6, 1),
                                  window_days=30)
    client = login(foreign_manager)
    # In their own municipality: none of it.
    page = client.get(url("report", municipality=other), REPORT_2025).content.decode()
    assert "No transactions, volumes or estimates" in page
    assert str(paper) not in client.get(url("estimates", municipality=other)).content.decode()
    # By URL: another municipality's rows under their own, or the other municipality's pages.
    for name, obj in (("estimate", estimate), ("change", change), ("delete_estimate", estimate),
                      ("delete_volume", volume), ("delete_change", change)):
        method = client.post if name.startswith("delete") else client.get
        assert method(url(name, obj.public_id, municipality=other)).status_code == 404
        assert method(url(name, obj.public_id, municipality=m)).status_code == 403
    assert client.get(url("report", municipality=m)).status_code == 403
    assert Estimate.all_objects.count() == ManualVolume.all_objects.count() == Change.all_objects.count() == 1


@pytest.mark.parametrize("role", [Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT, Role.CATALOGUE_EDITOR,
                                  Role.DATA_PROTECTION_OFFICER])
def test_non_managers_are_refused_and_get_no_menu_link(world, role):
    m = world["municipality"]
    client = login(staff(m, f"user-{role}", role))
    for name in ("report", "report_csv", "estimates", "volumes", "changes"):
        assert client.get(url(name, municipality=m)).status_code == 403
    assert client.post(url("estimates", municipality=m), _estimate_data(world)).status_code == 403
    desk = client.get(f"/{m.slug}/en/virkailija/", follow=True).content.decode()
    assert 'data-nav="scm"' not in desk


def test_managers_and_administrators_get_the_menu_link(world, as_manager):
    m = world["municipality"]
    page = as_manager.get(url("report", municipality=m)).content.decode()
    assert f'href="{url("report", municipality=m)}" data-nav="scm"' in page
    admin = login(staff(m, "paakayttaja", Role.ADMINISTRATOR))
    assert 'data-nav="scm"' in admin.get(url("estimates", municipality=m)).content.decode()


def test_anonymous_goes_to_the_login(world):
    from django.test import Client

    response = Client().get(url("report", municipality=world["municipality"]))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]


def test_the_report_opens_on_the_last_twelve_months(world, as_manager):
    """With no period asked, a year's burden up to today: this month's transactions are in it."""
    from luukku.core import clock

    today = clock.today()
    page = as_manager.get(url("report", municipality=world["municipality"])).content.decode()
    assert f'value="{(today - dt.timedelta(days=364)).isoformat()}"' in page
    assert f'value="{today.isoformat()}"' in page
