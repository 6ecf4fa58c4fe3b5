"""The legal bases for disclosure in the admin: the municipality's administrator records under which
provision a case type's cases go to a partner without the resident's consent."""

from django.contrib import admin

from luukku.core.admin import ScopedAdmin
from luukku.core.models import Role

from .models import DisclosureBasis


@admin.register(DisclosureBasis)
class DisclosureBasisAdmin(ScopedAdmin):
    view_roles = (Role.CASE_HANDLER, Role.MANAGER)
    edit_roles = (Role.ADMINISTRATOR,)
    list_display = ["case_type", "partner", "law"]
