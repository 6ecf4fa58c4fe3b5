import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from luukku.core import clock
from luukku.core.models import AuditEvent
from luukku.core.services import record_audit
from luukku.core.tenancy import UnscopedQueryError, municipality_context
from luukku.core.translation import clean_translations, localize
from luukku.catalogue.models import Service

from ..factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "reader,value,expected",
    [
        ("fi", {"fi": "Päiväkoti", "sv": "Daghem", "en": "Daycare"}, ("Päiväkoti", "fi")),
        ("sv", {"fi": "Päiväkoti", "en": "Daycare"}, ("Päiväkoti", "fi")),  # sv→fi→en
        ("en", {"fi": "Päiväkoti", "sv": "Daghem"}, ("Päiväkoti", "fi")),  # en→fi→sv
        ("fi", {"sv": "Daghem", "en": "Daycare"}, ("Daghem", "sv")),  # fi→sv→en
        ("sv", {"en": "Daycare"}, ("Daycare", "en")),
    ],
)
def test_translated_text_falls_back_in_the_readers_order(reader, value, expected):
    picked = localize(value, reader)
    assert (picked.text, picked.language) == expected
    assert picked.is_fallback == (expected[1] != reader)


def test_a_new_language_needs_no_migration(scoped):
    service = ServiceFactory(municipality=scoped, name={"fi": "Kirjasto", "se": "Girjerájus"})
    service.refresh_from_db()
    assert service.name["se"] == "Girjerájus"


def test_translations_are_cleaned_and_rejected_when_malformed():
    assert clean_translations({"fi": "  Koulu ", "sv": ""}) == {"fi": "Koulu"}
    with pytest.raises(ValidationError):
        clean_translations(["fi", "Koulu"])
    with pytest.raises(ValidationError):
        clean_translations({"fi": 3})


def test_clock_can_be_frozen_and_is_helsinki_local():
    with clock.frozen_at(dt.datetime(2026, 12, 6, 10, 0)):
        assert clock.today() == dt.date(2026, 12, 6)
        assert clock.local_now().hour == 10
        assert clock.now().utcoffset() is not None


def test_scoped_manager_refuses_unscoped_queries_in_request_code(municipality, other_municipality):
    ServiceFactory(municipality=municipality)
    ServiceFactory(municipality=other_municipality)
    with municipality_context(None, strict=True):
        with pytest.raises(UnscopedQueryError):
            list(Service.objects.all())
    with municipality_context(municipality, strict=True):
        assert {s.municipality_id for s in Service.objects.all()} == {municipality.pk}


def test_audit_events_are_append_only(municipality, django_user_model):
    user = django_user_model.objects.create_user("kasittelija", password="x" * 12)
    import uuid

    event = record_audit(
        municipality=municipality, actor=user, subject_id=uuid.uuid4(), action="person.view", purpose="case handling"
    )
    event.purpose = "something else"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.all_objects.get(pk=event.pk).purpose == "case handling"
