"""Staff administration: permissions come from membership roles in the municipality administered."""

import pytest
from django.urls import reverse

from luukku.catalogue.models import Code, CodeKind, Service, ServiceHours
from luukku.core.models import AuditEvent, DomainEvent, Role, StaffMembership
from luukku.core.services import record_audit
from luukku.core.tenancy import municipality_context

from ..factories import ChannelFactory, CodeFactory, MembershipFactory, ServiceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(municipality, role, unit=None, username=None):
    user = UserFactory(username=username or f"{role}-{municipality.slug}", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def service_form(**overrides):
    data = {
        "name_fi": "Varhaiskasvatus", "name_sv": "Småbarnspedagogik", "name_en": "",
        "slug": "varhaiskasvatus", "status": "Published", "type": "Service", "sector": "", "responsible_unit": "",
        "charge_type": "", "keywords": "{}", "service_vouchers": "[]",
        "organisation_links-TOTAL_FORMS": "0", "organisation_links-INITIAL_FORMS": "0", "alternative_names": "{}", "legislation": "[]",
        "languages": "[]", "areas": "[]", "area_type": "LimitedType", "ontology_terms": "[]", "popularity": "0",
        "funding_type": "PubliclyFunded",
    }
    data.update(overrides)
    return data


@pytest.fixture
def service(municipality):
    with municipality_context(municipality):
        return ServiceFactory(municipality=municipality, slug="kirjasto", name={"fi": "Kirjasto"})


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_catalogue_editor_changes_a_service_and_the_change_is_recorded(client, municipality, service):
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    page = client.get(change_url(service))
    assert page.status_code == 200
    html = page.content.decode()
    # Translated fields are edited side by side, each input labelled with its language.
    assert 'class="translations"' in html and 'name="name_sv"' in html and 'lang="sv"' in html
    assert "core/admin.css" in html
    response = client.post(change_url(service), service_form(slug="kirjasto", name_fi="Pääkirjasto"))
    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.name == {"fi": "Pääkirjasto", "sv": "Småbarnspedagogik"}
    event = DomainEvent.all_objects.get(kind="service.changed")
    assert event.municipality == municipality and event.object_id == str(service.public_id)


def test_editor_adds_a_service_into_the_current_municipality(client, municipality):
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    response = client.post(reverse("admin:catalogue_service_add"), service_form(slug="uusi"))
    assert response.status_code == 302
    created = Service.all_objects.get(slug="uusi")
    assert created.municipality == municipality


def test_duplicate_slug_is_a_form_error_not_a_500(client, municipality, service):
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    response = client.post(reverse("admin:catalogue_service_add"), service_form(slug="kirjasto"))
    assert response.status_code == 200
    assert Service.all_objects.filter(slug="kirjasto").count() == 1
    assert "errornote" in response.content.decode()


def test_unit_limited_editor_edits_only_their_units_services(client, municipality):
    with municipality_context(municipality):
        own, other = UnitFactory(municipality=municipality), UnitFactory(municipality=municipality)
        mine = ServiceFactory(municipality=municipality, responsible_unit=own)
        theirs = ServiceFactory(municipality=municipality, responsible_unit=other)
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR, unit=own))
    assert client.post(change_url(theirs), service_form(slug=theirs.slug)).status_code == 403
    page = client.get(reverse("admin:catalogue_service_add")).content.decode()
    assert f'value="{own.pk}"' in page and f'value="{other.pk}"' not in page
    response = client.post(change_url(mine), service_form(slug=mine.slug, responsible_unit=own.pk))
    assert response.status_code == 302


def test_manager_views_but_cannot_change(client, municipality, service):
    client.force_login(staff(municipality, Role.MANAGER))
    assert client.get(reverse("admin:catalogue_service_changelist")).status_code == 200
    page = client.get(change_url(service))
    assert page.status_code == 200
    assert 'name="name_fi"' not in page.content.decode()  # read-only view
    assert client.post(change_url(service), service_form(slug="kirjasto", name_fi="X")).status_code == 403
    assert client.get(reverse("admin:catalogue_service_add")).status_code == 403
    service.refresh_from_db()
    assert service.name == {"fi": "Kirjasto"}


