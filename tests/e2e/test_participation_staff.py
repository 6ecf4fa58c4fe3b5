"""The managers' budget pages in a real browser: a budget created with its areas (a wrong closing
time first: said, and what was typed kept), the next phase started with the button, the budget edited,
a comment removed with a reason that the proposal page then shows. axe-core checks every staff page."""

import datetime as dt

import pytest

from luukku.core import clock
from luukku.participation import services
from luukku.participation.models import Budget, BudgetChange, Proposal

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def _local(moment):
    return moment.astimezone(clock.HELSINKI).strftime("%Y-%m-%dT%H:%M")


def test_a_manager_creates_moves_on_edits_and_moderates_a_budget(live_server, browser, demo):
    base = f"{live_server.url}/{demo.slug}/fi"
    today, now = clock.today(), clock.now()
    manager = login(browser, base, "johtaja")
    check = Checker(manager)
    manager.goto(f"{base}/virkailija/osallistuva-budjetointi/")
    check("pb staff: budgets")
    fields = {"title": "Kyläbudjetti 2027", "slug": "kylabudjetti", "informing_starts": today.isoformat(),
              "proposals_starts": (today + dt.timedelta(days=1)).isoformat(),
              "screening_starts": (today + dt.timedelta(days=20)).isoformat(),
              "voting_starts": _local(now + dt.timedelta(days=30)), "voting_ends": _local(now + dt.timedelta(days=29)),
              "results_starts": (today + dt.timedelta(days=40)).isoformat(),
              "follow_up_starts": (today + dt.timedelta(days=60)).isoformat(), "minimum_age": "15"}
    for name, value in fields.items():
        manager.locator(f"#budget-{name}").fill(value)
    manager.locator("#id_areas-0-amount").fill("80 000")
    manager.locator("#id_areas-1-name").fill("Kirkonkylä")
    manager.locator("#id_areas-1-amount").fill("20000")
    press(manager, "#budget-form button[type=submit]")
    assert manager.locator("#error-summary").count() == 1 and not Budget.all_objects.filter(slug="kylabudjetti").exists()
    assert manager.locator("#budget-title").input_value() == "Kyläbudjetti 2027"
    assert manager.locator("#id_areas-1-name").input_value() == "Kirkonkylä"
    check("pb staff: a refused budget")
    manager.locator("#budget-voting_ends").fill(_local(now + dt.timedelta(days=35)))
    press(manager, "#budget-form button[type=submit]")
    budget = Budget.all_objects.get(slug="kylabudjetti")
    assert sorted(budget.areas.values_list("amount", flat=True)) == [20_000, 80_000]
    check("pb staff: the budget")

    press(manager, "#phase-form button[value=next_phase]")  # informing → proposals today
    budget.refresh_from_db()
    assert budget.phase() == "proposals" and manager.locator("li[data-kind=next_phase]").count() == 1

    manager.goto(f"{base}/virkailija/osallistuva-budjetointi/kylabudjetti/muokkaa/")
    check("pb staff: edit")
    manager.locator("#budget-minimum_age").fill("12")
    press(manager, "#budget-form button[type=submit]")
    budget.refresh_from_db()
    assert budget.minimum_age == 12 and BudgetChange.all_objects.filter(budget=budget).count() == 3

    from luukku.people.models import Person

    resident = Person.all_objects.filter(municipality=demo).first()
    proposal = Proposal.all_objects.create(municipality=demo, budget=budget, area=budget.areas.first(),
                                           author=resident, title="Uimaranta", text="Laituri uimarannalle.")
    comment = services.add_comment(proposal, resident, "Osta meiltä laiturit!")
    manager.goto(f"{base}/virkailija/osallistuva-budjetointi/kylabudjetti/kommentit/")
    check("pb staff: comments")
    press(manager, f"li[data-comment='{comment.pk}'] button[type=submit]")  # no reason: said
    assert manager.locator("#error-summary").count() == 1
    check("pb staff: comments, a refusal")
    manager.locator(f"#hide-{comment.pk}-reason").fill("Mainontaa")
    press(manager, f"li[data-comment='{comment.pk}'] button[type=submit]")
    manager.goto(f"{base}/osallistuva-budjetointi/kylabudjetti/ehdotukset/{proposal.public_id}/")
    assert "Mainontaa" in manager.locator(".comments").inner_text()
    assert "laiturit" not in manager.locator(".comments").inner_text()
    assert not check.failures, "\n".join(check.failures)
