"""Public hearing pages (list, hearing with its comment form and votes; no JavaScript needed) and
the staff pages (create and edit, sections, publish/close/report, moderation, report downloads).
Every row is read with the request's municipality: another municipality's ids are a 404."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from luukku.core import clock
from luukku.core.decorators import staff_page
from luukku.core.models import Role
from luukku.people.identity import identity_providers
from luukku.people.selectors import current_person, is_strongly_identified
from luukku.web.maps import map_context, osm_link
from luukku.web.staff import nav

from . import report, selectors, services
from .forms import CommentForm, HearingForm, HideForm, SectionForm
from .models import Attachment, Comment, Label, Participation, Status

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


def _map(hearing, municipality):
    """Coordinates and an OpenStreetMap link, always; with JavaScript, the feedback pages' Leaflet map
    (our own static files; tiles are a setting) draws the point and the hearing's area (or else the
    municipality's border). The data goes to the page through json_script, never as code."""
    if hearing.latitude is None and not hearing.geojson:
        return None
    shared = map_context(municipality)
    found = {"area": hearing.geojson or shared["boundary"], "points": [],
             "tiles": shared["map_tiles_url"], "attribution": shared["map_attribution"]}
    if hearing.latitude is not None:
        lat, lon = float(hearing.latitude), float(hearing.longitude)
        found.update(lat=f"{lat:.6f}", lon=f"{lon:.6f}", osm=osm_link(lat, lon, zoom=15))
        found["points"] = [{"lat": lat, "lon": lon, "title": hearing.title, "url": ""}]
    return found


def _with_next(url, request):
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def participation_way(hearing, request) -> dict:
    """Who may take part in words, and for a visitor who may not yet, the way in: sign in (returning to
    the hearing) or identify strongly. Only while the hearing takes comments."""
    way = {"who": {Participation.ANYONE: _("Anyone may comment and vote, also without signing in."),
                   Participation.REGISTERED: _("Residents of the municipality who have signed in may comment "
                                               "and vote."),
                   Participation.STRONG: _("Residents who have identified themselves strongly (with online bank "
                                           "codes or a mobile certificate) may comment and vote.")}[
        hearing.participation]}
    if not services.is_open(hearing) or hearing.participation == Participation.ANYONE:
        return way
    lang = request.LANGUAGE_CODE
    strong_available = identity_providers["oidc"].configured()
    identify = reverse("people:identify", kwargs={"municipality": request.municipality.slug, "lang": lang})
    login = identity_providers["local"].login_url(request.municipality.slug, lang)
    if hearing.participation == Participation.REGISTERED and current_person(request) is None:
        if request.user.is_authenticated:
            way["no_person"] = True
        else:
            way["login_url"] = _with_next(login, request)
            if strong_available:
                way["identify_url"] = _with_next(identify, request)
    elif hearing.participation == Participation.STRONG and not is_strongly_identified(request):
        if strong_available:
            way["identify_url"] = _with_next(identify, request)
        elif not request.user.is_authenticated:
            way["login_url"] = _with_next(login, request)
        else:
            way["no_strong"] = True
    return way


# --- public ----------------------------------------------------------------------------------------------

@never_cache
@require_safe
def hearing_list(request, municipality, lang):
    """Open hearings first, then upcoming, then closed ones; `?aihe=<label>` keeps one label's hearings
    (a plain GET link: no JavaScript). An unknown label shows an empty list that says so."""
    _check_language(request, lang)
    wanted = request.GET.get("aihe", "")[:50]
    label = Label.all_objects.filter(municipality=request.municipality, slug=wanted).first() if wanted else None
    found = selectors.public_list(request.municipality, label=label) if (label or not wanted) else None
    return render(request, "hearings/list.html", {
        "found": found, "labels": selectors.public_labels(request.municipality), "label": label,
        "unknown_label": bool(wanted) and label is None})


