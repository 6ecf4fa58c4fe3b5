"""A resource's service and whether it is active decide the service page's "Book a time": a change
moves the municipality's content_version, which retires the cached pages and the per-process copies
of the service page (catalogue.selectors.service_page)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from luukku.core.services import bump_content_version

from .models import Resource


@receiver(post_save, sender=Resource, dispatch_uid="booking_resource_saved")
@receiver(post_delete, sender=Resource, dispatch_uid="booking_resource_deleted")
def resource_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # also when the service was taken away: its page must lose the button
        bump_content_version(instance.municipality_id)  # in the same transaction: seen with the change
