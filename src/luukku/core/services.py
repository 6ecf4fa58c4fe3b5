"""Writes of the platform primitives."""

from django.db import transaction

from . import bulk, clock
from .history import history_maintenance
from .models import AuditEvent, Channel, DomainEvent, Municipality


def record_audit(*, municipality, actor, subject_id, action, purpose, object_type="", object_id="",
                 role="", unit=None, channel=Channel.WEB) -> AuditEvent:
    """Leave a trace of a staff read of someone's personal data. Call before showing the data."""
    return AuditEvent.all_objects.create(
        municipality=municipality,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=role,
        unit=unit,
        subject_id=subject_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose,
        channel=channel,
    )


def record_audits(*, municipality, actor, action, purpose, subjects, role="", unit=None,
                  channel=Channel.WEB, more=()) -> int:
    """`record_audit` for a page of people at once (a list, a queue, search results): one AuditEvent
    per person shown, written in one insert (core.bulk.insert_values: what the rows share is prepared
    once). `subjects`: (subject_id, object_type, object_id) triples; repeats are written once. `more`:
    (action, subjects) pairs of other actions the same page shows, by the same actor, role and unit,
    written in the same insert. Returns the number of rows written."""
    rows, seen = [], set()
    for action_, subjects_ in ((action, subjects), *more):
        for subject_id, object_type, object_id in subjects_:
            row = (subject_id, object_type, str(object_id), action_)
            if subject_id is None or row in seen:
                continue
            seen.add(row)
            rows.append(row)
    bulk.insert_values(AuditEvent, ["subject_id", "object_type", "object_id", "action"], rows, {
        "municipality_id": getattr(municipality, "pk", municipality),
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "actor_role": role, "unit_id": getattr(unit, "pk", unit), "purpose": purpose,
        "channel": channel, "at": clock.now()})
    return len(rows)


def record_event(*, municipality, kind, obj=None, object_type="", object_id="", actor=None, data=None) -> DomainEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    return DomainEvent.all_objects.create(
        municipality=municipality,
        kind=kind,
        object_type=object_type,
        object_id=str(object_id),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data or {},
    )


def record_events(*, municipality, kind, items, object_type: str = "") -> None:
    """`record_event` for many objects at once, in one insert (by COPY on PostgreSQL when there are
    many: core.bulk). Items are (obj, data) pairs; with `object_type`, (object id, data) pairs, for
    objects written as tuples without a model instance (a campaign's offers)."""
    municipality_id = getattr(municipality, "pk", municipality)
    bulk.insert(DomainEvent, ["municipality_id", "kind", "object_type", "object_id", "data"], [
        (municipality_id, kind, object_type, str(obj), data or {}) if object_type else
        (municipality_id, kind, obj._meta.label_lower, str(getattr(obj, "public_id", None) or obj.pk), data or {})
        for obj, data in items])


def retention_delete(queryset) -> int:
    """Delete history rows (AppendOnly: audit events, domain events, status changes…) that retention
    or erasure must remove: the privileged door of core.history, in one transaction. Other models'
    rows that cascade with them go too. Returns how many rows of the queryset's model went."""
    with history_maintenance(queryset.db):
        _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def retention_update(queryset, **values) -> int:
    """Anonymise history rows in place (e.g. `actor=None`, `purpose=""`) through the same door."""
    with history_maintenance(queryset.db):
        return queryset.update(**values)


def bump_content_version(municipality_id: int) -> None:
    """Invalidate every cached page of a municipality (the version is part of the cache key)."""
    from django.db.models import F

    with transaction.atomic():
        Municipality.objects.filter(pk=municipality_id).update(content_version=F("content_version") + 1)


def create_municipality(*, code: str, slug: str, names: dict, languages: list | None = None) -> Municipality:
    """A new, empty municipality (e.g. for `import-ptv` to fill). Raises ValidationError naming each field."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .middleware import RESERVED
    from .models import default_languages

    municipality = Municipality(code=code, slug=slug, name={k: v.strip() for k, v in names.items() if v.strip()},
                                languages=languages or default_languages())
    errors = {}
    if slug in RESERVED:
        errors["slug"] = [_("“%(slug)s” is a path of the platform itself; choose another URL name.") % {"slug": slug}]
    try:
        municipality.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        municipality.save()
    return municipality


ADDRESS_COLUMNS = ("street", "number", "postal_code", "latitude", "longitude")


def replace_address_points(municipality, rows) -> int:
    """The municipality's address points anew from `rows` (dicts with ADDRESS_COLUMNS, `street_sv` optional),
    all or nothing. Raises ValidationError listing each bad row by its number (the header is row 1)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import AddressPoint

    points, problems = [], []
    for line, row in enumerate(rows, start=2):
        street = (row.get("street") or "").strip()
        try:
            lat, lon = float(row.get("latitude") or ""), float(row.get("longitude") or "")
        except ValueError:
            lat = lon = None
        if not street:
            problems.append(_("Row %(row)d: the street is missing.") % {"row": line})
        elif lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(_("Row %(row)d: latitude and longitude must be WGS84 decimal degrees, e.g. 61.5124 and "
                              "25.2241.") % {"row": line})
        else:
            name = {"fi": street[:200]}
            if (row.get("street_sv") or "").strip():
                name["sv"] = row["street_sv"].strip()[:200]
            points.append(AddressPoint(municipality=municipality, street=name,
                                       number=(row.get("number") or "").strip()[:20],
                                       postal_code=(row.get("postal_code") or "").strip()[:5],
                                       latitude=lat, longitude=lon))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        AddressPoint.all_objects.filter(municipality=municipality).delete()
        AddressPoint.all_objects.bulk_create(points, batch_size=2000)
    return len(points)
