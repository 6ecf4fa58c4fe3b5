"""What a service page asks the resident to do: one primary action. The in-app e-service (an
active case type of the service) when there is one, else the first external e-service; every other
e-service is a secondary link, external ones labelled as such. A signed-in resident with an open
proactive offer for the service is told they need not apply, and the offer is the primary action."""

from luukku.cases.selectors import acted_for
from luukku.proactive.models import ANSWERABLE, Mode
from luukku.proactive.selectors import offers_for


def open_offers(service, person) -> list:
    """Offers for this service the person may answer: theirs and their children's (as in My cases,
    a mandate for chosen services does not show a child's offers)."""
    if person is None:
        return []
    others = [p for p, m in acted_for(person) if p.pk != person.pk and m is not None and not m.limited]
    # What the notice shows: the offer's address and whose it is; the people come from the acted-for list
    # (issue 15: the offers' select_related compiled five wide tables for a list that is usually empty).
    people = {p.pk: p for p in [person, *others]}
    found = list(offers_for(person, others).filter(rule__service=service, status__in=ANSWERABLE)
                 .exclude(mode=Mode.INFORMATION).select_related(None).only("public_id", "person_id"))
    for offer in found:
        offer.person = people[offer.person_id]
    return found


def of_service(service, e_services, person) -> dict:
    in_app = [ct for ct in service.case_types.all() if ct.active]
    external = [c for c in e_services if c.url()]
    offers = open_offers(service, person)
    primary_external = None if (in_app or offers) else (external[0] if external else None)
    return {
        "offers": offers,
        "in_app": in_app,
        "in_app_primary": bool(in_app) and not offers,
        "primary_external": primary_external,
        "secondary_external": [c for c in external if c is not primary_external],
        "e_services": e_services,
    }
