"""The demo's data for the management pages (demo.history.insight): the self-assessment report shows
levels by organisational level and the challenges the answers point to (and why peers are hidden), the
burden report counts the paper applications and the named change shows a saving, and the strategy
portfolio shows its gaps. Only this part of the history is generated (the year's transactions take
seconds); the module shares one load."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from luukku.core.models import Municipality
from tests._demo_snapshot import load_demo
from luukku.demo.history import Context, SEED, insight
from luukku.maturity import selectors as maturity
from luukku.maturity.models import Answer, Invitation, Round
from luukku.scm import selectors as scm
from luukku.scm.models import Change, Estimate
from luukku.strategy.models import Goal, Indicator, Project

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 11, 30)
BASE = "/koivula/en/virkailija/"


def _snapshot(m):
    """What the pages read of this part, without ids."""
    return (
        list(Round.all_objects.filter(municipality=m).order_by("created_at")
             .values_list("public_id", "name", "status", "size_class", "created_at", "closed_at")),
        sorted(Invitation.all_objects.filter(municipality=m)
               .values_list("token_hash", "level", "started_at", "finished_at", "last_page")),
        sorted(Answer.all_objects.filter(municipality=m)
               .values_list("invitation__token_hash", "question", "value")),
        sorted(Estimate.all_objects.filter(municipality=m).values_list("service__slug", "channel", "minutes", "money")),
        sorted(Indicator.all_objects.filter(municipality=m).values_list("project__title", "level", "name", "baseline",
                                                                        "target", "latest_value")),
    )


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """The demo with this part of the history, once for the module, rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            m = load_demo()
            insight.make(Context(m, days=365, seed=SEED, now=NOW))
            yield m
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo, db):
    return Municipality.objects.get(pk=_demo.pk)


@pytest.fixture
def manager_client(client, demo):
    client.force_login(get_user_model().objects.get(username="johtaja"))
    return client


def _rounds(m):
    closed = Round.all_objects.get(municipality=m, status=Round.Status.CLOSED)
    open_ = Round.all_objects.get(municipality=m, status=Round.Status.OPEN)
    return closed, open_


def test_the_same_every_time_and_written_once(demo):
    first = _snapshot(demo)
    insight.make(Context(demo, days=365, seed=SEED, now=NOW))  # a second run adds nothing
    assert _snapshot(demo) == first
    with transaction.atomic():  # made anew from the same seed and day: the same rows
        sid = transaction.savepoint()
        for model in (Round, Estimate, Change, Project, Goal):
            model.all_objects.filter(municipality=demo).delete()
        from luukku.scm.models import BurdenSettings, ManualVolume
        ManualVolume.all_objects.filter(municipality=demo).delete()
        BurdenSettings.all_objects.filter(municipality=demo).delete()
        insight.make(Context(demo, days=365, seed=SEED, now=NOW))
        assert _snapshot(demo) == first
        transaction.savepoint_rollback(sid)


def test_two_rounds_with_respondents_at_three_levels_and_some_half_way(demo):
    closed, open_ = _rounds(demo)
    assert closed.closed_at < NOW - dt.timedelta(days=150) and open_.created_at > NOW - dt.timedelta(days=30)
    assert closed.size_class == "small"
    assert {k: v["finished"] for k, v in maturity.progress(closed).items()} == {"top": 3, "sector": 6, "service": 12}
    progress = maturity.progress(open_)
    half_way = sum(p["started"] - p["finished"] for p in progress.values())
    assert half_way >= 3 and sum(p["finished"] for p in progress.values()) >= 10
    # links are kept only as hashes of their tokens, as services.invite keeps them
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in Invitation.all_objects.values_list("token_hash", flat=True))


def test_the_answers_tell_the_story(demo):
    closed, open_ = _rounds(demo)
    before, now = maturity.result(closed), maturity.result(open_)
    # the service level understands the customers; the strategic tier does not (challenge 8)
    assert before.cell_level("understanding", "operational") - before.cell_level("understanding", "strategic") >= 2
    # data and metrics are the weakest theme
    means = {theme: scores["all"].mean for theme, scores in before.themes.items()}
    assert min(means, key=means.get) == "data"
    assert {3, 8} <= {c.number for c in before.challenges}
    # the open round: a little better overall, the sectors' silo (challenge 4) no longer shows
    assert now.overall["all"].mean > before.overall["all"].mean
    assert 4 in {c.number for c in before.challenges} and 4 not in {c.number for c in now.challenges}
    # the only municipality of the demo: no peers to compare with
    assert maturity.peers(closed) is None


def test_the_report_shows_levels_views_and_challenges_and_why_peers_are_hidden(manager_client, demo):
    closed, _open = _rounds(demo)
    html = manager_client.get(f"{BASE}kypsyys/{closed.public_id}/raportti/").content.decode()
    assert "21 respondents have finished" in html
    groups = html.split('id="groups-table"')[1].split("</table>")[0]
    assert "Top management" in groups and "Sector management" in groups and "Service level" in groups
    assert 'data-challenge="8"' in html and 'data-challenge="3"' in html
    assert 'id="peers-table"' not in html and "at least 3 other municipalities" in html


def test_the_burden_report_counts_the_paper_applications(manager_client, demo):
    lines = scm.measure(demo, dt.date(2026, 1, 1), TODAY)
    total = scm.total(lines)
    assert total.manual > 0 and total.hours > 0 and scm.hour_value(demo) == Decimal("20.00")
    page = manager_client.get(f"{BASE}hallinnollinen-taakka/", {"start": "2026-01-01", "end": "2026-11-30", "by": "service"})
    html = page.content.decode()
    assert 'id="burden-table"' in html and "Early childhood education" in html


def test_the_change_shows_a_saving(manager_client, demo):
    change = Change.all_objects.get(municipality=demo)
    assert change.service.slug == "varhaiskasvatus"
    comparison = scm.compare(change, TODAY)
    saving = comparison.difference()
    assert saving.hours < 0 and saving.money < 0  # less time and money spent after the change
    assert comparison.before.start >= (NOW - dt.timedelta(days=366)).date()  # both sides inside the history
    response = manager_client.get(f"{BASE}hallinnollinen-taakka/muutokset/{change.public_id}/")
    assert response.status_code == 200 and 'id="comparison-table"' in response.content.decode()


def test_the_portfolio_shows_its_gaps(manager_client, demo):
    assert Goal.all_objects.filter(municipality=demo).count() == 4
    assert Project.all_objects.filter(municipality=demo).count() == 6
    for project in Project.all_objects.filter(municipality=demo):  # each a full chain
        levels = set(Indicator.all_objects.filter(project=project).values_list("level", flat=True))
        assert levels == {"input", "output", "outcome", "impact"}
    html = manager_client.get(f"{BASE}strategia/").content.decode()
    without_projects = html.split('id="goals-without-projects"')[1].split("</ul>")[0]
    without_goals = html.split('id="projects-without-goals"')[1].split("</ul>")[0]
    assert "Elinvoimainen ja vetovoimainen Koivula" in without_projects
    assert "Lumipalautesovellus" in without_goals and "Varhaiskasvatus" not in without_goals
