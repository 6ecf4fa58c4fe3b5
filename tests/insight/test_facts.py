"""Facts from the event stream: each kind the right fact, an event counted once however often it is
read (a replay, the look-back window, a late commit with a lower id), roll-ups equal to the facts."""

import datetime as dt

import pytest
from django.db.models import Count, Sum

from luukku.cases.models import Case
from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.core.services import record_event
from luukku.insight import services
from luukku.insight.models import HISTOGRAM, DailyRollup, Fact

from .conftest import at, event

pytestmark = pytest.mark.django_db


def test_a_submitted_case_is_a_fact_with_its_service_sector_unit_channel_and_life_event(
        municipality, make_case, service, unit, sector, life_event):
    make_case(day=dt.date(2026, 3, 2), channel="phone")
    services.refresh()
    fact = Fact.all_objects.get()
    assert (fact.kind, fact.day, fact.channel) == ("case.submitted", dt.date(2026, 3, 2), "phone")
    assert (fact.service_id, fact.unit_id, fact.sector_id, fact.life_event_id) == (
        service.pk, unit.pk, sector.pk, life_event.pk)


def test_the_local_day_is_helsinki_s(municipality, make_case):
    case = make_case()
    # 23.30 UTC on 2 March is 01.30 on 3 March in Helsinki.
    event(municipality, "case.status_changed", case, when=dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC),
          data={"from": "submitted", "to": "in_handling"})
    services.refresh()
    assert Fact.all_objects.get(kind="case.status_changed").day == dt.date(2026, 3, 3)


def test_a_decision_has_its_processing_time_and_whether_it_met_the_target(municipality, make_case):
    on_time = make_case(day=dt.date(2026, 3, 2), due=dt.date(2026, 3, 16))
    late = make_case(day=dt.date(2026, 3, 2), due=dt.date(2026, 3, 16))
    event(municipality, "case.status_changed", on_time, when=at(dt.date(2026, 3, 4)),
          data={"from": "in_handling", "to": "decided"})
    event(municipality, "case.status_changed", late, when=at(dt.date(2026, 3, 20)),
          data={"from": "in_handling", "to": "decided"})
    # A sub-status step inside "decided" is no second decision.
    event(municipality, "case.status_changed", late, when=at(dt.date(2026, 3, 21)),
          data={"from": "decided", "to": "decided", "sub_status": "archived"})
    services.refresh()
    decided = Fact.all_objects.filter(kind="case.status_changed", outcome="decided").order_by("day")
    assert [(f.seconds, f.on_time) for f in decided] == [(2 * 86400, True), (18 * 86400, False)]


def test_a_transfer_counts_for_the_unit_it_went_to(municipality, make_case, other_unit):
    case = make_case()
    event(municipality, "case.transferred_to_unit", case, when=at(dt.date(2026, 3, 3)),
          data={"from_unit": str(case.unit.public_id), "to_unit": str(other_unit.public_id)})
    services.refresh()
    assert Fact.all_objects.get(kind="case.transferred_to_unit").unit_id == other_unit.pk


