"""Load (or refresh) the demo municipality Koivula.

Idempotent: every row has a stable key (slug, or source_id "demo:<key>" for channels), so running
again updates in place and never duplicates. `reset=True` throws the municipality and everything
it owns away first. All in one transaction.
"""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from luukku.catalogue.codes import load_codes
from luukku.catalogue.models import Channel, OntologyConcept, Organisation, Service, ServiceHours, ServiceOrganisation
from luukku.core.history import history_maintenance
from luukku.core.models import Municipality, Role, Sector, StaffMembership, Unit
from luukku.core.services import bump_content_version
from luukku.core.tenancy import municipality_context
from luukku.twofactor.selectors import requires_second_factor
from luukku.twofactor.services import enrol_with_secret

from . import backoffice as demo_backoffice
from . import booking as demo_booking
from . import cases as demo_cases
from . import eservices as demo_eservices
from . import feedback as demo_feedback
from . import participation as demo_participation
from . import people as demo_people
from . import proactive as demo_proactive
from .accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from .data.channels_more import CHANNELS
from .data.laws import LAWS
from .data.life_events import events_of
from .data.ontology import CONCEPTS, ontology_terms
from .data.organisation import MUNICIPALITY, ORGANISATIONS, SECTORS, UNITS
from .data.services import SERVICES
from .data.statements import ACCESSIBILITY_STATEMENT, PRIVACY_NOTICE
from .history import generate_history

log = logging.getLogger(__name__)
SOURCE = "demo:"


def load_demo(reset: bool = False, history: bool = False) -> Municipality:
    """`history`: add a year of generated history (demo.history) for the dashboards; `luukku demo`
    asks for it, the tests that load the demo do not (it takes seconds)."""
    from luukku.catalogue.search import reindex_municipality
    from luukku.catalogue.signals import indexing_suspended

    with transaction.atomic(), indexing_suspended():
        if reset:
            _delete_municipality(MUNICIPALITY["slug"])
        codes = {code: row for (_kind, code), row in load_codes().items()}
        municipality = _municipality()
        with municipality_context(municipality):
            sectors = _sectors(municipality)
            units = _units(municipality, sectors)
            channels = _channels(municipality, units)
            _services(municipality, sectors, units, channels, codes)
            _accounts(municipality, units)
            demo_people.load(municipality)
            demo_eservices.load(municipality)
            demo_backoffice.load(municipality)  # templates and sub-statuses before the cases that use them
            demo_feedback.load(municipality)  # border, categories, routing, API key and feedback
            demo_proactive.load(municipality)  # preschool rule, units, cohort, draft campaign
            if history:  # after the case types, categories and cohort it builds on; before Aino's cases,
                generate_history(municipality)  # so that theirs are the year's latest references
            demo_cases.load(municipality)
            demo_participation.load(municipality)  # budgets, hearings, surveys: voters from all the above
            demo_booking.load(municipality)  # after feedback's address register, which places the stops
            # Once for the whole catalogue instead of service by service (signals are suspended).
            reindex_municipality(municipality)
        bump_content_version(municipality.pk)
    municipality.refresh_from_db()
    return municipality


def _delete_municipality(slug: str) -> None:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        return
    # Everything the municipality owns goes with it (RESTRICT keys allow that within one delete),
    # its history too: the one maintenance door that lets history rows go (core.history).
    with history_maintenance():
        municipality.delete()


def _municipality() -> Municipality:
    fields = dict(MUNICIPALITY)
    slug = fields.pop("slug")
    fields["accessibility_statement"] = ACCESSIBILITY_STATEMENT
    fields["privacy_notice"] = PRIVACY_NOTICE
    municipality, _ = Municipality.objects.update_or_create(slug=slug, defaults=fields)
    return municipality


def _sectors(m) -> dict[str, Sector]:
    out = {}
    for slug, name, description, order in SECTORS:
        out[slug], _ = Sector.all_objects.update_or_create(
            municipality=m, slug=slug, defaults={"name": name, "description": description, "order": order})
    return out


def _units(m, sectors) -> dict[str, Unit]:
    out = {}
    for slug, sector, name, email, phone in UNITS:
        out[slug], _ = Unit.all_objects.update_or_create(
            municipality=m, slug=slug,
            defaults={"sector": sectors[sector], "name": name, "email": email, "phone": phone})
    return out


CHANNEL_FIELDS = ("name", "summary", "description", "urls", "phones", "emails", "street_address", "postal_code",
                  "post_office", "latitude", "longitude", "accessibility", "languages", "requires_authentication",
                  "requires_signature", "form_identifier", "stops")


