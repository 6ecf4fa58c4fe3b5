"""The front office's test world (a municipality with the daycare and mooring case types, a parent,
an agent, a handler, and a second municipality), plus a manager of each municipality."""

import pytest
from django.urls import reverse

from luukku.core.models import Role

from ..frontoffice.conftest import login, media_in_tmp, staff, world  # noqa: F401 (fixtures)


@pytest.fixture
def manager(world):
    return staff(world["municipality"], "johtaja", Role.MANAGER)


@pytest.fixture
def foreign_manager(world):
    return staff(world["other_municipality"], "toinen-johtaja", Role.MANAGER)


@pytest.fixture
def as_manager(manager):
    return login(manager)


def url(name, *args, municipality, lang="en"):
    return reverse(f"scm:{name}", args=[municipality.slug, lang, *args])