@pytest.mark.parametrize("role", [Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT])
def test_case_handlers_and_agents_do_not_edit_the_catalogue(client, municipality, service, role):
    client.force_login(staff(municipality, role))
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:catalogue_service_add") not in index
    assert reverse("admin:core_staffmembership_changelist") not in index
    assert client.get(reverse("admin:catalogue_service_add")).status_code == 403
    assert client.post(change_url(service), service_form(slug="kirjasto")).status_code == 403
    assert client.get(reverse("admin:core_unit_add")).status_code == 403


def test_editor_reads_units_but_administrator_manages_them(client, municipality):
    with municipality_context(municipality):
        unit = UnitFactory(municipality=municipality)
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    assert client.get(change_url(unit)).status_code == 200
    assert client.get(reverse("admin:core_unit_add")).status_code == 403
    client.force_login(staff(municipality, Role.ADMINISTRATOR))
    response = client.post(reverse("admin:core_unit_add"), {"slug": "tekninen", "name_fi": "Tekniset palvelut"})
    assert response.status_code == 302
    with municipality_context(municipality):
        assert StaffMembership.objects.count() == 2 and unit.__class__.objects.filter(slug="tekninen").exists()


def test_administrator_manages_memberships_of_own_municipality_only(client, municipality, other_municipality):
    admin_user = staff(municipality, Role.ADMINISTRATOR)
    newcomer = UserFactory(username="uusi.kasittelija")
    foreign = staff(other_municipality, Role.CATALOGUE_EDITOR, username="toisen.kunnan")
    with municipality_context(municipality):
        unit = UnitFactory(municipality=municipality)
    with municipality_context(other_municipality):
        other_unit = UnitFactory(municipality=other_municipality)
    client.force_login(admin_user)

    listing = client.get(reverse("admin:core_staffmembership_changelist")).content.decode()
    assert "toisen.kunnan" not in listing
    add_url = reverse("admin:core_staffmembership_add")
    response = client.post(add_url, {"user": "uusi.kasittelija", "unit": unit.pk, "role": Role.CASE_HANDLER})
    assert response.status_code == 302
    membership = StaffMembership.all_objects.get(user=newcomer)
    assert membership.municipality == municipality and membership.unit == unit
    newcomer.refresh_from_db()
    assert newcomer.is_staff  # may now log in to the admin

    # Another municipality's unit is not a valid choice; a duplicate is a form error, not a 500.
    response = client.post(add_url, {"user": "uusi.kasittelija", "unit": other_unit.pk, "role": Role.MANAGER})
    assert response.status_code == 200 and StaffMembership.all_objects.filter(user=newcomer).count() == 1
    response = client.post(add_url, {"user": "uusi.kasittelija", "unit": unit.pk, "role": Role.CASE_HANDLER})
    assert response.status_code == 200 and StaffMembership.all_objects.filter(user=newcomer).count() == 1
    response = client.post(add_url, {"user": "ei-ketaan", "role": Role.MANAGER})
    assert response.status_code == 200 and "user" in response.context["adminform"].form.errors

    # The other municipality's membership cannot be opened or changed.
    theirs = StaffMembership.all_objects.get(user=foreign)
    assert client.get(change_url(theirs)).status_code in (302, 404)
    client.post(change_url(theirs), {"user": "toisen.kunnan", "role": Role.ADMINISTRATOR})
    theirs.refresh_from_db()
    assert theirs.role == Role.CATALOGUE_EDITOR


def test_manager_views_memberships_but_editor_does_not(client, municipality):
    client.force_login(staff(municipality, Role.MANAGER))
    assert client.get(reverse("admin:core_staffmembership_changelist")).status_code == 200
    assert client.get(reverse("admin:core_staffmembership_add")).status_code == 403
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    assert client.get(reverse("admin:core_staffmembership_changelist")).status_code == 403


