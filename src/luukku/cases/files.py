"""Serving a case's files (attachments, decision PDFs, hand-over packages) to residents and staff:
the caller has already decided who may see the case; a row or file that is not there is a 404."""

from django.http import FileResponse, Http404, HttpResponse

from . import pdf
from .models import Decision


def attachment_of(case, attachment_id):
    row = case.attachments.filter(public_id=attachment_id).first()
    if row is None:
        raise Http404("no such attachment")
    return row


def decision_of(case, decision_id):
    decision = Decision.all_objects.filter(case=case, public_id=decision_id).first()
    if decision is None:
        raise Http404("no such decision")
    return decision


def stored_file(field, *, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("file missing") from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def decision_response(case, decision, lang: str) -> HttpResponse:
    """The stored PDF, or one made again when the file is gone (the decision row is the record)."""
    try:
        content = decision.pdf.open("rb").read() if decision.pdf else pdf.decision_pdf(decision, lang)
    except FileNotFoundError:
        content = pdf.decision_pdf(decision, lang)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-{decision.decided_at:%Y%m%d}.pdf"'
    return response