def test_feedback_contacts_and_offers_are_facts(municipality, unit, service, person):
    from luukku.feedback.models import Category, Feedback
    from luukku.frontoffice.models import Contact
    from luukku.proactive.models import Offer, Rule

    from ..factories import UserFactory

    category = Category.all_objects.create(municipality=municipality, code="katu", name={"fi": "Kadut"})
    item = Feedback.all_objects.create(municipality=municipality, token="t1", category=category, unit=unit,
                                       description="Kuoppa", channel="api")
    agent = UserFactory(username="neuvoja")
    contact = Contact.all_objects.create(municipality=municipality, person=person, channel="phone", topic="Maksut",
                                         service=service, by_user=agent, unit=unit)
    rule = Rule.all_objects.create(municipality=municipality, slug="esikoulu", name={"fi": "Esikoulu"},
                                   legal_basis={"fi": "Laki"}, service=service, offer_title={"fi": "Paikka"},
                                   offer_text={"fi": "Tervetuloa"})
    offer = Offer.all_objects.create(municipality=municipality, reference="ESI-T-1", rule=rule, person=person,
                                     mode="offer", legal_basis={"fi": "Laki"})
    when = at(dt.date(2026, 3, 2))
    record_event(municipality=municipality, kind="feedback.received", obj=item,
                 data={"reference": "ESI-P-1", "category": "katu", "channel": "api"})
    for kind, data in (("feedback.status_changed", {"from": "RECEIVED", "to": "PROCESSED"}),
                       ("feedback.forwarded", {}), ("feedback.replied", {}), ("feedback.rated", {"rating": 4})):
        event(municipality, kind, item, when=when, data=data)
    record_event(municipality=municipality, kind="contact.logged", obj=contact, data={"channel": "phone"})
    event(municipality, "proactive.offer_made", offer, when=when, data={"rule": "esikoulu"})
    event(municipality, "proactive.offer_accept", offer, when=when, data={"rule": "esikoulu"})
    event(municipality, "proactive.offer.status_changed", offer, when=when,
          data={"from": "offered", "to": "no_answer", "rule": "esikoulu"})
    event(municipality, "service.published", service, when=when)  # no transaction: no fact
    services.refresh()
    facts = {f.kind: f for f in Fact.all_objects.all()}
    assert set(facts) == {"feedback.received", "feedback.status_changed", "feedback.forwarded", "feedback.replied",
                          "feedback.rated", "contact.logged", "proactive.offer_made", "proactive.offer_accept",
                          "proactive.offer.status_changed"}
    received = facts["feedback.received"]
    assert (received.topic, received.channel, received.unit_id) == ("katu", "online", unit.pk)
    assert facts["feedback.status_changed"].outcome == "PROCESSED"
    assert facts["feedback.rated"].rating == 4
    assert (facts["contact.logged"].channel, facts["contact.logged"].service_id) == ("phone", service.pk)
    assert (facts["proactive.offer_accept"].topic, facts["proactive.offer_accept"].outcome) == ("esikoulu", "accept")
    assert facts["proactive.offer_accept"].unit_id == unit.pk  # the service's responsible unit
    assert facts["proactive.offer.status_changed"].outcome == "no_answer"


def test_an_event_of_a_deleted_object_still_counts_from_its_data(municipality):
    event(municipality, "feedback.received", object_type="feedback.feedback",
          object_id="00000000-0000-0000-0000-000000000001", when=at(dt.date(2026, 3, 2)),
          data={"category": "puistot", "channel": "letter"})
    services.refresh()
    fact = Fact.all_objects.get()
    assert (fact.topic, fact.channel, fact.unit_id) == ("puistot", "mail", None)


def test_an_event_read_again_is_counted_once(municipality, make_case):
    make_case()
    services.refresh()
    services.refresh()  # the look-back window reads it again
    services.ingest(list(DomainEvent.all_objects.all()))  # and a replay of the whole stream
    assert Fact.all_objects.count() == 1
    assert DailyRollup.all_objects.get().count == 1


def test_a_late_commit_with_a_lower_id_is_counted_once(municipality, make_case):
    from luukku.core.models import DomainEvent

    first, second = make_case(), make_case()
    top = DomainEvent.all_objects.order_by("-id").first().pk
    noon = at(dt.date(2026, 3, 2), 12)
    late = DomainEvent(pk=top + 10, municipality=municipality, kind="case.submitted", object_type="cases.case",
                       object_id=str(first.public_id), at=noon, data={"channel": "online"})
    seen = DomainEvent(pk=top + 20, municipality=municipality, kind="case.submitted", object_type="cases.case",
                       object_id=str(second.public_id), at=noon, data={"channel": "online"})
    services.rebuild()
    with clock.frozen_at(noon):
        # The transaction writing `late` (id top+10) has not committed yet when the refresh reads top+20.
        DomainEvent.all_objects.bulk_create([seen])
        services.refresh()
    assert Fact.all_objects.filter(event_id=seen.pk).exists()
    DomainEvent.all_objects.bulk_create([late])  # it commits now, below the cursor
    with clock.frozen_at(noon + dt.timedelta(minutes=1)):
        services.refresh()
        services.refresh()
    assert Fact.all_objects.filter(event_id=late.pk).count() == 1
    assert Fact.all_objects.count() == 4
    assert DailyRollup.all_objects.get(kind="case.submitted", day=dt.date(2026, 3, 2)).count == 4


