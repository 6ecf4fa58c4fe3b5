"""The form builder in the admin: validation, read-only published versions, versioning actions."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from luukku.core.models import Role
from luukku.core.tenancy import municipality_context
from luukku.eservices.admin import check_choices
from luukku.eservices.models import DefinitionStatus, FormDefinition, FormField, FormPage
from luukku.eservices.services import new_version, publish
from tests.core.test_admin import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_definition(municipality, mooring):
    case_type, published = mooring
    with municipality_context(municipality):
        definition = FormDefinition.all_objects.create(municipality=municipality, case_type=case_type, version=2)
        page = FormPage.all_objects.create(municipality=municipality, definition=definition, order=1,
                                           title={"fi": "Sivu"})
    return definition, page


def field_rows(definition, page, rows):
    """POST data of the definition's change form: one page, the given field rows."""
    data = {
        "pages-TOTAL_FORMS": "1", "pages-INITIAL_FORMS": "1", "pages-MIN_NUM_FORMS": "0", "pages-MAX_NUM_FORMS": "1000",
        "pages-0-id": str(page.pk), "pages-0-definition": str(definition.pk), "pages-0-order": "1",
        "pages-0-title_fi": "Sivu", "pages-0-title_sv": "", "pages-0-title_en": "",
        "pages-0-intro_fi": "", "pages-0-intro_sv": "", "pages-0-intro_en": "",
        "fields-TOTAL_FORMS": str(len(rows)), "fields-INITIAL_FORMS": "0", "fields-MIN_NUM_FORMS": "0",
        "fields-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        base = {"page": str(page.pk), "order": str(i + 1), "type": "text", "label_fi": f"Kenttä {i}",
                "label_sv": "", "label_en": "", "help_fi": "", "help_sv": "", "help_en": "", "choices": "[]",
                "condition_field": "", "condition_value": "", "prefill": "", "definition": str(definition.pk)}
        base.update(row)
        if not isinstance(base["choices"], str):
            base["choices"] = json.dumps(base["choices"])
        data.update({f"fields-{i}-{k}": v for k, v in base.items()})
    return data


def change_url(definition):
    return reverse("admin:eservices_formdefinition_change", args=[definition.pk])


CHOICES = [{"value": "a", "label": {"fi": "A"}}, {"value": "b", "label": {"fi": "B"}}]


@pytest.mark.parametrize("rows, error_field", [
    ([{"key": "x"}, {"key": "x"}], "key"),
    ([{"key": "x", "condition_field": "y", "condition_value": "1"}, {"key": "y"}], "condition_field"),
    ([{"key": "x", "condition_field": "nope", "condition_value": "1"}], "condition_field"),
    ([{"key": "x", "type": "choice", "choices": []}], "choices"),
    ([{"key": "x", "type": "choice", "choices": [{"value": "a"}]}], "choices"),
    ([{"key": "x", "type": "choice", "choices": [{"value": "a", "label": {"fi": "A"}}, {"value": "a", "label": {"fi": "A"}}]}], "choices"),
    ([{"key": "x", "type": "choice", "choices": "{not json"}], "choices"),
    ([{"key": "x", "prefill": "person.hetu"}], "prefill"),
    ([{"key": "x", "type": "yes_no"}, {"key": "y", "condition_field": "x", "condition_value": "maybe"}], "condition_value"),
])
def test_builder_refuses_bad_definitions(client, municipality, draft_definition, rows, error_field):
    definition, page = draft_definition
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    response = client.post(change_url(definition), field_rows(definition, page, rows))
    assert response.status_code == 200, response.status_code
    assert "errorlist" in response.content.decode()
    assert not FormField.all_objects.filter(definition=definition).exists()


