"""Conditions evaluated on the server between pages and within a page; prefilled values marked."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luukku.core.tenancy import municipality_context
from luukku.eservices.forms import visible_keys
from luukku.eservices.models import Draft
from luukku.eservices.services import fields_of, missing_answers, start_draft

from . import files
from .conftest import url
from .test_flow import start_daycare

pytestmark = pytest.mark.django_db


def post_page2(client, municipality, draft, **extra):
    data = {"action": "next", "hours": "full", "units": ["kuusikko"], "language": "fi"}
    data.update(extra)
    return client.post(url(municipality, "page", draft.public_id, 2), data)


def test_condition_within_a_page(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    page = resident.get(url(municipality, "page", draft.public_id, 2)).content.decode()
    assert 'name="evening_reason"' not in page  # not shown until evening care = yes
    # Answering yes shows the reason, which is then required: the page comes back asking for it.
    r = post_page2(resident, municipality, draft, evening_care="yes")
    assert r.status_code == 400
    assert 'name="evening_reason"' in r.content.decode()
    r = post_page2(resident, municipality, draft, evening_care="yes", evening_reason="Vuorotyö")
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.data["evening_reason"] == "Vuorotyö"
    # Changing the answer to no drops the stale reason, even when it is posted again.
    r = post_page2(resident, municipality, draft, evening_care="no", evening_reason="vanha")
    assert r.status_code == 302
    draft.refresh_from_db()
    assert "evening_reason" not in draft.data


def test_condition_across_pages(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    base = {"action": "next", "child": str(family["child"].public_id), "start_date": "1.8.2026"}
    resident.post(url(municipality, "page", draft.public_id, 1), {**base, "urgent": "no"})
    page4 = resident.get(url(municipality, "page", draft.public_id, 4)).content.decode()
    assert 'name="certificate"' not in page4
    resident.post(url(municipality, "page", draft.public_id, 1), {**base, "urgent": "yes"})
    page4 = resident.get(url(municipality, "page", draft.public_id, 4)).content.decode()
    assert 'name="certificate"' in page4
    # Required because shown: the page refuses to continue without it.
    assert resident.post(url(municipality, "page", draft.public_id, 4), {"action": "next"}).status_code == 400
    draft.refresh_from_db()
    assert "certificate" in [f.key for f in missing_answers(draft)]
    # An uploaded certificate made stale by "not urgent" is dropped on submit.
    resident.post(url(municipality, "page", draft.public_id, 4),
                  {"action": "next", "certificate": files.upload("t.pdf", files.pdf())})
    resident.post(url(municipality, "page", draft.public_id, 1), {**base, "urgent": "no"})
    post_page2(resident, municipality, draft, evening_care="no")
    resident.post(url(municipality, "page", draft.public_id, 3), {"action": "next", "applicant_email": "a@b.fi"})
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert r.status_code == 302
    from luukku.eservices.models import Attachment

    assert not Attachment.all_objects.exists()


def test_hidden_source_hides_its_dependants(municipality, daycare):
    _case_type, definition = daycare
    with municipality_context(municipality):
        fields = fields_of(definition)
    assert "evening_reason" not in visible_keys(fields, {"evening_care": "no"})
    assert "evening_reason" in visible_keys(fields, {"evening_care": "yes"})
    assert "certificate" not in visible_keys(fields, {})


def test_prefilled_values_are_marked(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    assert draft.data["applicant_address"] == {"street": "Koivulantie 12 B 4", "postal_code": "41990",
                                               "post_office": "Koivula"}
    assert draft.data["child"] == str(family["child"].public_id)
    page = resident.get(url(municipality, "page", draft.public_id, 3, lang="en")).content.decode()
    assert "From the population register" in page
    # The name and address from the register are read-only; contact details may be changed.
    assert 'name="applicant_name"' in page and "disabled" in page.split('name="applicant_name"')[1][:200] + \
        page.split('name="applicant_name"')[0][-200:]
    r = resident.post(url(municipality, "page", draft.public_id, 3),
                      {"action": "next", "applicant_name": "Joku Muu", "applicant_email": "aino@example.fi",
                       "applicant_phone": "+358 40 555 0101"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.data["applicant_name"] == "Aino Maria Asukas"  # a forged change to a locked value is ignored
    assert {"applicant_name", "applicant_email", "applicant_phone"} <= set(draft.prefilled)
    review = resident.get(url(municipality, "review", draft.public_id, lang="en")).content.decode()
    assert "From the population register" in review


def note(page: str, key: str) -> str:
    return page.split(f'id="{key}-prefilled">', 1)[1].split("</p>", 1)[0]


def test_each_prefilled_answer_says_where_it_came_from(municipality, daycare, family, resident):
    draft = start_daycare(resident, municipality, family["child"])
    page3 = resident.get(url(municipality, "page", draft.public_id, 3, lang="en")).content.decode()
    assert note(page3, "applicant_name") == "From the population register."
    # Email and phone are not in the population register: they are the contact details kept here.
    for key in ("applicant_email", "applicant_phone"):
        assert note(page3, key) == "From your contact details in Luukku. You can change it here."
    page1 = resident.get(url(municipality, "page", draft.public_id, 1, lang="en")).content.decode()
    assert note(page1, "child") == "The child you chose at the start. You can choose another child in your care."
    assert "contact details" not in note(page1, "child")


def test_prefill_registry_has_the_providers(municipality, family):
    from luukku.eservices.prefill import prefill_providers

    for key in ["person.full_name", "person.first_names", "person.last_name", "person.address", "person.email",
                "person.phone", "subject.full_name", "subject.birth_date"]:
        assert key in prefill_providers
    assert prefill_providers["subject.birth_date"](family["parent"], family["child"]) == "2022-03-14"
    assert prefill_providers["subject.full_name"](family["parent"], family["child"]) == "Eero Asukas"


# --- random data to every field type never gives a 500 -------------------------------------------

TEXT = st.one_of(st.text(max_size=300), st.sampled_from(["", "yes", "no", "kuusikko", "1.8.2026", "NaN", "1e999",
                                                          "-0", "\x00", "31.02.2026", "+358 40 1", "a@b"]))
FIELDS_BY_PAGE = {
    1: ["child", "start_date", "urgent"],
    2: ["hours", "evening_care", "evening_reason", "units", "language"],
    3: ["applicant_name", "applicant_address__street", "applicant_address__postal_code",
        "applicant_address__post_office", "applicant_email", "applicant_phone"],
    4: ["certificate", "other_info"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=st.sampled_from([1, 2, 3, 4]), values=st.dictionaries(
    st.sampled_from(sum(FIELDS_BY_PAGE.values(), [])), st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=12),
    action=st.sampled_from(["next", "back", "exit", "bogus", ""]))
def test_random_posts_never_500(municipality, daycare, family, page, values, action):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(family["user"])
    with municipality_context(municipality):
        case_type, definition = daycare
        draft = Draft.all_objects.filter(applicant=family["parent"], submitted_at__isnull=True).first() or start_draft(
            case_type=case_type, definition=definition, applicant=family["parent"], subject=family["child"],
            mandate=family["mandate"])
    data = {k: v for k, v in values.items() if k != "certificate"}
    data = {k: ([x.replace("\x00", "") for x in v] if isinstance(v, list) and k != "units" else v)
            for k, v in data.items()}
    data["action"] = action
    if "certificate" in values:
        data["certificate"] = files.upload("x.pdf", str(values["certificate"]).encode()[:100] or b"x")
    response = client.post(url(municipality, "page", draft.public_id, page), data)
    assert response.status_code in (200, 302, 400), response.status_code
    response = client.get(url(municipality, "review", draft.public_id))
    assert response.status_code == 200


def test_the_step_counter_counts_the_check_and_send_step_as_the_start_page_lists_it(municipality, daycare, family,
                                                                                    resident):
    start = resident.get(url(municipality, "start", "varhaiskasvatushakemus", lang="en")).content.decode()
    steps = start.split('id="steps-heading"', 1)[1].split("</ol>", 1)[0].count("<li>")
    draft = start_daycare(resident, municipality, family["child"])
    page1 = resident.get(url(municipality, "page", draft.public_id, 1, lang="en")).content.decode()
    assert f"Step 1 of {steps}" in page1 and f'data-step="1/{steps}"' in page1
    review = resident.get(url(municipality, "review", draft.public_id, lang="en")).content.decode()
    assert f"Step {steps} of {steps}" in review
