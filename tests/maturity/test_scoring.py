"""The scoring rule on known answer sets, expected levels computed by hand: a group's level is the
floor of the mean of its answers 0–4, "don't know" left out, answers pooled (not means of means)."""

from luukku.maturity.content import LEVEL_QUESTIONS, THEME_KEYS, TIER_KEYS
from luukku.maturity.scoring import score

DK = "dk"
TOP = {"steering.strategic": "3", "steering.tactical": "2", "steering.operational": "1",
       "capabilities.strategic": "4", "capabilities.tactical": "4", "capabilities.operational": "4",
       "experience.strategic": DK, "wellbeing": "immature", "reforms": "threat"}
SERVICE = {"steering.strategic": "2", "steering.tactical": DK, "steering.operational": "4",
           "capabilities.strategic": "0", "capabilities.tactical": "1", "capabilities.operational": "1",
           "wellbeing": DK, "reforms": "threat"}


def levels(scores):
    return {group: (s.level, round(s.mean, 2) if s.mean is not None else None) for group, s in scores.items()
            if group in ("all", "top", "service")}


def test_cells_tiers_themes_and_overall_by_hand():
    r = score([("top", TOP), ("service", SERVICE)])
    assert r.respondents == {"all": 2, "top": 1, "sector": 0, "service": 1}
    # cell: (3 + 2) / 2 = 2.5 → 2; (2) → 2; (1 + 4) / 2 = 2.5 → 2
    assert levels(r.cells[("steering", "strategic")]) == {"all": (2, 2.5), "top": (3, 3.0), "service": (2, 2.0)}
    assert levels(r.cells[("steering", "tactical")]) == {"all": (2, 2.0), "top": (2, 2.0), "service": (None, None)}
    # theme capabilities: (4 + 4 + 4 + 0 + 1 + 1) / 6 = 2.33 → 2; top 4; service 2/3 → 0
    assert levels(r.themes["capabilities"]) == {"all": (2, 2.33), "top": (4, 4.0), "service": (0, 0.67)}
    # theme steering: (3 + 2 + 1 + 2 + 4) / 5 = 2.4 → 2
    assert levels(r.themes["steering"])["all"] == (2, 2.4)
    # tier strategic: 3, 2 (steering) + 4, 0 (capabilities) = 9 / 4 = 2.25 → 2
    assert levels(r.tiers["strategic"])["all"] == (2, 2.25)
    # overall: 12 + 14 = 26 / 11 = 2.36 → 2; top (3+2+1+12)/6 = 3; service (2+4+0+1+1)/5 = 1.6 → 1
    assert levels(r.overall) == {"all": (2, 2.36), "top": (3, 3.0), "service": (1, 1.6)}
    # "don't know" carries no level: a theme answered only so has none
    assert r.themes["experience"]["all"].level is None and r.themes["data"]["all"].count == 0


def test_the_level_is_the_floor_of_the_mean():
    def one(values):
        return score([("top", {"data.strategic": v}) for v in values]).cells[("data", "strategic")]["all"]
    assert one(["3", "3", "2"]).level == 2          # 2.67: level 3 not yet reached
    assert one(["3", "3", "3"]).level == 3          # exactly 3
    assert one(["4"] * 11 + ["3"]).level == 3       # 3.92
    assert one(["0", "1"]).level == 0               # 0.5
    assert one([DK, DK]).level is None


def test_views_are_shares_of_those_who_answered():
    r = score([("top", TOP), ("service", SERVICE), ("sector", {"wellbeing": "capable"})])
    rows, answered = r.views["wellbeing"]
    assert answered == 3
    assert rows == [("immature", 1, 33), ("developing", 0, 0), ("capable", 1, 33), (DK, 1, 33)]
    rows, answered = r.views["reforms"]
    assert answered == 2 and rows[0] == ("threat", 2, 100)


def test_answers_that_are_not_levels_are_not_counted():
    r = score([("top", {"steering.strategic": "7", "nosuch.question": "2", "steering.tactical": "-1",
                        "wellbeing": "excellent"})])
    assert r.overall["all"].count == 0
    assert r.views["wellbeing"][1] == 0


def test_every_cell_is_a_question():
    assert len(LEVEL_QUESTIONS) == len(THEME_KEYS) * len(TIER_KEYS) == 18
