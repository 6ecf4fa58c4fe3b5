"""My data (…/omat-tiedot/): the resident downloads everything we hold about them, follows the
export as it is made (a plain page to refresh: no JavaScript, and no timed refresh, which WCAG 2.2.1
forbids), and may ask for erasure.
Every export is looked up through the signed-in person, so another's is a 404."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from luukku.people.decorators import resident_page

from . import erasure
from .export import request_export
from .models import EXPORT_IN_PROGRESS, DataExport, ExportStatus

SHOWN = 5


def _exports(person):
    return DataExport.all_objects.filter(municipality_id=person.municipality_id, person=person)


def _page(request, *, erase_error="", status=200):
    person = request.person
    language = (get_language() or "fi").split("-")[0]
    refusals = [r.message.get(language) or r.message["fi"] for r in erasure.refusals(person)]
    return render(request, "privacy/my_data.html", {
        "person": person, "exports": list(_exports(person)[:SHOWN]), "refusals": refusals,
        "erase_error": erase_error,
    }, status=status)


@resident_page
@require_safe
def my_data(request, municipality, lang):
    return _page(request)


@resident_page
@require_POST
def start_export(request, municipality, lang):
    export, created = request_export(request.person, user=request.user, language=lang)
    if not created:
        messages.info(request, _("Your export is already being made."))
    return redirect("privacy:export", municipality=municipality, lang=lang, export_id=export.public_id)


def _own_export(request, export_id) -> DataExport:
    export = _exports(request.person).filter(public_id=export_id).first()
    if export is None:
        raise Http404("no such export")
    return export


@resident_page
@require_safe
def export_status(request, municipality, lang, export_id):
    export = _own_export(request, export_id)
    return render(request, "privacy/export.html", {
        "export": export, "in_progress": export.status in EXPORT_IN_PROGRESS,
        "ready": export.status == ExportStatus.READY,
    })


@resident_page
@require_safe
def export_file(request, municipality, lang, export_id, kind):
    export = _own_export(request, export_id)
    field = {"json": export.json_file, "pdf": export.pdf_file}.get(kind)
    if export.status != ExportStatus.READY or not field:
        raise Http404("not ready")
    content_type = "application/json" if kind == "json" else "application/pdf"
    return FileResponse(field.open("rb"), as_attachment=True, content_type=content_type,
                        filename=f"luukku-{export.created_at:%Y-%m-%d}.{kind}")


@resident_page
@require_POST
def erase(request, municipality, lang):
    if request.POST.get("confirm") != "yes":
        return _page(request, erase_error=_("Tick the box to confirm that you want your data erased."), status=400)
    refused, _counts = erasure.erase(request.person, actor=None)
    if refused:  # the page lists the reasons; nothing was changed
        return _page(request, status=409)
    logout(request)
    return render(request, "privacy/erased.html", {})