def _render_hearing(request, hearing, form, status=200, refusal=None):
    comments = list(selectors.comments_for(hearing, _viewer_key(request)))
    whole = [c for c in comments if c.section_id is None]
    sections = [(s, [c for c in comments if c.section_id == s.pk]) for s in hearing.sections.all()]
    return render(request, "hearings/hearing.html", {
        "hearing": hearing, "sections": sections, "whole": whole, "form": form,
        "map": _map(hearing, request.municipality), "way": participation_way(hearing, request),
        "refusal": refusal or services.participation_refusal(hearing, request), "viewer_key": _viewer_key(request),
        "is_open": services.is_open(hearing),
        "not_yet": hearing.status == Status.PUBLISHED and clock.now() < hearing.opens_at,
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
        "is_draft": obj.status == Status.DRAFT, "sections": list(obj.sections.prefetch_related("attachments")),
        "comments": [(c, hide_forms.get(c.pk) or HideForm()) for c in comments],
        "next_statuses": [(s, Status(s).label) for s in sorted(services.HEARING.next_statuses(obj.status))],
        "map": _map(obj, request.municipality),
        "geojson_text": json.dumps(obj.geojson, ensure_ascii=False) if obj.geojson else ""}, status=status)


@gate
@require_http_methods(["GET", "POST"])
def staff_hearing(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    if request.method == "GET":
        return _render_staff(request, obj)
    form = HearingForm(request.POST, instance=obj)
    if form.is_valid():
        try:
            services.update_hearing(obj, by_user=request.user, **form.fields_for_save())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The hearing was saved."))
            return redirect(_url(request, lang, "staff_hearing", obj.public_id))
    obj.refresh_from_db()  # the form wrote its values on the instance: the page shows what is stored
    return _render_staff(request, obj, form=form, status=400)


@gate
@require_POST
def add_section(request, municipality, lang, hearing_id):
    obj = _staff_hearing(request, hearing_id)
    form = SectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_section(obj, title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                                 upload=form.cleaned_data["attachment"], by_user=request.user)
        except ValidationError as exc:
            form.add_error("attachment" if exc.code != "not_draft" else None, exc)
        else:
            messages.success(request, _("The section was added."))
            return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#sections")
    return _render_staff(request, obj, section_form=form, status=400)


def _staff_section(request, obj, section_id):
    section = obj.sections.filter(public_id=section_id).select_related("hearing").first()
    if section is None:
        raise Http404("no such section here")
    return section


@gate
@require_http_methods(["GET", "POST"])
def edit_section(request, municipality, lang, hearing_id, section_id):
    """A draft's section: its title and text, another attachment, its attachments removed one by one."""
    obj = _staff_hearing(request, hearing_id)
    section = _staff_section(request, obj, section_id)
    status = 200
    if request.method == "POST":
        form = SectionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.update_section(section, title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                                        upload=form.cleaned_data["attachment"], by_user=request.user)
            except ValidationError as exc:
                form.add_error("attachment" if exc.code != "not_draft" else None, exc)
            else:
                messages.success(request, _("The section was saved."))
                return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#sections")
        section.refresh_from_db()
        status = 400
    else:
        form = SectionForm(initial={"title": section.title, "text": section.text})
    return render(request, "hearings/staff_section.html", {
        "hearing": obj, "section": section, "form": form, "is_draft": obj.status == Status.DRAFT},
        status=status)


def _refused_or_done(request, action, done_text):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done_text)


@gate
@require_POST
def delete_section(request, municipality, lang, hearing_id, section_id):
    obj = _staff_hearing(request, hearing_id)
    section = _staff_section(request, obj, section_id)
    _refused_or_done(request, lambda: services.delete_section(section, by_user=request.user),
                     _("The section “%(title)s” was deleted.") % {"title": section.title})
    return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#sections")


@gate
@require_POST
def move_section(request, municipality, lang, hearing_id, section_id):
    obj = _staff_hearing(request, hearing_id)
    section = _staff_section(request, obj, section_id)
    _refused_or_done(request, lambda: services.move_section(section, request.POST.get("direction", ""),
                                                            by_user=request.user),
                     _("The order of the sections was changed."))
    return redirect(_url(request, lang, "staff_hearing", obj.public_id) + "#sections")


@gate
@require_POST
def remove_attachment(request, municipality, lang, hearing_id, attachment_id):
    obj = _staff_hearing(request, hearing_id)
    a = Attachment.all_objects.filter(municipality=request.municipality, section__hearing=obj,
                                      public_id=attachment_id).select_related("section__hearing").first()
    if a is None:
        raise Http404("no such attachment here")
    _refused_or_done(request, lambda: services.remove_attachment(a, by_user=request.user),
                     _("The attachment “%(name)s” was removed.") % {"name": a.name})
    return redirect(_url(request, lang, "edit_section", obj.public_id, a.section.public_id))


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
