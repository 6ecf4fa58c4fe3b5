"""/<municipality>/<lang>/virkailija/: the staff desk, where a staff member lands after logging in.
Each role's desk is its daily work (web.staff.nav.desk): a handler's queues, an agent's front office,
a manager's figures, the officer's audit search; the desk forwards there. A catalogue editor's work
is in the administration: their desk is a page with that link."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from luukku.core import selectors
from luukku.core.decorators import staff_page
from luukku.core.models import Role

from . import nav

gate = staff_page((), may=nav.is_staff_member)


def may_administer(user, municipality) -> bool:
    """The administration's catalogue and settings: catalogue editors and administrators."""
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)) and (
        selectors.has_role(user, municipality, (Role.CATALOGUE_EDITOR,)))


nav.register("admin", gettext_lazy("Administration"), "admin:index", may_administer, order=90, portal=False,
             desk_of=(Role.CATALOGUE_EDITOR,))


@gate
@require_safe
def desk(request, municipality, lang):
    entry = nav.desk(request.user, request.municipality)
    if entry is not None and entry.portal:
        return redirect(entry.url(request.municipality, lang))
    return render(request, "web/staff/desk.html", {"entry": entry})


def desk_url(municipality, lang) -> str:
    return reverse("desk:home", kwargs={"municipality": municipality.slug, "lang": lang})
