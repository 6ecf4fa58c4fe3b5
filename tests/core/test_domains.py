"""Host names are platform settings: a municipality's administrator cannot claim one, and the
platform's shared hosts cannot be given to any municipality."""

import pytest
from django.urls import reverse

from luukku.core import selectors
from luukku.core.models import Domain, Role

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _platform(settings):
    settings.LUUKKU_PUBLIC_URL = "https://luukku.example.fi"
    settings.LUUKKU_PLATFORM_HOSTS = ["api.luukku.example.fi"]


def administrator(municipality):
    user = UserFactory(username="paakayttaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.ADMINISTRATOR)
    return user


def test_municipality_administrator_cannot_see_or_claim_host_names(client, municipality, other_municipality):
    theirs = Domain.objects.create(host="asiointi.toinen.example", municipality=other_municipality)
    mine = Domain.objects.create(host="asiointi.esimerkki.example", municipality=municipality)
    client.force_login(administrator(municipality))
    assert client.get(reverse("admin:core_domain_changelist")).status_code == 403
    assert client.get(reverse("admin:core_domain_add")).status_code == 403
    assert client.get(reverse("admin:core_domain_change", args=[mine.pk])).status_code in (302, 403)
    for host in ("luukku.example.fi", "uusi.esimerkki.example"):
        response = client.post(reverse("admin:core_domain_add"), {"host": host})
        assert response.status_code == 403
    response = client.post(reverse("admin:core_domain_change", args=[mine.pk]), {"host": "luukku.example.fi"})
    assert response.status_code in (302, 403) and not response.headers.get("Location", "").endswith("/change/")
    assert sorted(Domain.objects.values_list("host", flat=True)) == sorted([theirs.host, mine.host])
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:core_domain_changelist") not in index


@pytest.mark.parametrize("host", ["luukku.example.fi", "LUUKKU.example.fi.", "api.luukku.example.fi"])
def test_superuser_cannot_give_a_shared_host_to_a_municipality(client, admin_user, municipality, host):
    client.force_login(admin_user)
    session = client.session
    session["admin_municipality"] = municipality.pk
    session.save()
    response = client.post(reverse("admin:core_domain_add"), {"host": host})
    assert response.status_code == 200
    html = response.content.decode()
    assert "alustan kaikkien kuntien yhteinen" in html and 'value="%s"' % host in html  # what was typed is kept
    assert not Domain.objects.exists()


@pytest.mark.parametrize("host", ["https://asiointi.esimerkki.fi/", "asiointi esimerkki", "a" * 254])
def test_superuser_gets_a_clear_message_for_what_is_no_host_name(client, admin_user, municipality, host):
    client.force_login(admin_user)
    session = client.session
    session["admin_municipality"] = municipality.pk
    session.save()
    response = client.post(reverse("admin:core_domain_add"), {"host": host})
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Domain.objects.exists()


def test_superuser_maps_a_municipality_host(client, admin_user, municipality):
    client.force_login(admin_user)
    session = client.session
    session["admin_municipality"] = municipality.pk
    session.save()
    response = client.post(reverse("admin:core_domain_add"), {"host": "Asiointi.Esimerkki.fi"})
    assert response.status_code == 302
    assert Domain.objects.get().host == "asiointi.esimerkki.fi"
    assert Domain.objects.get().municipality == municipality


def test_a_shared_host_stored_earlier_does_not_capture_the_platform(client, municipality, other_municipality):
    # A row made before hosts were checked: the shared host still serves every municipality.
    Domain.objects.create(host="luukku.example.fi", municipality=municipality)
    assert selectors.municipality_by_host("luukku.example.fi") is None
    response = client.get("/", HTTP_HOST="luukku.example.fi")
    assert response.status_code == 200  # the list of municipalities, not a redirect into one
    assert 'href="/toinen/"' in response.content.decode()
