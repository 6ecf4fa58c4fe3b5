"""The managers' dashboard in a real browser: the demo manager lands on it, filters it by period and
unit, moves to another view keeping the filters, reads a chart's data table, exports XLSX (the file
read back); axe-core is clean on the dashboard (with and without errors, and on a second view) and on
the public open-data page."""

import zipfile

import pytest

from luukku.insight import services

from .helpers import Checker, log_in

pytestmark = pytest.mark.browser


def test_a_manager_filters_reads_a_table_and_exports_xlsx(live_server, browser, demo, tmp_path):
    services.rebuild()  # the demo's events as facts
    base = f"{live_server.url}/{demo.slug}/fi"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    check = Checker(page)

    log_in(page, base, "johtaja")
    assert page.url.endswith("/virkailija/tietojohtaminen/")  # the manager's desk
    check("dashboard")

    # Filter: the last 30 days of one unit, with the form alone (no JavaScript needed).
    page.select_option("#filter-preset", "30d")
    unit = page.locator("#filter-unit option").nth(1)
    unit_value, unit_name = unit.get_attribute("value"), unit.inner_text()
    page.select_option("#filter-unit", unit_value)
    with page.expect_navigation():
        page.locator("#filter-form button[type=submit]").click()
    assert f"unit={unit_value}" in page.url
    assert page.locator("#filter-unit").input_value() == unit_value  # the choice is kept
    check("dashboard filtered")

    # Another view from the sub-navigation: the filters kept, the view's sections only.
    with page.expect_navigation():
        page.locator(".sub-nav a[href*='view=processing']").click()
    assert f"unit={unit_value}" in page.url and "preset=30d" in page.url
    assert "view=processing" in page.locator(".sub-nav a[aria-current=page]").get_attribute("href")
    assert page.locator("#filter-unit").input_value() == unit_value
    assert page.locator("#backlog").count() == 1 and page.locator("#demand-service").count() == 0
    check("dashboard processing view")

    # A chart's data table: the backlog of the unit chosen, its figures as numbers.
    backlog = page.locator("#backlog")
    if backlog.locator("table").count():
        assert backlog.locator("svg[role=img] title").count() == 1
        cells = backlog.locator("tbody tr").first.locator("th, td").all_inner_texts()
        assert cells[0] == unit_name and cells[1].isdigit() and cells[2].isdigit()
        assert backlog.locator(".text-alternative").inner_text()

    # Bad input: words, the typed value kept, axe still clean.
    page.locator("#filter-preset").select_option("")
    page.locator("#filter-start").fill("31.12.2026")
    page.locator("#filter-end").fill("1.1.2026")
    with page.expect_navigation():
        page.locator("#filter-form button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#filter-end").input_value() == "1.1.2026"
    assert "view=processing" in page.url  # the filter form keeps the view
    check("dashboard with an error")

    # Export what is shown as XLSX: a workbook with a sheet per section of the view.
    page.goto(f"{base}/virkailija/tietojohtaminen/?preset=12m")
    with page.expect_download() as download:
        page.locator("a[href*='raportti.xlsx']").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode()
        assert workbook.count("<sheet ") == 5  # the heading and the four sections of demand and channels
    context.close()

    # The open-data page, public.
    anonymous = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    public = anonymous.new_page()
    assert public.goto(f"{base}/avoin-data/").status == 200
    assert "CC BY 4.0" in public.content()
    check_public = Checker(public)
    check_public("open data")
    anonymous.close()
    assert not check.failures and not check_public.failures, "\n\n".join(check.failures + check_public.failures)
