"""Photos with feedback: only real images (checked by decoding, not by the name or the declared
type), within a size limit, at most a few per feedback."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def max_bytes() -> int:
    return int(getattr(settings, "LUUKKU_FEEDBACK_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def max_count() -> int:
    return int(getattr(settings, "LUUKKU_FEEDBACK_PHOTO_MAX_COUNT", 3))


@dataclass
class Photo:
    name: str
    content: bytes
    content_type: str
    width: int
    height: int


def check_photos(uploads) -> list[Photo]:
    """Uploaded files → Photos, or a ValidationError naming each bad file (nothing is saved).
    A Photo's content is the image re-encoded upright without its metadata (GPS, camera, comments):
    the uploaded original is never kept."""
    from luukku.core.images import NotAnImage, strip_metadata

    uploads = [u for u in uploads if u]
    errors, photos = [], []
    if len(uploads) > max_count():
        raise ValidationError(_("Add at most %(n)d photos.") % {"n": max_count()}, code="too_many_photos")
    for upload in uploads:
        name = (getattr(upload, "name", "") or "photo")[:200]
        if upload.size > max_bytes():
            errors.append(ValidationError(
                _("%(name)s is too big: a photo may be at most %(mb)d MB.") % {"name": name, "mb": max_bytes() // 2**20},
                code="photo_too_big"))
            continue
        content = upload.read()
        try:
            clean = strip_metadata(content)
        except NotAnImage:
            clean = None
        if clean is None or clean.format not in ALLOWED:
            errors.append(ValidationError(
                _("%(name)s is not a photo: add a JPEG, PNG, WebP or GIF image.") % {"name": name},
                code="not_an_image"))
            continue
        photos.append(Photo(name, clean.content, ALLOWED[clean.format], clean.width, clean.height))
    if errors:
        raise ValidationError(errors)
    return photos


def photo_response(item, *, cache_control: str = "private, no-store"):
    """A stored photo inline, as the type we found when it was checked (never sniffed by the browser)."""
    from django.http import FileResponse, Http404

    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("file missing") from None
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
