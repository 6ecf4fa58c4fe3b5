"""Parallel submissions on PostgreSQL: each thread has its own connection and transaction."""

import threading

import pytest
from django.db import connection, connections

from luukku.cases import services
from luukku.cases.models import Case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _run_parallel(work, args_list):
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def run(*args):
        try:
            barrier.wait()
            results.append(work(*args))
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_twenty_parallel_submissions_get_distinct_references(municipality, aino, make_draft):
    drafts = [make_draft(aino) for _ in range(20)]
    results, errors = _run_parallel(lambda d: services.submit_draft(d, by_person=aino).reference,
                                    [(d,) for d in drafts])
    assert errors == []
    assert len(results) == 20 and len(set(results)) == 20
    assert sorted(results) == [f"ESI-{r.split('-')[1]}-{n:06d}" for n, r in enumerate(sorted(results), start=1)]


def test_double_submission_in_parallel_gives_one_case(municipality, aino, make_draft):
    draft = make_draft(aino)
    results, errors = _run_parallel(lambda d: services.submit_draft(d, by_person=aino).pk, [(draft,)] * 5)
    assert errors == []
    assert len(set(results)) == 1
    assert Case.all_objects.filter(draft=draft).count() == 1


def test_two_handlers_claiming_at_once_get_one_assignment(municipality, unit, aino, make_case, handler):
    from django.core.exceptions import ValidationError

    from luukku.cases.models import Assignment
    from luukku.core.models import Role

    from ..factories import MembershipFactory, UserFactory

    other = UserFactory(username="kasittelija2")
    MembershipFactory(municipality=municipality, user=other, unit=unit, role=Role.CASE_HANDLER)
    case = make_case(aino)
    results, errors = _run_parallel(lambda user: services.claim(Case.all_objects.get(pk=case.pk), user).assignee_id,
                                    [(handler,), (other,)])
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError) and errors[0].code == "already_claimed"
    winner = Case.all_objects.get(pk=case.pk).assignee_id
    assert results == [winner] and winner in (handler.pk, other.pk)
    assert list(Assignment.all_objects.filter(case=case).values_list("assignee_id", flat=True)) == [winner]
