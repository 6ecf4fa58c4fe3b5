"""The demo's year of history (luukku.demo.history): the same every time, twelve months long, with
the story the dashboards tell (seasons, the shift to online, building control's backlog, a campaign
answered over weeks), every case and feedback item with a history the services would have written
and its events, and nothing of it on the demo resident or in the demo staff's queues."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from luukku.cases.models import OPEN_STATUSES, Case, Decision, ReferenceCounter, Status, StatusChange
from luukku.cases.services import TRANSITIONS
from luukku.core import clock
from luukku.core.models import DomainEvent, Municipality, StaffMembership
from luukku.demo import DEMO_ACCOUNTS
from tests._demo_snapshot import load_demo
from luukku.demo.history import generate_history, has_history, story
from luukku.feedback import services as feedback_services
from luukku.feedback.models import CLOSED_STATUSES, Feedback, Satisfaction
from luukku.feedback.models import StatusChange as FeedbackChange
from luukku.frontoffice.models import Contact
from luukku.people.models import Person
from luukku.proactive import services as proactive_services
from luukku.proactive.models import Offer, OfferChange, OfferStatus

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
MODELS = (Case, Feedback, Contact, Offer, DomainEvent)


def _last_ids():
    return {model: model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in MODELS}


def _fingerprint(m, after):
    """What a dashboard reads of the history, without ids or encrypted values."""
    cases = list(Case.all_objects.filter(municipality=m, pk__gt=after[Case]).order_by("reference").values_list(
        "reference", "case_type__slug", "applicant__last_name", "unit__slug", "status", "channel", "submitted_at",
        "due_date", "decided_at"))
    feedback = list(Feedback.all_objects.filter(municipality=m, pk__gt=after[Feedback]).order_by("reference")
                    .values_list("reference", "category__code", "unit__slug", "status", "channel", "submitted_at",
                                 "closed_at"))
    contacts = list(Contact.all_objects.filter(municipality=m, pk__gt=after[Contact]).order_by("at", "topic")
                    .values_list("channel", "topic", "at"))
    offers = list(Offer.all_objects.filter(municipality=m, pk__gt=after[Offer]).order_by("reference")
                  .values_list("reference", "status", "answered_at"))
    events = list(DomainEvent.all_objects.filter(municipality=m, pk__gt=after[DomainEvent])
                  .order_by("at", "kind", "object_id").values_list("kind", "object_id", "at", "data"))
    return cases, feedback, contacts, offers, events


@pytest.fixture(scope="module")
def _history(django_db_setup, django_db_blocker):
    """The demo and its history load once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            m = load_demo()
            own = {"queues": _demo_queues(m), "ids": _last_ids(),
                   "counters": dict(ReferenceCounter.all_objects.filter(municipality=m).values_list("year", "value"))}
            written = generate_history(m, now=NOW)
            yield m, own, written
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def history(_history, db):
    m, own, written = _history
    return Municipality.objects.get(pk=m.pk), own, written


def _demo_queues(m):
    """The open cases and feedback in the units of the demo's staff, and those assigned to them."""
    staff = [a["username"] for a in DEMO_ACCOUNTS if a["role"]]
    units = set(StaffMembership.all_objects.filter(municipality=m, user__username__in=staff)
                .exclude(unit=None).values_list("unit_id", flat=True))
    open_cases = Case.all_objects.filter(municipality=m, status__in=OPEN_STATUSES)
    open_feedback = Feedback.all_objects.filter(municipality=m).exclude(status__in=CLOSED_STATUSES)
    return {"units": units,
            "cases": sorted(open_cases.filter(unit__in=units).values_list("reference", flat=True)),
            "assigned": sorted(open_cases.filter(assignee__username__in=staff).values_list("reference", flat=True)),
            "feedback": sorted(open_feedback.filter(unit__in=units).values_list("reference", flat=True))}


def _cases(m, own):
    return Case.all_objects.filter(municipality=m, pk__gt=own["ids"][Case])


def _month(at):
    return at.astimezone(clock.HELSINKI).month


