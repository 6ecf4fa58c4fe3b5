"""Decision templates: values checked field by field, text rendered safely in the resident's
language, and the PDF a resident gets: parties, text, decider, date and appeal instructions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from luukku.cases import decisions, services
from luukku.cases.models import Case, Decision, DecisionTemplate, PartnerOrganisation, Status, SubStatus
from luukku.core import clock
from luukku.core.models import Role

from ..factories import MembershipFactory, UserFactory
from .pdftext import pdf_text, words

pytestmark = pytest.mark.django_db

APPEAL = {"fi": "Oikaisuvaatimus tehdään Esimerkin lautakunnalle 30 päivän kuluessa. Asia {reference}.",
          "sv": "Omprövning begärs hos nämnden inom 30 dagar. Ärende {reference}.",
          "en": "Ask the committee for a correction within 30 days. Case {reference}."}
FIELDS = [
    {"key": "unit", "label": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"}, "type": "choice", "required": True,
     "choices": [{"value": "kuusikko", "label": {"fi": "Päiväkoti Kuusikko", "sv": "Daghemmet Kuusikko",
                                                 "en": "Kuusikko Day Care Centre"}}]},
    {"key": "start", "label": {"fi": "Aloituspäivä", "sv": "Startdatum", "en": "Start date"}, "type": "date",
     "required": True},
    {"key": "fee", "label": {"fi": "Maksu", "sv": "Avgift", "en": "Fee"}, "type": "number", "required": True},
    {"key": "note", "label": {"fi": "Lisätieto", "sv": "Tillägg", "en": "Note"}, "type": "textarea"},
]


@pytest.fixture
def template(municipality, case_type):
    return DecisionTemplate.all_objects.create(
        municipality=municipality, case_type=case_type, name={"fi": "Paikka myönnetty"},
        title={"fi": "Päätös: {subject}", "sv": "Beslut: {subject}", "en": "Decision: {subject}"},
        body={"fi": "{subject} saa paikan yksiköstä {unit} {start} alkaen. Maksu {fee} €. {note}\n"
                    "Hakija {applicant}, asia {reference}, {case_type}, {municipality}, {date}.",
              "en": "{subject} gets a place at {unit} from {start}. Fee {fee} €. {note}"},
        fields=FIELDS, appeal_instructions=APPEAL)


def _messages(exc):
    return {key: " ".join(value) for key, value in exc.message_dict.items()}


# --- clean_values ---------------------------------------------------------------------------------

def test_values_are_typed_and_accept_finnish_and_iso_dates(template):
    cleaned = decisions.clean_values(template, {"unit": "kuusikko", "start": " 1.8.2026 ", "fee": "45,50"}, "fi")
    assert cleaned == {"unit": "kuusikko", "start": dt.date(2026, 8, 1), "fee": Decimal("45.50"), "note": None}
    cleaned = decisions.clean_values(template, {"unit": "kuusikko", "start": "2026-08-01", "fee": "120"}, "fi")
    assert cleaned["start"] == dt.date(2026, 8, 1) and cleaned["fee"] == 120
    assert decisions.as_json(cleaned) == {"unit": "kuusikko", "start": "2026-08-01", "fee": 120, "note": None}


def test_every_bad_field_is_named_at_once_in_the_users_language(template):
    values = {"unit": "elsewhere", "start": "31.2.2026", "fee": "lots"}
    with pytest.raises(ValidationError) as caught:
        decisions.clean_values(template, values, "en")
    messages = _messages(caught.value)
    assert set(messages) == {"unit", "start", "fee"}  # note is optional
    with translation.override("en"):
        assert messages["unit"] == gettext("Choose one of the options.")
        assert messages["start"] == gettext("Give a date as d.m.yyyy.")
    with pytest.raises(ValidationError) as caught:
        decisions.clean_values(template, {}, "fi")
    messages = _messages(caught.value)
    assert set(messages) == {"unit", "start", "fee"}
    assert "Aloituspäivä" in messages["start"] and "Start date" not in messages["start"]
    with translation.override("fi"):
        assert messages["start"] == gettext("Fill in %(label)s.") % {"label": "Aloituspäivä"}


def test_odd_input_is_refused_not_crashed(template):
    with pytest.raises(ValidationError) as caught:
        decisions.clean_values(template, {"unit": ["kuusikko", {"x": 1}], "start": {"d": 1}, "fee": "NaN",
                                          "note": "x" * 20000}, "fi")
    assert set(_messages(caught.value)) == {"unit", "start", "fee", "note"}


# --- render ---------------------------------------------------------------------------------------

def test_render_fills_placeholders_in_the_language_with_fallback(template, aino, child, make_case):
    case = make_case(aino, child)
    cleaned = decisions.clean_values(template, {"unit": "kuusikko", "start": "1.8.2026", "fee": "45,5"}, "sv")
    title, body, appeal = decisions.render(template, cleaned, case, "sv")
    assert title == "Beslut: Eetu Asukas"
    # No Swedish text: the Finnish one, as translated text falls back; values still in Swedish.
    assert body.startswith("Eetu Asukas saa paikan yksiköstä Daghemmet Kuusikko 1.8.2026 alkaen. Maksu 45,5 €.")
    assert f"Hakija Aino Asukas, asia {case.reference}, Ansökan om småbarnspedagogik, Exempel" in body
    assert decisions.format_date(clock.today()) in body
    assert appeal == f"Omprövning begärs hos nämnden inom 30 dagar. Ärende {case.reference}."
    _title, body, _appeal = decisions.render(template, cleaned, case, "en")
    assert body == "Eetu Asukas gets a place at Kuusikko Day Care Centre from 1.8.2026. Fee 45.5 €."


def test_braces_in_values_and_unknown_placeholders_never_crash_or_inject(template, aino, make_case):
    case = make_case(aino)
    template.body = {"fi": "{note} | {missing} | {applicant.__class__} | {0} | { } | {{reference}} | {"}
    cleaned = decisions.clean_values(
        template, {"unit": "kuusikko", "start": "1.8.2026", "fee": "1", "note": "{reference} {0} {__class__}"}, "fi")
    _title, body, _appeal = decisions.render(template, cleaned, case, "fi")
    assert body.startswith("{reference} {0} {__class__} | {missing} | {applicant.__class__} | {0} | { } | ")
    assert case.reference not in body.split("|")[0]


def test_check_template_names_shape_keys_and_unknown_placeholders(template):
    decisions.check_template(template)  # a good one passes
    bad = DecisionTemplate(
        fields=[{"key": "a", "label": {"fi": "A"}, "type": "text"},
                {"key": "a", "label": {"fi": "A2"}, "type": "colour"},
                {"key": "reference", "label": {"fi": "R"}},
                {"key": "c", "label": "C", "type": "choice", "requried": True},
                "oops"],
        title={"fi": "{a}"}, body={"fi": "{a}", "sv": "{b}"}, appeal_instructions={"fi": "x"})
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        decisions.check_template(bad)
    with translation.override("en"):
        fields = caught.value.message_dict["fields"]
    text = " ".join(fields)
    assert "used twice" in text and "reserved" in text and "requried" in text and "choices" in text
    assert len(fields) >= 6  # every problem, not the first one
    ok_fields = DecisionTemplate(fields=[{"key": "a", "label": {"fi": "A"}, "type": "text"}],
                                 title={"fi": "{a} {reference}"}, body={"fi": "{a}", "sv": "{b} {c}"},
                                 appeal_instructions={"en": "{nope}"})
    with pytest.raises(ValidationError) as caught:
        decisions.check_template(ok_fields)
    errors = caught.value.message_dict
    assert set(errors) == {"body", "appeal_instructions"}
    assert "{b}, {c}" in errors["body"][0] and "{nope}" in errors["appeal_instructions"][0]
    with pytest.raises(ValidationError):
        decisions.check_template(DecisionTemplate(fields={"key": "a"}, title={"fi": "x"}, body={"fi": "x"}))


# --- deciding from a template, and the PDF -------------------------------------------------------

def test_decide_from_template_stores_values_and_instructions_and_the_pdf_says_it_all(
        template, aino, child, make_case, handler):
    aino.street_address, aino.postal_code, aino.post_office = "Koivutie 3", "41990", "Koivula"
    aino.save()
    handler.first_name, handler.last_name = "Kaisa", "Käsittelijä"
    handler.save()
    case = make_case(aino, child)
    decision = services.decide_from_template(case, handler, template,
                                             {"unit": "kuusikko", "start": "1.8.2026", "fee": "45,50"}, "fi")
    decision.refresh_from_db()
    assert decision.template == template and decision.language == "fi"
    assert decision.values == {"unit": "kuusikko", "start": "2026-08-01", "fee": "45.50", "note": None}
    assert decision.appeal_instructions == APPEAL["fi"].replace("{reference}", case.reference)
    assert Case.all_objects.get(pk=case.pk).status == Status.DECIDED
    text = words(pdf_text(decision.pdf.read()))
    assert "Päätös: Eetu Asukas" in text and case.reference in text
    assert "Aino Asukas" in text and "Koivutie 3, 41990 Koivula" in text and "Eetu Asukas" in text
    assert "Eetu Asukas saa paikan yksiköstä Päiväkoti Kuusikko 1.8.2026 alkaen. Maksu 45,50 €." in text
    assert "Kaisa Käsittelijä" in text
    assert decision.decided_at.astimezone(decisions.clock.HELSINKI).strftime("%-d.%-m.%Y") in text
    with translation.override("fi"):
        heading = gettext("Appeal instructions")
    assert f"{heading} {words(decision.appeal_instructions)}" in text  # the section, then its text
    assert aino.hetu not in text and child.hetu not in text


def test_pdf_in_swedish_and_no_address_under_a_protected_address(template, aino, make_case, handler):
    aino.street_address, aino.postal_code, aino.post_office = "Salainen polku 9", "41990", "Koivula"
    aino.protected_address = True
    aino.language = "sv"
    aino.save()
    case = make_case(aino)
    decision = services.decide_from_template(case, handler, template,
                                             {"unit": "kuusikko", "start": "2026-08-01", "fee": "1"})
    assert decision.language == "sv"  # the resident's language
    text = words(pdf_text(decision.pdf.read()))
    assert "Beslut: Aino Asukas" in text and "Salainen polku" not in text and "41990" not in text
    with translation.override("sv"):
        heading = gettext("Appeal instructions")
    assert f"{heading} Omprövning begärs hos nämnden inom 30 dagar. Ärende {case.reference}." in text
    assert aino.hetu not in text


def test_a_decision_without_a_template_carries_the_municipalitys_instructions(aino, make_case, handler):
    case = make_case(aino)
    decision = services.decide(case, handler, "Päätös", "Myönnetään.", "en")
    assert "30 days" in decision.appeal_instructions and "Example" in decision.appeal_instructions
    text = words(pdf_text(decision.pdf.read()))
    assert "seventh day" in text and "third day" in text


def test_missing_values_refuse_the_decision_and_change_nothing(template, aino, make_case, handler):
    case = make_case(aino)
    with pytest.raises(ValidationError) as caught:
        services.decide_from_template(case, handler, template, {"unit": "kuusikko"}, "fi")
    assert set(caught.value.message_dict) == {"start", "fee"}
    assert not Decision.all_objects.filter(case=case).exists()
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED


# --- admin: templates, partners and sub-statuses -----------------------------------------------------

def _translated(name, **texts):
    return {f"{name}_{lang}": texts.get(lang, "") for lang in ("fi", "sv", "en")}


def _template_form(case_type, fields, body="{a} {reference}"):
    return {"case_type": case_type.pk, **_translated("name", fi="Pohja"), **_translated("title", fi="Päätös {a}"),
            **_translated("body", fi=body), "fields": fields,
            **_translated("appeal_instructions", fi="Ohje"), "review_days": "30", "active": "on"}


@pytest.fixture
def editor(municipality):
    user = UserFactory(username="editor", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.CATALOGUE_EDITOR)
    return user


def test_template_admin_checks_json_and_placeholders_without_a_500(client, editor, case_type):
    client.force_login(editor)
    url = reverse("admin:cases_decisiontemplate_add")
    assert client.get(url).status_code == 200
    good = '[{"key": "a", "label": {"fi": "A"}, "type": "text", "required": true}]'
    for fields, body, expected in [
        ("[{", "{a}", None),  # not JSON
        ("null", "{a}", "list"),
        ('[{"key": "a", "label": {"fi": "A"}, "type": "colour"}]', "{a}", "colour"),
        (good, "{a} {unknown}", "{unknown}"),
    ]:
        response = client.post(url, _template_form(case_type, fields, body))
        assert response.status_code == 200, fields
        html = response.content.decode()
        assert "errorlist" in html and (expected is None or expected in html), fields
        assert fields.replace('"', "&quot;") in html or fields in html  # what was typed is kept
    assert not DecisionTemplate.all_objects.exists()
    response = client.post(url, _template_form(case_type, good))
    assert response.status_code == 302
    assert DecisionTemplate.all_objects.get().fields[0]["key"] == "a"


def test_partner_admin_validates_the_business_id(client, editor, municipality):
    client.force_login(editor)
    url = reverse("admin:cases_partnerorganisation_add")
    form = {**_translated("name", fi="Hyvinvointialue"), "business_id": "1234567-8", "email": "", "phone": "",
            **_translated("resident_info"), "active": "on"}
    response = client.post(url, form)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not PartnerOrganisation.all_objects.exists()
    response = client.post(url, {**form, "business_id": "3221990-4"})
    assert response.status_code == 302
    assert PartnerOrganisation.all_objects.get().municipality == municipality


def test_handlers_read_but_do_not_edit_the_vocabulary(client, handler, case_type, municipality):
    handler.is_staff = True
    handler.save()
    SubStatus.all_objects.create(municipality=municipality, case_type=case_type, status=Status.IN_HANDLING,
                                 code="vaihe", name={"fi": "Tarkastus sovittu"})
    client.force_login(handler)
    listing = client.get(reverse("admin:cases_substatus_changelist"))
    assert listing.status_code == 200 and "Tarkastus sovittu" in listing.content.decode()
    for model in ("substatus", "partnerorganisation", "decisiontemplate"):
        assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:cases_{model}_add")).status_code == 403
