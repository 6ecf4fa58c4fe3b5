"""Budgets in the admin: managers set the phases' dates (which open and close each phase, voting to the
second), the voting rule and the areas. Proposals, plans and results are handled on the staff pages."""

from django.contrib import admin

from luukku.core.admin import ScopedAdmin, ScopedInline
from luukku.core.models import Role

from .models import Area, Budget


class AreaInline(ScopedInline):
    model = Area
    extra = 1
    fields = ["name", "is_whole", "amount"]


@admin.register(Budget)
class BudgetAdmin(ScopedAdmin):
    edit_roles = (Role.MANAGER,)
    list_display = ["title", "informing_starts", "voting_starts", "voting_ends", "rule", "results_published_at"]
    search_fields = ["title"]
    inlines = [AreaInline]
    readonly_fields = ["results_published_at"]
