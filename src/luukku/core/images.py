"""Uploaded images without their metadata: a phone photo's EXIF holds where it was taken (GPS), the
camera and when; XMP, IPTC and comments hold more. The pixels are turned upright per the EXIF
orientation and re-encoded with none of it, so the original bytes are never stored nor served.
Only the colour profile (needed to show the colours right) and what draws the image (transparency,
an animation's timing) are carried over."""

from dataclasses import dataclass
from io import BytesIO

KEEP = {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass
class CleanImage:
    content: bytes
    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF
    width: int
    height: int


class NotAnImage(ValueError):
    """The bytes did not decode as an image we take."""


def _bare(frame):
    """A copy of the frame with only the drawing-related info left (no exif, xmp, comment, text)."""
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(frame)  # a copy, rotated; never the frame itself
    if upright is frame:
        upright = frame.copy()
    upright.info = {key: value for key, value in frame.info.items() if key in KEEP}
    if hasattr(upright, "_exif"):
        upright._exif = None  # Pillow caches the parsed EXIF; the encoder must not find it
    return upright


def strip_metadata(content: bytes) -> CleanImage:
    """The image in `content` upright and without metadata, in its own format; NotAnImage otherwise."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(BytesIO(content)) as image:
            kind = image.format
            if kind not in FORMATS:
                raise NotAnImage(kind)
            frames = [_bare(frame) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc)) from None
    first = frames[0]
    options = {"icc_profile": first.info["icc_profile"]} if "icc_profile" in first.info else {}
    if kind == "JPEG":
        if first.mode not in ("RGB", "L", "CMYK"):
            first = first.convert("RGB")
        options.update(quality=90, optimize=True)
    elif kind == "WEBP":
        options.update(quality=90)
    if len(frames) > 1 and kind in ("GIF", "WEBP"):
        options.update(save_all=True, append_images=frames[1:])
        for key in ("duration", "loop"):
            if key in first.info:
                options[key] = first.info[key]
    out = BytesIO()
    try:
        first.save(out, format=kind, **options)
    except (OSError, ValueError) as exc:
        raise NotAnImage(str(exc)) from None
    return CleanImage(out.getvalue(), kind, first.width, first.height)


METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop", "iptc"}


def has_metadata(content: bytes) -> bool:
    """Whether an image carries EXIF, XMP, IPTC, comments or text chunks (so stripping changes it);
    False for what does not decode."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(content)) as image:
            return bool(METADATA_KEYS & set(image.info) or getattr(image, "text", None) or image.getexif())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
