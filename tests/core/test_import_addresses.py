"""`luukku import-addresses`: the municipality's address register, from which handlers see the nearest
address of feedback given on the map."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from luukku.core.models import AddressPoint
from luukku.core.selectors import nearest_address

pytestmark = pytest.mark.django_db


def run(path, municipality):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_addresses", str(path), municipality=municipality.slug, stdout=out)
    return out.getvalue()


def test_imports_replaces_and_feeds_the_nearest_address(tmp_path, municipality, other_municipality):
    AddressPoint.all_objects.create(municipality=municipality, street={"fi": "Vanhakatu"}, latitude=61.5,
                                    longitude=25.2)
    AddressPoint.all_objects.create(municipality=other_municipality, street={"fi": "Naapurintie"}, latitude=61.5,
                                    longitude=25.2)
    csv_file = tmp_path / "osoitteet.csv"
    csv_file.write_text("street;street_sv;number;postal_code;latitude;longitude\n"
                        "Rantakatu;Strandgatan;12;41990;61.5124;25.2241\n"
                        "Torikatu;;5;41990;61.5117;25.2228\n", encoding="utf-8")
    assert "2 addresses imported" in run(csv_file, municipality)
    assert sorted(str(p) for p in AddressPoint.all_objects.filter(municipality=municipality)) == [
        "Rantakatu 12, 41990", "Torikatu 5, 41990"]
    point, metres = nearest_address(municipality, 61.5125, 25.2242)
    assert point.label("sv") == "Strandgatan 12, 41990" and metres < 20
    assert AddressPoint.all_objects.filter(municipality=other_municipality).count() == 1  # the neighbour's stay


@pytest.mark.parametrize("content, message", [
    ("street,number\nRantakatu,12\n", "lacks the columns: postal_code, latitude, longitude"),
    ("street,number,postal_code,latitude,longitude\n,1,41990,61.5,25.2\n", "Row 2: the street is missing"),
    ("street,number,postal_code,latitude,longitude\nA,1,1,61.5,25.2\nB,1,1,61,5;25,2\n", "Row 3: latitude"),
    ("street,number,postal_code,latitude,longitude\nA,1,1,95,25.2\n", "Row 2: latitude"),
])
def test_a_bad_file_changes_nothing_and_says_which_row(tmp_path, municipality, content, message):
    AddressPoint.all_objects.create(municipality=municipality, street={"fi": "Vanhakatu"}, latitude=61.5,
                                    longitude=25.2)
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(csv_file, municipality)
    assert [str(p) for p in AddressPoint.all_objects.filter(municipality=municipality)] == ["Vanhakatu"]


def test_a_missing_file_is_a_clear_error(tmp_path, municipality):
    with pytest.raises(CommandError, match="Could not read"):
        run(tmp_path / "ei-ole.csv", municipality)
