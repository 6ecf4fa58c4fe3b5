import pytest
from django.test import Client
from django.urls import reverse

from luukku.core.models import Role

from ..factories import MembershipFactory, UserFactory


def staff(municipality, username, role):
    user = UserFactory(username=username)
    MembershipFactory(municipality=municipality, user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_manager(municipality):
    return staff(municipality, "johtaja", Role.MANAGER)


def url(name, *args, municipality, lang="en"):
    return reverse(f"strategy:{name}", args=[municipality.slug, lang, *args])
