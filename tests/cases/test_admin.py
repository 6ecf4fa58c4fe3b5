from django.urls import reverse

from luukku.cases.models import Case, Status
from luukku.core.models import AuditEvent, Role

from ..factories import MembershipFactory, UnitFactory, UserFactory


def staff(municipality, role, unit, username):
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=role, unit=unit)
    return user


def test_handler_opens_case_audited_and_requests_information(client, municipality, unit, aino, make_case):
    case = make_case(aino)
    client.force_login(staff(municipality, Role.CASE_HANDLER, unit, "handler1"))
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200 and case.reference in page.content.decode()
    audit = AuditEvent.all_objects.get(action="case.read")
    assert audit.subject_id == aino.public_id and audit.object_id == str(case.public_id)
    handle = reverse("admin:cases_case_handle", args=[case.pk])
    assert client.get(handle).status_code == 200
    response = client.post(handle, {"action": "request_information", "body": "Liitä todistus."})
    assert response.status_code == 302
    assert Case.all_objects.get(pk=case.pk).status == Status.WAITING_FOR_RESIDENT
    # A refused transition is a form error, not a 500.
    response = client.post(handle, {"action": "close", "body": ""})
    assert response.status_code == 200 and "ei voi muuttaa tilaan" in response.content.decode()
    response = client.post(handle, {"action": "decide", "title": "Päätös", "body": "Myönnetty."})
    assert response.status_code == 302
    assert Case.all_objects.get(pk=case.pk).status == Status.DECIDED


def test_handler_of_another_unit_sees_nothing(client, municipality, aino, make_case):
    case = make_case(aino)
    other_unit = UnitFactory(municipality=municipality, slug="tekninen")
    client.force_login(staff(municipality, Role.CASE_HANDLER, other_unit, "handler2"))
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert case.reference not in listing.content.decode()
    assert client.get(reverse("admin:cases_case_handle", args=[case.pk])).status_code == 404
    assert not AuditEvent.all_objects.filter(action="case.read").exists()


def test_manager_reads_but_cannot_handle(client, municipality, unit, aino, make_case):
    case = make_case(aino)
    client.force_login(staff(municipality, Role.MANAGER, None, "manager1"))
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 200
    response = client.post(reverse("admin:cases_case_handle", args=[case.pk]), {"action": "close"})
    assert response.status_code == 403
    assert Case.all_objects.get(pk=case.pk).status == Status.SUBMITTED
