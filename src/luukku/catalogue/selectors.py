"""Reads of the catalogue for the resident portal. Every query runs in the current
municipality's scope (the scoped managers filter; the national code lists are filtered through
the municipality's published services)."""

from collections import OrderedDict

from django.core.signals import setting_changed
from django.db.models import Count, Prefetch, Q
from django.dispatch import receiver

from luukku.core.models import Sector
from luukku.core.tenancy import current_municipality_id

from .models import (Channel, ChannelKind, Code, CodeKind, OrganisationRole, ProvisionType, PublishingStatus, Service,
                     ServiceHours)

EVENT_KINDS = (CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT)


def published_services():
    return Service.objects.filter(status=PublishingStatus.PUBLISHED)


def code_slug(code: Code) -> str:
    return code.slug or code.code.lower()


def events(kind: str = CodeKind.LIFE_EVENT) -> list[Code]:
    """Life events (or business life-cycle events) that have published services here."""
    published = Q(
        services__municipality_id=current_municipality_id(), services__status=PublishingStatus.PUBLISHED
    )
    return list(
        Code.objects.filter(kind=kind)
        .annotate(service_count=Count("services", filter=published, distinct=True))
        .filter(service_count__gt=0)
        .order_by("order", "code")
    )


def event_by_slug(kind: str, slug: str) -> Code | None:
    return Code.objects.filter(kind=kind).filter(Q(slug=slug) | Q(slug="", code__iexact=slug)).first()


def sectors() -> list[Sector]:
    """Sectors with at least one published service."""
    return list(
        Sector.objects.annotate(
            service_count=Count("services", filter=Q(services__status=PublishingStatus.PUBLISHED), distinct=True)
        )
        .filter(service_count__gt=0)
        .order_by("order", "slug")
    )


def sector_by_slug(slug: str) -> Sector | None:
    return Sector.objects.filter(slug=slug).first()


def services_of_sector(sector: Sector) -> list[Service]:
    return _by_name(published_services().filter(sector=sector))


def services_of_event(code: Code) -> list[Service]:
    return list(published_services().filter(codes=code).select_related("sector"))


def grouped_by_sector(services) -> list[tuple[Sector | None, list[Service]]]:
    """[(sector, services)] in the sectors' order; services without a sector come last."""
    groups: dict = OrderedDict()
    ordered = sorted(
        services, key=lambda s: (s.sector is None, s.sector.order if s.sector else 0, s.sector_id or 0)
    )
    for service in ordered:
        groups.setdefault(service.sector, []).append(service)
    return [(sector, _by_name(items)) for sector, items in groups.items()]


def popular_services(limit: int = 6) -> list[Service]:
    return list(published_services().order_by("-popularity", "slug")[:limit])


class ServicePage:
    """What a service's page shows that only a catalogue edit changes, read once per process and
    content_version (issue 15): the service with its codes, case types and channels, the channels by
    kind, each channel's opening-hours rows. Shared by the requests of a process: read it, never write
    to its objects (the view copies a channel before giving it today's opening status)."""

    def __init__(self, service: Service):
        self.service = service
        self.channels = channels_by_kind(service)
        self.hours = {c.pk: list(c.hours.all()) for items in self.channels.values() for c in items}
        codes = list(service.codes.all())
        self.codes = {kind: [c for c in codes if c.kind == kind] for kind in CodeKind.values}
        self.legislation = [item for item in service.legislation if isinstance(item, dict)]
        self.status_until: dict = {}  # channel pk -> (status, valid from, valid until): see views.service_detail


MAX_SERVICE_PAGES = 2048  # every service of a large municipality in one process, with room for versions
_service_pages: dict[tuple, ServicePage] = {}


