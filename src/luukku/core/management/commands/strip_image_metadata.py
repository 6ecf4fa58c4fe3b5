"""Strip the metadata of images stored before uploads were cleaned (core.images): feedback photos
and image attachments that still carry EXIF (GPS, camera), XMP, comments or text are re-encoded
upright and stored in place of the original, which is deleted. Clean files are left as they are,
so running it again changes nothing."""

import hashlib

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from luukku.core.images import NotAnImage, has_metadata, strip_metadata


def _rewrite(item, **fields_of) -> bool:
    try:
        with item.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        return False
    if not has_metadata(content):
        return False
    try:
        clean = strip_metadata(content)
    except NotAnImage:
        return False
    old_name = item.file.name
    item.file.save(old_name.rsplit("/", 1)[-1], ContentFile(clean.content), save=False)
    values = {field: compute(clean) for field, compute in fields_of.items()}
    for field, value in values.items():
        setattr(item, field, value)
    type(item).all_objects.filter(pk=item.pk).update(file=item.file.name, **values)
    item.file.storage.delete(old_name)
    return True


class Command(BaseCommand):
    help = "Remove EXIF/GPS, XMP, comments and text from feedback photos and image attachments already stored."

    def handle(self, *args, **options):
        from luukku.eservices.models import Attachment
        from luukku.feedback.models import Media

        photos = sum(_rewrite(m, size=lambda c: len(c.content), width=lambda c: c.width, height=lambda c: c.height)
                     for m in Media.all_objects.order_by("pk").iterator())
        files = sum(_rewrite(a, size=lambda c: len(c.content), sha256=lambda c: hashlib.sha256(c.content).hexdigest())
                    for a in Attachment.all_objects.filter(content_type__in=["image/jpeg", "image/png"])
                    .order_by("pk").iterator())
        self.stdout.write(f"Cleaned {photos} feedback photos and {files} image attachments.")
