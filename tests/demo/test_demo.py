"""The demo municipality Koivula: loads, reloads without duplicates, and holds what the demo promises."""

import pytest
from django.contrib.auth import get_user_model

from luukku.cases.models import DecisionTemplate, PartnerOrganisation, SubStatus
from luukku.catalogue.models import (Channel, ChannelKind, Code, CodeKind, Organisation, Service, ServiceHours,
                                     ServiceOrganisation)
from luukku.core.models import Municipality, Role, Sector, StaffMembership, Unit
from luukku.demo import DEMO_ACCOUNTS, load_demo

pytestmark = pytest.mark.django_db

LANGS = ("fi", "sv", "en")


def _counts(m):
    return {
        "services": Service.all_objects.filter(municipality=m).count(),
        "channels": Channel.all_objects.filter(municipality=m).count(),
        "hours": ServiceHours.all_objects.filter(municipality=m).count(),
        "sectors": Sector.all_objects.filter(municipality=m).count(),
        "units": Unit.all_objects.filter(municipality=m).count(),
        "memberships": StaffMembership.all_objects.filter(municipality=m).count(),
        "codes": Code.objects.count(),
        "users": get_user_model().objects.count(),
        "service_codes": Service.codes.through.objects.count(),
        "service_channels": Service.channels.through.objects.count(),
        "organisations": [model.all_objects.filter(municipality=m).count()
                          for model in (Organisation, ServiceOrganisation)],
        "back_office": [model.all_objects.filter(municipality=m).count()
                        for model in (SubStatus, PartnerOrganisation, DecisionTemplate)],
    }


def test_at_least_sixty_published_services(koivula):
    assert Service.all_objects.filter(municipality=koivula, status="Published").count() >= 60


def test_every_service_is_trilingual_and_classified(koivula):
    for service in Service.all_objects.filter(municipality=koivula).prefetch_related("codes", "channels"):
        for lang in LANGS:
            assert service.name.get(lang), (service.slug, lang, "name")
            assert service.summary.get(lang), (service.slug, lang, "summary")
            assert service.description.get(lang), (service.slug, lang, "description")
        assert service.codes_of(CodeKind.SERVICE_CLASS), service.slug
        assert service.codes_of(CodeKind.TARGET_GROUP), service.slug
        assert service.channels.exists(), service.slug
        assert service.responsible_unit and service.sector


def test_every_service_says_who_produces_it(koivula):
    """The city's own production, purchases, a joint authority and voucher producers with their vouchers."""
    services = Service.all_objects.filter(municipality=koivula).prefetch_related("organisation_links__organisation")
    kinds = set()
    for service in services:
        producers = [link for link in service.organisation_links.all() if link.role == "Producer"]
        assert producers, service.slug
        kinds |= {link.provision_type for link in producers}
    assert kinds == {"SelfProducedServices", "ProcuredServices", "VoucherServices", "Other"}
    voucher = services.get(slug="yksityinen-varhaiskasvatus")
    assert voucher.vouchers_in_use and {v["language"] for v in voucher.service_vouchers} == set(LANGS)
    assert Organisation.all_objects.get(municipality=koivula, is_municipality=True).name == koivula.name
    for org in Organisation.all_objects.filter(municipality=koivula):
        org.full_clean()  # valid business IDs


@pytest.mark.parametrize("sector", [
    "varhaiskasvatus-ja-opetus", "kulttuuri-ja-kirjasto", "liikunta-ja-nuoriso", "tekniset-palvelut",
    "ymparisto", "asuminen", "elinkeinot-ja-tyollisyys",
])
def test_every_sector_of_the_requirement_has_services(koivula, sector):
    assert Service.all_objects.filter(municipality=koivula, sector__slug=sector).count() >= 3


