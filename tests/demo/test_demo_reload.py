"""Loading the demo again adds nothing and a reset makes the same demo again, in every domain at once
(a load takes seconds: one reload and one reset for all the domains' counts, not one per module)."""

import pytest

from luukku.cases.models import Case
from luukku.catalogue.models import Service
from luukku.core.models import Municipality
from luukku.demo import load_demo
from luukku.demo.feedback import DEMO_API_KEY
from luukku.feedback import services as feedback_services
from luukku.proactive.models import CampaignStatus

from . import test_demo, test_demo_booking, test_demo_feedback, test_demo_participation, test_demo_proactive

pytestmark = pytest.mark.django_db
DOMAINS = {"catalogue and accounts": test_demo._counts, "booking": test_demo_booking._counts,
           "feedback": test_demo_feedback._counts, "participation": test_demo_participation._counts,
           "proactive": test_demo_proactive._counts}


def _all_counts(m):
    return {name: counts(m) for name, counts in DOMAINS.items()}


def test_loading_again_adds_nothing(koivula):
    before = _all_counts(koivula)
    assert before["participation"]["participation.Ballot"] and before["booking"]["Booking"]
    again = load_demo()
    assert again.pk == koivula.pk and Municipality.objects.filter(slug="koivula").count() == 1
    assert _all_counts(again) == before
    cases = Case.all_objects.filter(applicant__user__username="asukas")
    assert sorted(cases.values_list("status", flat=True)) == ["decided", "waiting_for_resident"]


def test_a_reset_makes_the_same_again(koivula):
    # (two tests, one load each: the test runners share them)
    before = _all_counts(koivula)
    Service.all_objects.filter(municipality=koivula, slug="varhaiskasvatus").update(popularity=1)
    fresh = load_demo(reset=True)  # the budgets' PROTECT keys do not stop the municipality's delete
    assert fresh.pk != koivula.pk and _all_counts(fresh) == before
    assert Service.all_objects.get(municipality=fresh, slug="varhaiskasvatus").popularity > 1
    assert test_demo_proactive._campaign(fresh).status == CampaignStatus.DRAFT
    assert feedback_services.api_key_for(fresh, DEMO_API_KEY) is not None