def test_the_same_seed_and_day_give_the_same_history(history):
    m, own, _written = history
    first = _fingerprint(m, own["ids"])
    with transaction.atomic():
        _delete_history(m, own)
        assert not has_history(m)
        generate_history(m, now=NOW)
        assert _fingerprint(m, own["ids"]) == first
        transaction.set_rollback(True)


def _delete_history(m, own):
    """Back to the demo as it was before its history (the test's transaction is rolled back after)."""
    from luukku.core.history import history_maintenance
    from luukku.demo.history.people import EMAIL_DOMAIN, MANDATE_SOURCE
    from luukku.proactive.models import Campaign

    ids = own["ids"]
    ReferenceCounter.all_objects.filter(municipality=m).delete()
    ReferenceCounter.all_objects.bulk_create([ReferenceCounter(municipality=m, year=year, value=value)
                                              for year, value in own["counters"].items()])
    with history_maintenance():
        DomainEvent.all_objects.filter(municipality=m, pk__gt=ids[DomainEvent]).delete()
        Contact.all_objects.filter(municipality=m, pk__gt=ids[Contact]).delete()
        Offer.all_objects.filter(municipality=m, pk__gt=ids[Offer]).delete()
        Campaign.all_objects.filter(municipality=m, rule__slug="iltapaivatoiminta").delete()
        Feedback.all_objects.filter(municipality=m, pk__gt=ids[Feedback]).delete()
        Case.all_objects.filter(municipality=m, pk__gt=ids[Case]).delete()
        Person.all_objects.filter(municipality=m, mandates_given__source=MANDATE_SOURCE).delete()  # the children
        Person.all_objects.filter(municipality=m, email__endswith=EMAIL_DOMAIN).delete()
    _delete_management_data(m)


def _delete_management_data(m):
    """What demo.history.insight wrote (the self-assessment, the burden figures, the strategy)."""
    from luukku.maturity.models import Round
    from luukku.scm.models import BurdenSettings, Change, Estimate, ManualVolume
    from luukku.strategy.models import Goal, Project

    for model in (Round, Change, Estimate, ManualVolume, BurdenSettings, Project, Goal):
        model.all_objects.filter(municipality=m).delete()


def test_a_second_load_adds_nothing(history):
    m, _own, written = history
    assert written["cases.Case"] > 1000 and written["feedback.Feedback"] > 1000
    before = {model: model._base_manager.count() for model in MODELS}
    assert generate_history(m, now=NOW) == {}
    assert {model: model._base_manager.count() for model in MODELS} == before


def test_it_spans_twelve_months_up_to_now(history):
    m, own, _written = history
    start = NOW - dt.timedelta(days=365)
    for rows, field in ((_cases(m, own), "submitted_at"),
                        (Feedback.all_objects.filter(municipality=m, pk__gt=own["ids"][Feedback]), "submitted_at"),
                        (Contact.all_objects.filter(municipality=m, pk__gt=own["ids"][Contact]), "at")):
        times = list(rows.values_list(field, flat=True))
        assert start < min(times) < start + dt.timedelta(days=7)
        assert NOW - dt.timedelta(days=7) < max(times) < NOW
        months = {(t.astimezone(clock.HELSINKI).year, _month(t)) for t in times}
        assert len(months) >= 12
    events = DomainEvent.all_objects.filter(municipality=m, pk__gt=own["ids"][DomainEvent])
    assert events.filter(at__gte=NOW).count() == 0


def _online_share(rows, field, online):
    quarter = dt.timedelta(days=365 / 4)
    shares = []
    for since, until in ((NOW - 4 * quarter, NOW - 3 * quarter), (NOW - quarter, NOW)):
        channels = Counter(rows.filter(**{f"{field}__gte": since, f"{field}__lt": until})
                           .values_list("channel", flat=True))
        shares.append(sum(channels[c] for c in online) / sum(channels.values()))
    return shares


