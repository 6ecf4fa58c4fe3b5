"""Fixtures of every privacy test: the cases' residents, case type and cases, and a protected child,
feedback and offers to export, erase and retain."""

import datetime as dt
import secrets

import pytest

from luukku.feedback.models import Category, Feedback
from luukku.people.models import Mandate, MandateKind

from ..cases.conftest import (  # noqa: F401  (fixtures)
    aino,
    bertil,
    case_type,
    child,
    definition,
    handler,
    make_case,
    make_draft,
    make_hetu,
    make_person,
    media_root,
    unit,
)


@pytest.fixture
def protected_child(municipality, aino):
    """A child of Aino's with a protected address: the export must never show it."""
    kid = make_person(municipality, "Salla", "Asukas", birth=dt.date(2019, 3, 3))
    kid.street_address, kid.postal_code, kid.post_office = "Salainen polku 7", "99999", "Piilola"
    kid.protected_address = True
    kid.save()
    Mandate.all_objects.create(municipality=municipality, principal=kid, agent=aino, kind=MandateKind.GUARDIAN,
                               valid_from=dt.date(2019, 3, 3))
    return kid


@pytest.fixture
def make_feedback(municipality, unit):
    category = Category.all_objects.create(municipality=municipality, code="katu", name={"fi": "Katu"})

    def make(person=None, **fields):
        values = {"description": "Kuoppa kadulla", "first_name": "Aino", "last_name": "Asukas",
                  "email": "aino@example.fi", "phone": "0401234567", **fields}
        return Feedback.all_objects.create(municipality=municipality, category=category, unit=unit, person=person,
                                           token=secrets.token_hex(16), reference=f"ESI-P-{secrets.randbelow(10**6)}",
                                           **values)
    return make


@pytest.fixture
def make_offer(municipality):
    """An offer to a person under a minimal life-event rule."""
    from luukku.proactive.models import Mode, OfferStatus, Rule, Trigger

    rule = Rule.all_objects.create(
        municipality=municipality, slug="tervetuloa", name={"fi": "Tervetuloa"}, trigger=Trigger.COHORT, age=6,
        mode=Mode.OFFER, legal_basis={"fi": "Perusopetuslaki 26 a §"}, offer_title={"fi": "Esiopetuspaikka"},
        offer_text={"fi": "Lapsellesi on varattu paikka."})

    def make(person, status=OfferStatus.OFFERED, key="e1"):
        from luukku.proactive.models import Offer

        return Offer.all_objects.create(municipality=municipality, reference=f"ESI-T-{key}", rule=rule,
                                        event_key=key, person=person, mode=Mode.OFFER,
                                        legal_basis=rule.legal_basis, status=status)
    return make
