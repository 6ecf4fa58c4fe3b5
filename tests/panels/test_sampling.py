"""The draw: proportional to a known population with largest-remainder rounding, quiet strata
oversampled, the same seed the same people, only residents of the municipality of 18 or over."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.notify.models import Notification
from luukku.panels import sampling, services
from luukku.panels.models import Invitation

from .conftest import populate

pytestmark = pytest.mark.django_db


def test_largest_remainder_allocation_sums_to_the_size():
    # 10 of 3 strata 1:1:1 → 3.33 each: the extra one goes to the first by name on a tie.
    assert sampling.allocate({"b": 100, "a": 100, "c": 100}, 10) == {"a": 4, "b": 3, "c": 3}
    # 7 of 50/30/20 → 3.5, 2.1, 1.4: floors 3, 2, 1 and the remainder to the largest fraction (a).
    assert sampling.allocate({"a": 50, "b": 30, "c": 20}, 7) == {"a": 4, "b": 2, "c": 1}


def test_strata_by_age_band_area_and_language():
    day = dt.date(2026, 12, 7)
    assert sampling.stratum_of(dt.date(2000, 1, 1), "00100", "fi", day) == "18-29|00100|fi"
    assert sampling.stratum_of(dt.date(1950, 1, 1), "00200", "sv", day) == "65+|00200|sv"
    assert sampling.stratum_of(dt.date(1980, 1, 1), "", "en", day) == "45-64|-|other"
    assert sampling.stratum_of(dt.date(2010, 1, 1), "00100", "fi", day) is None  # a minor is not drawn


def test_the_sample_is_proportional_to_a_known_population(municipality, survey):
    populate(municipality, [(60, 40, "00100", "fi"), (30, 70, "00200", "fi"), (10, 20, "00100", "sv")])
    sample = services.draw_sample(survey, size=20, seed="s1")
    assert sample.population == {"30-44|00100|fi": 60, "65+|00200|fi": 30, "18-29|00100|sv": 10}
    assert sample.drawn == {"30-44|00100|fi": 12, "65+|00200|fi": 6, "18-29|00100|sv": 2}
    invitations = Invitation.all_objects.filter(sample=sample)
    assert invitations.count() == 20
    assert {i.stratum for i in invitations.filter(person__language="sv")} == {"18-29|00100|sv"}


def test_quiet_strata_are_oversampled_by_factor_and_by_past_rates(municipality, survey):
    populate(municipality, [(60, 40, "00100", "fi"), (40, 20, "00100", "fi")])
    sample = services.draw_sample(survey, size=10, seed="s", factors={"18-29|00100|fi": 2})
    assert sample.drawn == {"30-44|00100|fi": 6, "18-29|00100|fi": 8}
    # The young answered 1 in 8, the others 6 in 6: next time the young are invited more.
    for invitation in Invitation.all_objects.filter(sample=sample, stratum="30-44|00100|fi"):
        services.answer(survey, answers={survey.questions.first(): ["0"]}, invitation=invitation)
    services.answer(survey, answers={survey.questions.first(): ["1"]},
                    invitation=Invitation.all_objects.filter(sample=sample, stratum="18-29|00100|fi").first())
    second = services.draw_sample(survey, size=10, seed="t", by_rates=True)
    assert second.factors["18-29|00100|fi"] > 1 and second.factors.get("30-44|00100|fi", 1) == 1
    assert second.drawn["18-29|00100|fi"] > 4


def test_the_same_seed_draws_the_same_people(municipality, survey):
    populate(municipality, [(50, 40, "00100", "fi"), (50, 70, "00200", "sv")])
    first = services.draw_sample(survey, size=10, seed="kevät")
    again = services.draw_sample(survey, size=10, seed="kevät")
    other = services.draw_sample(survey, size=10, seed="syksy")

    def people(sample):
        return sorted(Invitation.all_objects.filter(sample=sample).values_list("person_id", flat=True))
    assert people(first) == people(again)
    assert people(first) != people(other)


def test_only_residents_of_the_municipality_are_drawn(municipality, other_municipality, survey):
    stay = populate(municipality, [(5, 40, "00100", "fi")])
    populate(municipality, [(5, 40, "00100", "fi")], start=100, moved_away_on=clock.today() - dt.timedelta(days=3))
    populate(municipality, [(5, 15, "00100", "fi")], start=200)  # minors
    populate(other_municipality, [(5, 40, "00100", "fi")], start=300)
    sample = services.draw_sample(survey, size=50, seed="x")
    assert set(Invitation.all_objects.filter(sample=sample).values_list("person_id", flat=True)) == {p.pk for p in stay}


def test_invitations_go_to_the_outbox_in_the_invitees_language(municipality, survey):
    municipality.languages = ["fi", "sv", "en"]
    municipality.save()
    fi, = populate(municipality, [(1, 40, "00100", "fi")])
    sv, = populate(municipality, [(1, 40, "00100", "sv")], start=10)
    services.draw_sample(survey, size=2, seed="x")
    by_person = {n.person_id: n for n in Notification.all_objects.filter(kind="panel.invited")}
    assert by_person[fi.pk].language == "fi" and by_person[sv.pk].language == "sv"
    assert "/fi/kysely/" in by_person[fi.pk].link and "/sv/kysely/" in by_person[sv.pk].link
    assert "Kirjastokysely" in by_person[sv.pk].subject and by_person[sv.pk].link in by_person[sv.pk].body
    # Only the token's hash is kept: the link's secret is nowhere in the invitation rows.
    token = by_person[fi.pk].link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.all_objects.filter(token_hash=token).exists()
    assert Invitation.all_objects.filter(token_hash=services.hash_token(token)).exists()


def test_bad_draws_are_refused_in_words(survey):
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        services.draw_sample(survey, size=0, seed="x")
    with pytest.raises(ValidationError):
        services.draw_sample(survey, size=5, seed="  ")
