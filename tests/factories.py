"""factory_boy factories for the primitives; each app's tests add their own beside these."""

import factory
from django.contrib.auth import get_user_model

from luukku.catalogue.models import Channel, ChannelKind, Code, CodeKind, Service
from luukku.core.models import Municipality, Role, Sector, StaffMembership, Unit


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")  # three digits however many a test process makes
    slug = factory.Sequence(lambda n: f"kunta{n}")
    name = factory.LazyAttribute(lambda o: {"fi": o.slug.title(), "sv": o.slug.title()})
    languages = ["fi", "sv", "en"]


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"toimiala-{n}")
    name = factory.LazyAttribute(lambda o: {"fi": f"Toimiala {o.slug}", "sv": f"Sektor {o.slug}"})


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"yksikko-{n}")
    name = factory.LazyAttribute(lambda o: {"fi": f"Yksikkö {o.slug}", "sv": f"Enhet {o.slug}"})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "salasana-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CATALOGUE_EDITOR


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code
        django_get_or_create = ("kind", "code")

    kind = CodeKind.LIFE_EVENT
    code = factory.Sequence(lambda n: f"KE{n}")
    slug = factory.Sequence(lambda n: f"elamantilanne-{n}")
    name = factory.LazyAttribute(lambda o: {"fi": f"Elämäntilanne {o.code}"})


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"palvelu-{n}")
    name = factory.LazyAttribute(lambda o: {"fi": f"Palvelu {o.slug}", "sv": f"Tjänst {o.slug}"})
    summary = {"fi": "Lyhyt kuvaus."}


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = ChannelKind.SERVICE_LOCATION
    name = factory.Sequence(lambda n: {"fi": f"Palvelupiste {n}"})
