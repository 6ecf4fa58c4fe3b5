"""The managers' dashboard (staff workspace) and its exports. Thin: the filters (forms), the figures
(report → selectors → the daily roll-ups), the export writers (exports).

Who sees what: managers and administrators of the municipality (the gate); a manager whose role is
bound to units sees those units' figures only (core.selectors.units_for, as cases.access does)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from luukku.core import clock
from luukku.core import selectors as core_selectors
from luukku.core.decorators import staff_page
from luukku.core.models import Role, Unit
from luukku.web.staff import nav
from luukku.web.staff.pages import summary

from . import exports, report
from .forms import DashboardFilterForm
from .selectors import Scope

ROLES = (Role.MANAGER,)  # administrators pass every gate
gate = staff_page(ROLES)
nav.register("insight", gettext_lazy("Dashboard"), "insight:dashboard", gate.may, order=50,
             desk_of=(Role.MANAGER,))


def _reach(request):
    """(units the user may see the figures of, or None for all; those units as rows for the filter)."""
    units = core_selectors.units_for(request.user, request.municipality, ROLES)
    if units is None:
        return None, list(Unit.all_objects.filter(municipality=request.municipality).order_by("slug"))
    return tuple(u.pk for u in units), sorted(units, key=lambda u: u.slug)


def _filtered(request):
    from luukku.catalogue.models import Service

    reach, units = _reach(request)
    services = Service.all_objects.filter(municipality=request.municipality).order_by("slug").only("slug", "name")
    data = request.GET.copy()
    data.pop("view", None)  # the view is no filter
    form = DashboardFilterForm(data or None, units=units, services=services)
    if data:
        valid = form.is_valid()
    else:
        form = DashboardFilterForm({"preset": "12m"}, units=units, services=services)
        valid = form.is_valid()
    if not valid:
        return form, None
    data = form.cleaned_data
    chosen = data["unit_obj"]
    scope = Scope(request.municipality.pk, data["start"], data["end"],
                  units=(chosen.pk,) if chosen is not None else reach,
                  service_id=data["service_obj"].pk if data["service_obj"] is not None else None)
    return form, scope


def _heading(request, form, scope, view) -> list[tuple[str, str]]:
    data = form.cleaned_data
    return [(_("Municipality"), str(request.municipality)), (_("View"), str(report.VIEWS[view][0])),
            (_("Time period"), f"{scope.start:%-d.%-m.%Y}–{scope.end:%-d.%-m.%Y}"),
            (_("Unit"), str(data["unit_obj"]) if data["unit_obj"] else _("All units you manage")),
            (_("Service"), str(data["service_obj"]) if data["service_obj"] else _("All services")),
            (_("Made"), clock.local_now().strftime("%-d.%-m.%Y %H:%M")),
            (_("Note"), _("Medians and 90th percentiles are approximate (read from day ranges)."))]


def _view(request) -> str:
    """The view asked for (?view=…; none: the first). An unknown one is not found."""
    view = request.GET.get("view") or next(iter(report.VIEWS))
    if view not in report.VIEWS:
        raise Http404
    return view


def _tabs(request, view) -> list[dict]:
    """The sub-navigation: each view's link keeps the filters."""
    tabs = []
    for key, (label, _build) in report.VIEWS.items():
        query = request.GET.copy()
        query["view"] = key
        tabs.append({"key": key, "label": label, "query": query.urlencode(), "current": key == view})
    return tabs


def _sections(scope, lang, view):
    sections = report.view_sections(scope, lang, view)
    for s in sections:
        s.empty = _("No data for this period.")
        s.cells = [[(report.fmt(v, c.kind), c) for v, c in zip(row, s.columns, strict=True)] for row in s.rows]
    return sections


@gate
@require_safe
def dashboard(request, municipality, lang):
    view = _view(request)
    form, scope = _filtered(request)
    return _page(request, lang, form, scope, view)


def _page(request, lang, form, scope, view):
    context = {"form": form, "errors": summary("filter", form) if scope is None else [], "scope": scope,
               "view": view, "view_label": report.VIEWS[view][0], "tabs": _tabs(request, view)}
    if scope is not None:
        sections = _sections(scope, lang, view)
        query = request.GET.copy()
        query["view"] = view  # the export is of the view shown
        context.update(sections=sections, capped=form.capped, query=query.urlencode(),
                       empty=not any(s.rows for s in sections if s.key != "backlog"))
    return render(request, "insight/dashboard.html", context, status=400 if scope is None else 200)


def _export(request, lang, kind):
    view = _view(request)
    form, scope = _filtered(request)
    if scope is None:
        return _page(request, lang, form, None, view)  # the page with the filters' errors
    sections = _sections(scope, lang, view)
    heading = _heading(request, form, scope, view)
    name = f"luukku-{request.municipality.slug}-{view}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    if kind == "csv":
        response = HttpResponse(exports.to_csv(heading, sections), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_xlsx(heading, sections), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@gate
@require_safe
def export_csv(request, municipality, lang):
    return _export(request, lang, "csv")


@gate
@require_safe
def export_xlsx(request, municipality, lang):
    return _export(request, lang, "xlsx")
