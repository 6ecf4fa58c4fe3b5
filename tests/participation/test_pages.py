"""The pages: the vote page without JavaScript (check, vote, refusals keep the choices), proposals and
comments, the staff's screening, costing, plan and publication, the Pabulib download."""

import datetime as dt

import pytest
from django.test import Client

from luukku.core import clock
from luukku.core.models import Role
from luukku.participation.models import Ballot, Plan, Proposal, ProposalStatus, VoterMark

from ..factories import MembershipFactory, UserFactory
from .conftest import ids

pytestmark = pytest.mark.django_db

VOTE = "/esimerkki/en/osallistuva-budjetointi/omastadi/aanesta/"
STAFF = "/esimerkki/en/virkailija/osallistuva-budjetointi/omastadi/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def manager(municipality, username="manageri"):
    user = UserFactory(username=username)
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER)
    return user


def test_check_shows_totals_and_keeps_the_choices(pb):
    page = login(pb["aino"].user).post(VOTE, {"plan": ids(pb["plans"], "skatepark", "lights"), "check": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="total-{pb["areas"]["whole"].pk}">Chosen 60,000\u00a0€, left 40,000\u00a0€' in html
    assert f'value="{pb["plans"]["skatepark"].pk}" id="plan-{pb["plans"]["skatepark"].pk}" checked' in html
    assert f'id="plan-{pb["plans"]["library"].pk}">' in html  # not checked
    assert Ballot.all_objects.count() == 0


def test_over_the_amount_is_refused_with_choices_kept(pb):
    chosen = ids(pb["plans"], "skatepark", "library", "benches")
    page = login(pb["aino"].user).post(VOTE, {"plan": chosen, "vote": "1"})
    html = page.content.decode()
    assert page.status_code == 400 and "more than the 100,000 € there is" in html
    assert all(f'id="plan-{pk}" checked' in html for pk in chosen)
    assert Ballot.all_objects.count() == 0


def test_vote_then_a_second_is_not_offered_nor_counted(pb):
    client = login(pb["aino"].user)
    assert client.post(VOTE, {"plan": ids(pb["plans"], "lights"), "vote": "1"}).status_code == 302
    page = client.get(VOTE)
    assert 'id="voted"' in page.content.decode() and 'id="vote-form"' not in page.content.decode()
    client.post(VOTE, {"plan": ids(pb["plans"], "garden"), "vote": "1"})
    assert Ballot.all_objects.count() == 1


def test_after_closing_the_vote_is_refused(pb):
    with clock.frozen_at(pb["budget"].voting_ends + dt.timedelta(minutes=1)):
        page = login(pb["aino"].user).post(VOTE, {"plan": ids(pb["plans"], "lights"), "vote": "1"})
    assert "The voting is not open" in page.content.decode()
    assert Ballot.all_objects.count() == 0


def test_weak_login_is_sent_to_strong_identification(pb, settings):
    settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
    page = login(pb["aino"].user).get(VOTE)
    assert page.status_code == 302 and "next=" in page["Location"]


def test_comment_with_script_tags_is_shown_as_text(pb):
    proposal = Proposal.all_objects.create(municipality=pb["municipality"], budget=pb["budget"],
                                           area=pb["areas"]["north"], author=pb["aino"], title="Valot", text="x")
    url = f"/esimerkki/en/osallistuva-budjetointi/omastadi/ehdotukset/{proposal.public_id}/"
    client = login(pb["bertil"].user)
    assert client.post(url, {"text": "<script>alert('x')</script>"}).status_code == 302
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>alert" not in html
    empty = client.post(url, {"text": " "})
    assert empty.status_code == 400 and "Write a comment" in empty.content.decode()


def test_staff_screen_cost_plan_and_publish(pb):
    staff = login(manager(pb["municipality"]))
    proposal = Proposal.all_objects.create(municipality=pb["municipality"], budget=pb["budget"],
                                           area=pb["areas"]["north"], author=pb["aino"], title="Valot", text="x")
    key = str(proposal.public_id)
    refused = staff.post(STAFF, {"action": "not_feasible", "proposal": key, "reason": ""})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    assert staff.post(STAFF, {"action": "feasible", "proposal": key}).status_code == 302
    bad_price = staff.post(STAFF, {"action": "cost", "proposal": key, "price": "paljon", "price_explanation": "x"})
    assert bad_price.status_code == 400 and "Give the price in euros" in bad_price.content.decode()
    staff.post(STAFF, {"action": "cost", "proposal": key, "price": "12 000", "price_explanation": "Valaisimet"})
    staff.post(STAFF, {"action": "plan", "title": "Valaistu polku", "area": pb["areas"]["north"].pk,
                       "price": "12000", "proposals": [key]})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.MERGED and proposal.plan.title == "Valaistu polku"
    early = staff.post(STAFF, {"action": "publish"})
    assert early.status_code == 400 and "once the voting has closed" in early.content.decode()
    with clock.frozen_at(pb["budget"].voting_ends + dt.timedelta(hours=1)):
        assert staff.post(STAFF, {"action": "publish"}).status_code == 302
    public = Client().get("/esimerkki/en/osallistuva-budjetointi/omastadi/")
    assert 'id="results"' in public.content.decode()
    pb_file = Client().get(f"/esimerkki/en/osallistuva-budjetointi/omastadi/tulokset/{pb['areas']['north'].pk}.pb")
    assert pb_file.status_code == 200 and pb_file.content.decode().startswith("META\nkey;value\n")
    assert "Valaistu polku" in pb_file.content.decode()


def test_staff_pages_only_for_managers_of_the_municipality(pb):
    assert login(UserFactory(username="outsider")).get(STAFF).status_code == 403
    other = manager(pb["other_municipality"], "muu")
    assert login(other).get(STAFF).status_code == 403
    assert login(other).get(STAFF.replace("/esimerkki/", "/toinen/")).status_code == 404


def test_results_hidden_until_published(pb):
    assert Client().get(f"/esimerkki/en/osallistuva-budjetointi/omastadi/tulokset/{pb['areas']['north'].pk}.pb") \
        .status_code == 404
    assert Plan.all_objects.count() == 6


def test_service_point_agent_records_a_vote_once_across_channels(pb):
    from luukku.core.models import AuditEvent

    agent = UserFactory(username="agentti")
    MembershipFactory(municipality=pb["municipality"], user=agent, role=Role.SERVICE_POINT_AGENT)
    url = f"/esimerkki/en/virkailija/asiakkaat/{pb['bertil'].public_id}/aanesta/omastadi/"
    client = login(agent)
    unticked = client.post(url, {"plan": ids(pb["plans"], "dogpark")})
    assert unticked.status_code == 400 and "identity document" in unticked.content.decode()
    assert f'id="plan-{pb["plans"]["dogpark"].pk}" checked' in unticked.content.decode()
    assert client.post(url, {"plan": ids(pb["plans"], "dogpark"), "identity_checked": "1"}).status_code == 302
    mark = VoterMark.all_objects.get()
    assert (mark.channel, mark.agent) == ("service_point", agent) and Ballot.all_objects.count() == 1
    assert AuditEvent.all_objects.filter(actor=agent, subject_id=pb["bertil"].public_id).exists()
    online = login(pb["bertil"].user).post(VOTE, {"plan": ids(pb["plans"], "lights"), "vote": "1"})
    assert 'id="voted"' in online.content.decode() and Ballot.all_objects.count() == 1
    assert login(pb["aino"].user).get(url).status_code == 403  # a resident is not an agent


def test_manager_sets_the_budget_in_the_admin_of_own_municipality_only(pb):
    user = manager(pb["municipality"])
    user.is_staff = True
    user.save()
    client = login(user)
    assert client.get("/admin/participation/budget/add/").status_code == 200
    listing = client.get("/admin/participation/budget/").content.decode()
    assert "OmaKunta 2026" in listing
    assert client.get(f"/admin/participation/budget/{pb['budget'].pk}/change/").status_code == 200
