"""Full-page screenshots of booking in a running demo (issue 18): finding a time, a week's free times,
a booking's confirmation and the service-point agent's day.

    luukku demo --no-serve && luukku serve --bind 127.0.0.1:8765 &
    python scripts/screenshots_booking.py [http://127.0.0.1:8765] [docs/screenshots]

The find page is taken logged out, as any visitor sees it; the week of the service point's times and
the confirmation as the demo resident Aino Asukas (`asukas`), who books the library's group room next
week and, once the page is taken, cancels it again, so the demo stays as it was loaded; the day as
the demo agent (`palvelupiste`, the second factor's code from the demo's key, as an authenticator app
would make it), on the next working day, when the demo has the caller's phone booking there."""

import datetime as dt

from playwright.sync_api import sync_playwright

from _screens import CHROMIUM_ARGS, FI, OUT, log_in, shot, submit  # sets up Django first
from luukku.catalogue.hours import holiday_name  # noqa: E402 (after _screens set up Django)

POINT, ROOM = "asiointipisteen-neuvonta", "kirjaston-ryhmatila"


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() > 4 or holiday_name(day):
        day += dt.timedelta(days=1)
    return day


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    today = dt.date.today()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def context():
            return browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()

        public, aino, agent = context(), context(), context()
        shot(public, f"{FI}/ajanvaraus/", "booking-find-fi.png")

        log_in(aino, "asukas", "Koivula-asukas-2026")
        shot(aino, f"{FI}/ajanvaraus/{POINT}/", "booking-week-fi.png")
        next_week = today + dt.timedelta(days=7 - today.weekday())
        aino.goto(f"{FI}/ajanvaraus/{ROOM}/?alkaen={next_week.isoformat()}")
        aino.locator("input[name=aika]").first.check()
        aino.locator("#party_size").select_option("6")
        aino.locator("#message").fill("Asukasyhdistyksen hallituksen kokous.")
        submit(aino, "#book-form button[type=submit]")
        booking_url = aino.url
        shot(aino, None, "booking-confirmation-fi.png")
        aino.goto(booking_url.split("?")[0].rstrip("/") + "/peru/")
        submit(aino, "main form button[type=submit]")  # the demo stays as it was

        log_in(agent, "palvelupiste", "Koivula-palvelupiste-2026")
        day = next_working_day(today)
        shot(agent, f"{FI}/virkailija/ajanvaraus/{POINT}/?paiva={day.isoformat()}", "booking-staff-day-fi.png")
        browser.close()


if __name__ == "__main__":
    main()
