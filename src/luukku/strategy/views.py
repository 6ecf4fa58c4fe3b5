"""Staff pages of the strategy linkage: the portfolio (goals, the projects serving each, their
indicator chains; goals with no project and projects with no goal called out), and the forms that
record goals, projects and indicators. Managers and administrators of the municipality only; every
row is looked up with the request's municipality, so another municipality's ids are a 404. No
personal data is shown, so no audit trace is left."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary, own_or_404, page_url

from . import selectors, services
from .forms import GoalForm, IndicatorForm, ProjectForm
from .models import Goal, Indicator, Project

gate = staff_page((Role.MANAGER,))
nav.register("strategy", gettext_lazy("Strategy and projects"), "strategy:portfolio", gate.may, order=56)




def _form_page(request, template, prefix, form, context, status=200):
    errors = summary(prefix, form)
    return render(request, template, {"form": form, "errors": errors, **context}, status=400 if errors else status)


@gate
@require_safe
def portfolio(request, municipality, lang):
    return render(request, "strategy/portfolio.html", {"portfolio": selectors.portfolio(request.municipality)})


# --- goals ---------------------------------------------------------------------------------------------

@gate
@require_http_methods(["GET", "HEAD", "POST"])
def goal(request, municipality, lang, goal_id=None):
    """A new goal (no id) or one edited."""
    obj = own_or_404(Goal, request, goal_id) if goal_id else None
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_goal(municipality=request.municipality, title=data["title"], goal=obj,
                                   description=data["description"].strip(), start_year=data["start_year"],
                                   end_year=data["end_year"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The goal was saved."))
                return redirect(page_url(request, lang, "strategy:portfolio"))
    else:
        form = GoalForm(initial={"title": obj.title, "description": obj.description, "start_year": obj.start_year,
                                 "end_year": obj.end_year} if obj else None)
    return _form_page(request, "strategy/goal.html", "goal", form, {"goal": obj})


@gate
@require_POST
def delete_goal(request, municipality, lang, goal_id):
    services.delete_goal(own_or_404(Goal, request, goal_id))
    messages.success(request, _("The goal was removed."))
    return redirect(page_url(request, lang, "strategy:portfolio"))


# --- projects and their indicators ------------------------------------------------------------------

@gate
@require_http_methods(["GET", "HEAD", "POST"])
def new_project(request, municipality, lang):
    form = ProjectForm(request.POST if request.method == "POST" else None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        project = _save_project(request, form)
        if project is not None:
            messages.success(request, _("The project was saved. Add its indicators."))
            return redirect(page_url(request, lang, "strategy:project", project_id=project.public_id))
    return _form_page(request, "strategy/new_project.html", "project", form, {})


def _save_project(request, form, project=None):
    data = form.cleaned_data
    try:
        return services.save_project(municipality=request.municipality, title=data["title"], project=project,
                                     description=data["description"].strip(), goals=list(data["goals"]))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _project_page(request, project, *, form=None, indicator_form=None):
    form = form or ProjectForm(municipality=request.municipality, initial={
        "title": project.title, "description": project.description, "goals": list(project.goals.all())})
    indicator_form = indicator_form or IndicatorForm()
    errors = summary("project", form) + summary("indicator", indicator_form)
    return render(request, "strategy/project.html", {
        "project": project, "form": form, "indicator_form": indicator_form, "errors": errors,
        "chain": selectors.chain(project.indicators.all()), "goals": list(project.goals.all()),
    }, status=400 if errors else 200)


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def project(request, municipality, lang, project_id):
    obj = own_or_404(Project, request, project_id)
    if request.method != "POST":
        return _project_page(request, obj)
    form = ProjectForm(request.POST, municipality=request.municipality)
    if form.is_valid() and _save_project(request, form, obj) is not None:
        messages.success(request, _("The project was saved."))
        return redirect(page_url(request, lang, "strategy:project", project_id=obj.public_id))
    return _project_page(request, obj, form=form)


@gate
@require_POST
def delete_project(request, municipality, lang, project_id):
    services.delete_project(own_or_404(Project, request, project_id))
    messages.success(request, _("The project was removed."))
    return redirect(page_url(request, lang, "strategy:portfolio"))


def _save_indicator(form, project, indicator=None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.save_indicator(project=project, indicator=indicator, level=data["level"], name=data["name"],
                                unit=data["unit"].strip(), baseline=data["baseline"], target=data["target"],
                                latest_value=data["latest_value"], latest_on=data["latest_on"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@gate
@require_POST
def add_indicator(request, municipality, lang, project_id):
    obj = own_or_404(Project, request, project_id)
    form = IndicatorForm(request.POST)
    if _save_indicator(form, obj):
        messages.success(request, _("The indicator was saved."))
        return redirect(page_url(request, lang, "strategy:project", project_id=obj.public_id))
    return _project_page(request, obj, indicator_form=form)


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def indicator(request, municipality, lang, project_id, indicator_id):
    obj = own_or_404(Project, request, project_id)
    item = own_or_404(Indicator, request, indicator_id, project=obj)
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if _save_indicator(form, obj, item):
            messages.success(request, _("The indicator was saved."))
            return redirect(page_url(request, lang, "strategy:project", project_id=obj.public_id))
    else:
        form = IndicatorForm(initial={
            "level": item.level, "name": item.name, "unit": item.unit, "baseline": item.baseline,
            "target": item.target, "latest_value": item.latest_value,
            "latest_on": item.latest_on.isoformat() if item.latest_on else ""})
    return _form_page(request, "strategy/indicator.html", "indicator", form, {"project": obj, "indicator": item})


@gate
@require_POST
def delete_indicator(request, municipality, lang, project_id, indicator_id):
    obj = own_or_404(Project, request, project_id)
    services.delete_indicator(own_or_404(Indicator, request, indicator_id, project=obj))
    messages.success(request, _("The indicator was removed."))
    return redirect(page_url(request, lang, "strategy:project", project_id=obj.public_id))
