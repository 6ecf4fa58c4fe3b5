"""Reads of the e-services for the resident's pages."""

from django.http import Http404

from .models import Attachment, CaseType, DefinitionStatus, Draft, FormDefinition, FormPage, WhoMayApply


def case_type_by_slug(slug):
    return CaseType.objects.select_related("service", "unit").filter(slug=slug).first()


def case_type_of_service(service):
    """The case type a catalogue service's "Apply online" link leads to (open ones only)."""
    return CaseType.objects.filter(service=service, active=True).order_by("pk").first()


def published_definition(case_type):
    return (FormDefinition.objects.filter(case_type=case_type, status=DefinitionStatus.PUBLISHED)
            .order_by("-version").first())


def pages_of(definition) -> list:
    return list(FormPage.all_objects.filter(definition=definition).order_by("order", "pk"))


def draft_of(person, draft_id) -> Draft:
    """The person's own draft; 404 for anyone else's (existence is not revealed)."""
    draft = (Draft.objects.select_related("case_type", "definition", "subject", "mandate", "applicant")
             .filter(public_id=draft_id, applicant=person).first())
    if draft is None:
        raise Http404("no such draft")
    return draft


def open_drafts(person):
    return (Draft.objects.filter(applicant=person, submitted_at__isnull=True)
            .select_related("case_type", "subject").order_by("-updated_at"))


def attachments_by_field(draft) -> dict:
    out: dict = {}
    for attachment in Attachment.all_objects.filter(draft=draft).order_by("created_at", "pk"):
        out.setdefault(attachment.field_key, []).append(attachment)
    return out


def for_whom_choices(case_type, person, children, represented=()) -> list[tuple[str, str]]:
    """("self" | child public id | represented person's public id, name) per who_may_apply;
    `represented`: adults who granted the person a mandate covering this case type."""
    out = []
    if case_type.who_may_apply in (WhoMayApply.SELF, WhoMayApply.EITHER):
        out.append(("self", person.full_name))
        out.extend((str(p.public_id), p.full_name) for p, _mandate in represented)
    if case_type.who_may_apply in (WhoMayApply.CHILD, WhoMayApply.EITHER):
        out.extend((str(child.public_id), child.full_name) for child, _mandate in children)
    return out
