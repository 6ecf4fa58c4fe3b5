"""Demo cases, so that My cases shows something on the first visit: Aino Asukas has a daycare
application for her younger child (decided) and a boat mooring application waiting for her answer
to a request for information. Made through the same services as real cases."""

import datetime as dt

from django.contrib.auth import get_user_model

from luukku.cases import services as cases
from luukku.cases.models import Case, DecisionTemplate, Status
from luukku.core import clock
from luukku.eservices.models import CaseType, DefinitionStatus
from luukku.frontoffice import services as frontoffice
from luukku.frontoffice.models import ContactOutcome
from luukku.eservices.services import save_page, start_draft
from luukku.people.models import Person
from luukku.people.selectors import children_of


def load(municipality) -> None:
    aino = Person.all_objects.filter(municipality=municipality, user__username="asukas").first()
    handler = get_user_model().objects.filter(username="kasittelija").first()
    if aino is None or handler is None or Case.all_objects.filter(municipality=municipality, applicant=aino).exists():
        return
    address = {"street": aino.street_address, "postal_code": aino.postal_code, "post_office": aino.post_office}
    contact = {"applicant_name": aino.full_name, "applicant_address": address, "applicant_email": aino.email,
               "applicant_phone": aino.phone}
    children = children_of(aino)
    if children:
        child, _mandate = min(children, key=lambda pair: -pair[0].birth_date.toordinal())  # the youngest
        start = (clock.today() + dt.timedelta(days=120)).isoformat()
        daycare = _submit(municipality, "varhaiskasvatushakemus", aino, children, {
            "child": str(child.public_id), "start_date": start, "urgent": "no", "hours": "full",
            "evening_care": "no", "units": ["kuusikko", "jarvenranta"], "language": "fi", **contact,
        })
        if daycare is not None:
            cases.claim(daycare, handler)
            cases.change_status(daycare, Status.IN_HANDLING, by_user=handler, sub_status="sijoitus-suunnitteilla")
            template = DecisionTemplate.all_objects.filter(municipality=municipality, active=True,
                                                           case_type=daycare.case_type).first()
            if template is not None:
                cases.decide_from_template(daycare, handler, template,
                                           {"unit": "kuusikko", "start_date": start, "hours": "full"}, language="fi")
            else:
                cases.decide(daycare, handler, "Varhaiskasvatuspaikka myönnetty",
                             f"{child.full_name} saa kokopäiväisen varhaiskasvatuspaikan Päiväkoti Kuusikosta "
                             f"{dt.date.fromisoformat(start):%-d.%-m.%Y} alkaen.", language="fi")
    boat = _submit(municipality, "venepaikkahakemus", aino, children, {
        "harbour": "keskusta", "boat_type": "motor", "length": "5.2", "width": "2.1", **contact,
    })
    harbour_handler = get_user_model().objects.filter(username="tekniikka").first() or handler
    if boat is not None:
        cases.claim(boat, harbour_handler)
        cases.request_information(boat, harbour_handler, "Lähetäthän vielä kuvan veneen rekisteriotteesta, "
                                                 "niin voimme tarkistaa veneen mitat.")
    _contacts(aino, boat)


def _contacts(aino, boat) -> None:
    """Aino called the service point about the mooring; the agent promised to find out, so the
    agent's follow-ups (…/virkailija/jatkotoimet/) are not empty on the first visit."""
    agent = get_user_model().objects.filter(username="palvelupiste").first()
    if agent is None:
        return
    frontoffice.log_contact(
        by_user=agent, person=aino, channel="phone", topic="Kysyi venepaikkahakemuksen lisäselvityksestä",
        notes="Rekisteriotteen kuva puuttuu; asukas ei löydä otetta.", case=boat, outcome=ContactOutcome.FOLLOW_UP,
        duration_minutes=6, service=boat.case_type.service if boat else None,
        follow_up={"task": "Selvitä satamasta, käykö veneen kuitti rekisteriotteen sijaan, ja soita Ainolle.",
                   "due": clock.today() + dt.timedelta(days=2)})


def _submit(municipality, slug, person, children, answers):
    case_type = CaseType.all_objects.filter(municipality=municipality, slug=slug).first()
    definition = case_type and case_type.definitions.filter(status=DefinitionStatus.PUBLISHED).first()
    if definition is None:
        return None
    draft = start_draft(case_type=case_type, definition=definition, applicant=person)
    last_page = definition.pages.order_by("-order").values_list("order", flat=True).first() or 1
    save_page(draft, answers, page_number=last_page, children=children)
    return cases.submit_draft(draft, by_person=person)
