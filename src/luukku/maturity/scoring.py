"""Scoring: pure functions from answers to levels, views and the challenges they point to.

The rule (the seed's levels are stages a municipality reaches one after another, so a part-way mean
has not yet reached the next stage):

- a group of answers has the level **floor(mean)** of its answers 0–4, "don't know" left out; a mean
  of 2.7 is TASO 2 (the mean itself is shown beside it, to one decimal). No numeric answer: no level.
- answers are pooled, not means of means: a tier's level is over every answer at that tier (six
  themes × respondents), a theme's over its three tiers, the overall over all eighteen questions; each
  for every respondent level apart and for all respondents together;
- the two big-picture views: the share of each answer among those who answered the question
  ("don't know" is its own row);
- the challenges: each challenge's rule (content.CHALLENGES[...].rule, in words) on the all-respondent
  cell levels.
"""

from dataclasses import dataclass, field

from .content import (
    CHALLENGES,
    DONT_KNOW,
    RespondentLevel,
    THEME_KEYS,
    TIER_KEYS,
    VIEW_CHOICES,
    VIEW_KEYS,
)

ALL = "all"
GROUPS = (ALL, *(value for value, _label in RespondentLevel.choices))


@dataclass
class Score:
    total: int = 0
    count: int = 0

    def add(self, value: int) -> None:
        self.total += value
        self.count += 1

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def level(self) -> int | None:
        return self.total // self.count if self.count else None  # integer floor: no float edge at x.999…


@dataclass
class Result:
    respondents: dict = field(default_factory=dict)  # group → number of respondents
    cells: dict = field(default_factory=dict)        # (theme, tier) → group → Score
    tiers: dict = field(default_factory=dict)        # tier → group → Score
    themes: dict = field(default_factory=dict)       # theme → group → Score
    overall: dict = field(default_factory=dict)      # group → Score
    views: dict = field(default_factory=dict)        # view → [(value, count, share %)], answered
    challenges: list = field(default_factory=list)   # content.Challenge, in order

    def cell_level(self, theme, tier, group=ALL):
        return self.cells[(theme, tier)][group].level


def _scores():
    return {g: Score() for g in GROUPS}


def score(responses) -> Result:
    """`responses`: [(respondent level, {question: value})], one per respondent."""
    result = Result(cells={(th, ti): _scores() for th in THEME_KEYS for ti in TIER_KEYS},
                    tiers={ti: _scores() for ti in TIER_KEYS}, themes={th: _scores() for th in THEME_KEYS},
                    overall=_scores(), respondents={g: 0 for g in GROUPS})
    counts = {v: {c: 0 for c in (*VIEW_CHOICES[v], DONT_KNOW)} for v in VIEW_KEYS}
    for level, answers in responses:
        result.respondents[ALL] += 1
        result.respondents[level] = result.respondents.get(level, 0) + 1
        for question, value in answers.items():
            if question in counts:
                if value in counts[question]:
                    counts[question][value] += 1
                continue
            theme, _dot, tier = question.partition(".")
            if (theme, tier) not in result.cells or not (len(value) == 1 and value in "01234"):
                continue  # "don't know" (and anything not a level) carries no level
            number = int(value)
            for group in (ALL, level):
                for target in (result.cells[(theme, tier)], result.tiers[tier], result.themes[theme], result.overall):
                    target.setdefault(group, Score()).add(number)
    for view, by_value in counts.items():
        answered = sum(by_value.values())
        result.views[view] = ([(v, n, round(100 * n / answered) if answered else 0) for v, n in by_value.items()], answered)
    result.challenges = [c for c in CHALLENGES if RULES[c.number](result)]
    return result


def _at_most_1(theme, tier):
    def rule(result):
        level = result.cell_level(theme, tier)
        return level is not None and level <= 1
    return rule


def _gap(theme, higher, lower):
    """The `higher` tier at least two levels above the `lower` one, in one theme."""
    def rule(result):
        a, b = result.cell_level(theme, higher), result.cell_level(theme, lower)
        return a is not None and b is not None and a - b >= 2
    return rule


def _wellbeing_mostly_immature(result) -> bool:
    rows, _answered = result.views["wellbeing"]
    counts = dict((v, n) for v, n, _share in rows)
    return counts["immature"] > 0 and counts["immature"] == max(counts.values())


def _either(*rules):
    return lambda result: any(rule(result) for rule in rules)


# challenge number → rule (said in words in content.CHALLENGES[n].rule and on the report)
RULES = {
    1: _at_most_1("steering", "strategic"),
    2: _at_most_1("capabilities", "operational"),
    3: _at_most_1("data", "strategic"),
    4: _at_most_1("organisation", "tactical"),
    5: _gap("steering", "strategic", "operational"),
    6: _either(_at_most_1("experience", "strategic"), _wellbeing_mostly_immature),
    7: _at_most_1("understanding", "strategic"),
    8: _gap("understanding", "operational", "strategic"),
}
