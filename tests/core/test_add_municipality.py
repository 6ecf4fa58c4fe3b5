"""`luukku add-municipality`: a municipality without the admin, so that `import-ptv` has somewhere to go."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from luukku.catalogue.models import Channel
from luukku.core.models import Municipality

PTV = Path(__file__).resolve().parents[1] / "catalogue" / "fixtures" / "ptv"

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("add_municipality", *args, stdout=out)
    return out.getvalue()


def test_creates_a_municipality_that_import_ptv_can_fill():
    text = run("049", "espoo", "Espoo", "Esbo")
    espoo = Municipality.objects.get(slug="espoo")
    assert (espoo.code, espoo.name, espoo.languages) == ("049", {"fi": "Espoo", "sv": "Esbo"}, ["fi", "sv", "en"])
    assert "--municipality espoo" in text
    call_command("import_ptv", str(PTV / "channels.json"), municipality="espoo", stdout=io.StringIO())
    assert Channel.all_objects.filter(municipality=espoo).exists()


@pytest.mark.parametrize("args, problem", [
    (("49", "espoo", "Espoo"), "CODE: The municipality code has three digits"),
    (("04a", "espoo", "Espoo"), "CODE: The municipality code has three digits"),
    (("049", "Espoo kaupunki", "Espoo"), "SLUG: "),
    (("049", "admin", "Espoo"), "SLUG: “admin” is a path of the platform itself"),
    (("049", "espoo", " "), "NAME: "),
    (("049", "espoo", "Espoo", "Esbo", "Espoo", "Extra"), "at most three names"),
    (("049", "espoo", "Espoo", "--languages", "fi,de"), "--languages: Choose languages from"),
])
def test_bad_input_is_refused_with_a_clear_message(args, problem):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert problem in str(caught.value)
    assert not Municipality.objects.filter(slug="espoo").exists()


def test_a_taken_code_or_slug_is_refused(municipality):
    with pytest.raises(CommandError, match="CODE: .*already exists"):
        run(municipality.code, "uusi", "Uusi")
    with pytest.raises(CommandError, match="SLUG: .*already exists"):
        run("123", municipality.slug, "Uusi")
