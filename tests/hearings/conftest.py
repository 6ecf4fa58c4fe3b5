"""A municipality with a manager, two residents, a published open hearing with two sections, and a
second municipality with a manager of its own."""

import datetime as dt

import pytest
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import Role
from luukku.hearings import services
from luukku.hearings.models import Status

from ..eservices.conftest import make_person
from ..factories import UserFactory
from ..frontoffice.conftest import login, media_in_tmp, staff  # noqa: F401 (fixtures)


def make_hearing(municipality, *, title="Keskustan kaavamuutos", status=Status.PUBLISHED, participation="anyone",
                 closes_in=dt.timedelta(days=10)):
    now = clock.now()
    hearing = services.create_hearing(municipality=municipality, by_user=None, title=title,
                                      abstract="Kaavaluonnos torin ympäristöstä.", opens_at=now - dt.timedelta(days=1),
                                      closes_at=now + closes_in, participation=participation,
                                      latitude="60.170000", longitude="24.940000", geojson={})
    services.add_section(hearing, title="Liikenne", text="Torin liikennejärjestelyt.")
    services.add_section(hearing, title="Viheralueet", text="Puisto laajenee.")
    if status != Status.DRAFT:
        from django.db import transaction

        from luukku.core.lifecycle import move
        with transaction.atomic():
            move(services.HEARING, hearing, Status.PUBLISHED)
            if status in (Status.CLOSED, Status.REPORTED):
                move(services.HEARING, hearing, Status.CLOSED)
    hearing.refresh_from_db()
    return hearing


@pytest.fixture
def world(municipality, other_municipality):
    return {
        "municipality": municipality, "other_municipality": other_municipality,
        "manager": staff(municipality, "johtaja", Role.MANAGER),
        "foreign_manager": staff(other_municipality, "toinen-johtaja", Role.MANAGER),
        "aino": make_person(municipality, "Aino", "Asukas", dt.date(1985, 3, 15), user=UserFactory(username="aino")),
        "bertil": make_person(municipality, "Bertil", "Björkman", dt.date(1979, 6, 1),
                              user=UserFactory(username="bertil")),
        "hearing": make_hearing(municipality),
    }


def url(name, *args, municipality, lang="en"):
    return reverse(f"hearings:{name}", args=[municipality.slug, lang, *args])
