"""The report for the decision-maker as XLSX (XlsxWriter) and PDF (WeasyPrint, as cases/pdf.py).
No commenter's identity beyond the name they chose to show; hidden comments apart, marked as hidden with
the moderator's reason."""

import io

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from luukku.insight.exports import _safe

from . import selectors


def _sections(hearing):
    sections = selectors.report(hearing)
    sections[0].title = _("The hearing as a whole")
    return sections


def to_xlsx(hearing, language: str) -> bytes:
    with translation.override(language):
        sections = _sections(hearing)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(_("Summary")[:31])
        sheet.write_string(0, 0, _safe(hearing.title), bold)
        heads = [_("Section"), _("Comments"), _("Votes"), _("Hidden comments")]
        for c, h in enumerate(heads):
            sheet.write_string(2, c, h, bold)
        for r, s in enumerate(sections, start=3):
            sheet.write_string(r, 0, _safe(s.title))
            sheet.write_number(r, 1, len(s.comments))
            sheet.write_number(r, 2, s.votes)
            sheet.write_number(r, 3, s.hidden)
        sheet.set_column(0, 0, 40)
        sheet = book.add_worksheet(_("Comments")[:31])
        heads = [_("Section"), _("Comment"), _("Votes"), _("Name shown"), _("Time"),
                 _("Hidden by moderation: reason")]
        for c, h in enumerate(heads):
            sheet.write_string(0, c, h, bold)
        r = 1
        for s in sections:
            for cm in [*s.comments, *s.hidden_comments]:
                sheet.write_string(r, 0, _safe(s.title))
                sheet.write_string(r, 1, _safe(cm.text))
                sheet.write_number(r, 2, cm.votes_count)
                sheet.write_string(r, 3, _safe(cm.shown_name) or _("anonymous"))
                sheet.write_string(r, 4, timezone.localtime(cm.created_at).strftime("%Y-%m-%d %H:%M"))
                if cm.hidden:
                    sheet.write_string(r, 5, _("Hidden. Reason: %(reason)s") % {"reason": _safe(cm.hidden_reason)})
                r += 1
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 80)
        sheet.set_column(5, 5, 40)
        book.close()
    return buffer.getvalue()


def to_pdf(hearing, language: str) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDFs need it

    with translation.override(language):
        html = render_to_string("hearings/report_pdf.html", {
            "hearing": hearing, "sections": _sections(hearing), "language": language,
            "title": _("Hearing report: %(title)s") % {"title": hearing.title}})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
