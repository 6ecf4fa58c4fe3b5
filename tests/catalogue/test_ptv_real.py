"""PTV import against real PTV output (see fixtures/ptv/real/README.md for the sources).

`kunta-api/` holds verbatim PTV Open API answers saved by Metatavu/kunta-api-server
(src/test/resources/ptv/out/...); the v11_* files follow the v11 out-models of vrk-kpa/ptv-releases.
"""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

from luukku.catalogue.models import Channel, ChannelKind, PublishingStatus, Service
from luukku.catalogue.ptv import get_adapter
from luukku.catalogue.ptv.importer import channel_snapshot, export_ptv, import_ptv, service_snapshot
from luukku.catalogue.ptv.records import PtvItemError

from .links import links_of

REAL = Path(__file__).parent / "fixtures" / "ptv" / "real"
KUNTA_API = sorted((REAL / "kunta-api").glob("*.json"))
V11 = [REAL / "v11_channels_list.json", REAL / "v11_services_page.json"]
PERUSOPETUS = "17c633dd-5408-495a-86c1-d8f57598e899"
SUNDOM = "13992280-9c95-4ede-af13-33ad2acde746"
KOTIHOITO = "5e5e0000-0000-4000-8000-000000000001"
C = {k: f"c0ffee00-0000-4000-9000-00000000000{k}" for k in "123456"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot(m):
    services = {str(s.ptv_id or s.public_id): service_snapshot(s) for s in Service.all_objects.filter(municipality=m)}
    channels = {str(c.ptv_id or c.public_id): channel_snapshot(c) for c in Channel.all_objects.filter(municipality=m)}
    return {"services": services, "channels": channels}


def notes_of(report):
    return [f"{p.where}: {p.reason}" for p in report.notes]


def test_verbatim_kunta_api_answers(municipality):
    report = import_ptv(municipality, KUNTA_API)

    assert report.skipped == []
    assert report.as_counts()["services"]["created"] == 1 and report.as_counts()["channels"]["created"] == 3
    notes = notes_of(report)
    assert any(SUNDOM in n and "phone number 1 is empty" in n for n in notes)  # the null fax
    assert sum("is not in Luukku" in n for n in notes) == 8  # links to channels outside these files

    service = Service.all_objects.get(municipality=municipality, ptv_id=PERUSOPETUS)
    assert service.name == {"sv": "Grundläggande utbildning", "en": "Basic education", "fi": "Perusopetus"}
    assert service.summary["fi"].startswith("Vaasassa perusopetusta")
    assert service.user_instructions["en"].startswith("New pupils")
    assert set(service.description) == {"fi", "sv", "en"}
    assert service.processing_time == {} and service.requirements == {}  # PTV's null values
    assert service.charge_type == ""
    assert links_of(service) == [("Responsible", "", "Testiorganisaatio 9 (Kunta)", {}),
                                 ("Producer", "SelfProducedServices", "Testiorganisaatio 9 (Kunta)", {})]
    assert service.keywords == {"sv": ["grundskola", "grundläggande utbildning", "läroplikt"]}
    assert {(c.kind, c.code) for c in service.codes.all()} == {
        ("service_class", "P6.2"), ("target_group", "KR1"), ("target_group", "KR1.2")}
    assert [t["uri"] for t in service.ontology_terms][0] == "http://www.yso.fi/onto/koko/p14592"
    assert service.languages == ["sv", "fi"] and service.areas[0]["municipalities"][0]["code"] == "905"
    assert {str(c.ptv_id) for c in service.channels.all()} == {SUNDOM, "0daede62-be2c-4f7a-aa87-d36f86bb7c7c"}
    assert service.ptv_modified.isoformat() == "2017-10-19T06:39:48.135752+00:00"

    school = Channel.all_objects.get(municipality=municipality, ptv_id=SUNDOM)
    assert school.kind == ChannelKind.SERVICE_LOCATION
    assert school.street_address == {"sv": "Sundomvägen 13", "fi": "Sundomvägen 13"}
    assert school.postal_code == "65410" and school.post_office == {"sv": "SUNDOM", "fi": "SUNDOM"}
    # ETRS-TM35FIN 7001836.409 N / 224930.408 E is Sundom, south of Vaasa.
    assert Decimal("63.03") < school.latitude < Decimal("63.06")
    assert Decimal("21.54") < school.longitude < Decimal("21.58")
    assert [(p["prefix"], p["number"], p["language"]) for p in school.phones] == [
        ("+358", "405166046", "fi"), ("+358", "405166046", "sv")]
    assert school.phones[0]["info"] == {"fi": "Rektor"} and school.phones[0]["charge"] == "Chargeable"
    assert school.urls == {"fi": "https://www.vaasa.fi/sv/node/20791", "sv": "https://www.vaasa.fi/sv/node/20791"}
    assert school.accessibility == {}  # none in PTV: the field keeps its default

    form = Channel.all_objects.get(municipality=municipality, kind=ChannelKind.PRINTABLE_FORM)
    assert form.urls["fi"].endswith("kiinteistotoimitushakemus_taytettava.pdf")
    assert form.form_identifier == {} and form.emails == [{"value": "seija.malmsten@naantali.fi", "language": "fi"}]
    assert form.phones[0]["info"] == {"fi": "toimitusinsinööri Seija Malmsten"}
    web = Channel.all_objects.get(municipality=municipality, kind=ChannelKind.WEB_PAGE)
    assert web.urls["fi"] == "http://vakri.kotisivukone.com/vaasankristillinenkoulu"


def test_v11_page_and_channel_list(municipality):
    report = import_ptv(municipality, V11)

    assert report.skipped == []
    assert report.as_counts()["services"]["created"] == 3 and report.as_counts()["channels"]["created"] == 6
    notes = notes_of(report)
    assert any(C["5"] in n and "open by reservation" in n for n in notes)
    assert any("no Finnish name" in n for n in notes)

    home = Service.all_objects.get(municipality=municipality, ptv_id=KOTIHOITO)
    assert home.name == {"fi": "Kotihoito", "sv": "Hemvård"} and home.alternative_names == {"fi": ["Kotipalvelu"]}
    # draft.js raw JSON in a description becomes plain text with list items.
    assert home.description == {"fi": "Kotihoitoon kuuluvat:\n- lääkehoito\n- hygienia ja ravitsemus"}
    assert home.fees == {"fi": "Maksu määräytyy tulojen mukaan."}
    assert home.processing_time == {"fi": "Palvelutarve arvioidaan viikon kuluessa."}
    assert home.deadline == {} and home.validity_time == {}  # "" and null values
    assert home.legislation == [{"name": {"fi": "Sosiaalihuoltolaki (1301/2014)", "sv": "Socialvårdslag (1301/2014)"},
                                 "url": {"fi": "https://www.finlex.fi/fi/laki/ajantasa/2014/20141301",
                                         "sv": "https://www.finlex.fi/sv/laki/ajantasa/2014/20141301"}}]
    assert home.vouchers_in_use and home.charge_type == "Chargeable"
    # Every organisation survives: responsible, other responsible, and three producers of three kinds.
    assert links_of(home) == [
        ("Responsible", "", "Esimerkin kaupunki", {}), ("OtherResponsible", "", "Esimerkin kuntayhtymä", {}),
        ("Producer", "SelfProducedServices", "Esimerkin kaupunki", {}),
        ("Producer", "ProcuredServices", "Hoiva Oy", {}),
        ("Producer", "Other", None, {"fi": "Yksityiset palveluntuottajat palvelusetelillä"})]
    assert home.service_vouchers == [{"language": "fi", "name": "Palveluseteli", "url": "https://www.example.fi/palveluseteli",
                                      "info": "", "order": 1}]
    assert ("target_group", "KR1.8") in {(c.kind, c.code) for c in home.codes.all()}  # code read from the uri
    assert home.channels.count() == 3
    assert home.ptv_modified.isoformat().startswith("2024-11-05T08:14:22.123456")

    permit = Service.all_objects.get(municipality=municipality, source_id="rakval-2019-77")
    assert str(permit.ptv_id) == "5e5e0000-0000-4000-8000-000000000002"  # upper-case id in PTV
    assert permit.type == "PermitOrObligation" and permit.charge_type == "FreeOfCharge"
    assert permit.area_type == "Nationwide" and permit.status == PublishingStatus.PUBLISHED  # "Modified"
    assert len(permit.description["fi"]) > 2300
    pool = Service.all_objects.get(municipality=municipality, ptv_id="5e5e0000-0000-4000-8000-000000000003")
    assert pool.status == PublishingStatus.DRAFT and pool.name == {"sv": "Simhallen"} and pool.languages == []

    echannel = Channel.all_objects.get(ptv_id=C["1"])
    assert echannel.kind == ChannelKind.E_SERVICE and echannel.requires_authentication
    assert echannel.urls == {"fi": "https://asiointi.example.fi/kotihoito", "sv": "https://asiointi.example.fi/sv/hemvard"}
    assert echannel.phones[0]["finnish_service_number"] and echannel.phones[0]["charge"] == "Other"
    assert echannel.phones[0]["charge_info"] == {"fi": "Puhelun hinta operaattorin mukaan"}
    (always,) = echannel.hours.all()
    assert always.is_always_open and always.opening == [] and always.valid_from is None
    assert Channel.all_objects.get(ptv_id=C["2"]).urls["fi"] == "https://www.lupapiste.fi"  # lowest orderNumber

    phone = Channel.all_objects.get(ptv_id=C["4"])
    assert [p["kind"] for p in phone.phones] == ["Phone", "Phone", "Sms"]
    regular, christmas = phone.hours.order_by("order")
    assert [(o["day_from"], o["day_to"], o["from"], o["to"]) for o in regular.opening] == [
        (0, 3, "08:00", "16:00"), (4, None, "08:00", "14:30")]
    assert christmas.kind == "Exceptional" and christmas.is_closed and christmas.opening == []
    assert str(christmas.valid_from) == "2024-12-24" and christmas.info == {"fi": "Joulu", "sv": "Jul"}

    office = Channel.all_objects.get(ptv_id=C["5"])
    assert office.name == {"fi": "Kotihoidon toimisto", "sv": "Hemvårdens byrå"}
    assert office.street_address == {"fi": "Toinen linja 4 A", "sv": "Andra linjen 4 A"}
    assert office.postal_code == "00530" and len(office.phones) == 1
    assert Decimal("60.18") < office.latitude < Decimal("60.20") and Decimal("24.94") < office.longitude < Decimal("24.96")
    assert office.accessibility["fi"] == "Sisäänkäynti\n– Sisäänkäynti on tasoissa.\n– Ovi aukeaa automaattisesti."
    assert office.emails == [{"value": "kotihoito@example.fi", "language": "fi"}]
    hours = list(office.hours.order_by("order"))
    assert [h.kind for h in hours] == ["DaysOfTheWeek", "Exceptional", "OverMidnight", "DaysOfTheWeek"]
    assert [o["from"] for o in hours[0].opening] == ["08:00", "08:00", "13:00"]  # split Friday, by "order"
    assert hours[1].opening == [{"day_from": None, "day_to": None, "from": "10:00", "to": "13:00"}]
    assert hours[2].opening == [{"day_from": 4, "day_to": 5, "from": "22:00", "to": "04:00"}]
    assert str(hours[3].valid_to) == "2025-08-31"

    harbour = Channel.all_objects.get(ptv_id=C["6"])  # subType Other: a place without a street address
    assert harbour.street_address == {"fi": "Satamakonttori, laituri 3", "sv": "Hamnkontoret, kaj 3"}
    assert harbour.postal_code == "00180" and harbour.latitude is not None


@pytest.mark.parametrize("files", [KUNTA_API, V11], ids=["kunta-api", "v11"])
def test_reimport_is_idempotent(municipality, files):
    first = import_ptv(municipality, files)
    before = snapshot(municipality)
    again = import_ptv(municipality, files)
    assert again.skipped == [] and again.changed == 0 and again.unchanged == first.imported
    assert snapshot(municipality) == before


def test_round_trip_export_import(municipality, other_municipality):
    import_ptv(municipality, KUNTA_API + V11)
    before = snapshot(municipality)
    bundle = export_ptv(municipality)
    json.dumps(bundle)
    channels = {c["id"]: c for c in bundle["serviceChannels"]}
    # v11 writes webPages [{url, value, language, orderNumber}] on every channel type.
    assert channels[C["1"]]["webPages"][0]["url"] == "https://asiointi.example.fi/kotihoito"
    assert "webPage" not in channels[C["1"]] and channels[SUNDOM]["emails"] == []

    report = import_ptv(municipality, copy.deepcopy(bundle))
    assert report.skipped == [] and report.changed == 0 and report.unchanged == 13
    assert snapshot(municipality) == before

    import_ptv(other_municipality, bundle)
    after = snapshot(other_municipality)
    for snap in (before, after):  # accessibility sentences come from the register, not from Luukku
        for channel in snap["channels"].values():
            channel.pop("accessibility")
    assert after == before


def test_tolerated_oddities_do_not_skip(municipality):
    item = json.loads((REAL / "kunta-api" / f"{SUNDOM}.json").read_text(encoding="utf-8"))
    item["addresses"][0]["streetAddress"]["postalCode"] = "FI-65410"
    item["addresses"][0]["streetAddress"]["latitude"] = None
    item["serviceHours"] = [None, {"serviceHourType": "DaysOfTheWeek", "isClosed": True, "validForNow": True,
                                   "openingHour": [{"dayFrom": "Monday", "dayTo": None, "from": "", "to": ""}]}]
    item["sourceId"] = "x" * 150
    report = import_ptv(municipality, item)
    assert report.skipped == [] and report.created == 1
    school = Channel.all_objects.get(ptv_id=SUNDOM)
    assert school.postal_code == "" and school.latitude is None and school.source_id == ""
    assert school.hours.get().is_closed
    assert any("postalCode" in n for n in notes_of(report)) and any("sourceId" in n for n in notes_of(report))


def test_skip_reasons_are_translatable_and_say_what_to_fix(municipality):
    ptv = get_adapter()
    with pytest.raises(PtvItemError) as caught:
        ptv.parse_channel({"id": SUNDOM, "serviceChannelType": "ServiceLocation",
                           "serviceChannelNames": [{"type": "Name", "language": "fi", "value": "X"}],
                           "serviceHours": [{"serviceHourType": "DaysOfTheWeek",
                                             "openingHour": [{"dayFrom": "Moonday", "from": "8", "to": "16"}]}]})
    exc = caught.value
    assert isinstance(exc.message, Promise)  # gettext_lazy: rendered in the report's language
    assert str(exc) == ("serviceHours[0]: openingHour[0]: “dayFrom” “Moonday” is not a weekday "
                        "(Monday … Sunday); fix the opening hours in PTV.")

    report = import_ptv(municipality, [{"id": "not-a-uuid", "serviceNames": []}, {"serviceNames": []}])
    reasons = sorted(p.reason for p in report.skipped)
    assert reasons == ["id “not-a-uuid” is not a PTV id (a UUID such as 0d5ab9b2-…); fix it in the file.",
                       "missing id"]
