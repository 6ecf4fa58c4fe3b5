"""bench/gen_cases.py at a tiny scale, on the test database: the benchmark's data must be data the
application accepts (valid keys, identity codes, histories and references that later cases continue)."""

import importlib.util
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection
from stdnum.fi import hetu as stdnum_hetu

from luukku.cases import selectors
from luukku.cases.models import (
    OPEN_STATUSES,
    Case,
    Decision,
    Message,
    ReferenceCounter,
    Status,
    StatusChange,
)
from tests._demo_snapshot import load_demo
from luukku.people import hetu
from luukku.people.models import Mandate

pytestmark = pytest.mark.django_db
SCALE = 0.0005  # 500 residents, 2 500 cases


def _gen_cases():
    path = Path(__file__).resolve().parents[2] / "bench" / "gen_cases.py"
    spec = importlib.util.spec_from_file_location("gen_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_cases = _gen_cases()


@pytest.fixture
def koivula(db):
    return load_demo()


@pytest.fixture
def generated(koivula):
    rows = gen_cases.generate(SCALE)
    connection.check_constraints()  # every foreign key points at a row (deferred checks run now)
    return koivula, rows


def _generated_cases(m):
    return Case.all_objects.filter(municipality=m, applicant__email__endswith="@" + gen_cases.GENERATED_DOMAIN)


def _counts_at_the_scale(m, rows):
    assert gen_cases.counts_for(1.0) == (1_000_000, 5_000_000)
    assert gen_cases.generated_persons(m).count() == rows["people.Person"] == 500
    assert _generated_cases(m).count() == rows["cases.Case"] == 2500
    assert StatusChange.all_objects.filter(case__in=_generated_cases(m)).count() == rows["cases.StatusChange"]


def _identity_codes_are_valid_unique_and_findable(m, _rows):
    codes = set()
    for person in gen_cases.generated_persons(m):
        code = person.hetu
        stdnum_hetu.validate(code, allow_temporary=False)  # raises on a bad check character or 900–999
        assert hetu.lookup_hash(code) == person.hetu_hash
        assert hetu.birth_date(code) == person.birth_date
        codes.add(code)
    assert len(codes) == 500


def _cases_have_consistent_histories(m, _rows):
    cases = {c.pk: c for c in _generated_cases(m).select_related("case_type")}
    history = defaultdict(list)
    for change in StatusChange.all_objects.filter(case_id__in=cases).order_by("at", "id"):
        history[change.case_id].append(change)
    decisions = Counter(Decision.all_objects.filter(case_id__in=cases).values_list("case_id", flat=True))
    requests = set(Message.all_objects.filter(case_id__in=cases, is_information_request=True)
                   .values_list("case_id", flat=True))
    statuses = Counter()
    for case in cases.values():
        statuses[case.status] += 1
        steps = history[case.pk]
        assert steps[0].to_status == Status.SUBMITTED and steps[0].at == case.submitted_at
        assert steps[-1].to_status == case.status
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
        assert case.unit_id == case.case_type.unit_id
        assert (case.status == Status.DECIDED) == (decisions[case.pk] == 1) == (case.decided_at is not None)
        assert (case.status == Status.WAITING_FOR_RESIDENT) == (case.paused_since is not None)
        if case.status == Status.WAITING_FOR_RESIDENT:
            assert case.pk in requests
        if case.case_type.who_may_apply == "child":
            mandate = Mandate.all_objects.get(pk=case.mandate_id)
            assert (mandate.principal_id, mandate.agent_id) == (case.subject_id, case.applicant_id)
        else:
            assert case.subject_id == case.applicant_id
    open_share = sum(statuses[s] for s in OPEN_STATUSES) / len(cases)
    assert 0 < open_share < 0.1, statuses  # mostly decided or closed, some open
    assert statuses[Status.DECIDED] and statuses[Status.CLOSED] and statuses[Status.SUBMITTED]
    years = {c.submitted_at.year for c in cases.values()}
    assert max(years) - min(years) >= 4


def _references_are_unique_and_later_cases_continue_them(m, _rows):
    numbers = defaultdict(list)
    for reference in Case.all_objects.filter(municipality=m).values_list("reference", flat=True):
        match = re.fullmatch(r"KOI-(\d{4})-(\d{6,})", reference)
        assert match, reference
        numbers[int(match[1])].append(int(match[2]))
    counters = dict(ReferenceCounter.all_objects.filter(municipality=m).values_list("year", "value"))
    for year, used in numbers.items():
        assert len(used) == len(set(used))
        assert counters[year] >= max(used)  # the next submission takes a number after these


def _a_resident_sees_their_cases_and_their_childrens(m, _rows):
    guardian = (Mandate.all_objects.filter(municipality=m, source=gen_cases.MANDATE_SOURCE,
                                           principal__cases_about__isnull=False)
                .select_related("agent").first().agent)
    children = list(Mandate.all_objects.filter(agent=guardian).values_list("principal_id", flat=True))
    expected = set(Case.all_objects.filter(applicant=guardian).values_list("pk", flat=True)) | set(
        Case.all_objects.filter(subject_id__in=children).values_list("pk", flat=True))
    assert expected
    assert {c.pk for c in selectors.cases_for(guardian)} == expected


def test_generated_data_is_data_the_application_accepts(generated):
    """One generation (the slow part), every check on it."""
    for check in (_counts_at_the_scale, _identity_codes_are_valid_unique_and_findable,
                  _cases_have_consistent_histories, _references_are_unique_and_later_cases_continue_them,
                  _a_resident_sees_their_cases_and_their_childrens):
        check(*generated)


def test_a_second_run_adds_nothing_and_reset_makes_them_again(generated):
    m, _rows = generated
    before = (gen_cases.generated_persons(m).count(), Case.all_objects.filter(municipality=m).count())
    assert gen_cases.generate(SCALE) == {}
    with pytest.raises(SystemExit):
        gen_cases.generate(SCALE * 2)
    rows = gen_cases.generate(SCALE, reset=True, seed=2)
    connection.check_constraints()
    assert rows["cases.Case"] == 2500
    assert (gen_cases.generated_persons(m).count(), Case.all_objects.filter(municipality=m).count()) == before