def test_the_online_share_rises_from_the_first_quarter_to_the_last(history):
    m, own, _written = history
    first, last = _online_share(_cases(m, own), "submitted_at", {"online"})
    assert last > first + 0.12, (first, last)
    first, last = _online_share(Feedback.all_objects.filter(municipality=m, pk__gt=own["ids"][Feedback]),
                                "submitted_at", {"online", "api"})
    assert last > first + 0.08, (first, last)
    first, last = _online_share(Contact.all_objects.filter(municipality=m, pk__gt=own["ids"][Contact]), "at",
                                {"chat", "email"})
    assert last > first + 0.10, (first, last)


def test_the_seasons_peak_where_the_story_says(history):
    m, own, _written = history
    by_month = defaultdict(Counter)
    for slug, at in _cases(m, own).values_list("case_type__slug", "submitted_at"):
        by_month[slug][_month(at)] += 1
    assert by_month["varhaiskasvatushakemus"].most_common(1)[0][0] in (2, 3, 4)  # places start in August
    assert by_month["venepaikkahakemus"].most_common(1)[0][0] in (3, 4, 5)  # before the boating season
    assert by_month["rakentamislupa"].most_common(1)[0][0] in (4, 5, 6)
    snow = Counter(_month(at) for at in Feedback.all_objects.filter(
        municipality=m, pk__gt=own["ids"][Feedback], category__code="talvikunnossapito").values_list(
        "submitted_at", flat=True))
    assert sum(n for month, n in snow.items() if month in (11, 12, 1, 2, 3)) > 0.9 * sum(snow.values())


def test_building_controls_backlog_grows_in_the_autumn_and_is_worked_off(history):
    m, own, _written = history
    permits = list(_cases(m, own).filter(case_type__slug="rakentamislupa", unit__slug="rakennusvalvonta")
                   .exclude(status=Status.WITHDRAWN).values_list("submitted_at", "decided_at"))

    def open_on(days_before):
        at = NOW - dt.timedelta(days=days_before)
        return sum(1 for submitted, decided in permits if submitted <= at and (decided is None or decided > at))

    before, peak, now = open_on(story.GROWS_FROM), open_on(story.WORKED_OFF_FROM), open_on(0)
    assert peak > 2 * before and peak > 2 * now, (before, peak, now)
    assert now <= 25
    late = [d for d, due in _cases(m, own).filter(case_type__slug="rakentamislupa", status=Status.DECIDED)
            .values_list("decided_at", "due_date") if d.astimezone(clock.HELSINKI).date() > due]
    assert late, "the backlog's permits miss their target"


def test_every_case_has_a_history_the_services_would_have_written(history):
    m, own, _written = history
    cases = {c.pk: c for c in _cases(m, own)}
    steps = defaultdict(list)
    for row in StatusChange.all_objects.filter(case_id__in=list(cases)).order_by("case", "at", "id"):
        steps[row.case_id].append(row)
    events = defaultdict(list)
    for event in DomainEvent.all_objects.filter(municipality=m, pk__gt=own["ids"][DomainEvent],
                                                object_type="cases.case").order_by("at", "id"):
        events[event.object_id].append(event)
    decisions = dict(Decision.all_objects.filter(case_id__in=list(cases)).values_list("case_id", "decided_at"))
    for pk, case in cases.items():
        rows, own_events = steps[pk], events[str(case.public_id)]
        assert rows[0].from_status == "" and rows[0].to_status == Status.SUBMITTED, case.reference
        assert rows[0].at == case.submitted_at
        for before, after in zip(rows, rows[1:]):
            assert after.from_status == before.to_status, case.reference
            assert after.to_status in TRANSITIONS[after.from_status], (case.reference, after.to_status)
            assert before.at <= after.at < NOW
        assert rows[-1].to_status == case.status
        changed = [(e.data["from"], e.data["to"], e.at) for e in own_events if e.kind == "case.status_changed"]
        assert changed == [(r.from_status, r.to_status, r.at) for r in rows[1:]], case.reference
        assert [e.kind for e in own_events].count("case.submitted") == 1
        assert own_events[0].kind == "case.submitted" and own_events[0].data["channel"] == case.channel
        if case.status == Status.DECIDED:
            assert case.decided_at == decisions[pk] == rows[-1].at
            assert any(e.kind == "case.decided" for e in own_events)
        else:
            assert case.decided_at is None and pk not in decisions
        if case.status not in OPEN_STATUSES:
            assert case.paused_since is None
        assert case.due_date == _due(case, rows)


