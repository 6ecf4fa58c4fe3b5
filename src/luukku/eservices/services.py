"""Writes of the e-services: drafts, their pages and attachments, and form versioning."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from luukku.core import clock
from luukku.core.services import record_event

from . import prefill
from .attachments import MAX_TOTAL_BYTES, checked_file, clean_name
from .forms import visible_keys
from .models import Attachment, DefinitionStatus, Draft, FieldType, FormDefinition, FormField, FormPage

# --- attachments -------------------------------------------------------------------------------


def add_attachment(*, municipality, uploaded_file, by_person, draft=None, case=None, message=None,
                   field_key="") -> Attachment:
    """Store a checked upload in the configured storage; at most 50 MB per submission (or case)."""
    name = clean_name(uploaded_file.name)
    stored, content_type, size, sha256 = checked_file(uploaded_file)  # an image without its metadata
    with transaction.atomic():
        if draft is not None:
            Draft.all_objects.select_for_update().filter(pk=draft.pk).first()  # serialise adds to one draft
            existing = Attachment.all_objects.filter(draft=draft)
        elif case is not None:
            existing = Attachment.all_objects.filter(case=case)
        else:
            existing = Attachment.all_objects.none()
        total = existing.aggregate(total=Sum("size"))["total"] or 0
        if total + size > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("The attachments together may be at most %(mb)s MB. Remove a file or make the files smaller.")
                % {"mb": MAX_TOTAL_BYTES // (1024 * 1024)},
                code="total_too_large",
            )
        attachment = Attachment(
            municipality=municipality, draft=draft, case=case, message=message, field_key=field_key,
            name=name[:255], content_type=content_type, size=size, sha256=sha256,
            uploaded_by=by_person,
        )
        # The storage (settings.STORAGES["default"]) picks the final name; never a path of ours.
        attachment.file.save(f"{sha256[:16]}{name[name.rfind('.'):] if '.' in name else ''}", stored,
                             save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove_attachment(attachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()


# --- drafts ------------------------------------------------------------------------------------


def fields_of(definition):
    return list(FormField.all_objects.filter(definition=definition).select_related("page")
                .order_by("page__order", "order", "pk"))


def start_draft(*, case_type, definition, applicant, subject=None, mandate=None) -> Draft:
    """A new draft on the published definition, prefilled from what the register knows."""
    data, keys = prefill.prefill(fields_of(definition), applicant, subject or applicant)
    now = clock.now()
    draft = Draft.all_objects.create(
        municipality_id=case_type.municipality_id, case_type=case_type, definition=definition,
        applicant=applicant, subject=subject, mandate=mandate, data=data, prefilled=keys, page=1,
        created_at=now, updated_at=now,
    )
    record_event(municipality=case_type.municipality, kind="draft.started", obj=draft,
                 data={"case_type": case_type.slug, "version": definition.version,
                       "on_behalf_of": str(subject.public_id) if subject and subject.pk != applicant.pk else None,
                       "mandate": str(mandate.public_id) if mandate else None})
    return draft


def save_page(draft, page_values: dict, *, page_number: int, children=()) -> Draft:
    """Store one page's answers; values of fields no longer shown are dropped (stale)."""
    fields = fields_of(draft.definition)
    data = dict(draft.data or {})
    prefilled = list(draft.prefilled or [])
    for key, value in page_values.items():
        if key in prefilled and data.get(key) != value:
            prefilled.remove(key)  # the resident changed it: no longer the register's word
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    shown = visible_keys(fields, data)
    data = {k: v for k, v in data.items() if k in shown or k not in {f.key for f in fields}}
    draft.data = data
    draft.prefilled = [k for k in prefilled if k in data]
    draft.page = max(draft.page, page_number)
    # A child chosen in the form is whom the application concerns.
    by_id = {str(child.public_id): (child, mandate) for child, mandate in children}
    for field in fields:
        if field.type == FieldType.CHILD and str(data.get(field.key)) in by_id:
            draft.subject, draft.mandate = by_id[str(data[field.key])]
            break
    draft.updated_at = clock.now()
    draft.save(update_fields=["data", "prefilled", "page", "subject", "mandate", "updated_at"])
    return draft


def missing_answers(draft) -> list:
    """(FormField) required and shown but not answered: checked again before submitting."""
    fields = fields_of(draft.definition)
    shown = visible_keys(fields, draft.data)
    files = set(Attachment.all_objects.filter(draft=draft).values_list("field_key", flat=True))
    missing = []
    for field in fields:
        if not field.required or field.key not in shown:
            continue
        if field.type == FieldType.FILE:
            if field.key not in files:
                missing.append(field)
        elif draft.data.get(field.key) in (None, "", [], {}):
            missing.append(field)
    return missing


def drop_stale_attachments(draft) -> None:
    fields = fields_of(draft.definition)
    shown = visible_keys(fields, draft.data)
    file_keys = {f.key for f in fields if f.type == FieldType.FILE}
    for attachment in Attachment.all_objects.filter(draft=draft):
        if attachment.field_key in file_keys and attachment.field_key not in shown:
            remove_attachment(attachment)


def delete_draft(draft) -> None:
    for attachment in Attachment.all_objects.filter(draft=draft, case__isnull=True):
        remove_attachment(attachment)
    draft.delete()


# --- versioning ----------------------------------------------------------------------------------


def new_version(definition) -> FormDefinition:
    """Copy a definition (pages and fields) to the next version as a draft."""
    with transaction.atomic():
        latest = (FormDefinition.all_objects.filter(municipality_id=definition.municipality_id,
                                                    case_type_id=definition.case_type_id)
                  .aggregate(v=Max("version"))["v"] or 0)
        copy = FormDefinition.all_objects.create(
            municipality_id=definition.municipality_id, case_type_id=definition.case_type_id,
            version=latest + 1, status=DefinitionStatus.DRAFT,
        )
        pages = {}
        for page in FormPage.all_objects.filter(definition=definition):
            old_pk = page.pk
            page.pk = page.id = None
            page.definition = copy
            page._state.adding = True
            page.save()
            pages[old_pk] = page
        for field in FormField.all_objects.filter(definition=definition):
            field.pk = field.id = None
            field.definition = copy
            field.page = pages[field.page_id]
            field._state.adding = True
            field.save()
    return copy


def publish(definition, *, actor=None) -> FormDefinition:
    """Publish a draft definition; the previously published one retires (drafts keep theirs)."""
    with transaction.atomic():
        definition = FormDefinition.all_objects.select_for_update().get(pk=definition.pk)
        if definition.status == DefinitionStatus.PUBLISHED:
            return definition
        if definition.status != DefinitionStatus.DRAFT:
            raise ValidationError(_("Only a draft version can be published."), code="not_draft")
        if not FormField.all_objects.filter(definition=definition).exists():
            raise ValidationError(_("A form without fields cannot be published."), code="empty")
        FormDefinition.all_objects.filter(
            municipality_id=definition.municipality_id, case_type_id=definition.case_type_id,
            status=DefinitionStatus.PUBLISHED,
        ).update(status=DefinitionStatus.RETIRED)
        definition.status = DefinitionStatus.PUBLISHED
        definition.published_at = clock.now()
        definition.save(update_fields=["status", "published_at"])
        record_event(municipality=definition.municipality, kind="form.published", obj=definition, actor=actor,
                     data={"case_type": definition.case_type.slug, "version": definition.version})
    return definition
