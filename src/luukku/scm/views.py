"""Staff pages of the administrative burden: the report (table, bar chart, CSV), the estimates and
the value of an hour, the volumes entered by hand, and the changes compared before and after.
Managers and administrators of the municipality only; every row is read and written with the
request's municipality, so another municipality's ids are a 404. The pages show no one's personal
data (counts and estimates only), so they leave no audit trace."""

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav
from luukku.web.staff.pages import add_service_errors, summary, own_or_404, page_url

from . import chart, selectors, services
from .forms import ChangeForm, EstimateForm, HourValueForm, PeriodForm, VolumeForm
from .models import Change, Estimate, ManualVolume

gate = staff_page((Role.MANAGER,))
nav.register("scm", gettext_lazy("Administrative burden"), "scm:report", gate.may, order=55)




# --- the report ----------------------------------------------------------------------------------------

def _period(request):
    """The period asked for (default: the last twelve months, a year's burden up to today) and its
    form, bound when asked."""
    today = clock.today()
    default = {"start": (today - dt.timedelta(days=364)).isoformat(), "end": today.isoformat(), "by": "service"}
    asked = {k: request.GET[k] for k in ("start", "end", "by") if k in request.GET}
    form = PeriodForm({**default, **asked})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"] or "service"
    return form, None, None, "service"


def _report(request):
    form, start, end, by = _period(request)
    context = {"form": form, "errors": summary("period", form), "by": by, "start": start, "end": end,
               "hour_value": selectors.hour_value(request.municipality)}
    if start is not None:
        lines = selectors.measure(request.municipality, start, end)
        groups, channels = selectors.group(lines, by)
        context.update(lines=lines, groups=groups, channels=channels, total=selectors.total(lines),
                       grouping=selectors.GROUPINGS[by],
                       chart=chart.bars([(g.label, float(g.total.hours)) for g in groups if g.total.hours]))
    return context


@gate
@require_safe
def report(request, municipality, lang):
    context = _report(request)
    return render(request, "scm/report.html", context, status=400 if context["errors"] else 200)


def _safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value, places):
    return "" if value is None else str(selectors.rounded(value, places))


@gate
@require_safe
def report_csv(request, municipality, lang):
    """The report's table, one row per group and channel and a total row per group."""
    context = _report(request)
    if context["errors"]:
        return render(request, "scm/report.html", context, status=400)
    hour_value = context["hour_value"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="burden-{request.municipality.slug}-'
                                       f'{context["start"]:%Y%m%d}-{context["end"]:%Y%m%d}.csv"')
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(context["grouping"]).capitalize(), _("Channel"), _("Transactions counted"),
                     _("Transactions entered"), _("Time (h)"), _("Money (€)"), _("Total in euros (€)"),
                     _("Transactions without an estimate")])
    channels = dict(selectors.CHANNELS)

    def row(label, channel, t):
        writer.writerow([_safe(label), channel, t.count, _number(t.manual, 0), _number(t.hours, 1),
                         _number(t.money, 2), _number(t.euros(hour_value), 2), t.unestimated])

    for g in context["groups"]:
        for channel in context["channels"]:
            if channel in g.channels:
                row(g.label, str(channels[channel]), g.channels[channel])
        row(g.label, _("All channels"), g.total)
    return response


# --- estimates and the value of an hour ------------------------------------------------------------

def _estimates_page(request, *, form=None, hour_form=None, status=200):
    estimates = (Estimate.all_objects.filter(municipality=request.municipality).select_related("service")
                 .order_by("service__slug", "channel", "valid_from"))
    value = selectors.hour_value(request.municipality)
    form = form or EstimateForm(municipality=request.municipality, initial={"valid_from": clock.today().isoformat()})
    hour_form = hour_form or HourValueForm(initial={"hour_value": value})
    errors = summary("estimate", form) + summary("hour", hour_form)
    return render(request, "scm/estimates.html", {"estimates": estimates, "form": form, "hour_form": hour_form,
                                                  "errors": errors, "hour_value": value},
                  status=400 if errors else status)