def _due(case, rows):
    """The service-level due date: the target from the submission, moved by the days waited."""
    from luukku.cases.sla import add_working_days, working_days_between

    due = add_working_days(case.submitted_at.astimezone(clock.HELSINKI).date(), case.case_type.sla_days)
    for asked, answered in zip(rows, rows[1:]):
        if asked.to_status == Status.WAITING_FOR_RESIDENT and answered.from_status == Status.WAITING_FOR_RESIDENT \
                and answered.to_status == Status.IN_HANDLING:
            waited = working_days_between(asked.at.astimezone(clock.HELSINKI).date(),
                                          answered.at.astimezone(clock.HELSINKI).date())
            due = add_working_days(due, waited) if waited else due
    return due


def test_the_case_stories_include_waiting_transfers_withdrawals_and_missed_targets(history):
    m, own, _written = history
    cases = _cases(m, own)
    assert cases.filter(transfers__isnull=False).exclude(unit__slug="rakennusvalvonta").exists()
    assert StatusChange.all_objects.filter(case__in=cases, to_status=Status.WAITING_FOR_RESIDENT).count() > 50
    assert cases.filter(status=Status.WITHDRAWN).count() > 20
    assert cases.filter(status=Status.CLOSED, case_type__slug="kompostointi-ilmoitus").exists()
    decided = list(cases.filter(status=Status.DECIDED).values_list("decided_at", "due_date"))
    late = sum(1 for at, due in decided if at.astimezone(clock.HELSINKI).date() > due)
    assert 0.02 < late / len(decided) < 0.3


def test_every_feedback_item_has_its_history_reply_rating_and_events(history):
    m, own, _written = history
    items = {f.pk: f for f in Feedback.all_objects.filter(municipality=m, pk__gt=own["ids"][Feedback])}
    steps = defaultdict(list)
    for row in FeedbackChange.all_objects.filter(feedback_id__in=list(items)).order_by("feedback", "at", "id"):
        steps[row.feedback_id].append(row)
    events = Counter(DomainEvent.all_objects.filter(municipality=m, pk__gt=own["ids"][DomainEvent],
                                                    object_type="feedback.feedback").values_list("kind", "object_id"))
    table = getattr(feedback_services, "TRANSITIONS", None)  # the lifecycle door's table, where it is in
    for pk, item in items.items():
        rows = steps[pk]
        assert rows[0].from_status == "" and rows[0].at == item.submitted_at
        assert table is None or all(b.to_status in table[b.from_status] for b in rows[1:]), item.reference
        assert all(a.to_status == b.from_status and a.at <= b.at for a, b in zip(rows, rows[1:]))
        assert rows[-1].to_status == item.status in CLOSED_STATUSES and item.closed_at == rows[-1].at < NOW
        assert events["feedback.received", str(item.public_id)] == 1
        assert events["feedback.status_changed", str(item.public_id)] == len(rows) - 1
        assert events["feedback.replied", str(item.public_id)] == item.replies.count()
        assert events["feedback.rated", str(item.public_id)] == item.ratings.count()
    ratings = Satisfaction.all_objects.filter(feedback_id__in=list(items))
    assert ratings.count() > 100 and ratings.filter(reopened=True).exists()


