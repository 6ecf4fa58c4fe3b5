"""The administrative-burden and strategy pages in a real browser, as the demo manager: each page
(fi, and the report in sv) is axe-core clean, and a refused estimate, sent without JavaScript, keeps
what was typed and links the error summary to its field."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from luukku.catalogue.models import Service
from luukku.scm import services as scm
from luukku.strategy import services as strategy

from .helpers import WCAG_21_AA, log_in

pytestmark = pytest.mark.browser


def _data(demo):
    service = Service.all_objects.filter(municipality=demo).order_by("slug").first()
    scm.save_estimate(municipality=demo, service=service, channel="mail", valid_from=dt.date(2020, 1, 1),
                      minutes=300, money=Decimal(2))
    scm.save_estimate(municipality=demo, service=service, channel="online", valid_from=dt.date(2020, 1, 1),
                      minutes=20, money=Decimal(0))
    scm.add_volume(municipality=demo, service=service, channel="mail", start=dt.date(2025, 1, 1),
                   end=dt.date(2025, 12, 31), count=1200)
    scm.set_hour_value(municipality=demo, hour_value=Decimal("20"))
    change = scm.save_change(municipality=demo, service=service, name="Sähköinen hakemus korvaa paperin",
                             date=dt.date(2025, 7, 1), window_days=90)
    goal = strategy.save_goal(municipality=demo, title="Asiointi sujuu verkossa", start_year=2025, end_year=2029)
    strategy.save_goal(municipality=demo, title="Lähipalvelut säilyvät", start_year=2025, end_year=2029)
    project = strategy.save_project(municipality=demo, title="Sähköinen venepaikkahaku", goals=[goal])
    strategy.save_indicator(project=project, level="outcome", name="Sähköisten hakemusten osuus", unit="%",
                            baseline=Decimal(10), target=Decimal(90), latest_value=Decimal(60),
                            latest_on=dt.date(2025, 11, 1))
    strategy.save_project(municipality=demo, title="Kirjastoauto", goals=[])
    return change, project


def test_burden_and_strategy_pages_are_accessible_and_work_without_javascript(live_server, browser, demo):
    change, project = _data(demo)
    base = f"{live_server.url}/{demo.slug}/fi"

    plain = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = plain.new_page()
    log_in(page, base, "johtaja", next_url=f"/{demo.slug}/fi/virkailija/hallinnollinen-taakka/arviot/")
    page.locator("#estimate-hours").fill("-3")
    with page.expect_navigation():
        page.locator("#estimate-form button[type=submit]").click()
    assert page.locator("#error-summary a").first.get_attribute("href") == "#estimate-service"
    assert page.locator("#estimate-hours").input_value() == "-3"
    assert page.locator("#estimate-hours").get_attribute("aria-invalid") == "true"
    plain.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, "johtaja", next_url=f"/{demo.slug}/fi/virkailija/")
    axe, failures = Axe(), []

    def check(name, path, lang="fi"):
        response = page.goto(f"{live_server.url}/{demo.slug}/{lang}/{path}")
        assert response.status < 500, (name, response.status)
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            failures.append(f"{name} ({lang}):\n{results.generate_report()}")
        if os.environ.get("LUUKKU_SCM_SHOTS"):
            page.screenshot(path=f"{os.environ['LUUKKU_SCM_SHOTS']}/{name}-{lang}.png", full_page=True)

    root = "virkailija/hallinnollinen-taakka/"
    check("burden-report", root + "?start=2025-01-01&end=2025-12-31")
    assert page.locator("figure.bar-chart svg[role=img] rect").count() == 1
    assert page.locator("#burden-table tbody").count() == 1
    check("burden-report", root + "?start=2025-01-01&end=2025-12-31&by=life_event", lang="sv")
    check("burden-report-bad", root + "?start=2025-05-01&end=2025-01-01")
    check("burden-estimates", root + "arviot/")
    check("burden-volumes", root + "maarat/")
    check("burden-changes", root + "muutokset/")
    check("burden-change", root + f"muutokset/{change.public_id}/")
    check("strategy-portfolio", "virkailija/strategia/")
    check("strategy-project", f"virkailija/strategia/hankkeet/{project.public_id}/")
    check("strategy-new-goal", "virkailija/strategia/tavoitteet/uusi/")
    assert page.locator('[data-nav="scm"]').count() == 1 and page.locator('[data-nav="strategy"]').count() == 1
    context.close()
    assert not failures, "\n\n".join(failures)
