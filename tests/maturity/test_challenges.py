"""Which of the seed's eight challenges the answers point to (maturity.scoring.RULES, said in words on
the report): a theme's tier at level 1 or below, or two tiers two levels apart."""

from luukku.maturity.content import LEVEL_QUESTIONS
from luukku.maturity.scoring import score


def numbers(answers, *, views=None):
    return [c.number for c in score([("top", {**answers, **(views or {})})]).challenges]


def everywhere(value):
    return {q: value for q in LEVEL_QUESTIONS}


def test_level_two_everywhere_points_to_none():
    assert numbers(everywhere("2"), views={"wellbeing": "developing"}) == []


def test_level_one_everywhere_points_to_every_threshold_challenge():
    assert numbers(everywhere("1")) == [1, 2, 3, 4, 6, 7]


def test_each_threshold_rule_on_its_own_cell():
    base = everywhere("2")  # one level above each threshold, and no two tiers two levels apart
    for cell, number in [("steering.strategic", 1), ("capabilities.operational", 2), ("data.strategic", 3),
                         ("organisation.tactical", 4), ("experience.strategic", 6),
                         ("understanding.strategic", 7)]:
        assert numbers({**base, cell: "1"}) == [number], cell
        assert numbers({**base, cell: "2"}) == [], cell  # level 2 is above the threshold


def test_gaps_point_to_challenges_5_and_8():
    base = everywhere("3")
    # strategy said at the top (4) but level 2 in everyday work: no shared language
    assert numbers({**base, "steering.strategic": "4", "steering.operational": "2"}) == [5]
    assert numbers({**base, "steering.strategic": "4", "steering.operational": "3"}) == []
    # understood at the service level (4) but not used strategically (2): siloed
    assert numbers({**base, "understanding.operational": "4", "understanding.strategic": "2"}) == [8]
    # and at level 1 strategically, its role is unclear too
    assert numbers({**base, "understanding.operational": "3", "understanding.strategic": "1"}) == [7, 8]


def test_wellbeing_mostly_immature_points_to_challenge_6():
    base = everywhere("3")
    assert numbers(base, views={"wellbeing": "immature"}) == [6]
    two = score([("top", {**base, "wellbeing": "immature"}), ("sector", {**base, "wellbeing": "capable"}),
                 ("service", {**base, "wellbeing": "capable"})])
    assert [c.number for c in two.challenges] == []


def test_dont_know_everywhere_points_to_nothing():
    assert numbers(everywhere("dk")) == []


def test_a_matched_challenge_carries_its_solution_examples():
    matched = {c.number: c for c in score([("top", everywhere("1"))]).challenges}
    assert [str(s.city) for s in matched[1].solutions] == ["Turku"]
    assert [str(s.city) for s in matched[4].solutions] == ["Oulu"]
    assert matched[2].solutions == ()