def test_every_channel_kind_exists_with_its_details(koivula):
    channels = Channel.all_objects.filter(municipality=koivula)
    for kind in ChannelKind.values:
        assert channels.filter(kind=kind).exists(), kind
    mobile = channels.get(kind=ChannelKind.MOBILE_UNIT)
    assert len(mobile.stops) >= 5
    assert all(channel.url("fi").startswith("https://") for channel in channels.filter(kind=ChannelKind.E_SERVICE))
    assert all(channel.form_identifier.get("fi") for channel in channels.filter(kind=ChannelKind.PRINTABLE_FORM))
    assert all(channel.phones for channel in channels.filter(kind=ChannelKind.PHONE))
    for place in channels.filter(kind=ChannelKind.SERVICE_LOCATION):
        assert place.street_address.get("fi") and place.latitude and place.accessibility.get("fi")


def test_hours_cover_regular_exceptional_and_summer(koivula):
    hours = ServiceHours.all_objects.filter(municipality=koivula)
    assert hours.filter(kind="DaysOfTheWeek", valid_from__isnull=True).exclude(opening=[]).exists()
    assert hours.filter(kind="Exceptional", is_closed=True, valid_from__month=12, valid_from__day=24).exists()
    assert hours.filter(kind="Exceptional", is_closed=False, valid_from__month=6).exists()
    assert hours.filter(kind="DaysOfTheWeek", valid_from__month=6, valid_to__month=8).exists()
    assert hours.filter(is_always_open=True).exists()


def test_statements_in_all_languages(koivula):
    for lang in LANGS:
        statement = koivula.accessibility_statement.get(lang, "")
        notice = koivula.privacy_notice.get(lang, "")
        assert "306/2019" in statement and "saavutettavuus@avi.fi" in statement, lang
        assert "2026" in statement
        assert "tietosuoja@koivula.example" in notice, lang
    assert "Etelä-Suomen aluehallintovirasto" in koivula.accessibility_statement["fi"]
    assert "tietosuojavaltuutetun" in koivula.privacy_notice["fi"]


def test_staff_accounts_hold_every_role(koivula):
    roles = set(StaffMembership.all_objects.filter(municipality=koivula).values_list("role", flat=True))
    assert roles == set(Role.values)
    handler = StaffMembership.all_objects.get(municipality=koivula, role=Role.CASE_HANDLER, user__username="kasittelija")
    assert handler.unit.slug == "varhaiskasvatuspalvelut"
    assert handler.user.is_staff


def test_demo_passwords_work_and_residents_are_not_staff(koivula):
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account["username"])
        assert user.check_password(account["password"]), account["username"]
        assert user.is_staff == (account["role"] is not None)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="asukas").get_full_name() == "Aino Asukas"


def test_codes_are_national_with_real_uris(koivula):
    for code in Code.objects.filter(kind=CodeKind.TARGET_GROUP):
        assert code.uri == f"http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/{code.code}"
    for code in Code.objects.filter(kind=CodeKind.SERVICE_CLASS):
        assert code.uri == f"http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/{code.code}"
        if "." in code.code:
            assert code.parent.code == code.code.split(".")[0]


def test_daycare_is_findable_by_its_other_names(koivula):
    daycare = Service.all_objects.get(municipality=koivula, slug="varhaiskasvatus")
    assert "päiväkoti" in daycare.alternative_names["fi"]
    assert daycare.statutory
    assert "20180540" in daycare.legislation[0]["url"]["fi"]


def test_demo_resident_has_cases_to_follow(koivula):
    from luukku.cases.models import Case

    cases = Case.all_objects.filter(applicant__user__username="asukas")
    assert sorted(cases.values_list("status", flat=True)) == ["decided", "waiting_for_resident"]
    assert cases.filter(subject__user__isnull=True).count() == 1  # the daycare case concerns her child


SAMPLE = {"date": "1.8.2026", "number": "45,50", "text": "A12", "textarea": "Kompostori pidettävä suljettuna."}


