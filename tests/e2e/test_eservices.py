"""Issue 3 in a real browser: Aino identifies strongly at an OIDC provider the test starts,
applies for her child's early childhood education page by page (contact details prefilled and
marked, an attachment uploaded), sends it, follows it in My cases, answers the handler's request
for information and withdraws another case. axe-core checks every page she sees (fi, and My cases
and the case page in sv)."""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from luukku.cases import services as case_services
from luukku.cases.models import Case, Message, Status
from luukku.core import clock
from luukku.core.tenancy import municipality_context
from luukku.eservices.models import CaseType, Draft
from luukku.people.identity import OidcProvider
from luukku.people.models import Person

from .helpers import WCAG_21_AA

pytestmark = pytest.mark.browser

AINO = "150385-226A"  # Aino Maria Asukas in src/luukku/people/data/demo_register.json
LOA3 = "http://ftn.ficora.fi/2017/loa3"
USERS = [User(sub="aino-e2e", claims={"national_id_num": AINO, "given_name": "Aino", "family_name": "Asukas",
                                      "acr": LOA3, "amr": ["tupas"]})]
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
       b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n")


@pytest.fixture
def oidc_provider(settings):
    with run_server_in_thread(port=0, user_claims=USERS) as server:
        settings.LUUKKU_OIDC_DISCOVERY_URL = f"http://localhost:{server.server_port}/.well-known/openid-configuration"
        settings.LUUKKU_OIDC_CLIENT_ID = "luukku-e2e"
        settings.LUUKKU_OIDC_CLIENT_SECRET = "e2e-secret"
        settings.LUUKKU_DEMO_LOCAL_LOGIN_IS_STRONG = False
        OidcProvider._clients.clear()
        yield server
        OidcProvider._clients.clear()


class Checker:
    """axe on every page: violations collected with the page name, asserted at the end."""

    def __init__(self, page):
        self.page, self.axe, self.failures, self.seen = page, Axe(), [], []

    def __call__(self, name, lang="fi"):
        assert self.page.locator("html").get_attribute("lang") == lang, name
        results = self.axe.run(self.page, options=WCAG_21_AA)
        self.seen.append(name)
        if results.violations_count:
            self.failures.append(f"{name} ({lang}) {self.page.url}:\n{results.generate_report()}")


