"""A municipality's managers and rounds; a respondent is a client with nothing but the link."""

import pytest

from luukku.core.models import Role
from luukku.maturity import services
from luukku.maturity.content import ALL_QUESTIONS, LEVEL_QUESTIONS, VIEW_KEYS

from ..factories import MembershipFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def manager(municipality):
    user = UserFactory(username="johtaja")
    MembershipFactory(municipality=municipality, user=user, role=Role.MANAGER)
    return user


@pytest.fixture
def round_(municipality, manager):
    return services.start_round(municipality=municipality, name="Itsearvio 2026", population=24_500, by_user=manager)


def link(municipality, round_, token, lang="en", suffix=""):
    return f"/{municipality.slug}/{lang}/kypsyys/{round_.public_id}/{token}/{suffix}"


def all_answers(level_value="2", views=("developing", "unformed")) -> dict:
    answers = {q: level_value for q in LEVEL_QUESTIONS}
    answers.update(dict(zip(VIEW_KEYS, views)))
    assert set(answers) == set(ALL_QUESTIONS)
    return answers


def respond(round_, level, answers, *, finish=True):
    """One respondent through the services, as the pages do it."""
    token, = services.invite(round_, level=level, count=1, by_user=None)
    invitation = round_.invitations.order_by("-id").first()
    services.save_answers(invitation, page=7, answers=answers)
    if finish:
        services.finish(invitation)
    return token, invitation


def peer_round(code, slug, *, population=20_000, answers=None, close=True):
    """A closed round of another municipality with one finished respondent."""
    other = MunicipalityFactory(slug=slug, code=code)
    r = services.start_round(municipality=other, name="Arvio", population=population, by_user=None)
    respond(r, "top", answers or all_answers("3"))
    if close:
        services.close_round(r, by_user=None)
    return r
