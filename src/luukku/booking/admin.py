"""Resources in the admin: their hours (regular and exceptional rows: a closed exceptional row is a
blackout) and a mobile unit's stops. Bookings are handled on the staff pages."""

from django.contrib import admin

from luukku.core.admin import ScopedAdmin, ScopedInline
from luukku.core.models import Role

from .models import Resource, ResourceHours, Stop


class HoursInline(ScopedInline):
    model = ResourceHours
    extra = 1
    fields = ["kind", "valid_from", "valid_to", "is_closed", "opening", "info"]


class StopInline(ScopedInline):
    model = Stop
    extra = 1
    fields = ["place", "address", "latitude", "longitude", "starts_at", "ends_at", "bookable", "cancelled"]


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    edit_roles = (Role.MANAGER, Role.CATALOGUE_EDITOR)
    list_display = ["__str__", "unit", "kind", "slot_minutes", "capacity", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["slug", "place"]
    inlines = [HoursInline, StopInline]
