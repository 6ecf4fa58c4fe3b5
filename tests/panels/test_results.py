"""Results: counts of 1–4 hidden and nothing hidden recoverable by subtraction from a shown total,
per question and per group; response rates; the CSV is the suppressed table."""

import pytest

from luukku.panels import selectors, services
from luukku.panels.models import Invitation
from luukku.panels.suppression import suppress_table

from .conftest import populate

pytestmark = pytest.mark.django_db


def recoverable(table):
    """Any line (row or column of the table with its margins) with exactly one hidden cell."""
    lines = [list(row) for row in table] + [list(col) for col in zip(*table)]
    return [line for line in lines if sum(c is None for c in line) == 1]


def test_small_counts_and_their_complements_are_hidden():
    cells = [[10, 3, 8], [7, 9, 12]]
    extended = [row + [sum(row)] for row in cells]
    extended.append([sum(col) for col in zip(*extended)])
    shown = suppress_table(extended)
    assert shown[0][1] is None  # the 3
    assert not recoverable(shown)
    assert shown[1][3] == 28 and shown[2][3] == 49  # what gives nothing away stays


def test_a_lone_small_count_in_a_row_hides_the_next_smallest():
    assert suppress_table([[2, 9, 20]]) == [[None, None, 20]]
    assert suppress_table([[0, 6, 7, 13]]) == [[0, 6, 7, 13]]


def answer_all(survey, invitations, choice):
    q = survey.questions.first()
    for invitation in invitations:
        services.answer(survey, answers={q: [choice]}, invitation=invitation)


def test_results_by_stratum_are_suppressed_and_rates_shown(municipality, survey):
    populate(municipality, [(20, 40, "00100", "fi"), (20, 70, "00200", "fi")])
    services.draw_sample(survey, size=40, seed="x")
    middle = list(Invitation.all_objects.filter(stratum="30-44|00100|fi"))
    old = list(Invitation.all_objects.filter(stratum="65+|00200|fi"))
    answer_all(survey, middle[:8], "0")
    answer_all(survey, middle[8:10], "1")  # 2 "No" among the middle-aged: hidden
    answer_all(survey, old[:7], "0")
    answer_all(survey, old[7:13], "1")

    overall = selectors.results(survey)["questions"][0]
    assert [row["total"] for row in overall["rows"]] == [15, 8] and overall["total"] == 23

    by_age = selectors.results(survey, by="age")
    assert by_age["groups"] == ["30-44", "65+"]
    q = by_age["questions"][0]
    table = [[c["count"] for c in row["cells"]] + [row["total"]] for row in q["rows"]]
    table.append(q["respondents"] + [q["total"]])
    assert table[1][0] is None  # the 2
    assert table[0][0] is None  # its complement in the same column: 8 would give 10 − 8
    assert not recoverable(table)
    # In a 2 × 2 table one small cell hides all four; the margins, which give nothing away, stay.
    assert [row["total"] for row in q["rows"]] == [15, 8] and q["respondents"] == [10, 13]

    rates = {r["group"]: r for r in selectors.response_rates(survey, by="age")}
    assert rates["30-44"]["invited"] == 20 and rates["30-44"]["answered"] == 10 and rates["30-44"]["rate"] == 0.5


def test_a_small_survey_shows_no_counts(municipality, survey):
    populate(municipality, [(3, 40, "00100", "fi")])
    services.draw_sample(survey, size=3, seed="x")
    answer_all(survey, Invitation.all_objects.all(), "0")
    q = selectors.results(survey)["questions"][0]
    assert q["total"] is None and all(row["total"] is None or row["total"] == 0 for row in q["rows"])
    assert q["rows"][0]["total"] is None
    assert selectors.response_rates(survey)[0]["answered"] is None


def test_a_small_answered_count_is_not_found_from_the_total(municipality, survey):
    populate(municipality, [(10, 40, "00100", "fi"), (10, 70, "00100", "fi"), (10, 20, "00100", "fi")])
    services.draw_sample(survey, size=30, seed="x")
    answer_all(survey, Invitation.all_objects.filter(stratum="30-44|00100|fi")[:6], "0")
    answer_all(survey, Invitation.all_objects.filter(stratum="65+|00100|fi")[:9], "0")
    answer_all(survey, Invitation.all_objects.filter(stratum="18-29|00100|fi")[:2], "0")
    rates = {r["group"]: r for r in selectors.response_rates(survey, by="age")}
    assert rates["18-29"]["answered"] is None and rates["18-29"]["rate"] is None
    assert rates["30-44"]["answered"] is None  # the next smallest: 17 − 9 − 6 would give the 2
    assert rates["65+"]["answered"] == 9 and rates["65+"]["invited"] == 10


def test_multiple_choice_counts_each_option(municipality, survey):
    populate(municipality, [(6, 40, "00100", "fi")])
    services.draw_sample(survey, size=6, seed="x")
    q = survey.questions.get(position=1)
    for invitation in Invitation.all_objects.all():
        services.answer(survey, answers={q: ["0", "2"]}, invitation=invitation)
    result = selectors.results(survey)["questions"][1]
    assert [row["total"] for row in result["rows"]] == [6, 0, 6] and result["total"] == 6
