"""Resident pages of feedback: give, thanks, follow (the secret link), rate, photos, the public list.

Every page works without JavaScript (the map only fills the hidden latitude/longitude). Giving and
following need no login; a logged-in resident's details are prefilled and the feedback is linked to
them (My cases). The follow-up link is a secret: an unknown token is a plain 404."""

import math

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_safe,
)

from luukku.core import geo, ratelimit
from luukku.people.selectors import current_person
from luukku.web.maps import map_context

from . import media as media_checks
from . import selectors, services
from .forms import FeedbackForm, RatingForm, attribute_field_name, group_categories, mark_invalid
from .media import photo_response
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RESIDENT_STATUS,
    Channel,
    Media,
    Reply,
    Satisfaction,
    StatusChange,
)

PAGE_SIZE = 20
NEAR_RADIUS_M = 500  # the public list's "near this place"


def _check_language(request, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")


def _url(request, name, **kwargs):
    return reverse(f"feedback:{name}", kwargs={"municipality": request.municipality.slug,
                                               "lang": request.LANGUAGE_CODE, **kwargs})


def status_text(status: str) -> str:
    """The status in the resident's words (models.RESIDENT_STATUS)."""
    return str(RESIDENT_STATUS.get(status, status))


def _by_token(request, token):
    feedback = selectors.by_token(request.municipality, token)
    if feedback is None:
        raise Http404("no such feedback")
    feedback.municipality = request.municipality
    return feedback


# --- give ---------------------------------------------------------------------------------------------

def _prefill(person) -> dict:
    if person is None:
        return {}
    return {"first_name": person.first_names, "last_name": person.last_name, "email": person.email,
            "phone": person.phone}


def _posted(request) -> dict:
    """What was typed, as `initial` for an unbound form (the 429 page shows it without errors)."""
    return {key: values if len(values) > 1 else values[0]
            for key, values in request.POST.lists() if key != "csrfmiddlewaretoken"}


def _render_give(request, form, *, status=200, photo_errors=(), nearby=(), limited=0, photos_dropped=False):
    mark_invalid(form)
    chosen = form["category"].value()
    return render(request, "feedback/give.html", {
        "form": form,
        "categories": form.categories,
        "category_groups": group_categories(form.categories, request.LANGUAGE_CODE, chosen or ""),
        "chosen_category": chosen,
        "question_groups": [(c, [form[n] for n in names]) for c, names in form.question_groups],
        "errors": _summary(form, photo_errors),
        "photo_errors": photo_errors,
        "photos_dropped": photos_dropped,
        "nearby": nearby,
        "limited": limited,
        "latitude": form["latitude"].value() or "",
        "longitude": form["longitude"].value() or "",
        "min_description": services.MIN_DESCRIPTION, "max_description": services.MAX_DESCRIPTION,
        "max_photos": media_checks.max_count(), "max_photo_mb": media_checks.max_bytes() // 2**20,
        "person": current_person(request),
        **map_context(request.municipality),
    }, status=status)


def _anchor(form, name) -> str:
    if name in ("latitude", "longitude"):
        name = "address"
    if name not in form.fields:
        return ""
    if name == "category":  # its radios are inside themes that may be closed: the whole question
        return "field-category"
    field = form[name]
    grouped = getattr(form.fields[name].widget, "input_type", "") in ("radio", "checkbox")
    return f"{field.auto_id}_0" if grouped else field.auto_id


def _summary(form, photo_errors) -> list[tuple[str, str]]:
    """[(anchor, message)] in the order of the page."""
    if not form.is_bound:
        return []
    rows = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            rows.append((_anchor(form, name), message))
        if name == "longitude":  # photos come after the place on the page
            rows += [("id_photos", message) for message in photo_errors]
    rows += [("", message) for message in form.errors.get(NON_FIELD_ERRORS, [])]
    return rows


def _add_errors(form, exc: ValidationError, category, photo_errors: list):
    """Put a service's ValidationError on the form's fields (attributes by their code)."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, errors in exc.error_dict.items():
        for error in errors:
            for message in error.messages if hasattr(error, "messages") else [str(error)]:
                if key == "photos":
                    photo_errors.append(message)
                elif key == "attributes" and category is not None:
                    code, _sep, text = message.partition(": ")
                    name = attribute_field_name(category, code)
                    form.add_error(name if name in form.fields else None, text or message)
                else:
                    field = {"location": "address"}.get(key, key)
                    form.add_error(field if field in form.fields else None, message)


def _check(form, category, photos, photo_errors):
    """The services' own checks, so that every problem is reported at once (not one per post)."""
    municipality = form.municipality
    checks = [lambda: services.check_description(form.data.get("description", ""))]
    if category is not None:
        checks += [
            lambda: services.check_location(municipality, category, form.data.get("latitude", ""),
                                            form.data.get("longitude", ""), form.data.get("address", "")),
            lambda: services.check_attributes(category, form.answers_for(category)),
        ]
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            _add_errors(form, exc, category, photo_errors)
    try:
        media_checks.check_photos(photos)
    except ValidationError as exc:
        photo_errors.extend(exc.messages)
    for photo in photos:
        photo.seek(0)  # read by the check; submit() reads them again


@never_cache
@require_http_methods(["GET", "POST"])
def give(request, municipality, lang):
    _check_language(request, lang)
    person = current_person(request)
    categories = list(selectors.categories(request.municipality))
    if request.method == "GET":
        initial = _prefill(person)
        if request.GET.get("category"):
            initial["category"] = request.GET["category"]
        return _render_give(request, FeedbackForm(initial=initial, categories=categories, language=lang))

    if request.POST.get("clear_location"):  # the no-JavaScript way to remove a chosen map point
        kept = {k: v for k, v in _posted(request).items() if k not in ("latitude", "longitude", "clear_location")}
        return _render_give(request, FeedbackForm(initial=kept, categories=categories, language=lang),
                            photos_dropped=bool(request.FILES))

    wait = ratelimit.hit("feedback-form", ratelimit.client_address(request), *ratelimit.feedback_limit())
    if wait:
        form = FeedbackForm(initial=_posted(request), categories=categories, language=lang)
        response = _render_give(request, form, status=429, limited=max(1, wait // 60),
                                photos_dropped=bool(request.FILES))
        response["Retry-After"] = str(wait)
        return response

    form = FeedbackForm(request.POST, categories=categories, language=lang)
    form.municipality = request.municipality
    form.is_valid()
    category = form.chosen_category()
    photos = request.FILES.getlist("photos")
    photo_errors: list[str] = []
    _check(form, category, photos, photo_errors)
    if form.errors or photo_errors:
        return _render_give(request, form, status=400, photo_errors=photo_errors, photos_dropped=bool(photos))

    data = form.cleaned_data
    if not data.get("confirm"):
        lat, lon = services.check_location(request.municipality, category, data["latitude"], data["longitude"],
                                           data["address"])
        nearby = selectors.nearby(request.municipality, category, lat, lon, radius_m=services.DUPLICATE_RADIUS_M,
                                  only_public=True)
        if nearby:
            return _render_give(request, form, nearby=nearby, photos_dropped=bool(photos))
    try:
        feedback = services.submit(
            municipality=request.municipality, category=category, description=form.data.get("description", ""),
            channel=Channel.ONLINE, language=lang, kind=data["kind"], title=data["title"],
            latitude=data["latitude"], longitude=data["longitude"], address=data["address"],
            attributes=form.answers_for(category), person=person, first_name=data["first_name"],
            last_name=data["last_name"], email=data["email"], phone=data["phone"], photos=photos)
    except ValidationError as exc:
        _add_errors(form, exc, category, photo_errors)
        return _render_give(request, form, status=400, photo_errors=photo_errors, photos_dropped=bool(photos))
    return redirect(_url(request, "thanks", token=feedback.token))


# --- thanks and follow ---------------------------------------------------------------------------------

def _acknowledged(feedback) -> bool:
    from luukku.notify.models import Notification

    return Notification.all_objects.filter(municipality_id=feedback.municipality_id,
                                           idempotency_key=f"feedback:{feedback.public_id}:received").exists()


@never_cache
@require_safe
def thanks(request, municipality, lang, token):
    _check_language(request, lang)
    feedback = _by_token(request, token)
    return render(request, "feedback/thanks.html", {
        "feedback": feedback,
        "follow_link": request.build_absolute_uri(_url(request, "follow", token=feedback.token)),
        "acknowledged": _acknowledged(feedback),
        "by_person": bool(feedback.person_id),
    })


def _can_rate(feedback) -> bool:
    if feedback.status not in CLOSED_STATUSES or feedback.closed_at is None:
        return False
    return not Satisfaction.all_objects.filter(feedback=feedback, at__gte=feedback.closed_at).exists()


def _render_follow(request, feedback, *, rating_form=None, rating_errors=(), status=200):
    history = [{"at": row.at, "status": status_text(row.to_status)}
               for row in StatusChange.all_objects.filter(feedback=feedback)]
    if rating_form is not None:
        mark_invalid(rating_form)
    return render(request, "feedback/follow.html", {
        "feedback": feedback,
        "status": status_text(feedback.status),
        "is_open": feedback.status not in CLOSED_STATUSES,
        "replies": list(Reply.all_objects.filter(feedback=feedback).only("at", "body")),
        "history": history,
        "photos": list(Media.all_objects.filter(feedback=feedback)),
        "answers": _answers(feedback),
        "can_rate": _can_rate(feedback),
        "last_rating": Satisfaction.all_objects.filter(feedback=feedback).order_by("-at", "-id").first(),
        "rating_form": rating_form or RatingForm(),
        "rating_errors": list(rating_errors),
    }, status=status)


def _answers(feedback) -> list[tuple[str, str]]:
    """The reporter's answers to the extra questions, as (question, answer) in their language."""
    from luukku.core.translation import tr

    rows = []
    for spec in feedback.category.attributes or []:
        value = (feedback.attributes or {}).get(spec.get("code"))
        if value in (None, "", []):
            continue
        names = {str(v.get("key")): tr(v.get("name") or {}) for v in spec.get("values") or []}
        values = value if isinstance(value, list) else [value]
        rows.append((tr(spec.get("description") or {}) or spec.get("code"),
                     ", ".join(names.get(str(v)) or str(v) for v in values)))
    return rows


@never_cache
@require_safe
def follow(request, municipality, lang, token):
    _check_language(request, lang)
    return _render_follow(request, _by_token(request, token))


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, municipality, lang, token):
    _check_language(request, lang)
    feedback = _by_token(request, token)
    if request.method != "POST":  # a followed or bookmarked link: the page with the form, not a blank 405
        return redirect(services.follow_url(feedback, lang))
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render_follow(request, feedback, rating_form=form, status=400,
                              rating_errors=[(f"{form[n].auto_id}_0" if n == "score" else form[n].auto_id, m)
                                             for n, msgs in form.errors.items() for m in msgs])
    try:
        rating = services.rate(feedback, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"],
                               reopen=form.cleaned_data["reopen"])
    except ValidationError as exc:
        errors = [("id_score_0" if key == "score" else "", m) for key, msgs in
                  (exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]) for m in msgs]
        return _render_follow(request, feedback, rating_form=form, rating_errors=errors,
                              status=400 if hasattr(exc, "error_dict") else 409)
    if rating.reopened:
        messages.success(request, _("Thank you for your rating. Your feedback was opened again: it goes back to "
                                    "the unit that handles it."))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect(_url(request, "follow", token=feedback.token))


