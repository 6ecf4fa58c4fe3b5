"""Use cases: import PTV JSON into a municipality's catalogue, export it back as PTV JSON.

Idempotent by (municipality, ptv_id): fields PTV holds are overwritten from PTV, Luukku-only
fields (local notes, popularity, slug, sector, unit, statutory, a mobile unit's kind and stops)
are never touched. One transaction per item: a bad item is reported and leaves nothing behind.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from luukku.catalogue.models import (Channel, ChannelKind, Code, CodeKind, Organisation, PublishingStatus, Service,
                                     ServiceHours, ServiceOrganisation)
from luukku.core.tenancy import municipality_context

from . import get_adapter
from .records import ChannelRecord, PtvItemError, ServiceRecord

SERVICE_FIELDS = [  # what PTV holds of a service (besides codes and channel links)
    "source_id", "status", "type", "funding_type", "name", "alternative_names", "summary", "description",
    "user_instructions", "requirements", "processing_time", "validity_time", "deadline", "charge_type", "fees",
    "legislation", "vouchers_in_use", "service_vouchers", "keywords", "ontology_terms", "area_type", "areas",
    "languages",
]
CHANNEL_FIELDS = [
    "source_id", "kind", "status", "name", "summary", "description", "urls", "phones", "emails", "street_address",
    "postal_code", "post_office", "latitude", "longitude", "accessibility", "languages", "requires_authentication",
    "requires_signature", "form_identifier",
]


@dataclass
class Problem:
    where: str
    reason: str

    def __str__(self):
        return f"{self.where}: {self.reason}"


@dataclass
class ImportReport:
    adapter: str = "v11"
    counts: Counter = field(default_factory=Counter)  # keys: (entity, outcome)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    changes: list[Problem] = field(default_factory=list)  # what each created / updated / archived item changed
    dry_run: bool = False

    def count(self, outcome: str, entity: str | None = None) -> int:
        return sum(n for (e, o), n in self.counts.items() if o == outcome and entity in (None, e))

    created = property(lambda self: self.count("created"))
    updated = property(lambda self: self.count("updated"))
    unchanged = property(lambda self: self.count("unchanged"))
    archived = property(lambda self: self.count("archived"))

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged + self.archived

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.archived

    @property
    def total(self) -> int:
        return self.imported + self.skipped_count

    def as_counts(self) -> dict:
        out = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
               "archived": self.archived, "skipped": self.skipped_count}
        for entity in ("service", "channel"):
            out[f"{entity}s"] = {o: self.count(o, entity) for o in ("created", "updated", "unchanged", "archived")}
        return out

    def render(self) -> str:
        c = self.as_counts()
        lines = [_("PTV import (%(adapter)s): %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                   "%(archived)d archived, %(skipped)d skipped.") % {"adapter": self.adapter, **c}]
        for entity, label in (("services", _("Services")), ("channels", _("Channels"))):
            lines.append("  " + _("%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                                  "%(archived)d archived.") % {"label": label, **c[entity]})
        if self.dry_run:
            lines.insert(0, _("Dry run: nothing was written. This is what the import would do."))
        if self.changes:
            lines.append(_("Changed:"))
            lines += [f"  {p}" for p in self.changes]
        if self.skipped:
            lines.append(_("Skipped (refused):"))
            lines += [f"  {p}" for p in self.skipped]
        if self.notes:
            lines.append(_("Notes:"))
            lines += [f"  {p}" for p in self.notes]
        return "\n".join(lines)


# -- snapshots: what PTV can hold, for change detection and the round-trip check ------------------

def _hours_key(h):
    return (h.kind, h.order, str(h.valid_from), str(h.valid_to), h.is_closed, h.is_always_open,
            json.dumps(h.opening, sort_keys=True), json.dumps(h.info, sort_keys=True))


def service_snapshot(service, *, codes=None, channels=None, organisations=None) -> dict:
    from .v11 import _link_key

    codes = service.codes.all() if codes is None else codes
    channels = service.channels.all() if channels is None else channels
    organisations = ([_link_key(link) for link in service.organisation_links.select_related("organisation")]
                     if organisations is None else organisations)
    snap = {f: getattr(service, f) for f in SERVICE_FIELDS}
    snap["organisations"] = organisations
    snap["ptv_modified"] = service.ptv_modified
    snap["ptv_raw"] = service.ptv_raw
    snap["codes"] = sorted((c.kind, c.code) for c in codes if c.is_national)
    snap["channels"] = sorted(str(c.ptv_id or c.public_id) for c in channels)
    return snap


def channel_snapshot(channel, *, hours=None) -> dict:
    hours = channel.hours.all() if hours is None else hours
    snap = {f: getattr(channel, f) for f in CHANNEL_FIELDS}
    snap["kind"] = ChannelKind.SERVICE_LOCATION if snap["kind"] == ChannelKind.MOBILE_UNIT else snap["kind"]
    snap["ptv_modified"] = channel.ptv_modified
    snap["ptv_raw"] = channel.ptv_raw
    snap["hours"] = sorted(_hours_key(h) for h in hours)
    return snap


# -- loading input ----------------------------------------------------------------------------------

def _load(source, report) -> list[tuple[str, object]]:
    """Accept a parsed document, a path, a file object, or a list of paths / documents."""
    if isinstance(source, dict):
        return [("input", source)]
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            report.skipped.append(Problem(str(path), _("cannot be read: %(error)s") % {"error": exc}))
            return []
        return _parse_json(path.name, text, report)
    if hasattr(source, "read"):
        text = source.read()
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig", errors="replace")
        return _parse_json(getattr(source, "name", "input"), text, report)
    if isinstance(source, list):
        if not source or any(isinstance(s, dict) and _looks_like_item(s) for s in source) or not all(
            isinstance(s, (str, Path, dict, list)) or hasattr(s, "read") for s in source
        ):
            return [("input", source)]  # a list of PTV items
        docs = []  # a list of files / documents
        for s in source:
            docs += _load(s, report)
        return docs
    report.skipped.append(Problem("input", _("unsupported input")))
    return []


def _looks_like_item(d: dict) -> bool:
    return "id" in d or "serviceNames" in d or "serviceChannelType" in d


def _parse_json(origin, text, report):
    try:
        return [(origin, json.loads(text))]
    except json.JSONDecodeError as exc:
        report.skipped.append(Problem(origin, _("not JSON (%(error)s)") % {"error": exc}))
        return []


# -- writing ---------------------------------------------------------------------------------------

def _find(model, municipality, rec):
    rows = model.all_objects.filter(municipality=municipality)
    if rec.ptv_id:
        return rows.filter(ptv_id=rec.ptv_id).first()
    return rows.filter(public_id=rec.luukku_id, ptv_id__isnull=True).first() or rows.filter(
        source_id=rec.source_id, ptv_id__isnull=True).first()


def _unique_slug(municipality, name: dict) -> str:
    text = name.get("fi") or next(iter(name.values()), "")
    base = slugify(text)[:110].strip("-") or "palvelu"
    slug, n = base, 2
    while Service.all_objects.filter(municipality=municipality, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _code(rec) -> Code:
    code, created = Code.objects.get_or_create(
        kind=rec.kind, code=rec.code,
        defaults={"uri": rec.uri, "name": rec.name or {"fi": rec.code},
                  "slug": slugify(rec.name.get("fi") or rec.code)[:80]},
    )
    if not created:
        name = {**code.name, **rec.name}
        if name != code.name or (rec.uri and rec.uri != code.uri):
            code.name, code.uri = name, rec.uri or code.uri
            code.save(update_fields=["name", "uri"])
    return code


def _organisation(municipality, link) -> Organisation:
    """The organisation with the link's PTV id, made or renamed: PTV gives a name in one language, so the
    names Luukku has in the others stay."""
    org = Organisation.all_objects.filter(municipality=municipality, ptv_id=link.ptv_id).first()
    if org is None:
        return Organisation.all_objects.create(
            municipality=municipality, ptv_id=link.ptv_id, name=link.name,
            is_municipality=str(link.ptv_id) == str(municipality.ptv_organization_id)
            and not Organisation.all_objects.filter(municipality=municipality, is_municipality=True).exists())
    name = {**org.name, **link.name}
    if name != org.name:
        org.name = name
        org.save(update_fields=["name"])
    return org


def _withdraw(model, municipality, rec, report, entity, where):
    obj = _find(model, municipality, rec)
    if obj is None:
        report.skipped.append(Problem(where, _("withdrawn in PTV (not in Luukku; nothing to do)")))
    elif obj.status == PublishingStatus.ARCHIVED:
        report.counts[(entity, "unchanged")] += 1
    else:
        obj.status = PublishingStatus.ARCHIVED
        obj.save(update_fields=["status", "modified"])
        report.counts[(entity, "archived")] += 1
        report.changes.append(Problem(where, _("archived (withdrawn in PTV)")))


def _apply_service(municipality, rec: ServiceRecord, report, where):
    if rec.withdrawn:
        return _withdraw(Service, municipality, rec, report, "service", where)
    obj = _find(Service, municipality, rec)
    created = obj is None
    before = None if created else service_snapshot(obj)
    if created:
        obj = Service(municipality=municipality, slug=_unique_slug(municipality, rec.name))
    for name in SERVICE_FIELDS:
        if name == "source_id" and rec.luukku_id and not created:
            continue  # Luukku's own export marker is not a source id of the row it came from
        setattr(obj, name, getattr(rec, name))
    obj.ptv_id = rec.ptv_id
    obj.ptv_modified = rec.modified
    obj.ptv_raw = rec.raw if rec.ptv_id else {}
    codes = [_code(c) for c in rec.codes]
    if not created:
        codes += [c for c in obj.codes.all() if not c.is_national]  # Luukku's own codes stay
    channels = _resolve_channels(municipality, rec.channel_ids, report, where)
    organisations = [_organisation(municipality, link) if link.ptv_id else None for link in rec.organisations]
    after = service_snapshot(obj, codes=codes, channels=channels, organisations=[r.key() for r in rec.organisations])
    if not created and after == before:
        report.counts[("service", "unchanged")] += 1
        return
    _note_change(report, where, before, after)
    obj.save()
    obj.codes.set(codes)
    obj.channels.set(channels)
    ServiceOrganisation.all_objects.filter(service=obj).delete()
    ServiceOrganisation.all_objects.bulk_create([
        ServiceOrganisation(municipality=municipality, service=obj, organisation=org, role=link.role,
                            provision_type=link.provision_type, info=link.info, order=order)
        for order, (link, org) in enumerate(zip(rec.organisations, organisations))
    ])
    report.counts[("service", "created" if created else "updated")] += 1


def _note_change(report, where, before, after):
    if before is None:
        report.changes.append(Problem(where, _("new")))
        return
    names = [key for key in after if key not in ("ptv_raw", "ptv_modified") and after[key] != before.get(key)]
    if not names:  # only what Luukku keeps as it came (the raw PTV record)
        names = [_("fields Luukku keeps as PTV gives them")]
    report.changes.append(Problem(where, _("changed: %(fields)s") % {"fields": ", ".join(names)}))


def _resolve_channels(municipality, ids, report, where):
    rows = Channel.all_objects.filter(municipality=municipality)
    by_ptv = {c.ptv_id: c for c in rows.filter(ptv_id__in=ids)}
    by_public = {c.public_id: c for c in rows.filter(public_id__in=ids, ptv_id__isnull=True)}
    found = []
    for channel_id in ids:
        channel = by_ptv.get(channel_id) or by_public.get(channel_id)
        if channel is None:
            report.notes.append(Problem(where, _("linked channel %(id)s is not in Luukku") % {"id": channel_id}))
        else:
            found.append(channel)
    return found


def _hours_rows(municipality, rec: ChannelRecord):
    return [
        ServiceHours(municipality=municipality, kind=h.kind, valid_from=h.valid_from, valid_to=h.valid_to,
                     is_closed=h.is_closed, is_always_open=h.is_always_open, opening=h.opening, info=h.info,
                     order=h.order)
        for h in rec.hours
    ]


def _write_hours(channel, rows):
    for row in rows:
        row.channel = channel
    ServiceHours.all_objects.bulk_create(rows)


def _apply_channel(municipality, rec: ChannelRecord, report, where):
    if rec.withdrawn:
        return _withdraw(Channel, municipality, rec, report, "channel", where)
    obj = _find(Channel, municipality, rec)
    created = obj is None
    before = None if created else channel_snapshot(obj)
    if created:
        obj = Channel(municipality=municipality)
    keep_mobile = obj.kind == ChannelKind.MOBILE_UNIT and rec.kind == ChannelKind.SERVICE_LOCATION
    for name in CHANNEL_FIELDS:
        if name == "source_id" and rec.luukku_id and not created:
            continue
        if name == "accessibility" and rec.accessibility is None:
            continue  # PTV gave none: Luukku's text stays
        if name == "kind" and keep_mobile:
            continue
        setattr(obj, name, getattr(rec, name))
    obj.ptv_id = rec.ptv_id
    obj.ptv_modified = rec.modified
    obj.ptv_raw = rec.raw if rec.ptv_id else {}  # Luukku's own rows have no PTV record to keep
    hours = _hours_rows(municipality, rec)
    after = channel_snapshot(obj, hours=hours)
    if not created and after == before:
        report.counts[("channel", "unchanged")] += 1
        return
    _note_change(report, where, before, after)
    obj.save()
    ServiceHours.all_objects.filter(channel=obj).delete()
    if hours:
        _write_hours(obj, hours)
    report.counts[("channel", "created" if created else "updated")] += 1


def _run_item(apply, parse, municipality, where, item, report, adapter="v11"):
    label = where
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        label = f"{where} ({item['id'][:40]})"
    try:
        rec = parse(item)
        rec.raw = {"adapter": adapter, "item": item}
        for note in rec.notes:
            report.notes.append(Problem(label, note))
        with transaction.atomic():  # one item, all or nothing
            apply(municipality, rec, report, label)
    except PtvItemError as exc:
        report.skipped.append(Problem(label, str(exc)))
    except (DatabaseError, ValueError, TypeError) as exc:
        report.skipped.append(Problem(label, _("could not be saved: %(error)s") % {"error": exc}))


class _DryRun(Exception):
    pass


def import_ptv(municipality, source, adapter: str = "v11", *, dry_run: bool = False) -> ImportReport:
    """Import PTV services and channels (any accepted shape, see the adapter) into `municipality`.

    `dry_run`: do everything in one transaction, report it, and roll it back (nothing is written)."""
    if not dry_run:
        return _import(municipality, source, adapter, ImportReport(adapter=adapter))
    from luukku.catalogue.signals import indexing_suspended

    report = ImportReport(adapter=adapter, dry_run=True)
    try:
        with indexing_suspended(), transaction.atomic():
            _import(municipality, source, adapter, report)
            raise _DryRun
    except _DryRun:
        pass
    return report


def _import(municipality, source, adapter, report) -> ImportReport:
    from luukku.catalogue.search import reindex_municipality
    from luukku.core.services import bump_content_version, record_event

    ptv = get_adapter(adapter)
    services, channels = [], []
    for origin, document in _load(source, report):
        found_services, found_channels, problems = ptv.split(document)
        prefix = "" if origin == "input" else f"{origin} "
        report.skipped += [Problem(f"{prefix}{where}", reason) for where, reason in problems]
        services += [(f"{prefix}{where}", item) for where, item in found_services]
        channels += [(f"{prefix}{where}", item) for where, item in found_channels]

    with municipality_context(municipality):
        # Channels first, so that the services' links find them.
        for where, item in channels:
            _run_item(_apply_channel, ptv.parse_channel, municipality, where, item, report, adapter)
        for where, item in services:
            if ptv.is_stub(item):
                report.skipped.append(Problem(where, _("only an id and a name (a page of ids); import with --url")))
                continue
            _run_item(_apply_service, ptv.parse_service, municipality, where, item, report, adapter)

        if report.dry_run:
            return report  # rolled back by the caller: no index, cache or event to touch
        if report.changed:
            reindex_municipality(municipality)
            bump_content_version(municipality.pk)
            _refresh_thesaurus_later(municipality)
        record_event(municipality=municipality, kind="catalogue.ptv_imported", object_type="catalogue.ptv",
                     data={"adapter": adapter, **report.as_counts(),
                           "changes": [str(p) for p in report.changes][:500],
                           "skipped_items": [str(p) for p in report.skipped][:500]})
    return report


def _refresh_thesaurus_later(municipality) -> None:
    """The YSO labels of new ontology terms come from Finto in a task: a slow or failing Finto never holds
    up or undoes an import."""
    from luukku.catalogue.thesaurus import base_url

    if base_url():
        from luukku.catalogue.tasks import refresh_thesaurus

        transaction.on_commit(lambda: refresh_thesaurus.enqueue(municipality_id=municipality.pk))


def export_ptv(municipality, adapter: str = "v11") -> dict:
    """The municipality's catalogue as PTV JSON: {"services": [...], "serviceChannels": [...]}."""
    ptv = get_adapter(adapter)
    with municipality_context(municipality):
        services = (Service.all_objects.filter(municipality=municipality)
                    .prefetch_related("codes", "channels", "organisation_links__organisation").order_by("slug"))
        channels = (Channel.all_objects.filter(municipality=municipality)
                    .prefetch_related("hours").order_by("id"))
        channels = list(channels)
        known = {str(c.ptv_id or c.public_id) for c in channels}
        return {
            "services": [ptv.render_service(s, municipality, list(s.codes.all()),
                                            sorted(s.channels.all(), key=lambda c: c.pk), known) for s in services],
            "serviceChannels": [ptv.render_channel(c, municipality, sorted(c.hours.all(), key=lambda h: (h.order, h.pk)))
                                for c in channels],
        }


def sync_municipality(municipality, base_url: str, adapter: str = "v11") -> ImportReport | None:
    """Fetch the municipality's PTV organisation's services from the PTV API and import them.
    A fetch that fails writes nothing and is recorded (catalogue.ptv_sync_failed) with the reason."""
    from luukku.core.services import record_event

    from .client import PtvFetchError, fetch_ptv

    try:
        bundle = fetch_ptv(base_url, adapter, str(municipality.ptv_organization_id))
    except PtvFetchError as exc:
        with municipality_context(municipality):
            record_event(municipality=municipality, kind="catalogue.ptv_sync_failed", object_type="catalogue.ptv",
                         data={"adapter": adapter, "error": str(exc)[:1000]})
        return None
    return import_ptv(municipality, bundle, adapter=adapter)
