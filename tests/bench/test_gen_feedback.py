"""bench/gen_feedback.py at a tiny scale, on the test database: the benchmark's feedback must be data
the application accepts (keys, references that later feedback continues, points inside the border,
histories that end in the item's status) and reads the same way as real feedback."""

import datetime as dt
import importlib.util
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection

from luukku.core import clock, geo
from tests._demo_snapshot import load_demo
from luukku.feedback import selectors, services
from luukku.feedback.models import (
    CLOSED_STATUSES,
    Category,
    Feedback,
    Publication,
    RoutingRule,
    StatusChange,
)
from luukku.notify.models import Notification

pytestmark = pytest.mark.django_db
SCALE = 0.001  # 1 000 items


def _gen_feedback():
    path = Path(__file__).resolve().parents[2] / "bench" / "gen_feedback.py"
    spec = importlib.util.spec_from_file_location("gen_feedback", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_feedback = _gen_feedback()


@pytest.fixture
def koivula(db):
    return load_demo()


@pytest.fixture
def generated(koivula):
    notifications = Notification.all_objects.count()
    rows = gen_feedback.generate(SCALE)
    connection.check_constraints()  # every foreign key points at a row
    assert Notification.all_objects.count() == notifications  # nobody is told about generated feedback
    return koivula, rows


def _counts_at_the_scale(m, rows):
    assert gen_feedback.count_for(1.0) == 1_000_000
    items = gen_feedback.generated(m)
    assert items.count() == rows["feedback.Feedback"] == 1000
    history = StatusChange.all_objects.filter(feedback__in=items)
    assert history.count() == rows["feedback.StatusChange"]
    assert 1000 < history.count() <= 2000  # one or two rows each


def _references_are_unique_and_later_feedback_continues_them(m, _rows):
    references = list(Feedback.all_objects.filter(municipality=m).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    for item in gen_feedback.generated(m)[:50]:
        assert item.reference == services.reference_for(item)
    category = Category.all_objects.get(municipality=m, code="yleinen")
    later = services.submit(municipality=m, category=category, description="Uusi palaute generoinnin jälkeen.")
    assert later.reference not in references
    assert re.fullmatch(r"KOI-P-\d{6,}", later.reference)


def _points_lie_inside_the_border_and_items_are_routed_there(m, _rows):
    items = list(gen_feedback.generated(m).select_related("category"))
    located = [f for f in items if f.latitude is not None]
    assert len(located) > 600
    for item in located:
        assert geo.contains(m.boundary, item.latitude, item.longitude), item.reference
    for item in items[:200]:
        assert item.unit == services.route(m, item.category, item.latitude, item.longitude), item.reference
    north = RoutingRule.all_objects.filter(municipality=m).exclude(area=None).first()
    assert any(geo.contains(north.area, f.latitude, f.longitude) and f.unit_id == north.unit_id for f in located)


def _histories_end_in_the_status_and_the_mix_is_realistic(m, _rows):
    items = {f.pk: f for f in gen_feedback.generated(m)}
    history = defaultdict(list)
    for change in StatusChange.all_objects.filter(feedback_id__in=items).order_by("at", "id"):
        history[change.feedback_id].append(change)
    now = clock.now()
    for item in items.values():
        steps = history[item.pk]
        assert 1 <= len(steps) <= 2 and steps[0].from_status == "" and steps[0].at == item.submitted_at
        assert steps[-1].to_status == item.status and steps[-1].at == item.updated_at <= now
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
        assert (item.status in CLOSED_STATUSES) == (item.closed_at is not None)
    statuses = Counter(f.status for f in items.values())
    closed = sum(n for s, n in statuses.items() if s in CLOSED_STATUSES)
    assert 0.6 < closed / len(items) < 0.99, statuses
    public = sum(f.publication == Publication.PUBLIC for f in items.values())
    assert 0.33 < public / len(items) < 0.47
    recent = sum(f.submitted_at >= now - dt.timedelta(days=90) for f in items.values())
    assert 0.09 < recent / len(items) < 0.16  # about an eighth in a 90-day window
    assert min(f.submitted_at for f in items.values()) >= now - dt.timedelta(days=2 * 366)
    assert len({f.category_id for f in items.values()}) >= 15


def _public_reads_and_nearby_work_on_them(m, _rows):
    public = selectors.public(m).filter(device_id=gen_feedback.MARKER)
    assert public.count() > 300
    for item in public.exclude(latitude=None)[:20]:
        assert item.category.code and item.unit.name
        found = selectors.nearby(m, item.category, item.latitude, item.longitude, radius_m=2000)
        assert all(distance <= 2000 and other.is_open for other, distance in found)
        services.nearby_open(item)


def test_generated_feedback_is_data_the_application_accepts(generated):
    """One generation, every check on it."""
    for check in (_counts_at_the_scale, _points_lie_inside_the_border_and_items_are_routed_there,
                  _histories_end_in_the_status_and_the_mix_is_realistic, _public_reads_and_nearby_work_on_them,
                  _references_are_unique_and_later_feedback_continues_them):  # last: it adds an item
        check(*generated)


def test_a_second_run_adds_nothing_and_reset_makes_them_again(generated):
    m, _rows = generated
    demo_items = Feedback.all_objects.filter(municipality=m).exclude(device_id=gen_feedback.MARKER).count()
    assert gen_feedback.generate(SCALE) == {}
    with pytest.raises(SystemExit):
        gen_feedback.generate(SCALE * 2)
    rows = gen_feedback.generate(SCALE, reset=True, seed=2)
    connection.check_constraints()
    assert rows["feedback.Feedback"] == gen_feedback.generated(m).count() == 1000
    assert Feedback.all_objects.filter(municipality=m).exclude(device_id=gen_feedback.MARKER).count() == demo_items