@require_safe
def photo(request, municipality, lang, token, media_id):
    feedback = _by_token(request, token)
    item = Media.all_objects.filter(municipality=request.municipality, feedback=feedback, public_id=media_id).first()
    if item is None:
        raise Http404("no such photo")
    return photo_response(item)


# --- public ----------------------------------------------------------------------------------------------

def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= 180 else None


@require_safe
def near(request, municipality, lang):
    _check_language(request, lang)
    categories = list(selectors.categories(request.municipality))
    qs = selectors.public(request.municipality).order_by("-submitted_at", "-id")
    chosen = request.GET.get("category", "")
    category = next((c for c in categories if c.code == chosen), None)
    if category is not None:
        qs = qs.filter(category=category)
    state = request.GET.get("status", "")
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    place = request.GET.get("q", "").strip()[:200]
    if place:
        qs = qs.filter(address__icontains=place)
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("long"))
    if lat is not None and lon is not None and abs(lat) <= 90:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(lat, lon, NEAR_RADIUS_M)
        qs = qs.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    else:
        lat = lon = None
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.status_label = status_text(item.status)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/near.html", {
        "page": page, "categories": categories, "chosen": category.code if category else "", "state": state,
        "place": place, "lat": lat, "lon": lon, "query": query.urlencode(), "radius": NEAR_RADIUS_M,
        "points": [{"lat": i.latitude, "lon": i.longitude, "title": str(i.category),
                    "url": _url(request, "public", feedback_id=i.public_id)}
                   for i in page.object_list if i.latitude is not None],
        **map_context(request.municipality),
    })


def _public_or_404(request, feedback_id):
    feedback = selectors.public(request.municipality).filter(public_id=feedback_id).first()
    if feedback is None:
        raise Http404("no such public feedback")
    return feedback


@require_safe
def public_item(request, municipality, lang, feedback_id):
    _check_language(request, lang)
    feedback = _public_or_404(request, feedback_id)
    return render(request, "feedback/public.html", {
        "feedback": feedback, "status": status_text(feedback.status),
        "is_open": feedback.status not in CLOSED_STATUSES,
        "photos": list(Media.all_objects.filter(feedback=feedback)),
        **map_context(request.municipality),
        "points": [{"lat": feedback.latitude, "lon": feedback.longitude, "title": str(feedback.category),
                    "url": ""}] if feedback.latitude is not None else [],
    })


@require_safe
def public_photo(request, municipality, lang, feedback_id, media_id):
    feedback = _public_or_404(request, feedback_id)
    item = Media.all_objects.filter(municipality=request.municipality, feedback=feedback, public_id=media_id).first()
    if item is None:
        raise Http404("no such photo")
    response = photo_response(item)
    response["Cache-Control"] = "no-cache"  # a hidden item's photo must not outlive its publication
    return response
