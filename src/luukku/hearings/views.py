"""Public hearing pages (list, hearing with its comment form and votes; no JavaScript needed) and
the staff pages (create and edit, sections, publish/close/report, moderation, report downloads).
Every row is read with the request's municipality: another municipality's ids are a 404."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.web.staff import nav

from . import report, selectors, services
from .forms import CommentForm, HearingForm, HideForm, SectionForm
from .models import Attachment, Comment, Status

gate = staff_page((Role.MANAGER,))
nav.register("hearings", gettext_lazy("Hearings"), "hearings:staff_list", gate.may, order=57)


def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _url(request, lang, name, *args):
    return reverse(f"hearings:{name}", args=[request.municipality.slug, lang, *args])


def _viewer_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"session:{request.session.session_key}" if request.session.session_key else None


def _map(hearing):
    """Coordinates, an OpenStreetMap link and a marker on a small SVG (no external JavaScript)."""
    if hearing.latitude is None:
        return None
    lat, lon = float(hearing.latitude), float(hearing.longitude)
    return {"lat": lat, "lon": lon, "x": round((lon + 180) / 360 * 200, 1), "y": round((90 - lat) / 180 * 100, 1),
            "osm": f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=15/{lat:.6f}/{lon:.6f}"}


# --- public ----------------------------------------------------------------------------------------------

@never_cache
@require_safe
def hearing_list(request, municipality, lang):
    _check_language(request, lang)
    hearings = list(selectors.public_hearings(request.municipality))
    for h in hearings:
        h.is_open = services.is_open(h)
    return render(request, "hearings/list.html", {"hearings": hearings})


def _render_hearing(request, hearing, form, status=200, refusal=None):
    comments = list(selectors.comments_for(hearing, _viewer_key(request)))
    whole = [c for c in comments if c.section_id is None]
    sections = [(s, [c for c in comments if c.section_id == s.pk]) for s in hearing.sections.all()]
    return render(request, "hearings/hearing.html", {
        "hearing": hearing, "sections": sections, "whole": whole, "form": form, "map": _map(hearing),
        "refusal": refusal or services.participation_refusal(hearing, request), "viewer_key": _viewer_key(request),
        "is_open": services.is_open(hearing),
        "geojson_text": json.dumps(hearing.geojson, ensure_ascii=False) if hearing.geojson else ""}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def hearing(request, municipality, lang, hearing_id):
    _check_language(request, lang)
    obj = selectors.public_hearing(request.municipality, hearing_id)
    if obj is None:
        raise Http404("no such hearing here")
    if request.method == "GET":
        return _render_hearing(request, obj, CommentForm(hearing=obj))
    form = CommentForm(request.POST, hearing=obj)
    if form.is_valid():
        section = None
        if form.cleaned_data["section"]:
            section = obj.sections.filter(public_id=form.cleaned_data["section"]).first()
        try:
            services.comment(obj, request, text=form.cleaned_data["text"], section=section,
                             shown_name=form.cleaned_data["shown_name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your comment has been published."))
            return redirect(_url(request, lang, "hearing", obj.public_id) + "#comments")
    return _render_hearing(request, obj, form, status=400)


@require_POST
def vote(request, municipality, lang, hearing_id, comment_id):
    _check_language(request, lang)
    obj = selectors.public_hearing(request.municipality, hearing_id)
    c = obj and Comment.all_objects.filter(municipality=request.municipality, hearing=obj, hidden=False,
                                           public_id=comment_id).select_related("hearing").first()
    if c is None:
        raise Http404("no such comment here")
    try:
        services.vote(c, request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your vote has been counted."))
    return redirect(_url(request, lang, "hearing", obj.public_id) + f"#comment-{c.public_id}")


@require_safe
def attachment(request, municipality, lang, attachment_id):
    _check_language(request, lang)
    a = Attachment.all_objects.filter(municipality=request.municipality, public_id=attachment_id).select_related(
        "section__hearing").first()
    if a is None or (a.section.hearing.status not in selectors.PUBLIC
                     and not gate.may(request.user, request.municipality)):
        raise Http404("no such attachment here")
    response = FileResponse(a.file.open("rb"), content_type=a.content_type, as_attachment=True, filename=a.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff -----------------------------------------------------------------------------------------------

def _staff_hearing(request, hearing_id):
    obj = selectors.staff_hearing(request.municipality, hearing_id)
    if obj is None:
        raise Http404("not in this municipality")
    return obj


@gate
@require_http_methods(["GET", "POST"])
def staff_list(request, municipality, lang):
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.create_hearing(municipality=request.municipality, by_user=request.user,
                                          **form.fields_for_save())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The hearing was created as a draft."))
            return redirect(_url(request, lang, "staff_hearing", obj.public_id))
    return render(request, "hearings/staff_list.html", {
        "hearings": selectors.staff_list(request.municipality), "form": form},
        status=400 if request.method == "POST" else 200)


def _render_staff(request, obj, *, form=None, section_form=None, hide_forms=None, status=200):
    comments = list(obj.comments.select_related("section").order_by("created_at", "id"))
    hide_forms = hide_forms or {}
    return render(request, "hearings/staff_hearing.html", {
        "hearing": obj, "form": form or HearingForm(instance=obj), "section_form": section_form or SectionForm(),
        "comments": [(c, hide_forms.get(c.pk) or HideForm()) for c in comments],
        "next_statuses": [(s, Status(s).label) for s in sorted(services.HEARING.next_statuses(obj.status))],
        "map": _map(obj)}, status=status)


@gate
@require_http_methods(["GET", "POST"])
def staff_hearing(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    if request.method == "GET":
        return _render_staff(request, obj)
    form = HearingForm(request.POST, instance=obj)
    if form.is_valid():
        try:
            services.update_hearing(obj, **form.fields_for_save())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The hearing was saved."))
            return redirect(_url(request, lang, "staff_hearing", obj.public_id))
    return _render_staff(request, obj, form=form, status=400)


@gate
@require_POST
def add_section(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    form = SectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_section(obj, title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                                 upload=form.cleaned_data["attachment"])
        except ValidationError as exc:
            form.add_error("attachment", exc)
        else:
            messages.success(request, _("The section was added."))
            return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#sections")
    return _render_staff(request, obj, section_form=form, status=400)


@gate
@require_POST
def change_status(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    try:
        services.change_status(obj.pk, request.POST.get("to", ""), municipality=request.municipality,
                               by_user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The status of the hearing was changed."))
    return redirect(_url(request, lang, "staff_hearing", obj.public_id))


@gate
@require_POST
def hide(request, municipality, lang, hearing_id, comment_id):
    obj = _staff_hearing(request, hearing_id)
    c = obj.comments.filter(public_id=comment_id).first()
    if c is None:
        raise Http404("no such comment here")
    form = HideForm(request.POST)
    if form.is_valid():
        services.hide(c, reason=form.cleaned_data["reason"], by_user=request.user)
        messages.success(request, _("The comment was hidden."))
        return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#moderation")
    return _render_staff(request, obj, hide_forms={c.pk: form}, status=400)


@gate
@require_safe
def report_xlsx(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    response = HttpResponse(report.to_xlsx(obj, lang),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="hearing-{obj.public_id}.xlsx"'
    return response


@gate
@require_safe
def report_pdf(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    response = HttpResponse(report.to_pdf(obj, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hearing-{obj.public_id}.pdf"'
    return response
