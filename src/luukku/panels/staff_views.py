"""The staff side: managers (and administrators) make surveys, draw resident panels, read the panel's
composition against the population and the suppressed results (and their CSV). A survey of another
municipality is not found (404); other staff get 403 and no menu link. Only the list of a panel's
people reads personal data (names and stratum): each read leaves one audit row per person."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.core.services import record_audits
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary

from . import selectors, services
from .forms import SampleForm, SurveyForm

gate = staff_page((Role.MANAGER,))  # administrators too (core.selectors.has_role)
nav.register("panels", gettext_lazy("Surveys and resident panels"), "panels:staff_home", gate.may, order=46)
HIDDEN_MARK = ".."  # Statistics Finland's mark for a figure kept confidential


def _survey(request, survey_id):
    survey = selectors.survey_of(request.municipality, survey_id)
    if survey is None:
        raise Http404("no such survey")
    return survey


def _sample(request, survey, sample_id):
    sample = selectors.sample_of(survey, sample_id)
    if sample is None:
        raise Http404("no such panel")
    return sample


def _url(request, lang, name, **kwargs):
    return reverse(f"panels:{name}", kwargs={"municipality": request.municipality.slug, "lang": lang, **kwargs})


def _by(request) -> str:
    by = request.GET.get("by", "")
    return by if by in selectors.DIMENSIONS else ""


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def home(request, municipality, lang):
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        opens, closes = form.times()
        try:
            survey = services.create_survey(municipality=request.municipality, title=form.cleaned_data["title"],
                                            opens_at=opens, closes_at=closes, questions=form.cleaned_data["questions"],
                                            open_to_all=form.cleaned_data["open_to_all"], by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey is saved. Draw a resident panel to invite next."))
            return redirect(_url(request, lang, "staff_survey", survey_id=survey.public_id))
    errors = summary("survey", form)
    return render(request, "panels/staff/home.html", {
        "surveys": selectors.surveys_of(request.municipality), "form": form, "errors": errors,
    }, status=400 if errors else 200)


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request, municipality, lang, survey_id):
    survey = _survey(request, survey_id)
    form = SampleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.draw_sample(survey, size=form.cleaned_data["size"], seed=form.cleaned_data["seed"],
                                          factors=form.cleaned_data["factors"], by_rates=form.cleaned_data["by_rates"],
                                          by_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The panel is drawn and its invitations are on their way."))
            return redirect(_url(request, lang, "staff_sample", survey_id=survey.public_id, sample_id=sample.public_id))
    errors = summary("sample", form)
    return render(request, "panels/staff/survey.html", {
        "survey": survey, "samples": survey.samples.all(), "form": form, "errors": errors,
        "questions": survey.questions.all(),
    }, status=400 if errors else 200)


@gate
@require_safe
def sample_page(request, municipality, lang, survey_id, sample_id):
    survey = _survey(request, survey_id)
    sample = _sample(request, survey, sample_id)
    return render(request, "panels/staff/sample.html", {
        "survey": survey, "sample": sample, "rows": selectors.composition(sample),
        "population": sum(sample.population.values()), "drawn": sum(sample.drawn.values()),
    })


@gate
@require_safe
def sample_people(request, municipality, lang, survey_id, sample_id):
    """Who was invited (name and stratum only: for a returned letter or a resident's question)."""
    survey = _survey(request, survey_id)
    sample = _sample(request, survey, sample_id)
    invitations = list(selectors.sample_people(sample))
    record_audits(municipality=request.municipality, actor=request.user, action="panels.sample_people",
                  purpose="resident panel", role=Role.MANAGER,
                  subjects=[(i.person.public_id if i.person else None, "panels.sample", sample.public_id)
                            for i in invitations])
    return render(request, "panels/staff/people.html", {"survey": survey, "sample": sample,
                                                        "invitations": invitations})


@gate
@require_safe
def results(request, municipality, lang, survey_id):
    survey = _survey(request, survey_id)
    by = _by(request)
    return render(request, "panels/staff/results.html", {
        "survey": survey, "by": by, "dimensions": selectors.DIMENSIONS, "results": selectors.results(survey, by=by),
        "rates": selectors.response_rates(survey, by=by or "stratum"),
    })


def _cell(value):
    return HIDDEN_MARK if value is None else value


@gate
@require_safe
def results_csv(request, municipality, lang, survey_id):
    survey = _survey(request, survey_id)
    by = _by(request)
    data = selectors.results(survey, by=by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.public_id}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    groups = data["groups"] if by else []
    writer.writerow([_("Question"), _("Answer"), *groups, _("Total")])
    for item in data["questions"]:
        for row in item["rows"]:
            writer.writerow([item["question"].text, row["label"],
                             *([_cell(c["count"]) for c in row["cells"]] if by else []), _cell(row["total"])])
        writer.writerow([item["question"].text, _("Respondents"),
                         *([_cell(n) for n in item["respondents"]] if by else []), _cell(item["total"])])
    return response
