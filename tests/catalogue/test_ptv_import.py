"""PTV v11 import: counts, idempotence, Luukku-only fields, bad input, round trip."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from luukku.catalogue.models import (Channel, ChannelKind, Code, CodeKind, Organisation, PublishingStatus, Service,
                                     ServiceHours, ServiceOrganisation)
from luukku.catalogue.ptv import get_adapter, importer
from luukku.catalogue.ptv.geo import tm35fin_to_wgs84, wgs84_to_tm35fin
from luukku.catalogue.ptv.importer import channel_snapshot, export_ptv, import_ptv, service_snapshot
from luukku.core.models import DomainEvent, Municipality

from ..factories import CodeFactory, SectorFactory
from .links import links_of

FIXTURES = Path(__file__).parent / "fixtures" / "ptv"
ALL = [FIXTURES / n for n in ("channels.json", "services_page1.json", "services_page2.json", "service_single.json")]
VAKA = "5a1e0000-0000-4000-8000-000000000001"
SATAKIELI = "c4a00000-0000-4000-9000-000000000002"

pytestmark = pytest.mark.django_db


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def snapshot(m):
    """Everything PTV can hold of the municipality's catalogue, keyed by id."""
    services = {str(s.ptv_id or s.public_id): service_snapshot(s) for s in Service.all_objects.filter(municipality=m)}
    channels = {str(c.ptv_id or c.public_id): channel_snapshot(c) for c in Channel.all_objects.filter(municipality=m)}
    return {"services": services, "channels": channels}


def test_import_counts_and_fields(municipality):
    report = import_ptv(municipality, ALL)

    assert report.as_counts()["services"]["created"] == 4
    assert report.as_counts()["channels"]["created"] == 8
    assert report.skipped == []
    vaka = Service.all_objects.get(municipality=municipality, ptv_id=VAKA)
    assert vaka.slug == "varhaiskasvatus"
    assert vaka.name == {"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik", "en": "Early childhood education"}
    assert vaka.alternative_names == {"fi": ["Päivähoito"], "sv": ["Dagvård"]}
    assert vaka.summary["sv"].startswith("Kommunens daghem")
    assert vaka.user_instructions == {"fi": "Täytä varhaiskasvatushakemus verkossa.", "sv": "Fyll i ansökan på nätet."}
    assert vaka.fees["fi"].startswith("Asiakasmaksu")
    assert vaka.processing_time["fi"].startswith("Neljä kuukautta")
    assert vaka.charge_type == "Chargeable" and vaka.vouchers_in_use
    assert links_of(vaka) == [("Responsible", "", "Esimerkin kunta", {}),
                              ("Producer", "SelfProducedServices", "Esimerkin kunta", {})]
    assert vaka.keywords == {"fi": ["päiväkoti", "perhepäivähoito"], "sv": ["daghem"]}
    assert vaka.legislation[0]["url"]["fi"] == "https://www.finlex.fi/fi/laki/ajantasa/2018/20180540"
    assert vaka.legislation[0]["name"]["sv"] == "Lag om småbarnspedagogik (540/2018)"
    assert vaka.ontology_terms[0]["uri"] == "http://www.yso.fi/onto/yso/p11597"
    assert {(c.kind, c.code) for c in vaka.codes.all()} == {
        ("service_class", "P6.1"), ("target_group", "KR1"), ("target_group", "KR1.2"), ("life_event", "KE3")}
    assert Code.objects.get(kind="life_event", code="KE3").uri.endswith("/ptvelti/code/KE3")
    assert {str(c.ptv_id) for c in vaka.channels.all()} == {
        "c4a00000-0000-4000-9000-000000000001", SATAKIELI, "c4a00000-0000-4000-9000-000000000003"}

    permit = Service.all_objects.get(municipality=municipality, slug="rakennuslupa")
    assert permit.type == "PermitOrObligation" and permit.deadline == {"fi": "Ei määräaikaa."}
    assert permit.requirements["fi"].startswith("Rakennuspaikan")
    assert ("industrial_class", "41") in {(c.kind, c.code) for c in permit.codes.all()}
    home = Service.all_objects.get(municipality=municipality, slug="kotihoito")
    # PurchaseServices (PTV before v8) is read as ProcuredServices; a producer named only in the information.
    assert links_of(home)[1] == ("Producer", "ProcuredServices", None, {"fi": "Hoivapalvelu Oy"})
    assert home.source_id == "esimerkki-kotihoito-1"

    place = Channel.all_objects.get(municipality=municipality, ptv_id=SATAKIELI)
    assert place.kind == ChannelKind.SERVICE_LOCATION
    assert place.street_address == {"fi": "Kirkkokatu 12", "sv": "Kyrkogatan 12"}
    assert place.postal_code == "99100" and place.post_office == {"fi": "ESIMERKKI", "sv": "EXEMPEL"}
    assert Decimal("62") < place.latitude < Decimal("63") and Decimal("27") < place.longitude < Decimal("28")
    assert place.accessibility["sv"].startswith("Huvudingången")
    assert place.phones[1]["kind"] == "Fax" and place.phones[0]["info"] == {"fi": "Johtaja"}
    assert place.urls == {"fi": "https://www.esimerkki.fi/satakieli"}
    regular, christmas = place.hours.order_by("order")
    assert regular.kind == "DaysOfTheWeek" and regular.valid_from is None and len(regular.opening) == 5
    assert regular.opening[0] == {"day_from": 0, "day_to": None, "from": "06:30", "to": "17:00"}
    assert christmas.kind == "Exceptional" and christmas.is_closed and str(christmas.valid_from) == "2025-12-24"
    echannel = Channel.all_objects.get(municipality=municipality, ptv_id="c4a00000-0000-4000-9000-000000000001")
    assert echannel.requires_authentication and echannel.urls["sv"].endswith("smabarnspedagogik")
    form = Channel.all_objects.get(municipality=municipality, kind=ChannelKind.PRINTABLE_FORM)
    assert form.form_identifier == {"fi": "RL-1", "sv": "RL-1"} and form.urls["fi"].endswith(".pdf")
    night = Channel.all_objects.get(municipality=municipality, ptv_id="c4a00000-0000-4000-9000-000000000008")
    assert night.hours.get(kind="OverMidnight").opening == [{"day_from": 4, "day_to": 5, "from": "22:00", "to": "02:00"}]

    event = DomainEvent.all_objects.get(municipality=municipality, kind="catalogue.ptv_imported")
    assert event.data["created"] == 12