def _submit(page, selector="main form button.button-primary"):
    """Press a form's button (by structure: the texts come from catalogues being translated)."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_resident_applies_for_her_child_follows_answers_and_withdraws(
        live_server, page, demo, oidc_provider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_default_timeout(8000)
    check = Checker(page)
    base = f"{live_server.url}/{demo.slug}"
    certificate = tmp_path / "tyotodistus.pdf"
    certificate.write_bytes(PDF)

    # The start page asks for strong identification: the provider's form, Aino's subject.
    page.goto(f"{base}/fi/asiointi/varhaiskasvatushakemus/")
    assert page.url.startswith(f"http://localhost:{oidc_provider.server_port}/")
    page.locator("input[name=sub]").fill("aino-e2e")
    with page.expect_navigation(url=re.compile(r"/asiointi/varhaiskasvatushakemus/$")):
        page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varhaiskasvatushakemus")
    check("start")

    # For whom: her child Helmi (from the register's guardianship).
    page.get_by_label("Helmi Sofia Asukas").check()
    _submit(page)
    assert re.search(r"/asiointi/luonnos/[0-9a-f-]+/1/$", page.url)
    check("page 1")
    start = clock.today() + dt.timedelta(days=120)  # a start date in the future whenever the test runs
    page.get_by_label("Toivottu aloituspäivä").fill(f"{start.day}.{start.month}.{start.year}")
    page.locator("#field-urgent input[value=yes]").check()
    _submit(page)

    assert page.url.endswith("/2/")
    check("page 2")
    page.get_by_label("Kokopäivä (yli 5 h/pv)").check()
    page.locator("#field-evening_care input[value=no]").check()
    page.get_by_label("Päiväkoti Kuusikko").check()
    _submit(page)

    # Contact details come from the register and say so.
    assert page.url.endswith("/3/")
    check("page 3 (contact details)")
    expect(page.get_by_label("Hakijan nimi")).to_have_value("Aino Maria Asukas")
    expect(page.get_by_label("Sähköposti")).to_have_value("aino.asukas@koivula.example")
    expect(page.get_by_label("Puhelin")).to_have_value("+358 40 555 0101")
    for key in ("applicant_name", "applicant_email", "applicant_phone"):
        expect(page.locator(f"#{key}-prefilled")).to_be_visible()
        described = page.locator(f"[name={key}]").get_attribute("aria-describedby") or ""
        assert f"{key}-prefilled" in described.split(), key  # the mark is read with the field
    _submit(page)

    # The certificate is needed because she answered "urgent": a real PDF.
    assert page.url.endswith("/4/")
    check("page 4 (attachments)")
    page.get_by_label("Työ- tai opiskelutodistus").set_input_files(str(certificate))
    _submit(page)

    assert page.url.endswith("/yhteenveto/")
    check("review")
    main = page.locator("main")
    expect(main).to_contain_text("Helmi Sofia Asukas")
    expect(main).to_contain_text("tyotodistus.pdf")
    expect(main).to_contain_text("Päiväkoti Kuusikko")
    _submit(page)

    assert "/asiointi/kuitti/" in page.url
    check("receipt")
    case = Case.all_objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[1])
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", case.reference)
    expect(main).to_contain_text(case.reference)
    assert case.subject.first_names == "Helmi Sofia" and case.applicant.first_names == "Aino Maria"
    assert case.mandate is not None and case.attachments.get().content_type == "application/pdf"
    assert case.attachments.get().file.read() == PDF

    # My cases lists it, under Helmi.
    page.goto(f"{base}/fi/omat-asiat/")
    check("my cases")
    expect(main).to_contain_text(case.reference)
    with page.expect_navigation():
        page.locator(f"main a[href$='/omat-asiat/{case.public_id}/']").first.click()
    assert page.url.endswith(f"/omat-asiat/{case.public_id}/")
    check("case page")

    # The handler asks for more information; she answers on the case page.
    handler = _handler(demo)
    with municipality_context(demo):
        case_services.change_status(case, Status.IN_HANDLING, by_user=handler)
        request = case_services.request_information(case, handler, "Lähettäkää vielä työsopimuksen alkamispäivä.")
    page.reload()
    check("case page with a request")
    expect(main).to_contain_text("Lähettäkää vielä työsopimuksen alkamispäivä.")
    page.locator("#answer-body").fill("Työsopimus alkaa 1.8.2026.")
    _submit(page, "form.information-request button[type=submit], section.information-request button[type=submit]")
    check("case page after the answer")
    expect(main).to_contain_text("Työsopimus alkaa 1.8.2026.")
    assert Message.all_objects.filter(answer_to=request, body="Työsopimus alkaa 1.8.2026.").count() == 1
    case.refresh_from_db()
    assert case.status == Status.IN_HANDLING

    # Swedish: My cases and the case page.
    page.goto(f"{base}/sv/omat-asiat/")
    check("my cases", "sv")
    page.goto(f"{base}/sv/omat-asiat/{case.public_id}/")
    check("case page", "sv")

    # She withdraws another case: a composting notice of her own.
    other = _submitted_case(demo, case.applicant, "kompostointi-ilmoitus",
                            {"composter_type": "bokashi", "start": "2026-05-01"})
    page.goto(f"{base}/fi/omat-asiat/{other.public_id}/")
    with page.expect_navigation():
        page.locator(f"main a[href$='/{other.public_id}/peru/']").click()
    assert page.url.endswith("/peru/")
    check("withdraw confirmation")
    page.locator("input[type=checkbox]").check()
    _submit(page)
    check("case page after withdrawal")
    other.refresh_from_db()
    assert other.status == Status.WITHDRAWN
    case.refresh_from_db()
    assert case.status == Status.IN_HANDLING

    assert len(check.seen) == 15
    assert not check.failures, "\n\n".join(check.failures)


def _handler(municipality):
    """The demo's early-childhood-education handler (only a handler of the case's unit may act)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="kasittelija")


def _submitted_case(municipality, person: Person, slug, data):
    from luukku.eservices.selectors import published_definition

    with municipality_context(municipality):
        case_type = CaseType.all_objects.get(municipality=municipality, slug=slug)
        draft = Draft.all_objects.create(municipality=municipality, case_type=case_type,
                                         definition=published_definition(case_type), applicant=person, data=data)
        return case_services.submit_draft(draft, by_person=person)