def _save_estimate(request, form, estimate=None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.save_estimate(municipality=request.municipality, service=data["service"], channel=data["channel"],
                               valid_from=data["valid_from"], minutes=data["total_minutes"], money=data["money"],
                               note=data["note"].strip(), estimate=estimate)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def estimates(request, municipality, lang):
    if request.method != "POST":
        return _estimates_page(request)
    form = EstimateForm(request.POST, municipality=request.municipality)
    if _save_estimate(request, form):
        messages.success(request, _("The estimate was saved."))
        return redirect(page_url(request, lang, "scm:estimates"))
    return _estimates_page(request, form=form)


@gate
@require_POST
def hour_value(request, municipality, lang):
    form = HourValueForm(request.POST)
    if not form.is_valid():
        return _estimates_page(request, hour_form=form)
    services.set_hour_value(municipality=request.municipality, hour_value=form.cleaned_data["hour_value"])
    messages.success(request, _("The value of an hour was saved."))
    return redirect(page_url(request, lang, "scm:estimates"))


@gate
@require_http_methods(["GET", "HEAD", "POST"])
def estimate(request, municipality, lang, estimate_id):
    obj = own_or_404(Estimate.all_objects.select_related("service"), request, estimate_id)
    if request.method == "POST":
        form = EstimateForm(request.POST, municipality=request.municipality)
        if _save_estimate(request, form, obj):
            messages.success(request, _("The estimate was saved."))
            return redirect(page_url(request, lang, "scm:estimates"))
    else:
        form = EstimateForm(municipality=request.municipality, initial={
            "service": obj.service_id, "channel": obj.channel, "valid_from": obj.valid_from.isoformat(),
            "hours": obj.minutes // 60, "minutes": obj.minutes % 60, "money": obj.money, "note": obj.note})
    errors = summary("estimate", form)
    return render(request, "scm/estimate.html", {"estimate": obj, "form": form, "errors": errors},
                  status=400 if errors else 200)


@gate
@require_POST
def delete_estimate(request, municipality, lang, estimate_id):
    services.delete_estimate(own_or_404(Estimate.all_objects.select_related("service"), request, estimate_id))
    messages.success(request, _("The estimate was removed."))
    return redirect(page_url(request, lang, "scm:estimates"))


# --- volumes entered by hand -------------------------------------------------------------------------

@gate
@require_http_methods(["GET", "HEAD", "POST"])
def volumes(request, municipality, lang):
    form = VolumeForm(request.POST if request.method == "POST" else None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_volume(municipality=request.municipality, service=data["service"], channel=data["channel"],
                                start=data["start"], end=data["end"], count=data["count"], note=data["note"].strip())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The volume was saved."))
            return redirect(page_url(request, lang, "scm:volumes"))
    rows = (ManualVolume.all_objects.filter(municipality=request.municipality).select_related("service")
            .order_by("service__slug", "channel", "start"))
    errors = summary("volume", form)
    return render(request, "scm/volumes.html", {"volumes": rows, "form": form, "errors": errors},
                  status=400 if errors else 200)


@gate
@require_POST
def delete_volume(request, municipality, lang, volume_id):
    services.delete_volume(own_or_404(ManualVolume, request, volume_id))
    messages.success(request, _("The volume was removed."))
    return redirect(page_url(request, lang, "scm:volumes"))


# --- changes, before and after -----------------------------------------------------------------------

@gate
@require_http_methods(["GET", "HEAD", "POST"])
def changes(request, municipality, lang):
    form = ChangeForm(request.POST if request.method == "POST" else None, municipality=request.municipality,
                      initial={"window_days": 365})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.save_change(municipality=request.municipality, service=data["service"],
                                          name=data["name"], date=data["date"], window_days=data["window_days"],
                                          description=data["description"].strip())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The change was saved."))
            return redirect(page_url(request, lang, "scm:change", change_id=change.public_id))
    rows = Change.all_objects.filter(municipality=request.municipality).select_related("service")
    errors = summary("change", form)
    return render(request, "scm/changes.html", {"changes": rows, "form": form, "errors": errors},
                  status=400 if errors else 200)


@gate
@require_safe
def change(request, municipality, lang, change_id):
    obj = own_or_404(Change, request, change_id)
    obj.municipality = request.municipality
    comparison = selectors.compare(obj, clock.today())
    value = selectors.hour_value(request.municipality)
    rows = [(c, str(selectors.CHANNELS[c]), comparison.before.lines.get(c), comparison.after.lines.get(c),
             comparison.difference(c)) for c in comparison.channels]
    return render(request, "scm/change.html", {"change": obj, "comparison": comparison, "rows": rows,
                                               "difference": comparison.difference(), "hour_value": value})


@gate
@require_POST
def delete_change(request, municipality, lang, change_id):
    services.delete_change(own_or_404(Change, request, change_id))
    messages.success(request, _("The change was removed."))
    return redirect(page_url(request, lang, "scm:changes"))
