"""Issue 14, point 3: the application says what a parent would want to know before sending (age
range, a start date in the past, another open application, a place already) and keeps it with the
case for the handler."""

import datetime as dt

import pytest
from django.utils import timezone

from luukku.cases.models import Case, Status
from luukku.core import clock
from luukku.eservices.models import Draft
from luukku.proactive.models import Mode, Offer, OfferStatus, Rule

from .conftest import url

pytestmark = pytest.mark.django_db


def _day(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


@pytest.fixture
def checked_daycare(daycare):
    case_type, definition = daycare
    case_type.min_age_months, case_type.max_age_months, case_type.start_date_field = 8, 84, "start_date"
    case_type.save()
    return case_type, definition


def _draft(client, municipality, child, start):
    client.post(url(municipality, "start", "varhaiskasvatushakemus", lang="en"), {"for_whom": str(child.public_id)})
    draft = Draft.all_objects.get(applicant__user__username="aino", submitted_at__isnull=True)
    draft.data.update({"child": str(child.public_id), "start_date": start.isoformat(), "urgent": "no",
                       "hours": "full", "evening_care": "no", "units": ["kuusikko"]})
    draft.save()
    return draft


def test_a_start_date_in_the_past_is_refused_on_its_page_and_at_sending(municipality, checked_daycare, family,
                                                                        resident):
    child = family["child"]
    start = clock.today() + dt.timedelta(days=60)
    draft = _draft(resident, municipality, child, start)
    yesterday = clock.today() - dt.timedelta(days=1)
    page = resident.post(url(municipality, "page", draft.public_id, 1, lang="en"), {
        "action": "next", "child": str(child.public_id), "start_date": _day(yesterday), "urgent": "no"})
    html = page.content.decode()
    assert page.status_code == 400
    assert f"The start date {_day(yesterday)} has already passed. Choose today or a later day." in html
    assert f'value="{_day(yesterday)}"' in html  # what was typed is kept
    today = resident.post(url(municipality, "page", draft.public_id, 1, lang="en"), {
        "action": "next", "child": str(child.public_id), "start_date": _day(clock.today()), "urgent": "no"})
    assert today.status_code == 302  # today is not in the past

    # A draft left waiting until its start date passed: the review page stops the sending.
    draft.refresh_from_db()
    draft.data["start_date"] = yesterday.isoformat()
    draft.save()
    review = resident.get(url(municipality, "review", draft.public_id, lang="en"))
    html = review.content.decode()
    assert 'id="check-errors"' in html and "has already passed" in html
    assert f'href="{url(municipality, "page", draft.public_id, 1, lang="en")}"' in html
    sent = resident.post(url(municipality, "review", draft.public_id, lang="en"), {"definition_version": "1"})
    assert sent.status_code == 400 and not Case.all_objects.filter(draft=draft).exists()


def test_warnings_show_before_sending_and_are_stored_with_the_case(municipality, checked_daycare, family, resident):
    case_type, _definition = checked_daycare
    child = family["child"]  # born 14.3.2022
    start = clock.today() + dt.timedelta(days=30)
    # An earlier application for the same child and service, still open; an older one decided.
    earlier = _draft(resident, municipality, child, start)
    from luukku.cases.services import submit_draft

    open_case = submit_draft(earlier, by_person=family["parent"])
    decided = submit_draft(_draft(resident, municipality, child, start), by_person=family["parent"])
    decided_on = timezone.make_aware(dt.datetime(2026, 5, 4, 12))
    Case.all_objects.filter(pk=decided.pk).update(status=Status.DECIDED, decided_at=decided_on)
    # A place offered proactively in the same service, accepted.
    rule = Rule.all_objects.create(municipality=municipality, slug="vaka", name={"fi": "Vaka"},
                                   service=case_type.service, legal_basis={"fi": "Laki"},
                                   offer_title={"fi": "Paikka"}, offer_text={"fi": "Paikka"})
    Offer.all_objects.create(municipality=municipality, reference="T-9", rule=rule, event_key="x", person=child,
                             mode=Mode.OFFER, legal_basis=rule.legal_basis, status=OfferStatus.ACCEPTED,
                             answered_at=timezone.make_aware(dt.datetime(2026, 6, 1, 12)))
    case_type.max_age_months = 48  # Eero is over four on the start date
    case_type.save()

    draft = _draft(resident, municipality, child, start)
    review = resident.get(url(municipality, "review", draft.public_id, lang="en"))
    html = review.content.decode()
    assert review.status_code == 200 and 'id="check-warnings"' in html and 'id="check-errors"' not in html
    age = (start.year - 2022) * 12 + start.month - 3 - (1 if start.day < 14 else 0)
    years, months = divmod(age, 12)
    assert (f"Eero Asukas is {years} years {months} month{'s' if months != 1 else ''} old on {_day(start)}. "
            "This service is for those under 4 years.") in html.replace("&#x27;", "'")
    local = open_case.submitted_at.astimezone(clock.HELSINKI).date()
    assert f"An application for this service for Eero Asukas, sent on {_day(local)}, is still being handled." in html
    assert "A decision on this service was already made for Eero Asukas on 4.5.2026." in html
    assert "Eero Asukas already has a place in this service: an offer was accepted on 1.6.2026." in html
    assert "You can still send the application." in html

    sent = resident.post(url(municipality, "review", draft.public_id, lang="en"), {"definition_version": "1"})
    assert sent.status_code == 302  # warnings do not stop the sending
    case = Case.all_objects.get(draft=draft)
    assert [w["code"] for w in case.warnings] == ["too_old", "open_application", "decided_application",
                                                  "accepted_offer"]
    assert case.warnings[0]["params"] == {"age": age, "limit": 48, "on": start.isoformat()}
    assert "Eero" not in str(case.warnings)  # codes and figures, no names: worded when read


def test_no_warnings_for_a_child_in_range_with_no_other_applications(municipality, checked_daycare, family,
                                                                     resident):
    draft = _draft(resident, municipality, family["child"], clock.today() + dt.timedelta(days=30))
    html = resident.get(url(municipality, "review", draft.public_id, lang="en")).content.decode()
    assert 'id="check-warnings"' not in html and 'id="check-errors"' not in html
    resident.post(url(municipality, "review", draft.public_id, lang="en"), {"definition_version": "1"})
    assert Case.all_objects.get(draft=draft).warnings == []
