"""The Standard Cost Model's arithmetic on the platform's own counts: burden = time × count + money ×
count, from the cases and front-office contacts of the test world, volumes entered by hand, the value
of an hour, estimates that change on a day, and a change measured before and after."""

import datetime as dt

from django.utils import translation
from decimal import Decimal

from luukku.core import clock
from luukku.frontoffice import services as frontoffice
from luukku.scm import selectors, services
from luukku.scm.sources import count_sources, platform_counts

from ..factories import CodeFactory, SectorFactory, ServiceFactory
from ..frontoffice.conftest import make_case

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
MOORING = {"harbour": "keskusta", "boat_type": "rowing", "length": "4", "width": "1.5",
           "applicant_email": "aino@example.fi"}


def _estimate(municipality, service, channel, minutes, money, valid_from=dt.date(2020, 1, 1)):
    return services.save_estimate(municipality=municipality, service=service, channel=channel,
                                  valid_from=valid_from, minutes=minutes, money=Decimal(money))


def test_the_seeds_worked_example(municipality):
    """5 h and 2 € per application, 100 000 applicants → 500 000 h and 200 000 €."""
    service = ServiceFactory(municipality=municipality)
    _estimate(municipality, service, "mail", 5 * 60, "2")
    services.add_volume(municipality=municipality, service=service, channel="mail", start=YEAR[0], end=YEAR[1],
                        count=100_000)
    [line] = selectors.measure(municipality, *YEAR)
    assert (line.transactions, line.hours, line.money) == (100_000, 500_000, 200_000)
    services.set_hour_value(municipality=municipality, hour_value=Decimal("20"))
    assert selectors.total([line]).euros(selectors.hour_value(municipality)) == 10_200_000


def _mooring_world(world, at):
    """Two mooring applications sent online, one started on the phone by the agent, a phone contact
    about mooring that started no case, and a daycare-free contact naming no service."""
    municipality, mooring = world["municipality"], world["mooring"]
    with clock.frozen_at(at):
        for _ in range(2):
            make_case(world["parent"], mooring, world["mooring_form"], MOORING)
        frontoffice.start_case(by_user=world["agent"], person=world["parent"], case_type=mooring, data=MOORING,
                               channel="phone", contact_topic="Mooring by phone")
        frontoffice.log_contact(by_user=world["agent"], person=world["parent"], channel="phone",
                                topic="Where is my mooring?", service=mooring.service)
        frontoffice.log_contact(by_user=world["agent"], person=world["parent"], channel="service_point",
                                topic="Weather")
    return municipality, mooring.service


def test_burden_from_the_platforms_own_counts_on_two_channels(world):
    municipality, service = _mooring_world(world, dt.datetime(2025, 5, 12, 10))
    # The contact that started the phone case is that case: counted once.
    assert platform_counts(municipality, *YEAR) == {(service.pk, "online"): 2, (service.pk, "phone"): 2}
    assert set(count_sources) == {"cases", "contacts", "offers"}
    # A source that replaces others (the metrics store's roll-ups, after the merge) counts instead of them.

    class RollUps:
        replaces = ("cases", "contacts")

        def count(self, municipality, start, end):
            return {(service.pk, "online"): 7}

    count_sources.register("rollups")(RollUps)
    try:
        assert platform_counts(municipality, *YEAR) == {(service.pk, "online"): 7}
    finally:
        del count_sources._entries["rollups"]
    _estimate(municipality, service, "online", 20, "0")
    _estimate(municipality, service, "phone", 45, "0.50")
    lines = {ln.channel: ln for ln in selectors.measure(municipality, *YEAR)}
    assert (lines["online"].count, lines["online"].hours, lines["online"].money) == (2, Decimal(40) / 60, 0)
    assert (lines["phone"].count, lines["phone"].hours, lines["phone"].money) == (2, Decimal("1.5"), 1)
    # Another period sees none of them, and another municipality's report is empty.
    assert sum(ln.count for ln in selectors.measure(municipality, dt.date(2025, 6, 1), dt.date(2025, 6, 30))) == 0
    assert selectors.measure(world["other_municipality"], *YEAR) == []


def test_transactions_without_an_estimate_are_counted_but_add_no_burden(world):
    municipality, service = _mooring_world(world, dt.datetime(2025, 5, 12, 10))
    _estimate(municipality, service, "online", 20, "0")
    totals = selectors.total(selectors.measure(municipality, *YEAR))
    assert (totals.count, totals.unestimated, totals.hours) == (4, 2, Decimal(40) / 60)


