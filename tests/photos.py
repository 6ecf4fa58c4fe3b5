"""Photos as phones make them: a JPEG with GPS and camera EXIF, a comment and orientation 6 (the
camera was turned: the pixels are stored sideways), and a PNG with text chunks, XMP and EXIF."""

import io

from PIL import Image, PngImagePlugin

CAMERA = "SecretCam-X9"
COMMENT = b"kotipiha-kommentti"
PNG_TEXT = "kotiosoite-tekstina"
BLUE, RED = (0, 0, 255), (255, 0, 0)


def _exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = CAMERA
    exif[0x8825] = {1: "N", 2: (60.0, 10.0, 30.0), 3: "E", 4: (24.0, 56.0, 10.0)}  # GPS
    return exif


def sideways() -> Image.Image:
    """40×20 as stored: the left quarter blue, the rest red."""
    image = Image.new("RGB", (40, 20), RED)
    image.paste(BLUE, (0, 0, 10, 20))
    return image


def jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    sideways().save(out, "JPEG", exif=_exif(), comment=COMMENT, quality=95)
    data = out.getvalue()
    assert CAMERA.encode() in data and COMMENT in data  # the fixture really carries them
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PNG_TEXT)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{PNG_TEXT}</x:xmpmeta>")
    out = io.BytesIO()
    sideways().save(out, "PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def assert_clean(data: bytes, *, upright=True):
    """No EXIF (so no GPS, camera), no XMP, comments or text; the pixels turned upright."""
    for secret in (CAMERA.encode(), COMMENT, PNG_TEXT.encode(), b"Exif", b"PhoneMaker", b"xmpmeta"):
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and image.getexif().get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "comment", "Comment", "XML:com.adobe.xmp"} & set(image.info)
        assert not getattr(image, "text", {})
        rgb = image.convert("RGB")
        if upright:  # turned clockwise: the blue left edge is now the top, the picture is tall
            assert image.size == (20, 40)
            top, bottom = rgb.getpixel((10, 3)), rgb.getpixel((10, 36))
            assert top[2] > 200 and top[0] < 60, top
            assert bottom[0] > 200 and bottom[2] < 60, bottom