def test_reimport_creates_no_duplicates_and_updates_changed_fields(municipality):
    import_ptv(municipality, ALL)
    version = Municipality.objects.get(pk=municipality.pk).content_version

    again = import_ptv(municipality, ALL)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert Municipality.objects.get(pk=municipality.pk).content_version == version  # nothing changed, cache kept
    assert Service.all_objects.filter(municipality=municipality).count() == 4
    assert ServiceHours.all_objects.filter(municipality=municipality).count() == 8

    page = load("services_page1.json")
    page["itemList"][0]["serviceNames"][0]["value"] = "Varhaiskasvatus ja esiopetus"
    page["itemList"][0]["serviceChannels"].pop()  # the phone channel is no longer linked
    channels = load("channels.json")
    channels[1]["serviceHours"] = channels[1]["serviceHours"][:1]  # Christmas closing removed
    changed = import_ptv(municipality, [page, channels])
    assert changed.as_counts()["services"]["updated"] == 1 and changed.as_counts()["channels"]["updated"] == 1
    vaka = Service.all_objects.get(municipality=municipality, ptv_id=VAKA)
    assert vaka.name["fi"] == "Varhaiskasvatus ja esiopetus"
    assert vaka.slug == "varhaiskasvatus"  # a set slug stays
    assert vaka.channels.count() == 2
    assert Channel.all_objects.get(ptv_id=SATAKIELI).hours.count() == 1
    assert Service.all_objects.filter(municipality=municipality).count() == 4
    assert Municipality.objects.get(pk=municipality.pk).content_version > version


def test_luukku_only_fields_survive_reimport(municipality):
    import_ptv(municipality, ALL)
    sector = SectorFactory(municipality=municipality)
    business = CodeFactory(kind=CodeKind.BUSINESS_EVENT, code="YE1", name={"fi": "Yrityksen perustaminen"})
    vaka = Service.all_objects.get(ptv_id=VAKA)
    vaka.local_notes, vaka.popularity, vaka.sector, vaka.slug = {"fi": "Kysy lisää"}, 42, sector, "paivakoti"
    vaka.statutory = True
    vaka.save()
    vaka.codes.add(business)
    place = Channel.all_objects.get(ptv_id=SATAKIELI)
    stops = [{"place": {"fi": "Tori"}, "weekday": 1, "from": "10:00", "to": "11:00"}]
    place.kind, place.stops, place.local_notes = ChannelKind.MOBILE_UNIT, stops, {"fi": "Huom."}
    place.save()

    page = load("services_page1.json")
    page["itemList"][0]["serviceDescriptions"][0]["value"] = "Uusi tiivistelmä."
    import_ptv(municipality, [FIXTURES / "channels.json", page])

    vaka.refresh_from_db()
    assert vaka.summary["fi"] == "Uusi tiivistelmä."
    assert (vaka.local_notes, vaka.popularity, vaka.sector, vaka.slug, vaka.statutory) == (
        {"fi": "Kysy lisää"}, 42, sector, "paivakoti", True)
    assert business in vaka.codes.all()
    place.refresh_from_db()
    assert (place.kind, place.stops, place.local_notes) == (ChannelKind.MOBILE_UNIT, stops, {"fi": "Huom."})


