"""Peers of the same size class, only when at least three of them have a closed round with a finished
respondent; only their averages are shown, never another municipality's answers or name."""

import pytest

from luukku.maturity import selectors, services

from .conftest import all_answers, peer_round, respond

pytestmark = pytest.mark.django_db
REPORT = "/esimerkki/en/virkailija/kypsyys/{}/raportti/"


@pytest.fixture
def report(client, manager, round_):
    respond(round_, "top", all_answers("2"))
    client.force_login(manager)
    return lambda: client.get(REPORT.format(round_.public_id)).content.decode()


def test_hidden_with_two_peers_shown_with_three(report, round_):
    peer_round("801", "pieni-a", answers=all_answers("3"))
    peer_round("802", "pieni-b", answers=all_answers("4"))
    assert selectors.peers(round_) is None
    html = report()
    assert 'id="peers-table"' not in html and "at least 3 other municipalities" in html

    peer_round("803", "pieni-c", answers=all_answers("1"))
    peers = selectors.peers(round_)
    assert peers.count == 3
    assert round(peers.themes["steering"].mean, 2) == 2.67 and peers.themes["steering"].level == 2  # (3+4+1)/3
    html = report()
    assert 'id="peers-table"' in html and "The average of 3 other municipalities" in html
    assert "mean 2.7" in html
    for slug in ("pieni-a", "pieni-b", "pieni-c", "Pieni-A"):
        assert slug not in html


def test_only_the_same_size_class_closed_and_answered_count(round_):
    peer_round("811", "iso", population=150_000)                 # large: another class
    peer_round("812", "keski", population=45_000)                # medium: another class
    peer_round("813", "auki", close=False)                       # still open
    empty = peer_round("814", "tyhja", answers=all_answers("3"))
    empty.invitations.update(finished_at=None)                   # nobody finished
    peer_round("815", "pieni-1")
    peer_round("816", "pieni-2")
    assert selectors.peers(round_) is None
    services.start_round(municipality=round_.municipality, name="Oma toinen", population=20_000, by_user=None)
    assert selectors.peers(round_) is None  # the municipality's own rounds are never its peers
    peer_round("817", "pieni-3")
    assert selectors.peers(round_).count == 3


def test_each_peer_counts_once_by_its_latest_closed_round(round_):
    first = peer_round("821", "pieni-x", answers=all_answers("0"))
    later = services.start_round(municipality=first.municipality, name="Uusi", population=20_000, by_user=None)
    respond(later, "top", all_answers("4"))
    services.close_round(later, by_user=None)
    peer_round("822", "pieni-y", answers=all_answers("4"))
    assert selectors.peers(round_) is None  # two municipalities, though three rounds
    peer_round("823", "pieni-z", answers=all_answers("4"))
    assert selectors.peers(round_).overall.mean == 4.0  # pieni-x by its later round