def _direct(kind):
    return Fact.all_objects.filter(kind=kind).values("day", "service_id", "channel").annotate(n=Count("id"))


def test_roll_ups_equal_a_direct_count_over_the_facts_and_a_rebuild_gives_the_same(municipality, make_case):
    for n in range(12):
        case = make_case(day=dt.date(2026, 3, 2 + n % 3), channel=("online", "phone", "email")[n % 3],
                         due=dt.date(2026, 3, 10))
        event(municipality, "case.status_changed", case, when=at(dt.date(2026, 3, 5 + n)),
              data={"from": "in_handling", "to": "decided"})
    services.refresh()
    for kind in ("case.submitted", "case.status_changed"):
        rolled = {(r["day"], r["service_id"], r["channel"]): r["n"] for r in DailyRollup.all_objects.filter(
            kind=kind).values("day", "service_id", "channel").annotate(n=Sum("count"))}
        assert rolled == {(r["day"], r["service_id"], r["channel"]): r["n"] for r in _direct(kind)}
    decided = DailyRollup.all_objects.filter(kind="case.status_changed", outcome="decided")
    totals = decided.aggregate(s=Sum("seconds_sum"), t=Sum("on_time"), w=Sum("with_target"),
                               **{h: Sum(h) for h in HISTOGRAM})
    facts = Fact.all_objects.filter(kind="case.status_changed", outcome="decided")
    assert totals["s"] == facts.aggregate(s=Sum("seconds"))["s"]
    assert (totals["w"], totals["t"]) == (12, facts.filter(on_time=True).count())
    assert sum(totals[h] for h in HISTOGRAM) == 12

    # The monthly roll-ups are the daily ones summed.
    from luukku.insight.models import MonthlyRollup

    assert MonthlyRollup.all_objects.aggregate(n=Sum("count"), s=Sum("seconds_sum")) == \
        DailyRollup.all_objects.aggregate(n=Sum("count"), s=Sum("seconds_sum"))

    def snapshot():
        return sorted(tuple(r.values()) for r in DailyRollup.all_objects.values(
            "day", "kind", "service_id", "unit_id", "channel", "outcome", "count", "seconds_sum", "on_time", *HISTOGRAM))

    before = snapshot()
    assert services.rebuild() == (Fact.all_objects.count(), DailyRollup.all_objects.count())
    assert snapshot() == before
    services.rebuild()  # idempotent
    assert snapshot() == before


def test_the_rebuild_command(municipality, make_case):
    from django.core.management import call_command
    from io import StringIO

    make_case()
    out = StringIO()
    call_command("insight_rebuild", stdout=out)
    assert "1 facts" in out.getvalue()
    assert Case.all_objects.count() == Fact.all_objects.count() == 1


def test_the_scheduled_job_keeps_the_store_current(municipality, make_case):
    from luukku.core.scheduler import tick

    make_case()
    assert tick(names={"insight.refresh"}) == ["insight.refresh"]
    assert DailyRollup.all_objects.get().count == 1


@pytest.mark.parametrize("start, end", [(dt.date(2026, 2, 15), dt.date(2026, 4, 10)),  # edges and a whole month
                                        (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),  # one whole month
                                        (dt.date(2026, 3, 3), dt.date(2026, 3, 5)),  # days inside one month
                                        (dt.date(2026, 1, 1), dt.date(2026, 12, 31))])