def _channels(m, units) -> dict[str, Channel]:
    out = {}
    for row in CHANNELS:
        defaults = {"kind": row["kind"], "unit": units[row["unit"]], "status": "Published"}
        for field in CHANNEL_FIELDS:
            if field in row:
                defaults[field] = row[field]
        channel, _ = Channel.all_objects.update_or_create(
            municipality=m, source_id=SOURCE + row["key"], defaults=defaults)
        ServiceHours.all_objects.filter(channel=channel).delete()
        for order, hours in enumerate(row.get("hours", [])):
            ServiceHours.all_objects.create(
                municipality=m, channel=channel, order=order,
                kind=hours.get("kind", "DaysOfTheWeek"),
                valid_from=_date(hours.get("valid_from")), valid_to=_date(hours.get("valid_to")),
                is_closed=hours.get("is_closed", False), is_always_open=hours.get("is_always_open", False),
                opening=hours.get("opening", []), info=hours.get("info", {}))
        out[row["key"]] = channel
    stale = Channel.all_objects.filter(municipality=m, source_id__startswith=SOURCE).exclude(
        source_id__in=[SOURCE + key for key in out])
    stale.delete()
    return out


SERVICE_FIELDS = ("type", "name", "alternative_names", "summary", "description", "user_instructions", "requirements",
                  "processing_time", "validity_time", "deadline", "charge_type", "fees", "statutory", "keywords",
                  "popularity", "languages")
ROLES = ("Responsible", "OtherResponsible")


def _organisations(m) -> dict:
    """Keyed by business ID (the city itself by its flag): running again updates in place. A record the
    producer fields of an older demo became (catalogue migration 0005) is taken over by its name."""
    out = {}
    rows = Organisation.all_objects.filter(municipality=m)
    for key, row in ORGANISATIONS.items():
        org = (rows.filter(is_municipality=True).first() if row.get("is_municipality")
               else rows.filter(business_id=row["business_id"]).first()
               or rows.filter(business_id="", ptv_id__isnull=True, name__fi=row["name"]["fi"]).first())
        org = org or Organisation(municipality=m)
        for field, value in {"website": "", **row}.items():
            setattr(org, field, value)
        org.save()
        out[key] = org
    return out


def _drop_stale_organisations(m, organisations) -> None:
    """Organisations an older demo had that no service names any more (never PTV's)."""
    Organisation.all_objects.filter(municipality=m, ptv_id__isnull=True, service_links__isnull=True).exclude(
        pk__in=[org.pk for org in organisations.values()]).delete()


def _links(m, service, producers, organisations) -> list:
    """("Responsible" | "OtherResponsible" | a provision type, organisation key or {lang: text}) -> links."""
    links = []
    for order, (kind, who) in enumerate(producers):
        links.append(ServiceOrganisation(
            municipality=m, service=service, order=order,
            role=kind if kind in ROLES else "Producer", provision_type="" if kind in ROLES else kind,
            organisation=organisations[who] if isinstance(who, str) else None,
            info=who if isinstance(who, dict) else {}))
    return links


def _concepts() -> None:
    """The demo's copy of its YSO concepts; labels fetched from Finto (fetched_at set) are kept."""
    for uri, labels in CONCEPTS.items():
        concept, created = OntologyConcept.objects.get_or_create(uri=uri, defaults=labels)
        if not created and concept.fetched_at is None:
            OntologyConcept.objects.filter(pk=concept.pk).update(**labels)


def _services(m, sectors, units, channels, codes) -> None:
    organisations = _organisations(m)
    _concepts()
    slugs = []
    for row in SERVICES:
        defaults = {field: row[field] for field in SERVICE_FIELDS}
        defaults.update(
            source_id=SOURCE + row["slug"], status="Published",
            sector=sectors[row["sector"]], responsible_unit=units[row["unit"]],
            legislation=[LAWS[key] for key in row["laws"]],
            vouchers_in_use=any(kind == "VoucherServices" for kind, _who in row["producers"]),
            service_vouchers=row["vouchers"],
            areas=[{"type": "Municipality", "code": m.code}],
            ontology_terms=ontology_terms(row["slug"]),
        )
        service, _ = Service.all_objects.update_or_create(municipality=m, slug=row["slug"], defaults=defaults)
        service.codes.set([codes[code] for code in row["codes"] + events_of(row["slug"])])
        service.channels.set([channels[key] for key in row["channels"]])
        ServiceOrganisation.all_objects.filter(service=service).delete()
        ServiceOrganisation.all_objects.bulk_create(_links(m, service, row["producers"], organisations))
        slugs.append(row["slug"])
    Service.all_objects.filter(municipality=m, source_id__startswith=SOURCE).exclude(slug__in=slugs).delete()
    _drop_stale_organisations(m, organisations)


def _accounts(m, units) -> None:
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=account["username"])
        user.first_name = account.get("first_name", "")
        user.last_name = account.get("last_name", "")
        user.email = account.get("email") or f"{account['username']}@koivula.example"
        user.is_staff = account["role"] is not None
        user.is_superuser = account["role"] == "superuser"
        user.is_active = True
        if created or not user.check_password(account["password"]):
            user.set_password(account["password"])
        user.save()
        if account["role"] in Role.values:
            unit = units[account["unit"]] if account["unit"] else None
            StaffMembership.all_objects.get_or_create(municipality=m, user=user, unit=unit, role=account["role"])
        if requires_second_factor(user):
            enrol_with_secret(user, DEMO_TOTP_SECRET)  # printed by `luukku demo`


def _date(value):
    return date.fromisoformat(value) if value else None