def test_builder_saves_a_good_definition(client, municipality, draft_definition):
    definition, page = draft_definition
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    rows = [
        {"key": "boat", "type": "choice", "choices": CHOICES, "required": "on"},
        {"key": "why", "type": "long_text", "condition_field": "boat", "condition_value": "b"},
        {"key": "email", "type": "email", "prefill": "person.email"},
    ]
    response = client.post(change_url(definition), field_rows(definition, page, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    keys = list(FormField.all_objects.filter(definition=definition).values_list("key", flat=True))
    assert sorted(keys) == ["boat", "email", "why"]


def test_published_definition_is_read_only(client, municipality, mooring):
    _case_type, published = mooring
    client.force_login(staff(municipality, Role.CATALOGUE_EDITOR))
    page = client.get(change_url(published))
    assert page.status_code == 200
    assert 'name="fields-0-key"' not in page.content.decode()
    before = FormField.all_objects.filter(definition=published).count()
    client.post(change_url(published), {"fields-TOTAL_FORMS": "0"})
    assert FormField.all_objects.filter(definition=published).count() == before


def test_only_editors_build_forms(client, municipality, mooring):
    _case_type, published = mooring
    client.force_login(staff(municipality, Role.CASE_HANDLER))
    assert client.get(reverse("admin:eservices_formdefinition_add")).status_code == 403


def test_admin_actions_new_version_and_publish(client, municipality, mooring):
    _case_type, published = mooring
    client.force_login(staff(municipality, Role.ADMINISTRATOR))
    changelist = reverse("admin:eservices_formdefinition_changelist")
    r = client.post(changelist, {"action": "create_new_version", "_selected_action": [published.pk]})
    assert r.status_code == 302
    v2 = FormDefinition.all_objects.get(case_type=published.case_type, version=2)
    assert v2.status == DefinitionStatus.DRAFT
    assert FormField.all_objects.filter(definition=v2).count() == FormField.all_objects.filter(definition=published).count()
    assert FormPage.all_objects.filter(definition=v2).count() == FormPage.all_objects.filter(definition=published).count()
    # The copy's fields point at the copy's pages.
    assert not FormField.all_objects.filter(definition=v2).exclude(page__definition=v2).exists()
    r = client.post(changelist, {"action": "publish_version", "_selected_action": [v2.pk]})
    assert r.status_code == 302
    published.refresh_from_db()
    v2.refresh_from_db()
    assert v2.status == DefinitionStatus.PUBLISHED and published.status == DefinitionStatus.RETIRED


def test_check_choices():
    check_choices(CHOICES)
    for bad in [{"a": 1}, [1], [{"value": ""}], [{"value": "a", "label": "A"}], [{"value": "a", "label": {"sv": "A"}}]]:
        with pytest.raises(ValidationError):
            check_choices(bad)


def test_publishing_a_new_version_leaves_open_drafts_and_catches_a_stale_submit(
        municipality, daycare, family, resident):
    from luukku.cases.models import Case

    from .conftest import url
    from .test_flow import fill_daycare, start_daycare

    _case_type, v1 = daycare
    draft = start_daycare(resident, municipality, family["child"])
    fill_daycare(resident, municipality, draft, family["child"], urgent="no")
    with municipality_context(municipality):
        v2 = publish(new_version(v1))
    draft.refresh_from_db()
    assert draft.definition == v1 and v2.version == 2
    # The review page was opened for another version: a clear message, nothing sent.
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "2"})
    assert r.status_code == 409
    assert "stale" in r.context and r.context["stale"]
    assert not Case.all_objects.exists()
    # Sent with the version it was made with, the case keeps that version.
    r = resident.post(url(municipality, "review", draft.public_id), {"definition_version": "1"})
    assert r.status_code == 302
    assert Case.all_objects.get(draft=draft).definition == v1
    # A new draft starts on the new version.
    second = resident.post(url(municipality, "start", "varhaiskasvatushakemus"), {"for_whom": str(family["child"].public_id)})
    assert second.status_code == 302
    from luukku.eservices.models import Draft

    assert Draft.all_objects.filter(submitted_at__isnull=True).get().definition == v2