def test_round_trip_changes_nothing_ptv_can_hold(municipality, other_municipality):
    import_ptv(municipality, ALL)
    before = snapshot(municipality)
    bundle = export_ptv(municipality)
    assert {s["id"] for s in bundle["services"]} == set(before["services"])

    report = import_ptv(municipality, copy.deepcopy(bundle))
    assert report.skipped == [] and report.unchanged == 12 and report.changed == 0
    assert snapshot(municipality) == before

    # Into another municipality: the same PTV-held content, except the accessibility sentences,
    # which PTV takes from the accessibility register and Luukku therefore does not export.
    import_ptv(other_municipality, bundle)
    after = snapshot(other_municipality)
    for snap in (before, after):
        for channel in snap["channels"].values():
            channel.pop("accessibility")
    assert after == before


def test_export_shape_and_luukku_rows_without_ptv_id(municipality):
    import_ptv(municipality, ALL)
    municipality.ptv_organization_id = "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5"
    municipality.save()
    own = Service.all_objects.create(municipality=municipality, slug="oma", name={"fi": "Oma palvelu"})
    joint = Organisation.all_objects.create(municipality=municipality, name={"fi": "Esimerkin kuntayhtymä"})
    ServiceOrganisation.all_objects.create(municipality=municipality, service=own, organisation=joint,
                                           role="Producer", provision_type="Other")
    mobile = Channel.all_objects.create(municipality=municipality, kind=ChannelKind.MOBILE_UNIT,
                                        name={"fi": "Kirjastoauto"}, stops=[{"place": {"fi": "Kylä"}}])
    own.channels.add(mobile)

    bundle = export_ptv(municipality)
    services = {s["id"]: s for s in bundle["services"]}
    vaka = services[VAKA]
    assert {"value": "Päivähoito", "language": "fi", "type": "AlternativeName"} in vaka["serviceNames"]
    assert {"value": "Täytä varhaiskasvatushakemus verkossa.", "language": "fi", "type": "UserInstruction"} in vaka[
        "serviceDescriptions"]
    assert vaka["organizations"][0]["roleType"] == "Responsible"
    assert vaka["organizations"][1] == {
        "organization": {"id": "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5", "name": "Esimerkin kunta"},
        "roleType": "Producer", "provisionType": "SelfProducedServices", "additionalInformation": []}
    assert vaka["lifeEvents"][0]["uri"].endswith("/ptvelti/code/KE3")
    assert all(set(link) >= {"serviceChannel"} for link in vaka["serviceChannels"])
    mine = services[str(own.public_id)]
    assert mine["sourceId"] == f"luukku-{own.public_id}"
    # No responsible organisation in Luukku: the municipality's; a local organisation goes by its name.
    assert mine["organizations"] == [
        {"organization": {"id": "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5", "name": "Esimerkki"},
         "roleType": "Responsible", "provisionType": None, "additionalInformation": []},
        {"organization": None, "roleType": "Producer", "provisionType": "Other",
         "additionalInformation": [{"value": "Esimerkin kuntayhtymä", "language": "fi"}]}]
    channels = {c["id"]: c for c in bundle["serviceChannels"]}
    assert channels[str(mobile.public_id)]["serviceChannelType"] == "ServiceLocation"
    place = channels[SATAKIELI]
    street = place["addresses"][0]["streetAddress"]
    assert street["street"] == [{"value": "Kirkkokatu", "language": "fi"}, {"value": "Kyrkogatan", "language": "sv"}]
    assert street["streetNumber"] == "12"
    assert abs(float(street["latitude"]) - 6944210.512) < 0.2 and abs(float(street["longitude"]) - 531012.34) < 0.2
    assert place["serviceHours"][0]["openingHour"][0] == {
        "dayFrom": "Monday", "dayTo": "", "from": "06:30:00", "to": "17:00:00", "isExtra": False}
    json.dumps(bundle)  # serialisable as is

    # Re-importing Luukku's own rows adopts them instead of duplicating.
    report = import_ptv(municipality, bundle)
    assert report.created == 0
    own.refresh_from_db()
    assert own.ptv_id is None and own.source_id == "" and own.channels.get() == mobile
    mobile.refresh_from_db()
    assert mobile.kind == ChannelKind.MOBILE_UNIT and mobile.stops == [{"place": {"fi": "Kylä"}}]


