"""The outbox in the admin: read-only, with each delivery's status and last error; opening a
notification is audited; the scheduler's jobs are for the platform's superusers only."""

import pytest
from django.urls import reverse

from luukku.core.models import AuditEvent, Role, ScheduledJob
from luukku.notify.models import Delivery, DeliveryStatus
from luukku.notify.services import notify

from ..factories import MembershipFactory, UserFactory
from .conftest import choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    user = UserFactory(username="johtaja", is_staff=True)
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER)
    return user


@pytest.fixture
def dead(aino):
    choose(aino, "email")
    notification = notify(person=aino, kind="case.message", key="k1")
    Delivery.all_objects.filter(notification=notification).update(status=DeliveryStatus.FAILED,
                                                                  last_error="mail server: SMTPServerDisconnected")
    return notification


def test_a_manager_reads_delivery_status_and_cannot_change_it(client, manager, dead, aino):
    client.force_login(manager)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    listing = client.get(reverse("admin:notify_notification_changelist"), **english).content.decode()
    assert "email: could not be sent" in listing
    deliveries = client.get(reverse("admin:notify_delivery_changelist") + "?status=failed", **english)
    deliveries = deliveries.content.decode()
    assert "mail server: SMTPServerDisconnected" in deliveries
    page = client.get(reverse("admin:notify_notification_change", args=[dead.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert AuditEvent.all_objects.filter(action="notification.read", subject_id=aino.public_id).exists()
    assert client.post(reverse("admin:notify_notification_add"), {}).status_code == 403


def test_scheduled_jobs_are_for_superusers(client, manager, admin_user):
    ScheduledJob.objects.create(name="notify.retry_due")
    url = reverse("admin:core_scheduledjob_changelist")
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert "notify.retry_due" in client.get(url).content.decode()
