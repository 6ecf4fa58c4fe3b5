"""My consents (in My cases): what the resident lets the municipality share with which partner and
why; give and revoke. Works without JavaScript; a refused form keeps what was chosen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from luukku.cases.models import PartnerOrganisation
from luukku.cases.selectors import acted_for
from luukku.people.decorators import resident_page

from . import consents
from .models import Consent, ConsentPurpose, DataCategory


def _url(request):
    return reverse("privacy:consents", kwargs={"municipality": request.municipality.slug,
                                               "lang": request.LANGUAGE_CODE})


def _represented(person) -> list:
    """The person, then those they give consents for: children in their guardianship (a mandate for
    chosen services is not enough to consent to sharing someone's data)."""
    return [p for p, m in acted_for(person) if m is None or not m.limited]


def _render(request, *, chosen=None, errors=None, status=200):
    people = _represented(request.person)
    return render(request, "privacy/consents.html", {
        "consents": list(consents.consents_of(people)), "people": people, "person": request.person,
        "partners": list(PartnerOrganisation.all_objects.filter(municipality=request.municipality, active=True)),
        "categories": DataCategory.choices, "purposes": ConsentPurpose.choices,
        "chosen": chosen or {"partner": "", "categories": [], "purpose": "", "for_whom": ""},
        "errors": errors or {},
    }, status=status)


@resident_page
@require_http_methods(["GET", "HEAD", "POST"])
def my_consents(request, municipality, lang):
    if request.method != "POST":
        return _render(request)
    chosen = {"partner": request.POST.get("partner", "")[:64], "for_whom": request.POST.get("for_whom", "")[:64],
              "categories": request.POST.getlist("categories")[:10],
              "purpose": request.POST.get("purpose", "")[:64]}
    people = _represented(request.person)
    whom = next((p for p in people if str(p.public_id) == chosen["for_whom"]), None) if chosen["for_whom"] else \
        request.person
    try:
        if whom is None:
            raise ValidationError(_("Choose for whom you give the consent."), code="for_whom")
        consent = consents.give(whom, chosen["partner"], chosen["categories"], chosen["purpose"],
                                by_person=request.person, by_user=request.user)
    except ValidationError as exc:
        field = {"unknown_partner": "partner", "categories": "categories", "purpose": "purpose",
                 "for_whom": "for_whom"}[exc.code]
        return _render(request, chosen=chosen, errors={field: exc.messages[0]}, status=400)
    messages.success(request, _("Thank you. Your consent for %(partner)s was saved.") % {"partner": consent.partner})
    return redirect(_url(request))


@resident_page
@require_POST
def revoke(request, municipality, lang, consent_id):
    consent = Consent.all_objects.filter(municipality=request.municipality, public_id=consent_id,
                                         person__in=[p.pk for p in _represented(request.person)]).first()
    if consent is None:
        raise Http404("not your consent")
    consents.revoke(consent, by_user=request.user)
    messages.success(request, _("The consent was revoked. We no longer share this data on the basis of it."))
    return redirect(_url(request))
