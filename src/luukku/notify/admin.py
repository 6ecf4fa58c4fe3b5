"""Read-only views of the outbox for administrators and managers (what was sent, how each delivery
went), and of the scheduler's jobs for the platform's superusers. Nothing is edited here: a
delivery changes only through notify.services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from luukku.core import selectors
from luukku.core.admin import HistoryAdmin
from luukku.core.models import Role, ScheduledJob
from luukku.core.services import record_audit

from .models import Delivery, Notification


def of_managed_units(request, qs, case="case"):
    """A manager of some units reads the notifications of their units' cases only (the names and
    texts of every resident were open to them); managers of the whole municipality read all."""
    units = selectors.units_for(request.user, request.municipality, (Role.MANAGER,))
    return qs if units is None else qs.filter(**{f"{case}__unit__in": units})


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = readonly_fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error",
                                "provider_id"]

    def has_view_permission(self, request, obj=None):
        return True  # the parent admin decides

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(HistoryAdmin):
    list_display = ["created_at", "kind", "case", "language", "delivery_status"]
    list_filter = ["kind", "language"]
    search_fields = ["case__reference"]
    date_hierarchy = "created_at"
    fields = readonly_fields = ["created_at", "kind", "case", "person", "email", "phone", "language", "subject",
                                "body", "link", "idempotency_key"]
    inlines = [DeliveryInline]

    def get_queryset(self, request):
        return of_managed_units(request, super().get_queryset(request)).select_related("case").prefetch_related(
            "deliveries")

    @admin.display(description=_("delivery status"))
    def delivery_status(self, obj):
        return ", ".join(f"{d.channel}: {d.get_status_display()}" for d in obj.deliveries.all()) or "–"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notification = self.get_object(request, object_id)
        if notification is not None and self.has_view_permission(request, notification):
            # A contact (no Person) is known only by this notification: it is the subject of the read.
            subject = notification.person.public_id if notification.person_id else notification.public_id
            record_audit(municipality=notification.municipality, actor=request.user,
                         subject_id=subject, action="notification.read",
                         purpose="delivery follow-up", object_type="notify.notification",
                         object_id=notification.public_id, role=Role.MANAGER)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Delivery)
class DeliveryAdmin(HistoryAdmin):
    """Operators look here for dead deliveries (status "could not be sent" and the last error)."""

    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status", "channel"]
    search_fields = ["notification__case__reference", "provider_id"]
    fields = readonly_fields = ["notification", "channel", "status", "attempts", "next_attempt_at", "claimed_until",
                                "sent_at", "last_error", "provider_id"]

    def get_queryset(self, request):
        return of_managed_units(request, super().get_queryset(request), "notification__case").select_related(
            "notification")


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """Platform-wide (not per municipality): superusers only."""

    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "runs", "failed"]
    fields = readonly_fields = ["name", "next_run_at", "last_started_at", "last_finished_at", "runs", "last_error"]

    @admin.display(boolean=True, description=_("last run failed"))
    def failed(self, obj):
        return bool(obj.last_error)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
