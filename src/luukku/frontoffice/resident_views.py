"""The resident's side of the front office: ask to be called back, see and cancel one's requests."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luukku.catalogue.models import Service
from luukku.people.decorators import resident_page

from . import selectors, services
from .models import CallbackStatus, CallbackTime


@resident_page
@require_http_methods(["GET", "POST"])
def callback_request(request, municipality, lang):
    person = request.person
    here = reverse("frontoffice:callback_request", args=[request.municipality.slug, lang])
    service = _service(request)
    values = {"phone": person.phone or "", "topic": "", "preferred": CallbackTime.ANY}
    errors = []
    if request.method == "POST" and request.POST.get("cancel"):
        _cancel(request, person)
        return redirect(here)
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            services.request_callback(person=person, phone=values["phone"], topic=values["topic"],
                                      preferred=values["preferred"], service=service, language=lang)
        except ValidationError as error:
            items = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
            errors = [(key, text) for key, texts in items for text in texts]
        else:
            messages.success(request, _("Thank you. We will call you as soon as we can, on working days."))
            return redirect(here)
    return render(request, "frontoffice/callback_request.html", {
        "values": values, "problems": errors, "error_keys": {key for key, _text in errors}, "service": service,
        "summary": [(f"id_{key}" if key else "", text) for key, text in errors],
        "times": CallbackTime.choices, "requests": selectors.callbacks_of(person),
        "waiting": CallbackStatus.WAITING,
    }, status=400 if errors else 200)


def _service(request):
    slug = request.GET.get("palvelu") or request.POST.get("palvelu") or ""
    return Service.objects.filter(slug=slug[:120]).first() if slug else None


def _cancel(request, person):
    try:
        row = selectors.callback_of(request.municipality, uuid.UUID(request.POST.get("cancel", "")))
        services.cancel_callback(person=person, callback=row)
    except (ValueError, Http404, PermissionDenied):  # not a request of hers: the same answer as a missing one
        messages.error(request, _("That request was not found."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your call-back request was cancelled."))