def test_the_campaigns_offers_are_answered_over_weeks(history):
    m, own, _written = history
    offers = list(Offer.all_objects.filter(municipality=m, pk__gt=own["ids"][Offer]).select_related("campaign"))
    campaign = offers[0].campaign
    assert len(offers) == campaign.total >= 60 and campaign.status == "done"
    answered = [o for o in offers if o.answered_at]
    days = Counter((o.answered_at - campaign.started_at).days for o in answered)
    assert len(days) >= 8 and max(days) >= 14  # over weeks, to the reminders and the deadline
    assert sum(n for day, n in days.items() if day < 7) > len(answered) / 2  # most at once
    assert {o.status for o in offers} >= {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.NO_ANSWER}
    changes = list(OfferChange.all_objects.filter(offer__in=offers))
    assert len(changes) == len(offers) and all(c.from_status == OfferStatus.OFFERED for c in changes)
    table = getattr(proactive_services, "TRANSITIONS", None)  # the lifecycle door's table, where it is in
    assert table is None or all(c.to_status in table[c.from_status] for c in changes)
    kinds = Counter(DomainEvent.all_objects.filter(municipality=m, object_type="proactive.offer",
                                                   pk__gt=own["ids"][DomainEvent]).values_list("kind", flat=True))
    assert kinds["proactive.offer_made"] == kinds["proactive.offer.status_changed"] == len(offers)
    assert kinds["proactive.offer_accept"] == sum(o.status == OfferStatus.ACCEPTED for o in offers)


def test_events_carry_the_data_keys_the_services_write(history):
    """The demo's own rows were made through the services: the history's events of the same kinds
    have the same data keys."""
    m, own, _written = history
    who = {"by_person", "on_behalf_of", "mandate"}  # present when a resident acted (cases.services._who)
    real, made = defaultdict(list), defaultdict(set)
    for kind, data, pk in DomainEvent.all_objects.filter(municipality=m).values_list("kind", "data", "pk"):
        if pk > own["ids"][DomainEvent]:
            made[kind].add(frozenset(data))
        else:
            real[kind].append(set(data))
    shared = set(real) & set(made)
    assert {"case.submitted", "case.status_changed", "case.assigned", "case.decided", "case.message",
            "feedback.received"} <= shared
    for kind in shared:
        always, ever = set.intersection(*real[kind]) - who, set.union(*real[kind]) | who
        for keys in made[kind]:
            assert always <= keys <= ever, (kind, keys, always, ever)


def test_nothing_lands_on_the_demo_resident_or_in_the_demo_staffs_queues(history):
    m, own, _written = history
    residents = list(Person.all_objects.filter(municipality=m, user__username__in=["asukas", "asukas2"]))
    assert residents
    assert not _cases(m, own).filter(applicant__in=residents).exists()
    assert not _cases(m, own).filter(subject__in=residents).exists()
    assert not Feedback.all_objects.filter(pk__gt=own["ids"][Feedback], person__in=residents).exists()
    assert not Contact.all_objects.filter(pk__gt=own["ids"][Contact], person__in=residents).exists()
    assert not Offer.all_objects.filter(pk__gt=own["ids"][Offer], person__in=residents).exists()
    assert _demo_queues(m) == own["queues"]
    staff = get_user_model().objects.filter(username__in=[a["username"] for a in DEMO_ACCOUNTS])
    assert not _cases(m, own).filter(status__in=OPEN_STATUSES, assignee__in=staff).exists()
    still_open = _cases(m, own).filter(status__in=OPEN_STATUSES)
    assert 0 < still_open.count() <= 25
    assert set(still_open.values_list("unit__slug", flat=True)) == {"rakennusvalvonta"}




def test_the_management_pages_data_comes_with_the_history(history):
    """demo.history.insight runs with the history and quotes its figures (tests/demo/test_demo_insight.py
    tests the rest of it)."""
    from luukku.strategy.models import Indicator

    m, _own, written = history
    assert written["maturity.Answer"] > 0 and written["scm.Estimate"] > 0 and written["strategy.Indicator"] > 0
    online = Indicator.all_objects.get(municipality=m, name="Verkossa tehtyjen hakemusten osuus")
    assert 40 < online.baseline < online.latest_value < 100  # the year's shift to online, as the cases show it
    assert DomainEvent.all_objects.filter(municipality=m, kind="maturity.answered").count() == 21 + 13
