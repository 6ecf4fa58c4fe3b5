"""CSV and XLSX of the dashboard's sections: exactly the tables shown (aggregates only), with the
municipality, the period and the filters on top. Cells are values, never formulas: a service name
that starts with "=" stays text (CSV: prefixed with an apostrophe; XLSX: written as a string)."""

import csv
import io

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def to_csv(heading: list[tuple[str, str]], sections) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for label, value in heading:
        writer.writerow([_safe(label), _safe(value)])
    for s in sections:
        writer.writerow([])
        writer.writerow([_safe(s.title)])
        writer.writerow([_safe(c.label) for c in s.columns])
        for row in s.rows:
            writer.writerow([_safe(v) for v in row])
        if not s.rows:
            writer.writerow([_safe(s.empty)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel then reads it as UTF-8


def to_xlsx(heading: list[tuple[str, str]], sections) -> bytes:
    """One sheet of the heading, one sheet per section."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Info")
    for r, (label, value) in enumerate(heading):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, str(value))
    sheet.set_column(0, 1, 40)
    used = {"Info"}
    for s in sections:
        name = _sheet_name(s.title, used)
        sheet = book.add_worksheet(name)
        sheet.write_string(0, 0, s.title, bold)
        for c, column in enumerate(s.columns):
            sheet.write_string(1, c, column.label, bold)
        for r, row in enumerate(s.rows, start=2):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
        if not s.rows:
            sheet.write_string(2, 0, s.empty)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, max(len(s.columns) - 1, 1), 14)
    book.close()
    return buffer.getvalue()


def _sheet_name(title: str, used: set) -> str:
    """At most 31 characters, none of []:*?/\\, unique in the book."""
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name
