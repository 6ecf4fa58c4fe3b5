"""Cases submitted before the prefill stopped copying protected addresses (turvakielto) hold the
address in their answers, where the other guardian, handlers, receipts and hand-overs read it.
Each such address answer becomes the marker the prefill now writes ({"protected": true}).
The rule is eservices.prefill.protect, copied here as migrations must not follow later code."""

from django.db import migrations

MARKER = {"protected": True}


def _street(value) -> str:
    return str(value.get("street", "") if isinstance(value, dict) else value).strip().casefold()


def scrub(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    FormField = apps.get_model("eservices", "FormField")
    cases = (Case._base_manager.filter(applicant__protected_address=True)
             | Case._base_manager.filter(subject__protected_address=True))
    fields_by_definition = {}
    for case in cases.select_related("applicant", "subject").iterator():
        if not case.definition_id or not case.data:
            continue
        if case.definition_id not in fields_by_definition:
            fields_by_definition[case.definition_id] = list(
                FormField._base_manager.filter(definition_id=case.definition_id, type="address"))
        protected = [p for p in (case.applicant, case.subject) if p.protected_address]
        streets = {p.street_address.strip().casefold() for p in protected if p.street_address.strip()}
        data, changed = dict(case.data), False
        for field in fields_by_definition[case.definition_id]:
            value = data.get(field.key)
            if value in (None, "", {}) or value == MARKER:
                continue
            if (field.prefill == "person.address" and case.applicant.protected_address) or _street(value) in streets:
                data[field.key] = dict(MARKER)
                changed = True
        if changed:
            Case._base_manager.filter(pk=case.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_queue_order_indexes"),
        ("eservices", "0002_restrict_on_delete"),
        ("people", "0003_person_moved_away_on"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