def test_malformed_and_partial_input(municipality):
    report = import_ptv(municipality, [FIXTURES / "not_json.json"])
    assert report.imported == 0 and len(report.skipped) == 1 and "not_json.json" in report.skipped[0].where

    with translation.override("en"):  # the reasons are written in the active language
        report = import_ptv(municipality, [FIXTURES / "bad_items.json"])
    assert report.created == 1
    reasons = {p.where.split(" ", 1)[1].split(" (")[0]: p.reason for p in report.skipped}
    assert set(reasons) == {"[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]", "[8]"}
    assert reasons["[1]"] == "missing id"
    assert "Moonday" in reasons["[7]"] and "8 am" in reasons["[8]"]
    assert Service.all_objects.filter(municipality=municipality).count() == 1
    assert not Channel.all_objects.filter(municipality=municipality).exists()  # no half-written channel
    assert not ServiceHours.all_objects.exists()

    report = import_ptv(municipality, [FIXTURES / "partial_bundle.json"])
    assert report.unchanged == 1 and report.skipped[0].where.endswith("serviceChannels")


def test_failure_while_writing_leaves_no_partial_item(municipality, monkeypatch):
    def broken(channel, rows):
        raise importer.DatabaseError("disk full")

    monkeypatch.setattr(importer, "_write_hours", broken)
    report = import_ptv(municipality, [FIXTURES / "channels.json"])
    with_hours = [c for c in load("channels.json") if c["serviceHours"]]
    assert len(report.skipped) == len(with_hours) and "disk full" in report.skipped[0].reason
    assert Channel.all_objects.filter(municipality=municipality).count() == 8 - len(with_hours)
    assert not ServiceHours.all_objects.exists()


def test_empty_list_and_withdrawn_items(municipality):
    report = import_ptv(municipality, [FIXTURES / "empty.json"])
    assert report.total == 0

    import_ptv(municipality, ALL)
    report = import_ptv(municipality, [FIXTURES / "withdrawn.json"])
    assert report.archived == 1 and len(report.skipped) == 1  # the unknown deleted one
    library = Service.all_objects.get(slug="kirjastopalvelut")
    assert library.status == PublishingStatus.ARCHIVED


def test_slug_is_unique_and_ascii(municipality):
    Service.all_objects.create(municipality=municipality, slug="varhaiskasvatus", name={"fi": "Vanha"})
    item = load("services_page1.json")["itemList"][0]
    item["serviceNames"][0]["value"] = "Päivähoito ja öljy"
    import_ptv(municipality, item)
    assert Service.all_objects.get(ptv_id=VAKA).slug == "paivahoito-ja-oljy"
    item["id"] = "5a1e0000-0000-4000-8000-0000000000ee"
    item["serviceNames"][0]["value"] = "Vanha"
    import_ptv(municipality, item)
    import_ptv(municipality, {**item, "id": "5a1e0000-0000-4000-8000-0000000000ef"})
    slugs = set(Service.all_objects.filter(municipality=municipality).values_list("slug", flat=True))
    assert {"vanha", "vanha-2"} <= slugs


def test_adapter_registry_and_coordinates():
    assert get_adapter("v11").version == "v11"
    with pytest.raises(KeyError):
        get_adapter("v99")
    lat, lon = tm35fin_to_wgs84(*wgs84_to_tm35fin(60.170278, 24.952222))
    assert abs(lat - 60.170278) < 1e-9 and abs(lon - 24.952222) < 1e-9
    # Helsinki Cathedral lands where EPSG:3067 maps central Helsinki.
    northing, easting = wgs84_to_tm35fin(60.170278, 24.952222)
    assert 6672000 < northing < 6672300 and 386200 < easting < 386500


def test_luukkus_own_life_events_survive_a_reimport_and_are_not_exported(municipality):
    """Luukku's life events have no PTV URI: PTV cannot hold them, so an import keeps them and
    an export leaves them out."""
    from luukku.catalogue.models import Code, CodeKind, Service
    from luukku.catalogue.ptv.importer import export_ptv, import_ptv

    import_ptv(municipality, FIXTURES / "services_page1.json")
    service = Service.all_objects.filter(municipality=municipality).first()
    own = Code.objects.create(kind=CodeKind.LIFE_EVENT, code="muutto", slug="muutto", name={"fi": "Muutto kuntaan"})
    service.codes.add(own)
    import_ptv(municipality, FIXTURES / "services_page1.json")
    assert own in service.codes.all()
    exported = export_ptv(municipality)
    life_event_codes = {c["code"] for s in exported["services"] for c in s["lifeEvents"]}
    assert "muutto" not in life_event_codes


def test_reasons_are_written_in_the_active_language(municipality):
    with translation.override("fi"):  # not left to whatever an earlier test in this process activated
        report = import_ptv(municipality, [{"serviceNames": []}])
    assert report.skipped[0].reason == "tunniste (id) puuttuu"
    with translation.override("sv"):
        report = import_ptv(municipality, [{"serviceNames": []}])
    assert report.skipped[0].reason == "id saknas"
