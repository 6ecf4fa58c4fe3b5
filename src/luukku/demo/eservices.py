"""Demo case types, forms and status texts (idempotent: a case type that has a published form is kept)."""

from luukku.catalogue.models import Service
from luukku.cases.models import Status, StatusText
from luukku.core.models import Unit
from luukku.eservices.models import CaseType, DefinitionStatus, FormDefinition, FormField, FormPage
from luukku.eservices.services import publish

from .data.eservices import CASE_TYPES, STATUS_TEXTS


def load(municipality) -> None:
    services = {s.slug: s for s in Service.all_objects.filter(municipality=municipality)}
    units = {u.slug: u for u in Unit.all_objects.filter(municipality=municipality)}
    for row in CASE_TYPES:
        service, unit = services.get(row["service"]), units.get(row["unit"])
        if service is None or unit is None:
            continue
        case_type, _created = CaseType.all_objects.update_or_create(
            municipality=municipality, slug=row["slug"],
            defaults={"service": service, "unit": unit, "name": row["name"], "kind": row["kind"],
                      "who_may_apply": row["who_may_apply"], "sla_days": row["sla_days"],
                      "requires_strong_identification": row["strong"], "active": True,
                      "min_age_months": None, "max_age_months": None, "start_date_field": "", **row.get("checks", {})},
        )
        for status in Status.values:
            text, action_required, actions = row["status_texts"].get(status) or STATUS_TEXTS[status]
            StatusText.all_objects.update_or_create(
                municipality=municipality, case_type=case_type, status=status,
                defaults={"text": text, "action_required": action_required, "actions": actions},
            )
        if FormDefinition.all_objects.filter(case_type=case_type, status=DefinitionStatus.PUBLISHED).exists():
            continue
        _definition(municipality, case_type, row["pages"])


def _definition(municipality, case_type, pages) -> FormDefinition:
    version = (FormDefinition.all_objects.filter(case_type=case_type).order_by("-version")
               .values_list("version", flat=True).first() or 0) + 1
    definition = FormDefinition.all_objects.create(municipality=municipality, case_type=case_type, version=version)
    fields = []
    for page_order, page_row in enumerate(pages, start=1):
        page = FormPage.all_objects.create(municipality=municipality, definition=definition, order=page_order,
                                           title=page_row["title"], intro=page_row["intro"])
        for order, f in enumerate(page_row["fields"], start=1):
            fields.append(FormField(municipality=municipality, definition=definition, page=page, order=order, **f))
    FormField.all_objects.bulk_create(fields)
    return publish(definition)
