"""Mandates a resident grants: whom (identity code, or name and birth date), for which services,
for how long; the agent acts only in those services within the period; both see the mandate, the
represented person sees what was done; every change leaves history."""

import datetime as dt

import pytest

from luukku.cases import selectors as case_selectors, services as case_services
from luukku.cases.models import Case
from luukku.cases.services import acting_mandate
from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.eservices.models import Draft, FormDefinition
from luukku.people import mandates
from luukku.people.models import Mandate, MandateChange, MandateKind, Person

from .mandate_fixtures import aino, benefit, bertil, cecilia, parking, unit  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/esimerkki/{lang}/omat-asiat/valtuutukset/"


def page(lang="fi"):
    return URL.format(lang=lang)


def _case(applicant, subject, case_type, mandate=None):
    definition = FormDefinition.all_objects.get(case_type=case_type)
    draft = Draft.all_objects.create(municipality=applicant.municipality, case_type=case_type, definition=definition,
                                     applicant=applicant, subject=subject, mandate=mandate, data={})
    return case_services.submit_draft(draft, by_person=applicant)


def seen_by(person) -> set:
    """References in the person's My cases, read as a new request would (the acted-for list is cached per instance)."""
    fresh = Person.all_objects.get(pk=person.pk)
    return {c.reference for c in case_selectors.case_list_for(fresh)}


def _grant(principal, agent, case_types, days=30):
    today = clock.today()
    return mandates.grant(principal, agent, case_types, today, today + dt.timedelta(days=days))


def _form(types, **extra):
    today = clock.today()
    data = {"valid_from": today.strftime("%d.%m.%Y"), "valid_until": (today + dt.timedelta(days=60)).strftime("%d.%m.%Y"),
            "case_types": [str(ct.public_id) for ct in types]}
    data.update(extra)
    return data


def test_grant_by_identity_code_on_the_page_and_both_see_it(client, aino, bertil, parking, benefit):
    client.force_login(aino.user)
    response = client.post(page(), _form([parking], code=bertil.hetu.lower()))
    assert response.status_code == 302
    mandate = Mandate.all_objects.get(principal=aino, agent=bertil)
    assert mandate.kind == MandateKind.GRANTED and [ct.slug for ct in mandate.case_types.all()] == ["pysakointi"]
    change = MandateChange.all_objects.get(mandate=mandate)
    assert change.action == "granted" and change.by_person == aino and change.data["case_types"] == ["pysakointi"]
    assert DomainEvent.all_objects.filter(kind="mandate.granted", object_id=str(mandate.public_id)).exists()
    html = client.get(page()).content.decode()
    assert "Bertil Björkman" in html and "Pysäköintilupa" in html
    assert bertil.hetu not in html  # the code typed is never shown back
    client.force_login(bertil.user)
    html = client.get(page("sv")).content.decode()
    assert "Aino Asukas" in html and "Parkeringstillstånd" in html


def test_grant_by_name_and_birth_date(client, aino, bertil, parking):
    client.force_login(aino.user)
    response = client.post(page("en"), _form([parking], first_names="bertil", last_name="BJÖRKMAN",
                                            birth_date="14.3.1990"))
    assert response.status_code == 302
    assert Mandate.all_objects.filter(principal=aino, agent=bertil, kind=MandateKind.GRANTED).exists()


@pytest.mark.parametrize("extra, message", [
    ({"code": "131052-308X"}, "Check the personal identity code"),
    ({"code": "", "first_names": "Nobody"}, "personal identity code of the person you authorise"),
    ({"first_names": "Bertil", "last_name": "Björkman", "birth_date": "1.1.1991"}, "exactly one person"),
    ({"code": "BERTIL", "valid_until": "31.2.2027"}, "day.month.year"),
])
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(client, aino, bertil, parking, extra, message):
    client.force_login(aino.user)
    response = client.post(page("en"), _form([parking], **extra))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    for value in extra.values():
        if value and "code" not in extra:
            assert f'value="{value}"' in html
    assert not Mandate.all_objects.filter(principal=aino).exists()


def test_unknown_service_self_and_reversed_period_are_refused(client, aino, bertil, parking):
    client.force_login(aino.user)
    r = client.post(page("en"), _form([parking], code=bertil.hetu, case_types=["not-a-service"]))
    assert r.status_code == 400 and "Choose the services from the list." in r.content.decode()
    r = client.post(page("en"), _form([parking], code=aino.hetu))
    assert r.status_code == 400 and "You cannot authorise yourself." in r.content.decode()
    from ..cases.conftest import make_person

    kid = make_person(aino.municipality, "Eetu", "Asukas", birth=dt.date(2018, 6, 1))
    r = client.post(page("en"), _form([parking], code=kid.hetu))
    assert r.status_code == 400 and "must be at least 18 years old" in r.content.decode()
    today = clock.today()
    r = client.post(page("en"), _form([parking], code=bertil.hetu, valid_until=(today - dt.timedelta(days=1)).strftime("%d.%m.%Y")))
    assert r.status_code == 400 and "The end date must be on or after the start date." in r.content.decode()
    assert not Mandate.all_objects.exists()


def test_agent_acts_only_in_the_chosen_services(aino, bertil, parking, benefit):
    mandate = _grant(aino, bertil, [parking])
    parking_case = _case(aino, aino, parking)
    benefit_case = _case(aino, aino, benefit)
    seen = seen_by(bertil)
    assert parking_case.reference in seen and benefit_case.reference not in seen
    assert acting_mandate(parking_case, bertil) == (True, mandate)
    assert acting_mandate(benefit_case, bertil) == (False, None)
    # Bertil may start a parking application for Aino, not an income support one.
    from luukku.eservices import selectors as es

    from luukku.eservices.views import _represented
    assert [p for p, _m in _represented(bertil, parking)] == [aino]
    assert _represented(bertil, benefit) == []
    assert str(aino.public_id) in dict(es.for_whom_choices(parking, bertil, [], _represented(bertil, parking)))