def test_manual_volumes_add_to_the_counts_by_the_share_of_their_days(world):
    municipality, service = _mooring_world(world, dt.datetime(2025, 5, 12, 10))
    _estimate(municipality, service, "mail", 60, "1.20")
    _estimate(municipality, service, "online", 20, "0")
    services.add_volume(municipality=municipality, service=service, channel="mail", start=YEAR[0], end=YEAR[1],
                        count=365)
    year = {ln.channel: ln for ln in selectors.measure(municipality, *YEAR)}
    mail = year["mail"]
    assert (mail.count, mail.manual, mail.hours, mail.money) == (0, 365, 365, Decimal("438"))
    may = {ln.channel: ln for ln in selectors.measure(municipality, dt.date(2025, 5, 1), dt.date(2025, 5, 31))}
    assert may["mail"].manual == 31 and may["mail"].hours == 31
    assert may["online"].count == 2  # the platform's count beside it


def test_burden_in_euros_with_the_value_of_an_hour(world):
    municipality, service = _mooring_world(world, dt.datetime(2025, 5, 12, 10))
    _estimate(municipality, service, "phone", 90, "3")  # 2 × 1.5 h, 2 × 3 €
    assert selectors.hour_value(municipality) is None
    services.set_hour_value(municipality=municipality, hour_value=Decimal("18.50"))
    totals = selectors.total(selectors.measure(municipality, *YEAR))
    assert totals.euros(selectors.hour_value(municipality)) == Decimal("3") * Decimal("18.50") + 6


def test_a_new_estimate_measures_only_the_time_from_its_first_day(world):
    municipality, service = _mooring_world(world, dt.datetime(2025, 3, 3, 10))
    with clock.frozen_at(dt.datetime(2025, 9, 1, 10)):
        make_case(world["parent"], world["mooring"], world["mooring_form"], MOORING)
    _estimate(municipality, service, "online", 60, "0", valid_from=dt.date(2025, 6, 1))
    _estimate(municipality, service, "online", 15, "0", valid_from=dt.date(2025, 8, 1))
    [online] = [ln for ln in selectors.measure(municipality, *YEAR) if ln.channel == "online"]
    # March: the first estimate covers the time before it too; September: the newer one.
    assert online.count == 3 and online.hours == Decimal(2 * 60 + 15) / 60
    assert [e.minutes for e in online.estimates] == [60, 15]


def test_groups_by_service_sector_and_life_event(municipality):
    sector = SectorFactory(municipality=municipality, name={"fi": "Tekninen toimi", "en": "Technical services"})
    moving = CodeFactory(name={"fi": "Muutto", "en": "Moving"})
    boat = ServiceFactory(municipality=municipality, sector=sector, name={"fi": "Venepaikat", "en": "Boat moorings"})
    permit = ServiceFactory(municipality=municipality, sector=sector, name={"fi": "Lupa", "en": "Permit"})
    other = ServiceFactory(municipality=municipality, name={"fi": "Muu", "en": "Other"})
    boat.codes.add(moving)
    for service, count in ((boat, 10), (permit, 20), (other, 5)):
        _estimate(municipality, service, "mail", 60, "1")
        services.add_volume(municipality=municipality, service=service, channel="mail", start=YEAR[0],
                            end=YEAR[1], count=count)
    lines = selectors.measure(municipality, *YEAR)
    with translation.override("en"):  # names in the language the page is shown in
        by_sector, channels = selectors.group(lines, "sector")
        by_event, _ = selectors.group(lines, "life_event")
        by_service, _ = selectors.group(lines, "service")
    assert channels == ["mail"]
    assert [(g.label, g.total.hours) for g in by_sector] == [("Technical services", 30), ("No sector", 5)]
    assert [(g.label, g.total.hours) for g in by_event] == [("No life event", 25), ("Moving", 10)]
    assert [g.label for g in by_service] == ["Permit", "Boat moorings", "Other"]