def service_page(municipality, slug: str) -> ServicePage | None:
    """The ServicePage of a published service (None: no such service), kept per process under the
    municipality's content_version, which every catalogue, channel, case-type and resource edit moves."""
    key = (municipality.pk, municipality.public_id, municipality.content_version, slug)
    try:
        return _service_pages[key]
    except KeyError:
        pass
    service = service_by_slug(slug)
    if service is None:
        return None  # not kept: a crawler's made-up addresses would push the real pages out
    if len(_service_pages) >= MAX_SERVICE_PAGES:
        _service_pages.clear()  # old versions pile up only after many edits; starting over is cheap
    page = _service_pages[key] = ServicePage(service)
    return page


@receiver(setting_changed)
def forget_service_pages(**kwargs) -> None:
    _service_pages.clear()  # tests: a rolled-back test may leave a version number the next one reuses


def service_by_slug(slug: str) -> Service | None:
    """A published service with everything its page shows, in a fixed number of queries."""
    from luukku.booking.selectors import bookable_exists

    channels = Channel.objects.filter(status=PublishingStatus.PUBLISHED).prefetch_related(
        Prefetch("hours", queryset=ServiceHours.objects.order_by("kind", "order", "valid_from", "id"))
    )
    return (
        published_services()
        .filter(slug=slug)
        .annotate(bookable=bookable_exists())
        .select_related("sector", "responsible_unit")
        .prefetch_related("codes", "case_types", Prefetch("channels", queryset=channels),
                          "organisation_links__organisation")
        .first()
    )


CHANNEL_ORDER = [
    ChannelKind.E_SERVICE,
    ChannelKind.WEB_PAGE,
    ChannelKind.PRINTABLE_FORM,
    ChannelKind.PHONE,
    ChannelKind.SERVICE_LOCATION,
    ChannelKind.MOBILE_UNIT,
]


def channels_by_kind(service: Service) -> dict[str, list[Channel]]:
    """{kind: [channels]} for the kinds the service has, in the order the page shows them."""
    out = {kind: [] for kind in CHANNEL_ORDER}
    for channel in service.channels.all():
        out.setdefault(channel.kind, []).append(channel)
    return {kind: items for kind, items in out.items() if items}


PRODUCER_ORDER = [ProvisionType.SELF_PRODUCED, ProvisionType.PROCURED, ProvisionType.VOUCHER, ProvisionType.OTHER]


def organisations_of(service: Service, language: str) -> dict:
    """Who answers for and who produces the service, as its page says it: the responsible organisation
    only when it is not the municipality itself, producers grouped by provision type (the municipality's
    own production apart), and the service vouchers of the reader's language (or the nearest one)."""
    from luukku.core.translation import fallback_order

    links = list(service.organisation_links.all())

    def is_own(link):
        return link.organisation is not None and link.organisation.is_municipality

    def of(role, provision=None):
        return [link for link in links if link.role == role and (provision is None or link.provision_type == provision)]

    responsible = of(OrganisationRole.RESPONSIBLE)
    producers = [link for link in of(OrganisationRole.PRODUCER)
                 if not (is_own(link) and link.provision_type == ProvisionType.SELF_PRODUCED)]
    vouchers = [v for v in service.service_vouchers or [] if isinstance(v, dict) and (v.get("name") or v.get("url"))]
    voucher_language = next((code for code in fallback_order(language)
                             if any(v.get("language") == code for v in vouchers)), language)
    return {
        "responsible": responsible if not all(is_own(link) for link in responsible) else [],
        "other_responsible": of(OrganisationRole.OTHER_RESPONSIBLE),
        "self_produced": any(is_own(link) for link in of(OrganisationRole.PRODUCER, ProvisionType.SELF_PRODUCED)),
        "producers": [(kind, group) for kind in PRODUCER_ORDER
                      if (group := [link for link in producers if link.provision_type == kind])],
        "vouchers": sorted((v for v in vouchers if v.get("language") == voucher_language),
                           key=lambda v: v.get("order") or 0),
        "vouchers_language": voucher_language,
        "language": language,
    }


def _by_name(services) -> list[Service]:
    from luukku.core.translation import tr

    return sorted(services, key=lambda s: tr(s.name).casefold())