def test_mandate_is_only_valid_within_its_period(aino, bertil, parking):
    today = clock.today()
    later = mandates.grant(aino, bertil, [parking], today + dt.timedelta(days=5), today + dt.timedelta(days=9))
    case = _case(aino, aino, parking)
    assert acting_mandate(case, bertil) == (False, None)
    assert case.reference not in seen_by(bertil)
    Mandate.all_objects.filter(pk=later.pk).update(valid_from=today - dt.timedelta(days=9),
                                                   valid_until=today - dt.timedelta(days=1))
    assert acting_mandate(case, bertil) == (False, None)


def test_revoke_ends_at_once_and_the_agent_loses_even_cases_they_sent(client, aino, bertil, parking):
    mandate = _grant(aino, bertil, [parking])
    sent = _case(bertil, aino, parking, mandate=mandate)
    assert sent.reference in seen_by(bertil)
    client.force_login(aino.user)
    assert client.post(page() + f"{mandate.public_id}/lopeta/").status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_at is not None
    assert [c.action for c in MandateChange.all_objects.filter(mandate=mandate)] == ["granted", "revoked"]
    assert sent.reference not in seen_by(bertil)
    assert acting_mandate(Case.all_objects.get(pk=sent.pk), bertil) == (False, None)
    # Aino still sees what Bertil did for her.
    html = client.get(page("en")).content.decode()
    assert sent.reference in html and "Sent an application or notice" in html and "Ended on" in html


def test_history_rows_are_append_only(aino, bertil, parking):
    from django.core.exceptions import ValidationError

    change = MandateChange.all_objects.get(mandate=_grant(aino, bertil, [parking]))
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()


def test_nobody_else_can_revoke_or_see_a_mandate(client, aino, bertil, cecilia, parking):
    mandate = _grant(aino, bertil, [parking])
    client.force_login(cecilia.user)
    assert client.post(page() + f"{mandate.public_id}/lopeta/").status_code == 404
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    html = client.get(page()).content.decode()
    assert "Bertil" not in html and "Aino" not in html


def test_the_agent_may_give_up_the_mandate(client, aino, bertil, parking):
    mandate = _grant(aino, bertil, [parking])
    client.force_login(bertil.user)
    assert client.post(page("sv") + f"{mandate.public_id}/lopeta/").status_code == 302
    assert MandateChange.all_objects.filter(mandate=mandate, action="revoked", by_person=bertil).exists()


def test_guardianship_still_covers_every_case_type(municipality, aino, benefit):
    from ..cases.conftest import make_person

    kid = make_person(municipality, "Eetu", "Asukas", birth=dt.date(2020, 6, 1))
    guardian = Mandate.all_objects.create(municipality=municipality, principal=kid, agent=aino,
                                          kind=MandateKind.GUARDIAN, valid_from=dt.date(2020, 6, 1))
    case = _case(aino, kid, benefit, mandate=guardian)
    assert acting_mandate(case, aino) == (True, guardian)
    assert case.reference in seen_by(aino)


def test_the_agent_applies_for_the_principal_through_the_start_page_only_in_the_chosen_service(
        client, aino, bertil, parking, benefit):
    mandate = _grant(aino, bertil, [parking])
    client.force_login(bertil.user)
    start = "/esimerkki/en/asiointi/{}/"
    page_html = client.get(start.format("pysakointi")).content.decode()
    assert "Aino Asukas" in page_html
    response = client.post(start.format("pysakointi"), {"for_whom": str(aino.public_id)})
    assert response.status_code == 302
    draft = Draft.all_objects.get(applicant=bertil)
    assert (draft.subject, draft.mandate) == (aino, mandate)
    assert "Aino Asukas" not in client.get(start.format("toimeentulo")).content.decode()
    refused = client.post(start.format("toimeentulo"), {"for_whom": str(aino.public_id)})
    assert refused.status_code == 400 and Draft.all_objects.filter(applicant=bertil).count() == 1
    # Revoked before sending: the draft cannot go on, nor be submitted.
    mandates.revoke(mandate, aino)
    gone = client.get(response["Location"])
    assert gone.status_code == 302 and gone["Location"].endswith("/omat-asiat/valtuutukset/")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_services.submit_draft(Draft.all_objects.get(pk=draft.pk), by_person=bertil)
    assert not Case.all_objects.exists()


def test_a_person_known_only_to_the_register_is_fetched_and_a_refused_grant_leaves_nothing(
        client, settings, tmp_path, aino, parking):
    import json

    register = tmp_path / "register.json"
    register.write_text(json.dumps({"persons": [
        {"hetu": "210879Y131L", "first_names": "Bertil Johan", "last_name": "Björkman"}]}), encoding="utf-8")
    settings.LUUKKU_POPULATION_REGISTER, settings.LUUKKU_DEMO_REGISTER_FILE = "demo", str(register)
    client.force_login(aino.user)
    past = (clock.today() - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    refused = client.post(page("en"), _form([parking], code="210879Y131L", valid_from=past))
    assert refused.status_code == 400 and "The mandate cannot start in the past." in refused.content.decode()
    assert not Person.all_objects.filter(last_name="Björkman").exists()
    assert client.post(page("en"), _form([parking], code="210879Y131L")).status_code == 302
    assert Mandate.all_objects.get(principal=aino).agent.full_name == "Bertil Johan Björkman"
