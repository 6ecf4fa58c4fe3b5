"""The demo's participation (issue 17): a visitor finds the 2026 budget in its voting with its plans,
the 2025 round's results and follow-up, the open hearing with its sections, and can answer the open
survey; the demo resident can still vote (loading again and a reset: test_demo_reload.py)."""

import pytest

from luukku.demo import load_demo
from luukku.demo.data import participation as data
from luukku.hearings.models import Attachment, Comment as HearingComment, Hearing, HearingChange, Status, Vote
from luukku.panels import selectors as panel_selectors
from luukku.panels.models import Invitation, Response, Survey
from luukku.participation import selectors, services
from luukku.participation.models import (
    Ballot,
    BallotChoice,
    Budget,
    Comment,
    FollowUp,
    Phase,
    Plan,
    Proposal,
    ProposalChange,
    ProposalStatus,
    VoterMark,
)
from luukku.people.models import Person

pytestmark = pytest.mark.django_db
MODELS = (Budget, Plan, Proposal, ProposalChange, Comment, VoterMark, Ballot, BallotChoice, FollowUp, Hearing, HearingChange,
          HearingComment, Vote, Attachment, Survey, Invitation, Response)


def _counts(m):
    return {model._meta.label: model.all_objects.filter(municipality=m).count() for model in MODELS}


def test_the_budget_is_in_its_voting_with_plans_ballots_and_proposals_of_every_status(koivula, client):
    budget = Budget.all_objects.get(municipality=koivula, slug=data.BUDGET_2026["slug"])
    assert budget.phase() == Phase.VOTING and budget.voting_open()
    statuses = set(Proposal.all_objects.filter(budget=budget).values_list("status", flat=True))
    assert statuses == set(ProposalStatus.values)
    assert Proposal.all_objects.filter(budget=budget).count() == len(data.PROPOSALS_2026)
    assert all(p.reason for p in Proposal.all_objects.filter(budget=budget, status=ProposalStatus.NOT_FEASIBLE))
    ballots = Ballot.all_objects.filter(budget=budget).count()
    assert ballots >= 100 and VoterMark.all_objects.filter(budget=budget).count() == ballots
    assert VoterMark.all_objects.filter(budget=budget, channel="service_point").exists()
    page = client.get(f"/koivula/fi/osallistuva-budjetointi/{budget.slug}/").content.decode()
    assert budget.title in page
    for _key, _area, title, *_rest in data.PLANS_2026:
        assert title in page
    hub = client.get("/koivula/fi/osallistu/").content.decode()  # Take part: all three are found there
    assert budget.title in hub and data.OPEN_HEARING["title"] in hub and data.OPEN_SURVEY["title"] in hub
    aino = Person.all_objects.get(municipality=koivula, user__username="asukas")
    assert not services.has_voted(budget, aino)  # the demo resident can vote herself


def test_last_round_shows_its_winners_and_their_follow_up(koivula, client):
    budget = Budget.all_objects.get(municipality=koivula, slug=data.BUDGET_2025["slug"])
    assert budget.results_published_at and budget.phase() == Phase.FOLLOW_UP
    winners = selectors.winners(budget)
    assert winners and FollowUp.all_objects.filter(plan__in=winners).exists()
    assert not FollowUp.all_objects.filter(plan__budget=budget).exclude(plan__in=winners).exists()
    page = client.get(f"/koivula/fi/osallistuva-budjetointi/{budget.slug}/").content.decode()
    assert 'id="results"' in page and winners[0].title in page


def test_the_open_hearing_shows_its_sections_and_hides_the_moderated_comment(koivula, client):
    hearing = Hearing.all_objects.get(municipality=koivula, title=data.OPEN_HEARING["title"])
    assert hearing.status == Status.PUBLISHED and hearing.latitude
    page = client.get(f"/koivula/fi/kuulemiset/{hearing.public_id}/").content.decode()
    for title, _text, _file in data.OPEN_HEARING["sections"]:
        assert title in page
    attachments = Attachment.all_objects.filter(section__hearing=hearing)
    assert {a.content_type for a in attachments} == {"application/pdf", "image/png"}
    pdf = client.get(f"/koivula/fi/kuulemiset/liitteet/{attachments.get(content_type='application/pdf').public_id}/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    hidden = HearingComment.all_objects.get(hearing=hearing, hidden=True)
    assert hidden.hidden_reason and hidden.text not in page
    assert "Matti Rantanen" in page and hearing.comments.filter(votes_count__gt=10).exists()
    closed = Hearing.all_objects.get(municipality=koivula, title=data.CLOSED_HEARING["title"])
    assert closed.status == Status.CLOSED and closed.comments.count() == len(data.CLOSED_HEARING["comments"])


def test_the_open_survey_takes_an_answer_and_the_panel_has_results_with_hidden_cells(koivula, client):
    survey = Survey.all_objects.get(municipality=koivula, title=data.OPEN_SURVEY["title"])
    url = f"/koivula/fi/kysely/{survey.public_id}/"
    page = client.get(url).content.decode()
    first = survey.questions.first()
    assert first.text in page
    before = survey.responses.count()
    assert before == data.OPEN_SURVEY["answers"]
    answered = client.post(url, {f"q{first.pk}": "0"})
    assert answered.status_code == 200 and survey.responses.count() == before + 1

    panel = Survey.all_objects.get(municipality=koivula, title=data.PANEL_SURVEY["title"])
    assert panel.samples.count() == 1 and not panel.open_to_all
    assert panel.invitations.count() >= 50 and 0 < panel.responses.count() < panel.invitations.count()
    results = panel_selectors.results(panel, by="age")
    cells = [c["count"] for q in results["questions"] for row in q["rows"] for c in row["cells"]]
    assert None in cells and any(c and c >= 5 for c in cells)
