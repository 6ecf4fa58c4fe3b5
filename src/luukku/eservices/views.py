"""The resident's application flow: start → pages → review → submit → receipt.

Every page works without JavaScript; the draft is saved at every page. A draft is visible only to
its applicant (404 for anyone else). Login comes from people.decorators.resident_required, with the
case type's demand for strong identification.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luukku.core.translation import tr

from . import checks, selectors, services
from .forms import PageForm, display_value, visible_keys
from .prefill import source as prefill_source
from .models import Draft, FieldType

ACTIONS = {"next", "back", "exit", "remove"}


def _people():
    from luukku.people import decorators
    from luukku.people import selectors as people

    return decorators, people


def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _as_resident(request, strong, inner):
    """Run `inner(request)` behind resident_required(strong=…) (strength known only at run time)."""
    decorators, _people_selectors = _people()

    def view(request, *args, **kwargs):
        return inner(request)

    return decorators.resident_required(strong=strong)(view)(request)


def _url(request, name, *args):
    return reverse(f"eservices:{name}", args=[request.municipality.slug, request.LANGUAGE_CODE, *args])


def _children(person):
    _decorators, people = _people()
    return list(people.children_of(person))


def _represented(person, case_type):
    """Adults who have granted `person` a mandate (or confirmed one in Suomi.fi) for this case type."""
    _decorators, people = _people()
    return [(p, m) for p, m in people.persons_acting_for(person)
            if m is not None and m.limited and m.covers(case_type)]


def _mandate_holds(draft) -> bool:
    """A draft for someone under a granted or e-Authorization mandate goes on only while it is valid."""
    from luukku.core import clock

    mandate = draft.mandate
    return mandate is None or not mandate.limited or (mandate.is_valid_on(clock.today())
                                                      and mandate.covers(draft.case_type_id))


def _closed(request, case_type, status=200):
    return render(request, "eservices/closed.html", {"case_type": case_type}, status=status)


# --- start ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request, municipality, lang, case_type_slug):
    _check_language(request, lang)
    case_type = selectors.case_type_by_slug(case_type_slug)
    if case_type is None:
        raise Http404("no such case type")

    def inner(request):
        definition = selectors.published_definition(case_type)
        if not case_type.active or definition is None:
            return _closed(request, case_type, status=409 if request.method == "POST" else 200)
        person = request.person
        children = _children(person)
        represented = _represented(person, case_type)
        choices = selectors.for_whom_choices(case_type, person, children, represented)
        error = ""
        if request.method == "POST":
            chosen = request.POST.get("for_whom", "")
            if chosen in dict(choices):
                subject, mandate = None, None
                if chosen != "self":
                    subject, mandate = next((c, m) for c, m in children + represented if str(c.public_id) == chosen)
                draft = services.start_draft(case_type=case_type, definition=definition, applicant=person,
                                             subject=subject, mandate=mandate)
                return redirect(_url(request, "page", draft.public_id, 1))
            error = _("Choose for whom you are applying.")
        return render(request, "eservices/start.html", {
            "case_type": case_type, "service": case_type.service, "choices": choices, "error": error,
            "pages": selectors.pages_of(definition),
            "drafts": selectors.open_drafts(person).filter(case_type=case_type),
            "no_children": not choices,
        }, status=400 if error else 200)

    return _as_resident(request, case_type.requires_strong_identification, inner)


# --- pages ---------------------------------------------------------------------------------------


def _draft_view(request, draft_id, inner):
    """Load the draft for its case type's identification level; 404 unless it is the resident's own."""
    strong = (Draft.objects.filter(public_id=draft_id).values_list("case_type__requires_strong_identification",
                                                                  flat=True).first())

    def guarded(request):
        draft = selectors.draft_of(request.person, draft_id)
        case = getattr(draft, "case", None) if draft.submitted_at else None
        if case is not None:
            return redirect(_url(request, "receipt", case.public_id))
        if not draft.case_type.active:
            return _closed(request, draft.case_type, status=409 if request.method == "POST" else 200)
        if not _mandate_holds(draft):
            messages.error(request, _("Your mandate to act for %(name)s in this service has ended, so the "
                                      "application cannot be continued.") % {"name": draft.subject})
            return redirect(reverse("people:mandates", args=[request.municipality.slug, request.LANGUAGE_CODE]))
        return inner(request, draft)

    return _as_resident(request, bool(strong) if strong is not None else False, guarded)


def _page_form(request, draft, page, children, *, bound=False, partial=False):
    return PageForm(
        request.POST if bound else None, request.FILES if bound else None,
        draft=draft, page=page, all_fields=services.fields_of(draft.definition),
        children=[c for c, _m in children], language=request.LANGUAGE_CODE,
        attachments=selectors.attachments_by_field(draft), partial=partial,
    )


@require_http_methods(["GET", "POST"])
def page(request, municipality, lang, draft_id, page):
    _check_language(request, lang)
    number = page

    def inner(request, draft):
        pages = selectors.pages_of(draft.definition)
        if not 1 <= number <= len(pages):
            raise Http404("no such page")
        current = pages[number - 1]
        children = _children(request.person)
        if request.method == "GET":
            form = _page_form(request, draft, current, children)
            return _render_page(request, draft, pages, number, form)
        action = request.POST.get("action", "next")
        remove = request.POST.get("remove", "")
        if remove:
            action = "remove"
        if action not in ACTIONS:
            action = "next"
        form = _page_form(request, draft, current, children, bound=True, partial=action != "next")
        if not form.is_valid():
            return _render_page(request, draft, pages, number, form, status=400)
        try:
            with transaction.atomic():
                for key, uploaded in form.uploads():
                    services.add_attachment(municipality=request.municipality, uploaded_file=uploaded,
                                            by_person=request.person, draft=draft, field_key=key)
                services.save_page(draft, form.page_values(), page_number=number, children=children)
        except ValidationError as error:
            key = form.uploads()[0][0] if form.uploads() else None
            form.add_error(key, error)
            return _render_page(request, draft, pages, number, form, status=400)
        if action == "remove":
            attachment = draft.attachments.filter(public_id=_uuid(remove)).first() if _uuid(remove) else None
            if attachment is not None:
                services.remove_attachment(attachment)
                messages.success(request, _("The file %(name)s was removed.") % {"name": attachment.name})
            return redirect(_url(request, "page", draft.public_id, number))
        if action == "exit":
            messages.success(request, _("Your draft was saved. You can continue it later from Your drafts."))
            return redirect(_url(request, "drafts"))
        if action == "back":
            if number == 1:
                return redirect(_url(request, "start", draft.case_type.slug))
            return redirect(_url(request, "page", draft.public_id, number - 1))
        if number < len(pages):
            return redirect(_url(request, "page", draft.public_id, number + 1))
        return redirect(_url(request, "review", draft.public_id))

    return _draft_view(request, draft_id, inner)


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _render_page(request, draft, pages, number, form, status=200):
    current = pages[number - 1]
    return render(request, "eservices/page.html", {
        "draft": draft, "case_type": draft.case_type, "pages": pages, "page": current, "number": number,
        "total": len(pages), "steps": len(pages) + 1,  # the pages, then "Check and send" (as the start page lists)
        "form": form, "items": form.items(), "errors": form.error_list() if form.is_bound else [],
        "page_title": tr(current.title, request.LANGUAGE_CODE),
    }, status=status)


# --- review and submit ---------------------------------------------------------------------------


def _answers(draft, language, children):
    fields = services.fields_of(draft.definition)
    shown = visible_keys(fields, draft.data)
    attachments = selectors.attachments_by_field(draft)
    prefilled = set(draft.prefilled or [])
    sections = []
    for number, page in enumerate(selectors.pages_of(draft.definition), start=1):
        rows = []
        for field in fields:
            if field.page_id != page.pk or field.key not in shown:
                continue
            rows.append({
                "label": tr(field.label, language) or field.key,
                "value": display_value(field, draft.data.get(field.key), language, children),
                "files": attachments.get(field.key, []) if field.type == FieldType.FILE else [],
                "is_file": field.type == FieldType.FILE,
                "prefilled": field.key in prefilled,
                "source": prefill_source(field),
            })
        sections.append({"number": number, "title": tr(page.title, language), "rows": rows})
    return sections


@require_http_methods(["GET", "POST"])
def review(request, municipality, lang, draft_id):
    _check_language(request, lang)

    def inner(request, draft):
        children = [c for c, _m in _children(request.person)]
        context = {"draft": draft, "case_type": draft.case_type, "version": draft.definition.version,
                   "subject": draft.subject}
        status = 200
        if request.method == "POST":
            posted = request.POST.get("definition_version", "")
            if posted != str(draft.definition.version):
                context["stale"] = True
                status = 409
            else:
                missing = services.missing_answers(draft)
                if missing:
                    context["missing"] = [tr(f.label, request.LANGUAGE_CODE) or f.key for f in missing]
                    status = 400
                elif any(f.is_error for f in checks.for_resident(draft)):
                    status = 400  # e.g. the start date passed while the draft waited: shown below
                else:
                    from luukku.cases.services import submit_draft

                    services.drop_stale_attachments(draft)
                    case = submit_draft(draft, by_person=request.person)
                    return redirect(_url(request, "receipt", case.public_id))
        missing = services.missing_answers(draft)
        first_missing = None
        if missing:
            page_ids = [p.pk for p in selectors.pages_of(draft.definition)]
            first_missing = page_ids.index(missing[0].page_id) + 1 if missing[0].page_id in page_ids else 1
        context.update({
            "sections": _answers(draft, request.LANGUAGE_CODE, children),
            "first_missing": first_missing,
            **_check_context(draft),
        })
        return render(request, "eservices/review.html", context, status=status)

    return _draft_view(request, draft_id, inner)


def _check_context(draft) -> dict:
    """The application's checks for the review page: errors stop the sending, warnings do not."""
    findings = checks.for_resident(draft)
    name = (draft.subject or draft.applicant).full_name
    start_page = None
    if any(f.is_error for f in findings):
        key = draft.case_type.start_date_field
        field = next((f for f in services.fields_of(draft.definition) if f.key == key), None)
        page_ids = [p.pk for p in selectors.pages_of(draft.definition)]
        start_page = page_ids.index(field.page_id) + 1 if field and field.page_id in page_ids else None
    return {"check_errors": [f.text(name) for f in findings if f.is_error],
            "check_warnings": [f.text(name) for f in findings if not f.is_error], "start_page": start_page}


