"""The resident's notifications page: what we have told them, how each message went out, and
their choice of channels and language."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luukku.people.decorators import resident_page

from . import selectors, services
from .forms import PreferenceForm
from .models import DeliveryStatus

SHOWN = 50


def _deliveries(notification) -> list[dict]:
    return [{"channel": selectors.channel_label(d.channel), "status": d.status, "text": d.get_status_display(),
             "sent_at": d.sent_at if d.status == DeliveryStatus.SENT else None,
             "reason": selectors.channel_missing(d.channel) if d.status == DeliveryStatus.SKIPPED else ""}
            for d in notification.deliveries.all()]


@resident_page
@require_http_methods(["GET", "POST"])
def settings_page(request, municipality, lang):
    person = request.person
    form = PreferenceForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        services.set_preference(person, channels=form.cleaned_data["channels"],
                                language=form.cleaned_data["language"])
        messages.success(request, _("Your choices were saved."))
        return redirect(request.path)
    notifications = list(selectors.for_person(person)[:SHOWN])
    return render(request, "notify/settings.html", {
        "form": form, "options": form.options,
        "chosen": list(form["channels"].value() or []), "chosen_language": form["language"].value(),
        "notifications": [{"n": n, "deliveries": _deliveries(n)} for n in notifications],
        "shown": SHOWN, "more": len(notifications) == SHOWN,
    }, status=400 if request.method == "POST" else 200)
