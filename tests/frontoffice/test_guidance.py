"""Service guidance on the demo: the resident's conversational page and the agent's page on a resident's
card. Bad input gets a message and keeps the text; the register speaks only of the viewer's own
children; every agent opening is audited."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from luukku.core import clock
from luukku.core.models import AuditEvent
from luukku.frontoffice.guidance import MAX_CHARS, guide
from luukku.people.models import Person

pytestmark = pytest.mark.django_db

@pytest.fixture
def demo():
    from tests._demo_snapshot import load_demo

    return load_demo()


def client_of(username=None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def page(demo, lang="en"):
    return reverse("guidance:ask", args=[demo.slug, lang])


def agent_page(demo, person, lang="en"):
    return reverse("frontoffice:agent_guidance", args=[demo.slug, lang, person.public_id])


def person(demo, first, last):
    return Person.all_objects.get(municipality=demo, first_names=first, last_name=last)


def ask(client, url, text, previous=()):
    return client.post(url, {"kysymys": text, "aiempi": list(previous)})


def helmis_note() -> str:
    """What the register tells of Helmi Asukas (born 2.6.2021) in the coming school year."""
    year = clock.today().year + (clock.today().month >= 8)
    return {5: f"Helmi turns 5 in {year}", 6: f"Helmi turns 6 in {year}", 7: f"Helmi turns 7 in {year}"}[year - 2021]


def test_the_page_works_without_javascript(demo):
    response = client_of().get(page(demo))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_kysymys">' in html and "<textarea" in html and 'method="post"' in html


def test_the_search_page_leads_to_the_guidance_when_nothing_is_found(demo):
    html = client_of().get(reverse("catalogue:search", args=[demo.slug, "en"]) + "?q=avaruusalus").content.decode()
    assert page(demo) in html


def test_a_situation_gets_services_grouped_by_life_event_with_the_question_kept(demo):
    response = ask(client_of(), page(demo), "we are moving here with two children")
    html = response.content.decode()
    assert response.status_code == 200
    assert ">we are moving here with two children</textarea>" in html
    assert "Moving to the municipality" in html  # the life event's heading
    assert 'data-service="muuttoilmoitus"' in html and 'data-service="varhaiskasvatus"' in html
    # What can be started now: the daycare application is an in-app form.
    assert reverse("eservices:start", args=[demo.slug, "en", "varhaiskasvatushakemus"]) in html
    # The follow-up form carries the conversation in a hidden field, not in the URL.
    assert 'type="hidden" name="aiempi" value="we are moving here with two children"' in html


def test_a_follow_up_question_takes_the_earlier_turns_into_account(demo):
    answer = guide(demo, "and what about the kids", "en", previous=["we are moving to Koivula"])
    slugs = [s.service.slug for s in answer.suggestions[:6]]
    assert "muuttoilmoitus" in slugs and "varhaiskasvatus" in slugs
    html = ask(client_of(), page(demo), "and what about the kids", ["we are moving to Koivula"]).content.decode()
    assert "Earlier in this conversation" in html and "we are moving to Koivula" in html


@pytest.mark.parametrize("lang, text, message", [
    ("en", "", "Write your situation in a few words"),
    ("en", "   \n ", "Write your situation in a few words"),
    ("en", "😀 🙏 !!! ???", "Write your situation in words"),
    ("en", "Wir ziehen mit zwei Kindern hierher und brauchen Hilfe", "Finnish, Swedish and English"),
    ("en", "Мы переезжаем сюда с двумя детьми", "Finnish, Swedish and English"),
    ("en", "we are moving here with two children. " * 130, "characters long"),
])
def test_bad_input_gets_a_clear_message_and_keeps_the_text(demo, lang, text, message):
    response = ask(client_of(), page(demo, lang), text)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'class="error-summary"' in html and 'href="#id_kysymys"' in html
    if text.strip():
        assert text.strip()[:200].replace("'", "&#x27;") in html  # kept in the field


def test_bad_input_in_swedish_and_finnish_never_fails(demo):
    for lang in ("fi", "sv"):
        for text in ("", "x" * 5000, "🙂", "Nous déménageons ici avec deux enfants et nous avons besoin"):
            response = ask(client_of(), page(demo, lang), text)
            assert response.status_code == 400, (lang, text)
    assert len("x" * 5000) > MAX_CHARS


def test_odd_posts_never_fail(demo):
    client = client_of()
    response = client.post(page(demo), {"kysymys": "I lost my job", "aiempi": ["x" * 30000] * 40})
    assert response.status_code == 200
    assert client.post(page(demo), {}).status_code == 400
    assert client.post(page(demo), {"aiempi": "only earlier"}).status_code == 400
    assert client.get(reverse("guidance:ask", args=[demo.slug, "de"])).status_code == 404


def test_the_register_tells_the_signed_in_residents_own_children(demo):
    html = ask(client_of("asukas"), page(demo), "services for our family").content.decode()
    assert "What the population register tells" in html
    assert helmis_note() in html
    assert 'data-service="esiopetus"' in html or "turns 5" in helmis_note()


def test_the_register_never_speaks_of_anyone_elses_children(demo):
    for client in (client_of(), client_of("asukas2")):  # anonymous, another parent (Bertil)
        html = ask(client, page(demo), "services for our family").content.decode()
        assert "Helmi" not in html and "Eero" not in html
    # Bertil sees his own child only.
    html = ask(client_of("asukas2"), page(demo), "services for our family").content.decode()
    assert "Linnea" in html


def test_an_open_case_is_told_as_already_applied(demo):
    html = ask(client_of("asukas"), page(demo), "I bought a boat").content.decode()
    assert "You already applied" in html
    # Nobody else is told of Aino's case.
    assert "You already applied" not in ask(client_of("asukas2"), page(demo), "I bought a boat").content.decode()
    assert "You already applied" not in ask(client_of(), page(demo), "I bought a boat").content.decode()


def test_the_agent_gets_the_same_guidance_on_the_residents_card_audited(demo):
    aino = person(demo, "Aino Maria", "Asukas")
    agent = client_of("palvelupiste")
    card = agent.get(reverse("frontoffice:person", args=[demo.slug, "en", aino.public_id])).content.decode()
    assert agent_page(demo, aino) in card and 'name="kysymys"' in card  # the panel on the card
    before = AuditEvent.all_objects.filter(subject_id=aino.public_id).count()
    response = ask(agent, agent_page(demo, aino), "what do we need to do for our youngest next autumn")
    html = response.content.decode()
    assert response.status_code == 200
    assert helmis_note() in html
    events = AuditEvent.all_objects.filter(subject_id=aino.public_id).order_by("pk")[before:]
    assert any(e.purpose == "front office: service guidance" for e in events)
    helmi = person(demo, "Helmi Sofia", "Asukas")
    assert AuditEvent.all_objects.filter(subject_id=helmi.public_id, action="person.named",
                                         purpose="front office: named in service guidance").exists()
    # A form started for the resident from here goes to the front office's own start page.
    html = ask(agent, agent_page(demo, aino), "our kid needs a daycare place").content.decode()
    assert reverse("frontoffice:start_case", args=[demo.slug, "en", aino.public_id, "varhaiskasvatushakemus"]) in html


def test_a_protected_address_is_never_shown(demo):
    salla = person(demo, "Salla Kristiina", "Suojanen")
    assert salla.protected_address
    html = ask(client_of("palvelupiste"), agent_page(demo, salla), "we are moving here with our child").content.decode()
    assert salla.street_address not in html if salla.street_address else True
    assert salla.postal_code not in html if salla.postal_code else True


def test_only_agents_of_the_municipality_get_in(demo):
    aino = person(demo, "Aino Maria", "Asukas")
    assert ask(client_of("asukas"), agent_page(demo, aino), "I lost my job").status_code == 403
    assert ask(client_of("kasittelija"), agent_page(demo, aino), "I lost my job").status_code == 403
    anonymous = ask(client_of(), agent_page(demo, aino), "I lost my job")
    assert anonymous.status_code == 302
