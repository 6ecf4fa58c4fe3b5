"""PTV round trip, field by field: what comes in from PTV goes back out as it came (issue 19, point 8).

Each input item is compared with its exported item key by key. `ALLOWED` lists every difference the
round trip may make, with the reason; any other difference fails the test.
"""

import json
from pathlib import Path

import pytest

from luukku.catalogue.models import Channel, Service
from luukku.catalogue.ptv.importer import export_ptv, import_ptv

FIXTURES = Path(__file__).parent / "fixtures" / "ptv"
EXAMPLE = [FIXTURES / n for n in ("channels.json", "services_page1.json", "services_page2.json", "service_single.json")]
REAL = FIXTURES / "real"
REAL_FILES = sorted((REAL / "kunta-api").glob("*.json")) + [REAL / "v11_channels_list.json",
                                                             REAL / "v11_services_page.json"]
MUNICIPALITY = [FIXTURES / "municipality" / "services.json", FIXTURES / "municipality" / "channels.json"]

# (kind, key) -> why the export may differ from the input there. Kept empty for records imported from
# PTV and not edited in Luukku: they are written back as they came.
ALLOWED: dict[tuple[str, str], str] = {}

pytestmark = pytest.mark.django_db


def items(files):
    """{id: item} of the services and the channels in the files (any shape import_ptv accepts)."""
    services, channels = {}, {}
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(document, dict) and "itemList" in document:
            found = document["itemList"]
        elif isinstance(document, dict) and "id" not in document:
            found = document.get("services", []) + document.get("serviceChannels", [])
        else:
            found = document if isinstance(document, list) else [document]
        for item in found:
            target = channels if "serviceChannelType" in item else services
            target[item["id"].lower()] = item
    return services, channels


def differences(kind, given, exported, allowed=ALLOWED):
    """[(kind, id, key)] where the exported item differs from the given one and no reason allows it."""
    out = []
    for item_id, item in given.items():
        back = exported.get(item_id)
        if back is None:
            out.append((kind, item_id, "(missing)"))
            continue
        for key in sorted(set(item) | set(back)):
            if item.get(key, "<absent>") != back.get(key, "<absent>") and (kind, key) not in allowed:
                out.append((kind, item_id, key))
    return out


def round_trip(municipality, files):
    given_services, given_channels = items(files)
    report = import_ptv(municipality, files)
    assert report.skipped == []
    bundle = json.loads(json.dumps(export_ptv(municipality)))  # as written to a file
    exported_services = {s["id"].lower(): s for s in bundle["services"]}
    exported_channels = {c["id"].lower(): c for c in bundle["serviceChannels"]}
    return (differences("service", given_services, exported_services)
            + differences("channel", given_channels, exported_channels)), bundle


@pytest.mark.parametrize("files", [EXAMPLE, REAL_FILES, MUNICIPALITY], ids=["example", "real", "municipality"])
def test_every_field_comes_back_as_it_came(municipality, other_municipality, files):
    found, bundle = round_trip(municipality, files)
    assert found == []

    # The export imports unchanged, and into another municipality gives the same export again.
    again = import_ptv(municipality, json.loads(json.dumps(bundle)))
    assert again.skipped == [] and again.changed == 0
    import_ptv(other_municipality, json.loads(json.dumps(bundle)))
    second = json.loads(json.dumps(export_ptv(other_municipality)))
    assert sorted(second["services"], key=lambda s: s["id"]) == sorted(bundle["services"], key=lambda s: s["id"])
    assert sorted(second["serviceChannels"], key=lambda c: c["id"]) == sorted(bundle["serviceChannels"],
                                                                                key=lambda c: c["id"])


# What an edit in Luukku changes in the export: the edited group of keys is written from Luukku's fields.
EDITED = {
    ("service", "serviceDescriptions"): "the summary was edited in Luukku (the ServiceType text Luukku does not "
                                        "model is kept beside it)",
    ("service", "organizations"): "a producer was edited in Luukku (the other organisations are written from "
                                  "Luukku's records as they came)",
    ("service", "serviceChannels"): "a channel was unlinked in Luukku (the other links keep charge type and "
                                    "description; the link to a channel Luukku does not have stays)",
    ("channel", "addresses"): "the street address was edited in Luukku (the PO box postal address stays)",
    ("channel", "webPages"): "the address was edited in Luukku (titles of unchanged addresses stay)",
}