def test_a_period_s_figures_equal_a_direct_count_over_its_facts(municipality, make_case, start, end):
    from luukku.insight.selectors import Scope, grouped

    for n in range(40):
        make_case(day=dt.date(2026, 2, 1) + dt.timedelta(days=2 * n), channel=("online", "phone")[n % 2])
    services.refresh()
    got = {r["channel"]: r["count"] for r in grouped(Scope(municipality.pk, start, end), "case.submitted",
                                                        by=("channel",))}
    direct = {r["channel"]: r["n"] for r in Fact.all_objects.filter(day__gte=start, day__lte=end)
              .values("channel").annotate(n=Count("id"))}
    assert got == direct and sum(got.values()) > 0


def test_a_period_up_to_today_reads_the_running_month_from_its_roll_up(municipality, make_case):
    """Nothing happens after today, so the running month's roll-up (its days so far) ends a period
    that reaches today; a period that ends earlier reads that month's days. Both count the facts."""
    from luukku.insight.selectors import Scope, _split, grouped

    for n in range(20):  # 1.2.–11.3.
        make_case(day=dt.date(2026, 2, 1) + dt.timedelta(days=2 * n), channel=("online", "phone")[n % 2])
    services.refresh()
    with clock.frozen_at(dt.datetime(2026, 3, 20, 12)):
        for end, edges in ((dt.date(2026, 3, 20), [(dt.date(2026, 2, 15), dt.date(2026, 2, 28))]),
                           (dt.date(2026, 3, 5), [(dt.date(2026, 2, 15), dt.date(2026, 3, 5))])):  # days only
            scope = Scope(municipality.pk, dt.date(2026, 2, 15), end)
            assert _split(scope)[0] == edges
            got = {r["channel"]: r["count"] for r in grouped(scope, "case.submitted", by=("channel",))}
            direct = {r["channel"]: r["n"] for r in Fact.all_objects.filter(day__gte=scope.start, day__lte=end)
                      .values("channel").annotate(n=Count("id"))}
            assert got == direct and sum(got.values()) > 0


def test_transaction_counts_per_service_and_channel_for_other_apps(municipality, make_case, service, other_unit):
    """The contract the Standard Cost Model reads: transactions residents started, per service and channel."""
    from luukku.insight.selectors import transaction_counts

    for channel in ("online", "online", "phone"):
        make_case(day=dt.date(2026, 3, 2), channel=channel)
    make_case(day=dt.date(2026, 5, 2), channel="mail")  # outside the period
    event(municipality, "case.status_changed", object_type="cases.case", object_id="x",
          when=at(dt.date(2026, 3, 3)), data={"from": "submitted", "to": "in_handling"})  # no transaction started
    services.refresh()
    assert transaction_counts(municipality, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {
        (service.pk, "online"): 2, (service.pk, "phone"): 1}
    assert transaction_counts(municipality, dt.date(2026, 3, 1), dt.date(2026, 3, 31), units=[other_unit.pk]) == {}


def test_a_contact_that_started_a_case_is_one_transaction_not_two(municipality, make_case, service, unit, person):
    """The agent logs the call and starts the application in it: demand (and the Standard Cost Model's
    counts) see one phone transaction, the case; a call that started nothing is a transaction of its own."""
    from luukku.frontoffice.models import Contact
    from luukku.insight.selectors import transaction_counts

    from ..factories import UserFactory

    agent = UserFactory(username="neuvoja")
    case = make_case(day=dt.date(2026, 3, 2), channel="phone")
    for started in (case, None):
        contact = Contact.all_objects.create(municipality=municipality, person=person, channel="phone",
                                             topic="Hakemus", service=service, by_user=agent, unit=unit, case=started)
        event(municipality, "contact.logged", contact, when=at(dt.date(2026, 3, 2)),
              data={"channel": "phone", "case": started.reference if started else None})
    services.refresh()
    assert Fact.all_objects.filter(kind="contact.logged").count() == 2  # both recorded as contacts
    assert transaction_counts(municipality, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {(service.pk, "phone"): 2}
