import pytest

pytestmark = pytest.mark.browser


def test_resident_switches_language_and_stays_on_the_same_service(live_server, page, demo):
    page.goto(f"{live_server.url}/{demo.slug}/fi/palvelut/varhaiskasvatus/")
    page.get_by_role("link", name="Svenska").click()
    assert page.url.endswith(f"/{demo.slug}/sv/tjanster/varhaiskasvatus/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Småbarnspedagogik" in page.locator("h1").inner_text()
