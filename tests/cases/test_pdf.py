import re
import zlib

from luukku.cases import pdf, services


def _text_bytes(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated (enough to find metadata and structure tags)."""
    out = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_receipt_is_a_tagged_pdf_with_title_and_language(municipality, aino, make_case):
    case = make_case(aino)
    content = pdf.receipt_pdf(case, "fi")
    assert content.startswith(b"%PDF-")
    raw = _text_bytes(content)
    assert case.reference.encode() in raw  # in the document title
    assert b"/Lang" in raw and b"fi" in raw
    assert b"/StructTreeRoot" in raw  # tagged
    assert b"pdfuaid" in raw  # PDF/UA identification in the XMP metadata


def test_decision_pdf_in_swedish(municipality, aino, make_case, handler):
    case = make_case(aino)
    decision = services.decide(case, handler, "Beslut", "Platsen beviljas.")
    content = pdf.decision_pdf(decision, "sv")
    raw = _text_bytes(content)
    assert content.startswith(b"%PDF-")
    assert b"/Lang" in raw and b"(sv)" in raw
    assert case.reference.encode() in raw
