"""The case pages keep their content per process for the data it shows ({% data_fragment %}, issue 15):
the copy is served again only while nothing it shows has changed, and never to another viewer. Each
test views the page first (the copy is made), changes one thing, and views it again."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luukku.cases import services
from luukku.cases.models import PartnerOrganisation
from luukku.core.models import Role, StaffMembership
from luukku.notify.models import Delivery, DeliveryStatus
from luukku.people.models import Mandate
from luukku.web.templatetags import fragments

from ..eservices.files import png
from ..factories import MembershipFactory, UserFactory
from ..privacy.helpers import lawful
from .staff_helpers import case_url
from .test_page_queries import page

pytestmark = pytest.mark.django_db


def resident_url(case):
    return f"/{case.municipality.slug}/en/omat-asiat/{case.public_id}/"


def kept_once(client, url) -> str:
    """The page twice: the second request serves the copy the first made (nothing new is kept)."""
    first = page(client, url)
    count = len(fragments._kept)
    assert count >= 1
    assert page(client, url) == first
    assert len(fragments._kept) == count
    return first


def test_the_residents_page_is_kept_and_shows_each_change(client, aino, make_case, handler, case_type):
    lawful(case_type)  # a hand-over needs a legal basis
    client.force_login(aino.user)
    case = make_case(aino)
    url = resident_url(case)
    kept_once(client, url)
    services.send_message(case, by_user=handler, body="Tarvitsemme lisätietoja.")
    assert "Tarvitsemme lisätietoja." in kept_once(client, url)
    services.send_message(case, by_person=aino, body="Liite mukana.",
                          files=[SimpleUploadedFile("todistus.png", png(), "image/png")])
    assert "todistus.png" in kept_once(client, url)
    services.change_status(case, "in_handling", by_user=handler)
    assert "Status: In handling" in kept_once(client, url)
    services.decide(case, handler, "Myönteinen päätös", "Paikka myönnetty.")
    html = kept_once(client, url)
    assert "Myönteinen päätös" in html and "Paikka myönnetty." in html


def test_a_hand_over_and_a_new_name_show_at_once(client, aino, make_case, handler, case_type):
    lawful(case_type)
    client.force_login(aino.user)
    case = make_case(aino)
    url = resident_url(case)
    kept_once(client, url)
    partner = PartnerOrganisation.all_objects.create(municipality=case.municipality, name={"en": "Wellbeing county"},
                                                     business_id="3221990-4")
    services.send_message(case, by_person=aino, body="Kiitos.")
    assert "Message from Aino Asukas" in kept_once(client, url)
    aino.first_names = "Aino-Maria"  # the population register renamed her: no case row changed
    aino.save()
    assert "Message from Aino-Maria Asukas" in kept_once(client, url)
    services.hand_over(case, handler, partner, "Kuuluu hyvinvointialueelle.")
    html = kept_once(client, url)
    assert "Your case was transferred to Wellbeing county" in html and "Kuuluu hyvinvointialueelle." in html


def test_a_copy_is_never_another_viewers(client, aino, child, make_case, municipality):
    """The child's case, seen by the guardian who applied and by the other guardian: the page says who
    sent it to the one who did not, and each keeps their own copy."""
    from .conftest import make_person

    other = make_person(municipality, "Olli", "Asukas", user=UserFactory(username="olli"))
    Mandate.all_objects.create(municipality=municipality, principal=child, agent=other, kind="guardian",
                               valid_from=dt.date(2020, 6, 1))
    case = make_case(aino, child)
    url = resident_url(case)
    client.force_login(aino.user)
    mine = kept_once(client, url)
    client.force_login(other.user)
    theirs = kept_once(client, url)
    assert "Sent by" not in mine and "<dt>Sent by</dt><dd>Aino Asukas</dd>" in theirs
    assert len(fragments._kept) == 2


def test_an_ended_guardianship_is_a_404_however_fresh_the_copy(client, aino, child, make_case, municipality):
    from .conftest import make_person

    other = make_person(municipality, "Olli", "Asukas", user=UserFactory(username="olli"))
    Mandate.all_objects.create(municipality=municipality, principal=child, agent=other, kind="guardian",
                               valid_from=dt.date(2020, 6, 1))
    case = make_case(aino, child)  # the other guardian applied: Olli sees it only as the child's guardian
    url = resident_url(case)
    client.force_login(other.user)
    kept_once(client, url)
    Mandate.all_objects.filter(principal=child, agent=other).update(valid_until=dt.date(2000, 1, 1))
    assert client.get(url).status_code == 404


def test_the_handlers_page_is_kept_per_viewer_and_shows_each_change(client, municipality, unit, aino, make_case,
                                                                    handler):
    case = make_case(aino)
    url = case_url(case)
    client.force_login(handler)
    kept_once(client, url)
    services.claim(case, handler)
    html = kept_once(client, url)
    assert "is handling this case" not in html  # her own case
    colleague = UserFactory(username="kollega", first_name="Kaisa", last_name="Kollega")
    MembershipFactory(municipality=municipality, user=colleague, unit=unit, role=Role.CASE_HANDLER)
    client.force_login(colleague)
    assert "is handling this case" in kept_once(client, url)  # not the copy made for the first handler
    services.add_note(case, handler, "Soitettu asiakkaalle.")
    assert "Soitettu asiakkaalle." in kept_once(client, url)
    delivery = Delivery.all_objects.filter(notification__case=case).first()  # the receipt of the application
    assert f'delivery-{delivery.status}"' in kept_once(client, url)
    Delivery.all_objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)  # the worker's write
    assert 'delivery-failed"' in kept_once(client, url)


def test_a_manager_reads_without_the_handlers_forms_and_a_removed_right_is_a_404(client, municipality, unit, aino,
                                                                              make_case, handler):
    case = make_case(aino)
    url = case_url(case)
    client.force_login(handler)
    assert 'id="note-form"' in kept_once(client, url)
    manager = UserFactory(username="esimies")
    membership = MembershipFactory(municipality=municipality, user=manager, unit=unit, role=Role.MANAGER)
    client.force_login(manager)
    assert 'id="note-form"' not in kept_once(client, url)
    StaffMembership.all_objects.filter(pk=membership.pk).update(valid_until=dt.date(2000, 1, 1))
    assert client.get(url).status_code in (403, 404)


def test_a_refused_action_shows_what_was_typed_not_a_copy(client, aino, make_case, handler):
    case = make_case(aino)
    client.force_login(handler)
    kept_once(client, case_url(case))
    response = client.post(case_url(case, "tila/"), {"status": "", "reason": "Kirjoitettu syy"})
    assert response.status_code == 400
    assert "Kirjoitettu syy" in response.content.decode()
