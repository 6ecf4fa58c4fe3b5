"""The staff case page of a change request links to its offer, where the handler answers it."""

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from luukku.cases.links import case_link_providers

from . import access
from .models import Offer


@case_link_providers.register("proactive")
def offer_links(case, user, language: str) -> list[tuple[str, str]]:
    reference = (case.data or {}).get("offer") if isinstance(case.data, dict) else None
    match = Q(change_case_id=case.pk)
    if reference:  # a later change request moved the offer's link to its own case
        match |= Q(reference=reference, rule__change_case_type_id=case.case_type_id)
    links = []
    with translation.override(language):
        for offer in Offer.all_objects.filter(match, municipality_id=case.municipality_id).select_related("rule"):
            if access.may_read(user, offer.rule):
                url = reverse("proactive_staff:offer", kwargs={"municipality": case.municipality.slug,
                                                              "lang": language, "offer_id": offer.public_id})
                links.append((_("The offer %(reference)s and its change request") % {"reference": offer.reference},
                              url))
    return links