def test_channel_hours_are_edited_inline_in_the_municipality(client, municipality):
    with municipality_context(municipality):
        channel = ChannelFactory(municipality=municipality, name={"fi": "Virastotalo"})
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    data = {
        "kind": "ServiceLocation", "status": "Published", "name_fi": "Virastotalo", "urls": "{}", "phones": "[]",
        "emails": "[]", "languages": "[]", "stops": "[]", "postal_code": "",
        "hours-TOTAL_FORMS": "1", "hours-INITIAL_FORMS": "0", "hours-MIN_NUM_FORMS": "0", "hours-MAX_NUM_FORMS": "1000",
        "hours-0-kind": "DaysOfTheWeek", "hours-0-opening": '[{"day_from": 0, "day_to": 4, "from": "08:00", "to": "16:00"}]',
        "hours-0-info_fi": "Arkisin", "hours-0-order": "0",
    }
    response = client.post(change_url(channel), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    hours = ServiceHours.all_objects.get(channel=channel)
    assert hours.municipality == municipality and hours.info == {"fi": "Arkisin"}
    assert DomainEvent.all_objects.filter(kind="channel.changed").exists()
    municipality.refresh_from_db()
    assert municipality.content_version > 1


def test_codes_are_read_only_except_for_superusers(client, municipality, admin_user):
    code = CodeFactory(kind=CodeKind.LIFE_EVENT, code="KE1", name={"fi": "Muutto"})
    client.force_login(staff(municipality, Role.ADMINISTRATOR))
    assert client.get(change_url(code)).status_code == 200
    assert client.post(change_url(code), {"kind": "life_event", "code": "KE1", "name_fi": "X", "order": 1}).status_code == 403
    assert client.get(reverse("admin:catalogue_code_add")).status_code == 403
    client.force_login(admin_user)
    response = client.post(change_url(code), {"kind": "life_event", "code": "KE1", "name_fi": "Muutto kuntaan", "order": 1})
    assert response.status_code == 302
    assert Code.objects.get(pk=code.pk).name == {"fi": "Muutto kuntaan"}


def test_history_is_read_only_for_administrators_and_managers(client, municipality):
    event = record_audit(municipality=municipality, actor=None, subject_id="00000000-0000-0000-0000-000000000001",
                         action="person.view", purpose="test")
    for role in (Role.ADMINISTRATOR, Role.MANAGER):
        client.force_login(staff(municipality, role))
        assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
        assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
        assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403
    assert AuditEvent.all_objects.count() == 1


def test_staff_without_membership_or_is_staff_cannot_enter(client, municipality):
    client.force_login(UserFactory(username="ulkopuolinen", is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 302
    not_staff = UserFactory(username="ei-henkilokuntaa", is_staff=False)
    MembershipFactory(municipality=municipality, user=not_staff, role=Role.ADMINISTRATOR)
    client.force_login(not_staff)
    assert client.get(reverse("admin:index")).status_code == 302


def test_superuser_manages_municipalities_others_do_not(client, municipality, admin_user):
    client.force_login(staff(municipality, Role.ADMINISTRATOR))
    assert client.get(reverse("admin:core_municipality_changelist")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("admin:core_municipality_changelist")).status_code == 200
    assert client.get(change_url(municipality)).status_code == 200


def test_switcher_moves_between_own_municipalities(client, municipality, other_municipality):
    user = staff(municipality, Role.CATALOGUE_EDITOR, username="kahden.kunnan")
    MembershipFactory(municipality=other_municipality, user=user, role=Role.CATALOGUE_EDITOR)
    with municipality_context(other_municipality):
        ServiceFactory(municipality=other_municipality, slug="toisen-palvelu")
    client.force_login(user)
    index = client.get(reverse("admin:index")).content.decode()
    assert 'name="municipality"' in index and 'value="toinen"' in index
    assert client.get(reverse("admin:switch_municipality")).status_code == 405
    response = client.post(reverse("admin:switch_municipality"), {"municipality": "toinen"})
    assert response.status_code == 302
    listing = client.get(reverse("admin:catalogue_service_changelist")).content.decode()
    assert "toisen-palvelu" in listing
    assert "Toinen kunta" in listing  # the header names the municipality being administered
    assert "Ylläpidät nyt kuntaa Toinen kunta." in listing  # the confirmation, in the admin's language
