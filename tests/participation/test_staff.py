"""The managers' side of a budget (issue 17): a budget created and edited on the staff pages with its
areas, bad input refused in words with what was typed kept, the rule and areas kept once the voting has
opened; the phase buttons and the history they leave; co-operation; comment moderation as residents
see it; follow-up of the winners; the service point's link to vote; who may not get in."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from luukku.core import clock
from luukku.core.models import Role
from luukku.participation import services
from luukku.participation.models import (Area, Budget, BudgetChange, BudgetChangeKind, Comment, Phase, Proposal,
                                         Rule)

from ..factories import MembershipFactory, UserFactory
from .conftest import make_areas_and_plans, make_budget
from .test_pages import login, manager

pytestmark = pytest.mark.django_db

LIST = "/esimerkki/en/virkailija/osallistuva-budjetointi/"
STAFF = LIST + "omastadi/"
EDIT = STAFF + "muokkaa/"
COMMENTS = STAFF + "kommentit/"


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def budget_post(areas=(("Koko kunta", "100 000", True), ("Pohjoinen", "50000", False)), initial=0, **fields):
    """What the form posts: the budget's fields and its area rows (formset)."""
    today, now = clock.today(), clock.now()
    data = {
        "title": "OmaKunta 2027", "slug": "omakunta-2027", "description": "Ideoita kuntaan.",
        "informing_starts": (today + dt.timedelta(days=1)).isoformat(),
        "proposals_starts": (today + dt.timedelta(days=10)).isoformat(),
        "screening_starts": (today + dt.timedelta(days=40)).isoformat(),
        "voting_starts": local(now + dt.timedelta(days=60)), "voting_ends": local(now + dt.timedelta(days=70)),
        "results_starts": (today + dt.timedelta(days=71)).isoformat(),
        "follow_up_starts": (today + dt.timedelta(days=100)).isoformat(),
        "rule": Rule.KNAPSACK, "threshold_percent": "70", "min_plans": "", "max_plans": "", "minimum_age": "12",
        "areas-TOTAL_FORMS": str(len(areas)), "areas-INITIAL_FORMS": str(initial),
        "areas-MIN_NUM_FORMS": "0", "areas-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(areas):
        area_id, (name, amount, whole) = (row[0], row[1:]) if len(row) == 4 else ("", row)
        data.update({f"areas-{i}-id": area_id, f"areas-{i}-name": name, f"areas-{i}-amount": amount})
        if whole:
            data[f"areas-{i}-is_whole"] = "on"
    data.update(fields)
    return data


def edit_post(budget, **fields):
    """The edit form as it comes, with the budget's own values and areas, changed by `fields`."""
    areas = [(a.pk, a.name, str(a.amount), a.is_whole) for a in budget.areas.all()]
    data = budget_post(areas=areas, initial=len(areas))
    data.pop("slug")
    data.update({f: str(getattr(budget, f)) for f in ("title", "description", "minimum_age", "threshold_percent", "min_plans")})
    data.update({f: getattr(budget, f).isoformat() for f in ("informing_starts", "proposals_starts",
                                                             "screening_starts", "results_starts", "follow_up_starts")})
    data.update({"voting_starts": local(budget.voting_starts), "voting_ends": local(budget.voting_ends),
                 "rule": budget.rule, "max_plans": budget.max_plans or ""})
    data.update(fields)
    return data


def test_a_manager_creates_a_budget_with_its_areas(municipality):
    staff = login(manager(municipality))
    response = staff.post(LIST, budget_post())
    assert response.status_code == 302 and response["Location"].endswith("/osallistuva-budjetointi/omakunta-2027/")
    budget = Budget.all_objects.get(slug="omakunta-2027")
    assert (budget.title, budget.rule, budget.threshold_percent, budget.phase()) == (
        "OmaKunta 2027", Rule.KNAPSACK, 70, Phase.DRAFT)
    assert sorted((a.name, a.amount, a.is_whole) for a in budget.areas.all()) == [
        ("Koko kunta", 100_000, True), ("Pohjoinen", 50_000, False)]
    created = BudgetChange.all_objects.get(budget=budget)
    assert created.kind == BudgetChangeKind.CREATED and created.by_user.username == "manageri"
    page = staff.get(response["Location"]).content.decode()
    assert 'id="history"' in page and "Koko kunta * 100000 €" in page
    assert "OmaKunta 2027" in staff.get(LIST).content.decode()


def test_bad_budget_input_is_refused_in_words_and_what_was_typed_stays(municipality):
    staff = login(manager(municipality))
    today = clock.today()
    bad = budget_post(
        areas=(("Koko kunta", "100000", True), ("Pohjoinen", "0", True)),
        proposals_starts=(today - dt.timedelta(days=5)).isoformat(),  # before the informing
        voting_ends=local(clock.now() + dt.timedelta(days=59)),  # before the voting opens
        rule=Rule.APPROVAL, min_plans="3", max_plans="2", title="Ideat 2027")
    response = staff.post(LIST, bad)
    html = response.content.decode()
    assert response.status_code == 400 and not Budget.all_objects.exists()
    for message in ("“Proposals start” cannot be before “informing starts”.", "The voting must close after it opens.",
                    "The maximum number of plans must be at least 1 and not less than the minimum.",
                    "Give the area&#x27;s amount in euros, more than zero."):
        assert message in html, message
    assert 'value="Ideat 2027"' in html and 'value="Pohjoinen"' in html
    # Fix the amount: two areas marked as the whole municipality is the next refusal.
    bad.update({"areas-1-amount": "50000", "proposals_starts": bad["informing_starts"],
                "voting_ends": local(clock.now() + dt.timedelta(days=70)), "max_plans": "4"})
    response = staff.post(LIST, bad)
    assert response.status_code == 400 and "Mark exactly one area as the whole municipality." in response.content.decode()
    bad["areas-1-is_whole"] = ""
    assert staff.post(LIST, {**bad, "slug": "omakunta 2027!"}).status_code == 400  # not a URL name
    assert staff.post(LIST, {**bad, "voting_starts": "0001-01-01T00:00"}).status_code == 400  # no UTC time: not a 500
    assert staff.post(LIST, bad).status_code == 302
    assert Budget.all_objects.get().max_plans == 4
    refused = staff.post(LIST, bad)  # the same URL name again
    assert refused.status_code == 400 and "Another budget already has this URL name." in refused.content.decode()


def test_once_voting_has_opened_the_rule_and_areas_stay_but_the_closing_may_move(pb):
    budget = pb["budget"]
    staff = login(manager(pb["municipality"]))
    form = staff.get(EDIT).content.decode()
    assert 'id="rule-locked"' in form and f'value="{local(budget.voting_ends)}"' in form
    refused = staff.post(EDIT, edit_post(budget, rule=Rule.APPROVAL, max_plans="3"))
    assert refused.status_code == 400 and "the voting rule and the minimum age can no longer be changed" in \
        refused.content.decode()
    data = edit_post(budget)
    data["areas-1-amount"] = "60000"
    refused = staff.post(EDIT, data)
    assert refused.status_code == 400 and "the areas and their amounts can no longer be changed" in \
        refused.content.decode()
    assert 'value="60000"' in refused.content.decode()
    later = budget.voting_ends + dt.timedelta(days=2)
    assert staff.post(EDIT, edit_post(budget, voting_ends=local(later),
                                      results_starts=(clock.today() + dt.timedelta(days=12)).isoformat())).status_code == 302
    budget.refresh_from_db()
    assert local(budget.voting_ends) == local(later) and budget.rule == Rule.KNAPSACK
    assert Area.all_objects.get(pk=pb["areas"]["north"].pk).amount == 50_000
    change = BudgetChange.all_objects.get(budget=budget)
    assert change.kind == BudgetChangeKind.EDITED and {c["field"] for c in change.changes} == {"voting_ends",
                                                                                                "results_starts"}


def test_before_voting_the_rule_and_areas_change_and_an_area_in_use_stays(pb):
    budget = pb["budget"]
    Budget.all_objects.filter(pk=budget.pk).update(voting_starts=clock.now() + dt.timedelta(days=1),
                                                   voting_ends=clock.now() + dt.timedelta(days=2))
    budget.refresh_from_db()
    Proposal.all_objects.create(municipality=budget.municipality, budget=budget, area=pb["areas"]["south"],
                                title="Koirapuisto", text="x")
    staff = login(manager(pb["municipality"]))
    data = edit_post(budget, rule=Rule.APPROVAL, min_plans="1", max_plans="3", threshold_percent="50")
    south = next(i for i, a in enumerate(budget.areas.all()) if a.name == "Etelä")
    refused = staff.post(EDIT, {**data, f"areas-{south}-delete": "on"})
    assert refused.status_code == 400 and "“Etelä” has proposals or plans, so it cannot be removed." in \
        refused.content.decode()
    assert staff.post(EDIT, data).status_code == 302
    budget.refresh_from_db()
    assert (budget.rule, budget.min_plans, budget.max_plans, budget.threshold_percent) == (Rule.APPROVAL, 1, 3, 0)


def test_phase_buttons_set_the_dates_and_leave_a_history(municipality):
    now = clock.now()
    budget = make_budget(municipality, voting_starts=now + dt.timedelta(days=5), voting_ends=now + dt.timedelta(days=9))
    make_areas_and_plans(budget)
    assert budget.phase() == Phase.SCREENING
    staff = login(manager(municipality))
    assert staff.post(STAFF, {"action": "next_phase"}).status_code == 302
    budget.refresh_from_db()
    assert budget.phase() == Phase.VOTING and budget.voting_open()
    assert staff.post(STAFF, {"action": "close_voting"}).status_code == 302
    budget.refresh_from_db()
    assert not budget.voting_open() and budget.voting_ends <= clock.now()
    again = staff.post(STAFF, {"action": "close_voting"})
    assert again.status_code == 400 and "The voting is not open" in again.content.decode()
    staff.post(STAFF, {"action": "next_phase"})  # results
    staff.post(STAFF, {"action": "next_phase"})  # follow-up
    last = staff.post(STAFF, {"action": "next_phase"})
    assert last.status_code == 400 and "last phase" in last.content.decode()
    kinds = list(BudgetChange.all_objects.filter(budget=budget).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["next_phase", "voting_closed", "next_phase", "next_phase"]
    page = staff.get(STAFF).content.decode()
    assert page.count('data-kind="next_phase"') == 3 and "Voting closes" in page and "manageri" in page


def test_staff_link_proposals_to_co_operate(pb):
    m, budget = pb["municipality"], pb["budget"]
    first, second = (Proposal.all_objects.create(municipality=m, budget=budget, area=pb["areas"]["north"], title=t,
                                                 text="x") for t in ("Valot", "Penkit"))
    other = make_budget(m, slug="toinen")
    stranger = Proposal.all_objects.create(municipality=m, budget=other, area=make_areas_and_plans(other)[0]["whole"],
                                           title="Muu", text="x")
    staff = login(manager(m))
    refused = staff.post(STAFF, {"action": "cooperate", "first": first.public_id, "second": first.public_id})
    assert refused.status_code == 400 and "Choose another proposal of the same budget." in refused.content.decode()
    assert staff.post(STAFF, {"action": "cooperate", "first": first.public_id,
                              "second": stranger.public_id}).status_code == 400
    assert staff.post(STAFF, {"action": "cooperate", "first": "x", "second": "y"}).status_code == 400
    assert staff.post(STAFF, {"action": "cooperate", "first": first.public_id,
                              "second": second.public_id}).status_code == 302
    assert list(second.cooperates_with.all()) == [first]  # both ways
    page = staff.get(STAFF).content.decode()
    assert f'<tr data-proposal="{first.public_id}">' in page and '<td class="cooperation">Penkit</td>' in page
    public = Client().get(f"/esimerkki/en/osallistuva-budjetointi/omastadi/ehdotukset/{second.public_id}/")
    assert "Valot" in public.content.decode()


def test_a_removed_comment_shows_the_reason_in_its_place(pb, other_municipality):
    proposal = Proposal.all_objects.create(municipality=pb["municipality"], budget=pb["budget"],
                                           area=pb["areas"]["north"], author=pb["aino"], title="Valot", text="x")
    comment = services.add_comment(proposal, pb["bertil"], "Ostakaa minun lamppujani, halvalla!")
    services.add_comment(proposal, pb["aino"], "Hyvä idea.")
    staff = login(manager(pb["municipality"]))
    listing = staff.get(COMMENTS).content.decode()
    assert "Ostakaa minun lamppujani" in listing and "Hyvä idea." in listing
    refused = staff.post(COMMENTS, {"comment": comment.pk, "reason": "  "})
    assert refused.status_code == 400 and "Give the reason for removing the comment" in refused.content.decode()
    assert staff.post(COMMENTS, {"comment": comment.pk, "reason": "Mainontaa"}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at and comment.hidden_by.username == "manageri" and comment.hidden_reason == "Mainontaa"
    page = Client().get(f"/esimerkki/en/osallistuva-budjetointi/omastadi/ehdotukset/{proposal.public_id}/")
    html = page.content.decode()
    assert "Removed by the moderator: Mainontaa" in html and "lamppujani" not in html and "Hyvä idea." in html
    # Another municipality's comment is not reachable through this budget.
    other = make_budget(other_municipality, slug="omastadi")
    foreign = Comment.all_objects.create(
        municipality=other_municipality, author=None, text="Toinen",
        proposal=Proposal.all_objects.create(municipality=other_municipality, budget=other, title="T", text="x",
                                             area=make_areas_and_plans(other)[0]["whole"]))
    assert staff.post(COMMENTS, {"comment": foreign.pk, "reason": "x"}).status_code == 404
    assert Comment.all_objects.get(pk=foreign.pk).hidden_at is None


def test_follow_up_of_winning_plans_after_the_results(pb):
    budget, plans = pb["budget"], pb["plans"]
    services.cast_ballot(budget, pb["aino"], [plans["benches"].pk, plans["lights"].pk], strong=True)
    staff = login(manager(pb["municipality"]))
    early = staff.post(STAFF, {"action": "follow_up", "plan": plans["benches"].pk, "text": "Tilattu", "progress": "10"})
    assert early.status_code == 400 and "once the results are published" in early.content.decode()
    with clock.frozen_at(budget.voting_ends + dt.timedelta(hours=1)):
        services.publish_results(budget)
    refused = staff.post(STAFF, {"action": "follow_up", "plan": plans["benches"].pk, "text": "Tilattu",
                                 "progress": "150"})
    assert refused.status_code == 400 and "from 0 to 100" in refused.content.decode()
    assert ">Tilattu</textarea>" in refused.content.decode()  # what was typed stays
    assert staff.post(STAFF, {"action": "follow_up", "plan": plans["benches"].pk, "text": "Penkit tilattu",
                              "progress": "30"}).status_code == 302
    # The skatepark (60 000 €) did not fit after the benches and the library bus: not a winner.
    loser = staff.post(STAFF, {"action": "follow_up", "plan": plans["skatepark"].pk, "text": "x", "progress": "5"})
    assert loser.status_code == 400 and not plans["skatepark"].follow_ups.exists()
    page = staff.get(STAFF).content.decode()
    assert "Penkit tilattu (30 %)" in page
    assert list(plans["benches"].follow_ups.values_list("progress", flat=True)) == [30]


def test_the_agents_card_offers_the_open_votes_only(pb):
    agent = UserFactory(username="agentti")
    MembershipFactory(municipality=pb["municipality"], user=agent, role=Role.SERVICE_POINT_AGENT)
    make_budget(pb["municipality"], slug="mennyt", voting_starts=clock.now() - dt.timedelta(days=9),
                voting_ends=clock.now() - dt.timedelta(days=2))
    client = login(agent)
    card = client.get(f"/esimerkki/en/virkailija/asiakkaat/{pb['bertil'].public_id}/").content.decode()
    vote = f"/esimerkki/en/virkailija/asiakkaat/{pb['bertil'].public_id}/aanesta/omastadi/"
    assert f'href="{vote}"' in card and "Vote in OmaKunta 2026" in card
    assert 'data-budget="mennyt"' not in card and "/aanesta/mennyt/" not in card
    assert client.get(vote).status_code == 200


@pytest.mark.parametrize("path", [LIST, STAFF, EDIT, COMMENTS])
def test_residents_and_other_staff_cannot_reach_the_budget_pages(pb, path):
    assert login(pb["aino"].user).get(path).status_code == 403
    assert Client().get(path).status_code == 302  # to the login
    foreign = manager(pb["other_municipality"], "muu")
    assert login(foreign).get(path).status_code == 403
    if path != LIST:  # the other municipality's manager meets no such budget there
        assert login(foreign).get(path.replace("/esimerkki/", "/toinen/")).status_code == 404
        assert login(manager(pb["municipality"])).get(path.replace("omastadi", "ei-ole")).status_code == 404