def test_demo_decision_templates_render_in_every_language(koivula):
    from luukku.cases import decisions
    from luukku.cases.models import Case

    case = Case.all_objects.filter(municipality=koivula, case_type__slug="varhaiskasvatushakemus").first()
    templates = DecisionTemplate.all_objects.filter(municipality=koivula).select_related("case_type")
    assert {t.case_type.slug for t in templates} == {"varhaiskasvatushakemus", "venepaikkahakemus",
                                                     "kompostointi-ilmoitus", "oikaisuvaatimus"}
    review = templates.get(case_type__slug="oikaisuvaatimus")  # its decision is appealed to the court
    decisions.check_template(review)
    assert "hallinto-oikeuteen" in review.appeal_instructions["fi"] and review.case_type.active is False
    # The place asks to be accepted within two weeks, and the instructions name the working paths.
    assert templates.get(case_type__slug="varhaiskasvatushakemus").answer_days == 14
    templates = templates.exclude(pk=review.pk)
    for template in templates:
        assert "\u201dHae oikaisua\u201d" in template.appeal_instructions["fi"]
        assert "Request a review" in template.appeal_instructions["en"]
        assert "viestinä" not in template.appeal_instructions["fi"]
        decisions.check_template(template)
        assert 2 <= len(template.fields) <= 4, template.case_type.slug
        values = {f["key"]: f["choices"][-1]["value"] if f["type"] == "choice" else SAMPLE[f["type"]]
                  for f in template.fields}
        rendered = {}
        for lang in LANGS:
            for name in ("name", "title", "body", "appeal_instructions"):
                assert getattr(template, name).get(lang), (template.case_type.slug, name, lang)
            cleaned = decisions.clean_values(template, values, lang)
            title, body, appeal = decisions.render(template, cleaned, case, lang)
            for text in (title, body, appeal):
                assert "{" not in text and "}" not in text, (template.case_type.slug, lang, text)
            assert case.reference in appeal and "30" in appeal and "kirjaamo@koivula.example" in appeal
            rendered[lang] = (title, body, appeal)
        assert len({r[1] for r in rendered.values()}) == 3 and len({r[2] for r in rendered.values()}) == 3
        assert "oikaisuvaatimuksella" in rendered["fi"][2] and "30 päivän kuluessa" in rendered["fi"][2]
        assert "begära omprövning" in rendered["sv"][2] and "within 30 days" in rendered["en"][2]
        assert "seitsemäntenä päivänä" in rendered["fi"][2] and "kolmantena päivänä" in rendered["fi"][2]


def test_demo_decision_is_made_from_a_template_with_appeal_instructions(koivula):
    from luukku.cases.models import Decision

    decision = Decision.all_objects.get(case__municipality=koivula, case__applicant__user__username="asukas")
    assert decision.template is not None and decision.template.case_type.slug == "varhaiskasvatushakemus"
    assert decision.values["unit"] == "kuusikko" and decision.language == "fi"
    assert "Päiväkoti Kuusikko" in decision.body
    assert "oikaisuvaatimuksella" in decision.appeal_instructions
    assert decision.case.reference in decision.appeal_instructions
    assert decision.pdf and decision.pdf.size > 1000


def test_demo_back_office_vocabulary(koivula):
    from stdnum.fi import ytunnus

    for slug in ("varhaiskasvatushakemus", "venepaikkahakemus", "kompostointi-ilmoitus"):
        subs = SubStatus.all_objects.filter(municipality=koivula, case_type__slug=slug)
        assert subs.exists(), slug
        for sub in subs:
            assert all(sub.name.get(lang) and sub.resident_text.get(lang) for lang in LANGS), sub.code
    partner = PartnerOrganisation.all_objects.get(municipality=koivula)
    assert partner.name["fi"] == "Koivulan hyvinvointialue" and ytunnus.is_valid(partner.business_id)
    assert partner.email and all(partner.resident_info.get(lang) for lang in LANGS)
    partner.full_clean()
