"""The staff case page of a change request links to its offer, where the handler answers it."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.cases.links import case_link_providers
from luukku.core.compiled import compiled_query

from . import access
from .models import Offer


@compiled_query("proactive.offers_of_case")
def _offers_of_case(municipality_id: int, case_id: int) -> QuerySet:
    return Offer.all_objects.filter(Q(change_case_id=case_id), municipality_id=municipality_id).select_related("rule")


@compiled_query("proactive.offers_of_change")
def _offers_of_change(municipality_id: int, case_id: int, reference: str, case_type_id: int) -> QuerySet:
    match = Q(change_case_id=case_id) | Q(reference=reference, rule__change_case_type_id=case_type_id)
    return Offer.all_objects.filter(match, municipality_id=municipality_id).select_related("rule")


@case_link_providers.register("proactive")
def offer_links(case, user, language: str) -> list[tuple[str, str]]:
    reference = (case.data or {}).get("offer") if isinstance(case.data, dict) else None
    if isinstance(reference, str) and reference:  # a later change request moved the offer's link to its own case
        offers = _offers_of_change(case.municipality_id, case.pk, reference, case.case_type_id)
    elif reference:
        offers = _offers_of_change.queryset(case.municipality_id, case.pk, reference, case.case_type_id)
    else:
        offers = _offers_of_case(case.municipality_id, case.pk)
    links = []
    with translation.override(language):
        for offer in offers:
            if access.may_read(user, offer.rule):
                url = reverse("proactive_staff:offer", kwargs={"municipality": case.municipality.slug,
                                                              "lang": language, "offer_id": offer.public_id})
                links.append((_("The offer %(reference)s and its change request") % {"reference": offer.reference},
                              url))
    return links
