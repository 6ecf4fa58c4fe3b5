"""My data in a real browser: the resident asks for a copy of her data, follows it on a page she
refreshes (no JavaScript needed), downloads it, and meets the erasure form's error; axe-core
checks every page."""

import pytest

from luukku.people.models import Person
from luukku.privacy import export
from luukku.privacy.models import DataExport

from .helpers import Checker, login, press

pytestmark = pytest.mark.browser


def test_resident_downloads_her_data_and_meets_the_erasure_check(live_server, browser, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = f"{live_server.url}/{demo.slug}/fi"
    page = login(browser, base, "asukas")
    check = Checker(page)
    page.goto(f"{base}/omat-asiat/")
    press(page, "a[href$='/omat-tiedot/']")
    check("my data")
    press(page, "form[action$='/omat-tiedot/vienti/'] button")
    assert "/omat-tiedot/vienti/" in page.url
    assert page.locator(f"main a[href$='/fi/omat-tiedot/vienti/{page.url.rstrip('/').rsplit('/', 1)[1]}/']").count() == 1
    check("export in progress")
    person = Person.all_objects.get(municipality=demo, user__username="asukas")
    made = DataExport.all_objects.get(person=person)
    export.build(made.pk)
    page.reload()
    assert page.locator("a[href$='/pdf/']").count() == 1
    check("export ready")
    with page.expect_download() as download:
        page.locator("a[href$='/pdf/']").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(f"{base}/omat-tiedot/")
    if page.locator("input[name=confirm]").count():  # no open case in the demo data: the form is there
        press(page, "form[action$='/omat-tiedot/poisto/'] button")
        assert page.locator(".error-summary").count() == 1
        check("erasure not confirmed")
    assert Person.all_objects.get(pk=person.pk).first_names  # nothing erased
    assert not check.failures, "\n\n".join(check.failures)