def test_edits_in_luukku_are_exported_and_nothing_else_moves(municipality):
    services, channels = items(MUNICIPALITY)
    import_ptv(municipality, MUNICIPALITY)
    vaka = Service.all_objects.get(municipality=municipality, ptv_id=services_id(services, "Varhaiskasvatus"))
    vaka.summary = {**vaka.summary, "fi": "Uusi tiivistelmä."}
    vaka.save()
    tenavat = vaka.organisation_links.get(organisation__name__fi="Päiväkoti Tenavat Oy")
    tenavat.provision_type, tenavat.info = "ProcuredServices", {}
    tenavat.save()
    phone = vaka.channels.get(kind="Phone")
    vaka.channels.remove(phone)
    place = Channel.all_objects.get(municipality=municipality, kind="ServiceLocation", name__fi="Päiväkoti Satakieli")
    place.street_address = {"fi": "Kirkkokatu 14", "sv": "Kyrkogatan 14"}
    place.urls = {"fi": "https://www.jarvela.example.fi/satakieli", "sv": "https://www.jarvela.example.fi/naktergalen"}
    place.save()

    bundle = json.loads(json.dumps(export_ptv(municipality)))
    out_services = {s["id"]: s for s in bundle["services"]}
    out_channels = {c["id"]: c for c in bundle["serviceChannels"]}
    assert differences("service", services, out_services, {**ALLOWED, **EDITED}) == []
    assert differences("channel", channels, out_channels, {**ALLOWED, **EDITED}) == []

    out = out_services[str(vaka.ptv_id)]
    assert {"value": "Uusi tiivistelmä.", "language": "fi", "type": "Summary"} in out["serviceDescriptions"]
    assert {"value": "Lakisääteinen palvelu.", "language": "fi", "type": "ServiceType"} in out["serviceDescriptions"]
    given = services[str(vaka.ptv_id)]["organizations"]
    assert out["organizations"][:3] == given[:3]
    assert out["organizations"][3] == {**given[3], "provisionType": "ProcuredServices", "additionalInformation": []}
    links = {link["serviceChannel"]["id"]: link for link in out["serviceChannels"]}
    assert str(phone.ptv_id) not in links and "c1a10000-0000-4000-9000-0000000000ff" in links
    assert links[str(place.ptv_id)]["description"][0]["type"] == "ChargeTypeAdditionalInfo"
    assert out["serviceVouchers"] == services[str(vaka.ptv_id)]["serviceVouchers"]

    out_place = out_channels[str(place.ptv_id)]
    assert [a["type"] for a in out_place["addresses"]] == ["Location", "Postal"]
    assert out_place["addresses"][0]["streetAddress"]["streetNumber"] == "14"
    assert out_place["addresses"][1] == channels[str(place.ptv_id)]["addresses"][1]
    assert {(w["url"], w["value"]) for w in out_place["webPages"]} == {
        ("https://www.jarvela.example.fi/satakieli", "Satakielen sivut"),
        ("https://www.jarvela.example.fi/naktergalen", None)}


def services_id(services, name):
    return next(i for i, s in services.items() if s["serviceNames"][0]["value"] == name)


def test_an_edited_service_keeps_its_organisations_and_vouchers(municipality):
    """Organisations and vouchers are Luukku's own records (issue 19, point 7): a service edited in Luukku
    and even one whose PTV record is gone writes them back field for field."""
    services, _channels = items(MUNICIPALITY)
    import_ptv(municipality, MUNICIPALITY)
    rows = Service.all_objects.filter(municipality=municipality)
    for service in rows:
        service.summary = {**service.summary, "fi": "Muokattu Luukussa."}
        service.save()
    edited = {s["id"]: s for s in json.loads(json.dumps(export_ptv(municipality)))["services"]}
    rows.update(ptv_raw={})  # nothing left to copy from: written from Luukku's records alone
    fresh = {s["id"]: s for s in json.loads(json.dumps(export_ptv(municipality)))["services"]}

    for item_id, given in services.items():
        for out in (edited[item_id], fresh[item_id]):
            assert out["organizations"] == given["organizations"]
            assert out["serviceVouchers"] == given["serviceVouchers"]
            assert out["serviceVouchersInUse"] == given["serviceVouchersInUse"]
            assert {"value": "Muokattu Luukussa.", "language": "fi", "type": "Summary"} in out["serviceDescriptions"]
    # The responsible organisation keeps its own id and name, not the municipality's.
    hoiva = fresh[services_id(services, "Tehostettu palveluasuminen")]
    assert hoiva["organizations"][0]["organization"] == {"id": "a1a10000-0000-4000-8000-000000000002",
                                                         "name": "Järvelän seudun sosiaali- ja terveyskuntayhtymä"}
