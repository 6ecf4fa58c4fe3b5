"""Reads of panels and surveys. Results leave this module only suppressed (suppression.py)."""

from collections import Counter, defaultdict

from django.db.models import Count, Q

from luukku.core import clock
from luukku.people.models import Person

from . import sampling
from .models import Answer, Invitation, Question, Response, Sample, Survey
from .suppression import suppress_table

DIMENSIONS = ("age", "area", "language", "stratum")


def surveys_of(municipality):
    return Survey.all_objects.filter(municipality=municipality).annotate(
        invited=Count("invitations", distinct=True), answered=Count("responses", distinct=True))


def open_surveys(municipality, at=None):
    """Surveys anyone may answer now (the others are answered by an invitation link only)."""
    at = at or clock.now()
    return Survey.all_objects.filter(municipality=municipality, open_to_all=True, opens_at__lte=at,
                                     closes_at__gt=at).order_by("closes_at", "pk")


def survey_of(municipality, survey_id):
    return Survey.all_objects.filter(municipality=municipality, public_id=survey_id).first()


def sample_of(survey, sample_id):
    return Sample.all_objects.filter(municipality_id=survey.municipality_id, survey=survey,
                                     public_id=sample_id).first()


def invitation_by_token(municipality, survey_id, token: str):
    from .services import hash_token
    return (Invitation.all_objects.select_related("survey", "survey__municipality")
            .filter(municipality=municipality, survey__public_id=survey_id, token_hash=hash_token(token)).first())


def residents(municipality, day):
    """The people who live in the municipality on `day`: those who moved away are not drawn."""
    return Person.all_objects.filter(municipality=municipality).filter(
        Q(moved_away_on__isnull=True) | Q(moved_away_on__gt=day))


def residents_by_stratum(municipality, day) -> dict[str, list[int]]:
    members = defaultdict(list)
    for pk, birth, postal, language in residents(municipality, day).values_list(
            "pk", "birth_date", "postal_code", "language").order_by("pk"):
        key = sampling.stratum_of(birth, postal, language, day)
        if key is not None:
            members[key].append(pk)
    return dict(members)


def persons_by_id(municipality, ids) -> dict:
    return {p.pk: p for p in Person.all_objects.filter(municipality=municipality, pk__in=ids)
            .select_related("municipality")}


def rates_by_stratum(invitations) -> dict[str, tuple[int, int]]:
    """(invited, answered) by stratum."""
    rows = invitations.values("stratum").annotate(n=Count("id"), a=Count("answered_at")).order_by("stratum")
    return {row["stratum"]: (row["n"], row["a"]) for row in rows}


def past_rates(municipality) -> dict[str, float]:
    """Response rates by stratum of the municipality's earlier panels (strata with invitations)."""
    counts = rates_by_stratum(Invitation.all_objects.filter(municipality=municipality, sample__isnull=False))
    return {key: answered / invited for key, (invited, answered) in counts.items() if invited}


def composition(sample) -> list[dict]:
    """The sample against the population, stratum by stratum: counts and shares only (no one named)."""
    total_pop, total_drawn = sum(sample.population.values()) or 1, sum(sample.drawn.values()) or 1
    return [{"stratum": key, "population": n, "population_share": n / total_pop,
             "drawn": sample.drawn.get(key, 0), "drawn_share": sample.drawn.get(key, 0) / total_drawn,
             "factor": sample.factors.get(key, 1)} for key, n in sorted(sample.population.items())]


def sample_people(sample):
    """The invitees (name, stratum, answered or not): the caller records the audit before showing."""
    return (Invitation.all_objects.filter(municipality_id=sample.municipality_id, sample=sample)
            .select_related("person").order_by("stratum", "person__last_name", "id"))


def group_of(stratum: str, by: str) -> str:
    if not stratum:
        return "-"
    if by == "stratum":
        return stratum
    band, area, language = stratum.split("|")
    return {"age": band, "area": area, "language": language}[by]


def _suppressed(matrix: list[list[int]], column_totals: list[int]) -> tuple[list, list, list, object]:
    """The counts with their margins (row totals, column totals, grand total) suppressed together."""
    extended = [row + [sum(row)] for row in matrix]
    extended.append(column_totals + [sum(column_totals)])
    shown = suppress_table(extended)
    return [row[:-1] for row in shown[:-1]], [row[-1] for row in shown[:-1]], shown[-1][:-1], shown[-1][-1]


def results(survey, *, by: str = "") -> dict:
    """Per question: each option's count and share, overall or by group (age, area, language or the
    whole stratum); counts below 5 hidden (None) with whatever would give them away by subtraction."""
    responses = Response.all_objects.filter(municipality_id=survey.municipality_id, survey=survey)
    group = {r.pk: group_of(r.stratum, by) if by else "" for r in responses.only("pk", "stratum")}
    groups = sorted(set(group.values()))
    answered = defaultdict(set)  # question → responses that answered it
    counts = Counter()
    rows = Answer.all_objects.filter(municipality_id=survey.municipality_id, response__survey=survey)
    for response_id, question_id, value in rows.values_list("response", "question", "value"):
        answered[question_id].add(response_id)
        counts[(question_id, value, group[response_id])] += 1
    out = []
    for question in Question.all_objects.filter(municipality_id=survey.municipality_id, survey=survey):
        respondents = [sum(1 for r in answered[question.pk] if group[r] == g) for g in groups]
        choices = question.choices() if question.kind != Question.Kind.TEXT else []
        matrix = [[counts[(question.pk, str(i), g)] for g in groups] for i in range(len(choices))]
        if question.kind == Question.Kind.MULTIPLE:  # a respondent may choose many: totals are respondents
            cells = suppress_table([row + [sum(row)] for row in matrix] + [respondents + [sum(respondents)]])
            shown, row_totals, col_totals, grand = ([r[:-1] for r in cells[:-1]], [r[-1] for r in cells[:-1]],
                                                    cells[-1][:-1], cells[-1][-1])
        else:
            shown, row_totals, col_totals, grand = _suppressed(matrix, respondents)
        rows = []
        for i, choice in enumerate(choices):
            rows.append({"label": choice, "cells": [
                {"count": c, "share": (c / t) if c is not None and t else None}
                for c, t in zip(shown[i], col_totals)],
                "total": row_totals[i],
                "share": (row_totals[i] / grand) if row_totals[i] is not None and grand else None})
        out.append({"question": question, "rows": rows, "respondents": col_totals, "total": grand})
    return {"groups": groups, "questions": out}


def response_rates(survey, *, by: str = "stratum") -> list[dict]:
    """Invited and answered by group of the panel's strata; an answered count of 1–4 hidden, and with it
    the next smallest when it would be found from the total."""
    merged = defaultdict(lambda: [0, 0])
    for stratum, (invited, answered) in rates_by_stratum(
            Invitation.all_objects.filter(municipality_id=survey.municipality_id, survey=survey)).items():
        merged[group_of(stratum, by)][0] += invited
        merged[group_of(stratum, by)][1] += answered
    keys = sorted(merged)
    # The answered counts with their total (shown on the surveys' list): none found by subtraction.
    answered = suppress_table([[merged[key][1] for key in keys] + [sum(v[1] for v in merged.values())]])[0]
    return [{"group": key, "invited": merged[key][0], "answered": answered[i],
             "rate": None if answered[i] is None else (answered[i] / merged[key][0] if merged[key][0] else None)}
            for i, key in enumerate(keys)]