def test_a_change_before_and_after(world):
    """Paper applications replaced by the e-service on 1.6.2025: 30 days before against 30 days from it."""
    municipality, mooring = world["municipality"], world["mooring"]
    service = mooring.service
    _estimate(municipality, service, "mail", 5 * 60, "2")
    _estimate(municipality, service, "online", 30, "0")
    services.add_volume(municipality=municipality, service=service, channel="mail", start=dt.date(2025, 5, 2),
                        end=dt.date(2025, 5, 31), count=60)
    for day in (2, 3, 4):
        with clock.frozen_at(dt.datetime(2025, 6, day, 12)):
            make_case(world["parent"], mooring, world["mooring_form"], MOORING)
    change = services.save_change(municipality=municipality, service=service, name="E-service replaces paper",
                                  date=dt.date(2025, 6, 1), window_days=30)
    result = selectors.compare(change, today=dt.date(2025, 12, 1))
    assert (result.before.start, result.before.end) == (dt.date(2025, 5, 2), dt.date(2025, 5, 31))
    assert (result.after.start, result.after.end) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert (result.before.total.transactions, result.before.total.hours, result.before.total.money) == (60, 300, 120)
    after = result.after.total
    assert (after.transactions, after.hours, after.money) == (3, Decimal("1.5"), 0)
    assert (result.difference().hours, result.difference().money) == (Decimal("-298.5"), -120)
    assert result.difference("mail").hours == -300 and result.difference("online").hours == Decimal("1.5")
    assert not result.after_unfinished
    assert selectors.compare(change, today=dt.date(2025, 6, 15)).after_unfinished


def _offer(world, rule, status, answered=None, change_case=None):
    from luukku.proactive.models import Offer

    n = Offer.all_objects.filter(rule=rule).count()
    return Offer.all_objects.create(
        municipality=rule.municipality, rule=rule, reference=f"EP-2025-{n:04d}", person=world["child"],
        event_key=f"e{n}", mode="offer", status=status, answered_by=world["parent"] if answered else None,
        answered_at=dt.datetime.combine(answered, dt.time(12), tzinfo=clock.HELSINKI) if answered else None,
        change_case=change_case)


def test_a_paper_application_replaced_by_a_proactive_offer(world):
    """Answers to offers count on the channel "offer" by the rule's service; unanswered offers cost the
    resident nothing, and a change request is the case it became."""
    from luukku.proactive.models import Rule

    municipality, mooring = world["municipality"], world["mooring"]
    service = mooring.service
    rule = Rule.all_objects.create(municipality=municipality, slug="venepaikat", name={"fi": "Venepaikat"},
                                   legal_basis={"fi": "Laki"}, service=service, offer_title={"fi": "Paikka"},
                                   offer_text={"fi": "Tarjous"})
    _estimate(municipality, service, "mail", 120, "1.50")
    _estimate(municipality, service, "offer", 2, "0")
    services.add_volume(municipality=municipality, service=service, channel="mail", start=dt.date(2025, 3, 1),
                        end=dt.date(2025, 3, 31), count=40)
    for status in ("accepted", "accepted", "declined"):
        _offer(world, rule, status, answered=dt.date(2025, 4, 10))
    _offer(world, rule, "no_answer")
    with clock.frozen_at(dt.datetime(2025, 4, 11, 9)):
        case = make_case(world["parent"], mooring, world["mooring_form"], MOORING)
    _offer(world, rule, "change_requested", answered=dt.date(2025, 4, 11), change_case=case)
    change = services.save_change(municipality=municipality, service=service, name="Replaced by an offer",
                                  date=dt.date(2025, 4, 1), window_days=31)
    result = selectors.compare(change, today=dt.date(2025, 12, 1))
    assert (result.before.total.transactions, result.before.total.hours) == (40, 80)
    offer = result.after.lines["offer"]
    assert (offer.count, offer.hours, offer.money) == (3, Decimal("0.1"), 0)
    assert result.after.lines["online"].count == 1 and result.after.lines["online"].unestimated == 1
    assert result.difference().money == -60


def test_the_services_refuse_what_the_forms_would(municipality, other_municipality):
    """A script or a later API cannot store what the pages refuse."""
    import pytest
    from django.core.exceptions import ValidationError

    from luukku.scm.models import Estimate, ManualVolume

    service = ServiceFactory(municipality=municipality)
    for minutes, money, channel in ((0, "1", "mail"), (60_001, "1", "mail"), (60, "-1", "mail"),
                                    (60, "100000.01", "mail"), (60, "1", "pigeon")):
        with pytest.raises(ValidationError):
            _estimate(municipality, service, channel, minutes, money)
    with pytest.raises(ValidationError):
        _estimate(municipality, ServiceFactory(municipality=other_municipality), "mail", 60, "1")
    for start, end, count in ((YEAR[1], YEAR[0], 5), (*YEAR, 0)):
        with pytest.raises(ValidationError):
            services.add_volume(municipality=municipality, service=service, channel="mail", start=start, end=end,
                                count=count)
    with pytest.raises(ValidationError):
        services.save_change(municipality=municipality, service=service, name="X", date=dt.date(9999, 12, 31),
                             window_days=30)
    with pytest.raises(ValidationError):
        services.set_hour_value(municipality=municipality, hour_value=Decimal("-5"))
    assert not Estimate.all_objects.exists() and not ManualVolume.all_objects.exists()
