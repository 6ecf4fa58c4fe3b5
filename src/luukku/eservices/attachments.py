"""Checking an uploaded file: its type from its content (never from its name), its size and name.

A file whose name promises one type but whose bytes are another (an EXE called invoice.pdf) is
refused, as is anything not on the short list residents actually need.
"""

import hashlib
import io
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_NAME_CHARS = 200

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {
    PDF: {".pdf"},
    JPEG: {".jpg", ".jpeg"},
    PNG: {".png"},
    DOCX: {".docx"},
    ODT: {".odt"},
}
ALLOWED_NAMES = "PDF, JPEG, PNG, DOCX, ODT"


def _read_head(uploaded_file, size=64) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def _zip_type(uploaded_file) -> str | None:
    """DOCX and ODT are ZIP archives; tell them apart by what they hold."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(uploaded_file.read())) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                if archive.getinfo("mimetype").file_size < 100 and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                return None
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, RuntimeError):
        return None
    finally:
        uploaded_file.seek(0)
    return None


def sniff(uploaded_file) -> str | None:
    head = _read_head(uploaded_file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(uploaded_file)
    return None


def clean_name(name: str) -> str:
    """The last path part only, no control characters; the extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME_CHARS - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_NAME_CHARS]
    return name


def extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def check_upload(uploaded_file) -> tuple[str, str]:
    """(content_type, sha256) of an acceptable upload, else ValidationError in the reader's language."""
    if uploaded_file is None:
        raise ValidationError(_("Choose a file."), code="empty")
    size = getattr(uploaded_file, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is too large: a file may be at most %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    name = clean_name(getattr(uploaded_file, "name", ""))
    if not name or name in {".", ".."}:
        raise ValidationError(_("The file needs a name."), code="name")
    content_type = sniff(uploaded_file)
    if content_type is None:
        raise ValidationError(
            _("This type of file cannot be added. Allowed types: %(types)s.") % {"types": ALLOWED_NAMES},
            code="type",
        )
    if extension(name) not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("The file name “%(name)s” does not match its content. Save the file in one of the allowed types "
              "(%(types)s) and add it again.") % {"name": name, "types": ALLOWED_NAMES},
            code="mislabelled",
        )
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return content_type, digest.hexdigest()


def checked_file(uploaded_file):
    """check_upload, then the file to store: (file, content_type, size, sha256). A JPEG or PNG is
    re-encoded upright without its metadata (GPS, camera, comments), so the original is never kept;
    an image that does not decode is refused."""
    from django.core.files.base import ContentFile

    from luukku.core.images import NotAnImage, strip_metadata

    content_type, sha256 = check_upload(uploaded_file)
    if content_type not in (JPEG, PNG):
        uploaded_file.seek(0)
        return uploaded_file, content_type, uploaded_file.size, sha256
    uploaded_file.seek(0)
    try:
        clean = strip_metadata(uploaded_file.read())
    except NotAnImage:
        clean = None
    if clean is None or clean.format != {JPEG: "JPEG", PNG: "PNG"}[content_type]:
        raise ValidationError(
            _("The image “%(name)s” could not be read. Save it again as JPEG or PNG and add it again.")
            % {"name": clean_name(getattr(uploaded_file, "name", ""))}, code="type")
    return (ContentFile(clean.content, name=getattr(uploaded_file, "name", "")), content_type, len(clean.content),
            hashlib.sha256(clean.content).hexdigest())
