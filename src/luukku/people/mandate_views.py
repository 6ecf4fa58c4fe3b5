"""My mandates: the mandates a resident has granted (with what was done under them) and those they
hold; granting and revoking. Pages work without JavaScript; bad input keeps what was typed."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from luukku.core import clock

from . import mandates, selectors
from .authorizations import get_authorization_adapter
from .decorators import resident_page
from .mandate_forms import GrantForm
from .models import Mandate, MandateKind


# Strong identification: a mandate is given in one's own name.
_page = resident_page(strong=True)


def _case_types(municipality):
    from luukku.eservices.models import CaseType

    return list(CaseType.all_objects.filter(municipality=municipality, active=True).order_by("slug"))


def _url(request):
    return reverse("people:mandates", kwargs={"municipality": request.municipality.slug, "lang": request.LANGUAGE_CODE})


def _render(request, form, status=200):
    from luukku.cases.selectors import done_under_mandates

    person = request.person
    given = list(selectors.mandates_given(person))
    done = done_under_mandates(given)
    for mandate in given:
        mandate.done = done.get(mandate.pk, [])
    return render(request, "people/mandates.html", {
        "person": person, "given": given, "held": list(selectors.mandates_held(person)),
        "form": form, "today": clock.today(), "GRANTED": MandateKind.GRANTED,
        "valtuudet": get_authorization_adapter(request.municipality).configured(),
    }, status=status)


@_page
@require_http_methods(["GET", "HEAD", "POST"])
def my_mandates(request, municipality, lang):
    case_types = _case_types(request.municipality)
    if request.method != "POST":
        return _render(request, GrantForm(case_types=case_types,
                                          initial={"valid_from": clock.today().strftime("%d.%m.%Y")}))
    form = GrantForm(request.POST, case_types=case_types)
    if form.is_valid():
        d = form.cleaned_data
        try:
            # One transaction: a refused grant leaves no Person fetched from the register behind.
            with transaction.atomic():
                agent = mandates.find_agent(request.municipality, code=d["code"], first_names=d["first_names"],
                                            last_name=d["last_name"], birth_date=d["birth_date"])
                mandate = mandates.grant(request.person, agent, form.chosen_case_types(), d["valid_from"],
                                         d["valid_until"], by_user=request.user)
        except ValidationError as exc:
            field = {"not_found": "code" if d["code"] else None, "self": "code" if d["code"] else None,
                     "minor": "code" if d["code"] else None,
                     "past": "valid_from", "order": "valid_until", "too_long": "valid_until",
                     "no_services": "case_types", "unknown_service": "case_types"}.get(exc.code)
            form.add_error(field, exc)
        else:
            messages.success(request, _("%(name)s may now act for you in the chosen services.") % {
                "name": mandate.agent.full_name})
            return redirect(_url(request))
    return _render(request, form, status=400)


@_page
@require_POST
def revoke(request, municipality, lang, mandate_id):
    person = request.person
    mandate = (Mandate.all_objects.filter(municipality=request.municipality, public_id=mandate_id,
                                          kind=MandateKind.GRANTED)
               .filter(Q(principal=person) | Q(agent=person)).first())
    if mandate is None:
        raise Http404("not your mandate")
    mandates.revoke(mandate, person, by_user=request.user)
    messages.success(request, _("The mandate has ended."))
    return redirect(_url(request))
