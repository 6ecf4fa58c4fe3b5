"""Consents to disclose a resident's data to a partner organisation, and the check every
disclosure makes at its moment: a valid consent covering the data and purpose, or a legal basis
recorded for the case type. Every disclosure is logged (Disclosure row and an audit event)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import clock
from luukku.core.models import Channel
from luukku.core.services import record_audit, record_event

from .models import Consent, ConsentPurpose, DataCategory, Disclosure, DisclosureBasis

# A hand-over package holds all of these (cases/handover.py): identity codes, contacts, the case, decisions.
HANDOVER_CATEGORIES = (DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.CASE, DataCategory.DECISIONS)


def _partner(municipality, partner_id):
    from luukku.cases.models import PartnerOrganisation

    try:
        return PartnerOrganisation.all_objects.filter(municipality=municipality, active=True,
                                                      public_id=partner_id).first()
    except (ValueError, ValidationError):
        return None


def give(person, partner_id, categories, purpose, *, by_person=None, by_user=None) -> Consent:
    """Record a consent; an unknown organisation, category or purpose saves nothing."""
    partner = _partner(person.municipality_id, partner_id)
    if partner is None:
        raise ValidationError(_("Choose one of the organisations in the list."), code="unknown_partner")
    categories = sorted(set(categories))
    if not categories or any(c not in DataCategory.values for c in categories):
        raise ValidationError(_("Choose at least one kind of data from the list."), code="categories")
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Choose the purpose from the list."), code="purpose")
    with transaction.atomic():
        consent = Consent.all_objects.create(municipality_id=person.municipality_id, person=person, partner=partner,
                                             purpose=purpose, categories=categories, given_by=by_person or person)
        record_event(municipality=person.municipality, kind="consent.given", obj=consent, actor=by_user,
                     data={"person": str(person.public_id), "partner": str(partner.public_id),
                           "purpose": purpose, "categories": categories})
    return consent


def revoke(consent, *, by_user=None) -> Consent:
    with transaction.atomic():
        locked = Consent.all_objects.select_for_update().get(pk=consent.pk)
        if locked.revoked_at is None:
            locked.revoked_at = clock.now()
            locked.save(update_fields=["revoked_at"])
            record_event(municipality=locked.municipality, kind="consent.revoked", obj=locked, actor=by_user,
                         data={"person": str(locked.person.public_id), "partner": str(locked.partner.public_id),
                               "purpose": locked.purpose})
    return locked


def consents_of(people):
    """The consents of these persons (the resident and the children they give consents for)."""
    people = list(people)
    if not people:
        return Consent.all_objects.none()
    return (Consent.all_objects.filter(municipality=people[0].municipality_id, person__in=[p.pk for p in people])
            .select_related("partner", "person").order_by("revoked_at", "-given_at", "-id"))


@dataclass(frozen=True)
class Basis:
    consent: Consent | None = None
    law: str = ""

    def describe(self) -> str:
        return f"consent:{self.consent.public_id}" if self.consent else f"law:{self.law}"


def basis_for(person, partner, *, case_type=None, purpose=ConsentPurpose.CASE_HANDLING,
              categories=HANDOVER_CATEGORIES) -> Basis | None:
    """The basis for disclosing `categories` of `person` to `partner` now: a recorded legal basis of
    the case type (for this partner or any), else a valid consent covering the purpose and every category."""
    if case_type is not None:
        law = (DisclosureBasis.all_objects.filter(municipality=partner.municipality_id, case_type=case_type)
               .filter(Q(partner=partner) | Q(partner__isnull=True)).order_by("partner_id").first())
        if law is not None:
            return Basis(law=law.law)
    wanted = set(categories)
    for consent in Consent.all_objects.filter(municipality=partner.municipality_id, person=person, partner=partner,
                                              purpose=purpose, revoked_at__isnull=True).order_by("-given_at"):
        if wanted <= set(consent.categories):
            return Basis(consent=consent)
    return None


def check_disclosure(person, partner, *, case_type=None, purpose=ConsentPurpose.CASE_HANDLING,
                     categories=HANDOVER_CATEGORIES) -> Basis:
    """The basis, or a ValidationError the handler reads (the disclosure must not happen)."""
    basis = basis_for(person, partner, case_type=case_type, purpose=purpose, categories=categories)
    if basis is None:
        raise ValidationError(
            _("%(name)s has not consented to sharing this data with %(partner)s, and no legal basis is recorded "
              "for handing over this kind of case. The case was not handed over. Ask the resident for consent "
              "or ask the administrator to record the legal basis.") % {"name": person.full_name, "partner": partner},
            code="no_consent")
    return basis


def log_disclosure(person, partner, basis: Basis, *, by_user, channel, case=None,
                   purpose=ConsentPurpose.CASE_HANDLING, categories=HANDOVER_CATEGORIES) -> Disclosure:
    """The trace of a disclosure: a Disclosure row and an audit event naming the purpose and the basis."""
    user = by_user if getattr(by_user, "is_authenticated", False) else None
    disclosure = Disclosure.all_objects.create(
        municipality_id=person.municipality_id, person=person, partner=partner, case=case, channel=channel,
        purpose=str(purpose), categories=[str(c) for c in categories], consent=basis.consent, law=basis.law,
        by_user=user)
    record_audit(municipality=partner.municipality, actor=user, subject_id=person.public_id,
                 action="data.disclosed", purpose=f"{purpose}; {basis.describe()}"[:200],
                 object_type="privacy.disclosure", object_id=disclosure.public_id,
                 unit=getattr(case, "unit", None), channel=Channel.WEB if channel == "handover" else Channel.API)
    return disclosure