# --- receipt and drafts --------------------------------------------------------------------------


def _own_case(request, case_id):
    from luukku.cases.models import Case

    case = (Case.objects.select_related("case_type", "subject", "applicant", "unit")
            .filter(public_id=case_id, applicant=request.person).first())
    if case is None:
        raise Http404("no such case")
    return case


@require_http_methods(["GET"])
def receipt(request, municipality, lang, case_id):
    _check_language(request, lang)

    def inner(request):
        case = _own_case(request, case_id)
        status_text = None
        try:
            from luukku.cases.selectors import status_text as status_text_of

            status_text = status_text_of(case, request.LANGUAGE_CODE)
        except (ImportError, AttributeError):
            status_text = None
        return render(request, "eservices/receipt.html", {
            "case": case, "case_type": case.case_type, "status_text": status_text,
            "attachments": list(case.attachments.all()),
        })

    return _as_resident(request, False, inner)


@require_http_methods(["GET", "POST"])
def drafts(request, municipality, lang):
    _check_language(request, lang)

    def inner(request):
        if request.method == "POST":
            draft = selectors.draft_of(request.person, _uuid(request.POST.get("delete")) or "00000000-0000-0000-0000-000000000000")
            if draft.submitted_at is None:
                services.delete_draft(draft)
                messages.success(request, _("The draft was deleted."))
            return redirect(_url(request, "drafts"))
        return render(request, "eservices/drafts.html", {"drafts": selectors.open_drafts(request.person)})

    return _as_resident(request, False, inner)
