"""The data-protection officer's audit search: only that role (and a superuser), the identity code
only in a POST body, filters by person, staff user, unit, action and time, CSV export, and every
search audited itself."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import AuditEvent, Role
from luukku.core.services import record_audit
from tests.cases.conftest import make_person
from tests.factories import MembershipFactory, MunicipalityFactory, UnitFactory, UserFactory


def _url(municipality, lang="en"):
    return reverse("privacy:dpo_search", kwargs={"municipality": municipality.slug, "lang": lang})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def unit(municipality):
    return UnitFactory(municipality=municipality, slug="sosiaalipalvelut", name={"fi": "Sosiaalipalvelut"})


@pytest.fixture
def other_unit(municipality):
    return UnitFactory(municipality=municipality, slug="tekninen", name={"fi": "Tekninen toimi"})


@pytest.fixture
def officer(municipality):
    user = UserFactory(username="tietosuoja", first_name="Tiina", last_name="Tietosuoja")
    MembershipFactory(municipality=municipality, user=user, role=Role.DATA_PROTECTION_OFFICER)
    return user


@pytest.fixture
def trail(municipality, unit, other_unit):
    """Two residents, two handlers, events in two units on two days, and one in another municipality."""
    aino = make_person(municipality, "Aino", "Asukas")
    bertil = make_person(municipality, "Bertil", "Björkman")
    kalle = UserFactory(username="kalle", first_name="Kalle", last_name="Käsittelijä")
    ville = UserFactory(username="ville")
    day1, day2 = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)

    rows = []
    for actor, person, u, action, at in ((kalle, aino, unit, "case.read", day1), (kalle, bertil, unit, "case.read", day2),
                                         (ville, aino, other_unit, "feedback.read", day2)):
        with clock.frozen_at(at):
            rows.append(record_audit(municipality=municipality, actor=actor, subject_id=person.public_id,
                                     action=action, purpose="case handling", role=Role.CASE_HANDLER, unit=u))
    elsewhere = MunicipalityFactory(slug="muualla", code="997")
    record_audit(municipality=elsewhere, actor=kalle, subject_id=aino.public_id, action="case.read",
                 purpose="case handling")
    return {"aino": aino, "bertil": bertil, "kalle": kalle, "ville": ville, "rows": rows}


def _search(client, municipality, **data):
    response = client.post(_url(municipality), {"hetu": "", "staff_user": "", "unit": "", "action": "",
                                                "date_from": "", "date_to": "", **data})
    return response


def _results(client, municipality, **data):
    response = _search(client, municipality, **data)
    assert response.status_code == 302, _text(response)
    return client.get(response["Location"])


def test_only_the_data_protection_officer_and_a_superuser_may_search(client, municipality, officer, unit):
    assert client.get(_url(municipality)).status_code == 302  # to the login
    for role in (Role.CASE_HANDLER, Role.MANAGER, Role.ADMINISTRATOR):
        user = UserFactory()
        MembershipFactory(municipality=municipality, user=user, role=role)
        client.force_login(user)
        assert client.get(_url(municipality)).status_code == 403, role
        assert _search(client, municipality).status_code == 403, role
    other = MunicipalityFactory(slug="toinen-kunta", code="996")
    client.force_login(officer)
    assert client.get(_url(other)).status_code == 403  # an officer of another municipality
    assert client.get(_url(municipality)).status_code == 200
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(_url(municipality)).status_code == 200


def test_the_officer_passes_the_second_factor_first(client, municipality, officer):
    client.force_login_password_only(officer)
    response = client.get(_url(municipality))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]
    assert _search(client, municipality).status_code == 302


def test_search_by_identity_code_is_posted_shows_that_persons_events_and_is_audited(
        client, municipality, officer, trail):
    client.force_login(officer)
    aino = trail["aino"]
    response = _search(client, municipality, hetu=aino.hetu)
    assert response.status_code == 302
    assert aino.hetu not in response["Location"] and str(aino.public_id) not in response["Location"]
    page = client.get(response["Location"])
    text = _text(page)
    assert aino.hetu not in text
    # Aino's two events here (not the other municipality's), and this very search, audited before it ran.
    assert text.count('class="audit-row"') == 3 and "privacy.audit_search" in text
    assert "Kalle Käsittelijä (kalle)" in text and "ville" in text and "Aino Asukas" in text
    assert "Bertil" not in text
    search = AuditEvent.all_objects.get(municipality=municipality, action="privacy.audit_search")
    assert (search.actor, search.subject_id, search.actor_role) == (officer, aino.public_id,
                                                                    Role.DATA_PROTECTION_OFFICER)
    assert search.purpose == "data-protection supervision"


def test_filters_by_staff_user_unit_action_and_time(client, municipality, officer, trail, unit, other_unit):
    client.force_login(officer)
    assert _text(_results(client, municipality, staff_user="KALLE")).count('class="audit-row"') == 2
    assert _text(_results(client, municipality, unit=str(other_unit.public_id))).count('class="audit-row"') == 1
    assert _text(_results(client, municipality, action="feedback.read")).count('class="audit-row"') == 1
    by_time = _text(_results(client, municipality, date_from="4.3.2026", date_to="6.3.2026", staff_user="kalle"))
    assert by_time.count('class="audit-row"') == 1 and "Bertil Björkman" in by_time


def test_bad_input_gets_a_clear_message_keeps_what_was_typed_and_never_the_code(client, municipality, officer):
    client.force_login(officer)
    response = _search(client, municipality, hetu="131052-308X", staff_user="kalle", date_from="1.3.2026")
    assert response.status_code == 400
    text = _text(response)
    assert "Check the personal identity code: it is not valid." in text
    assert "131052-308X" not in text
    # the username is unknown too (kalle has no account in this test):
    assert "No user has this username." in text
    assert 'value="1.3.2026"' in text  # kept as typed
    # The failed look-up by identity code is audited too (about no one).
    assert AuditEvent.all_objects.filter(action="privacy.audit_search", actor=officer).count() == 1
    text = _text(_search(client, municipality, date_from="5.3.2026", date_to="1.3.2026"))
    assert "The end date cannot be before the start date." in text
    for junk in ({"unit": "no-such"}, {"action": "x" * 500}, {"date_from": "32.13.2026"}, {"hetu": "\x00"}):
        assert _search(client, municipality, **junk).status_code == 400
    assert client.get(_url(municipality) + "?haku=unknown&page=zz").status_code == 200


def test_a_valid_code_of_nobody_here_says_so(client, municipality, officer, other_municipality):
    stranger = make_person(other_municipality, "Sami", "Muualta")
    client.force_login(officer)
    text = _text(_search(client, municipality, hetu=stranger.hetu))
    assert "No resident of this municipality has this identity code." in text


def test_csv_export_lists_the_results_is_audited_and_cannot_carry_formulas(client, municipality, officer, trail, unit):
    record_audit(municipality=municipality, actor=trail["kalle"], subject_id=trail["aino"].public_id,
                 action="case.read", purpose="=HYPERLINK(\"http://evil\")", unit=unit)
    client.force_login(officer)
    page = _results(client, municipality, hetu=trail["aino"].hetu)
    csv_url = re.search(r'href="(\?haku=[^"]+muoto=csv)"', page.content.decode()).group(1).replace("&amp;", "&")
    response = client.get(_url(municipality) + csv_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Time", "Staff member"]
    assert len(rows) == 1 + 3 + 2  # Aino's three events, the search page and this export
    assert {r[5] for r in rows[1:]} == {"Aino Asukas"}
    assert "'=HYPERLINK(\"http://evil\")" in {r[7] for r in rows[1:]}
    export = AuditEvent.all_objects.get(action="privacy.audit_export")
    assert export.subject_id == trail["aino"].public_id and export.actor == officer


def test_a_search_kept_for_one_municipality_is_not_shown_in_another(client, municipality, officer, trail):
    other = MunicipalityFactory(slug="toinen-kunta", code="996")
    MembershipFactory(municipality=other, user=officer, role=Role.DATA_PROTECTION_OFFICER)
    client.force_login(officer)
    location = _search(client, municipality, hetu=trail["aino"].hetu)["Location"]
    key = location.split("haku=")[1]
    text = _text(client.get(_url(other) + f"?haku={key}"))
    assert 'class="audit-row"' not in text and "Aino" not in text


def test_the_resident_sees_that_the_officer_searched_their_log(client, municipality, officer, trail):
    client.force_login(officer)
    _results(client, municipality, hetu=trail["aino"].hetu)
    aino = trail["aino"]
    aino.user = UserFactory(username="aino-asukas")
    aino.save()
    client.force_login(aino.user)
    text = _text(client.get(reverse("privacy:data_trail", kwargs={"municipality": municipality.slug, "lang": "en"})))
    assert "The data-protection officer searched the log of your data" in text
    assert "Tiina" not in text and "tietosuoja (" not in text


def test_the_staff_menu_offers_the_search_to_the_officer_only(client, municipality, officer):
    client.force_login(officer)
    assert f'href="{_url(municipality)}"' in client.get(_url(municipality)).content.decode()
    handler = UserFactory()
    MembershipFactory(municipality=municipality, user=handler, role=Role.CASE_HANDLER)
    client.force_login(handler)
    home = client.get(reverse("staff:home", kwargs={"municipality": municipality.slug, "lang": "en"}))
    assert home.status_code == 200 and f'href="{_url(municipality)}"' not in home.content.decode()
