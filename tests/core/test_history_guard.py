"""History rows refuse UPDATE and DELETE: in the ORM (querysets, instances) and in the database
itself (raw SQL meets a trigger), on SQLite and on PostgreSQL (run this file with DATABASE_URL set to
PostgreSQL for the latter). Retention and erasure pass through core.history.history_maintenance()."""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from luukku.core.history import history_maintenance
from luukku.core.models import AppendOnly, AuditEvent, DomainEvent
from luukku.core.services import record_audit, record_event, retention_delete, retention_update
from tests.factories import UserFactory


@pytest.fixture
def audit(municipality):
    return record_audit(municipality=municipality, actor=UserFactory(), subject_id=uuid.uuid4(),
                        action="case.read", purpose="case handling")


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def test_raw_sql_update_of_an_audit_row_is_refused(audit):
    with pytest.raises(IntegrityError, match="append-only"):
        _raw("UPDATE core_auditevent SET purpose = 'nothing to see' WHERE id = %s", [audit.pk])
    assert AuditEvent.all_objects.get(pk=audit.pk).purpose == "case handling"


def test_raw_sql_delete_of_an_audit_row_is_refused(audit):
    with pytest.raises(IntegrityError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [audit.pk])
    assert AuditEvent.all_objects.filter(pk=audit.pk).exists()


def test_raw_sql_on_domain_events_is_refused_but_a_departing_actor_may_be_nulled(municipality):
    user = UserFactory()
    event = record_event(municipality=municipality, kind="case.submitted", object_type="cases.case",
                         object_id="1", actor=user)
    with pytest.raises(IntegrityError):
        _raw("UPDATE core_domainevent SET kind = 'case.forgotten' WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError):
        _raw("UPDATE core_domainevent SET kind = 'case.forgotten', actor_id = NULL WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM core_domainevent WHERE id = %s", [event.pk])
    user.delete()  # on_delete=SET_NULL: the history keeps the event, without the actor
    event = DomainEvent.all_objects.get(pk=event.pk)
    assert (event.kind, event.actor_id) == ("case.submitted", None)


@pytest.mark.parametrize("manager", ["objects", "all_objects"])
def test_querysets_refuse_update_and_delete(scoped, audit, manager):
    qs = getattr(AuditEvent, manager).filter(pk=audit.pk)
    with pytest.raises(ValidationError):
        qs.update(purpose="changed")
    with pytest.raises(ValidationError):
        qs.delete()
    with pytest.raises(ValidationError):
        AuditEvent.all_objects.bulk_update([audit], ["purpose"])
    with pytest.raises(ValidationError):
        audit.delete()
    audit.purpose = "changed"
    with pytest.raises(ValidationError):
        audit.save()
    assert AuditEvent.all_objects.get(pk=audit.pk).purpose == "case handling"


def test_retention_deletes_and_anonymises_through_the_maintenance_door(municipality, audit):
    other = record_audit(municipality=municipality, actor=None, subject_id=uuid.uuid4(),
                         action="person.view", purpose="front office")
    assert retention_update(AuditEvent.all_objects.filter(pk=other.pk), actor=None, purpose="") == 1
    assert AuditEvent.all_objects.get(pk=other.pk).purpose == ""
    assert retention_delete(AuditEvent.all_objects.filter(pk=audit.pk)) == 1
    assert not AuditEvent.all_objects.filter(pk=audit.pk).exists()
    # The door closes behind it: the database and the ORM refuse again.
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [other.pk])
    with pytest.raises(ValidationError):
        AuditEvent.all_objects.filter(pk=other.pk).delete()


def test_raw_sql_inside_the_maintenance_door_is_allowed_and_a_failed_block_closes_it(audit):
    with history_maintenance():
        assert _raw("UPDATE core_auditevent SET purpose = 'anonymised' WHERE id = %s", [audit.pk]) == 1
    with pytest.raises(RuntimeError), history_maintenance():
        raise RuntimeError("the retention job failed half-way")
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [audit.pk])
    assert AuditEvent.all_objects.get(pk=audit.pk).purpose == "anonymised"


def _triggers(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                           [table])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def test_every_history_table_has_the_guard(db):
    """A later migration that rebuilds a history table on SQLite drops its triggers: this notices."""
    history = [m for m in apps.get_models() if issubclass(m, AppendOnly)]
    assert len(history) >= 15
    for model in history:
        names = _triggers(model._meta.db_table)
        assert any("luukku_history_guard" in n for n in names), model._meta.label
        if connection.vendor == "sqlite":
            assert len([n for n in names if "luukku_history_guard" in n]) == 2, model._meta.label


@pytest.mark.django_db(transaction=True)
def test_flush_empties_history_tables(municipality):
    record_audit(municipality=municipality, actor=None, subject_id=uuid.uuid4(), action="case.read",
                 purpose="case handling")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.all_objects.exists()


def test_the_admin_refuses_a_delete_that_would_take_history_instead_of_failing(client, municipality):
    from django.urls import reverse

    from luukku.core.models import Role
    from luukku.frontoffice.models import Contact
    from luukku.people.models import Person
    from tests.cases.conftest import make_person
    from tests.factories import MembershipFactory

    person = make_person(municipality, "Aino", "Asukas")
    admin_user = UserFactory(username="paakayttaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=admin_user, role=Role.ADMINISTRATOR)
    Contact.all_objects.create(municipality=municipality, person=person, channel="phone", topic="Kysymys",
                               by_user=admin_user)
    client.force_login(admin_user)
    url = reverse("admin:people_person_delete", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context_data["protected"]  # "cannot delete", and why
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200 and response.context_data["protected"]  # the same page again
    assert Person.all_objects.filter(pk=person.pk).exists() and Contact.all_objects.filter(person=person).exists()
