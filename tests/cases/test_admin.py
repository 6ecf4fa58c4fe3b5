from django.urls import reverse

from luukku.cases.models import Case, Status
from luukku.core.models import AuditEvent, Role

from ..factories import MembershipFactory, UnitFactory, UserFactory


def staff(municipality, role, unit, username):
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def test_handler_opens_case_audited_and_is_sent_to_the_back_office(client, municipality, unit, aino, make_case):
    case = make_case(aino)
    client.force_login(staff(municipality, Role.CASE_HANDLER, unit, "handler1"))
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and case.reference in html
    audit = AuditEvent.all_objects.get(action="case.read")
    assert audit.subject_id == aino.public_id and audit.object_id == str(case.public_id)
    assert audit.actor_role == Role.CASE_HANDLER and audit.unit_id == unit.pk
    # The admin only reads: the handling happens on the back-office case page it links to.
    assert f"/{municipality.slug}/" in html and f"/virkailija/asiat/{case.public_id}/" in html
    assert "/handle/" not in html
    assert client.get(reverse("admin:cases_case_change", args=[case.pk]) + "../handle/").status_code in (302, 404)
    response = client.post(reverse("admin:cases_case_changelist"),
                           {"action": "close_cases", "_selected_action": [case.pk]})
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED
    assert response.status_code in (200, 302, 403)


def test_handler_of_another_unit_sees_nothing(client, municipality, aino, make_case):
    case = make_case(aino)
    other_unit = UnitFactory(municipality=municipality, slug="tekninen")
    client.force_login(staff(municipality, Role.CASE_HANDLER, other_unit, "handler2"))
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert case.reference not in listing.content.decode()
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code in (302, 404)
    assert not AuditEvent.all_objects.filter(action="case.read").exists()


def test_manager_reads_in_the_admin_audited_as_manager(client, municipality, unit, aino, make_case):
    case = make_case(aino)
    client.force_login(staff(municipality, Role.MANAGER, None, "manager1"))
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200 and f"/virkailija/asiat/{case.public_id}/" in page.content.decode()
    assert AuditEvent.all_objects.get(action="case.read").actor_role == Role.MANAGER


def test_the_admins_case_list_audits_whom_each_case_concerns(client, municipality, unit, aino, child, make_case):
    cases = [make_case(aino), make_case(aino, child)]
    client.force_login(staff(municipality, Role.CASE_HANDLER, unit, "handler4"))
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert listing.status_code == 200 and cases[1].reference in listing.content.decode()
    assert {(e.subject_id, e.object_id) for e in AuditEvent.all_objects.filter(action="case.list")} == {
        (c.subject.public_id, str(c.public_id)) for c in cases}


def test_the_admins_case_page_audits_the_applicant_too(client, municipality, unit, aino, child, make_case):
    case = make_case(aino, child)
    client.force_login(staff(municipality, Role.CASE_HANDLER, unit, "handler5"))
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 200
    assert set(AuditEvent.all_objects.filter(action="case.read").values_list("subject_id", flat=True)) == {
        child.public_id, aino.public_id}
