"""PTV Open API v11 adapter: v11 JSON <-> neutral records / Luukku rows.

Shapes follow vrk-kpa/ptv-releases (V11VmOpenApiService, VmOpenApiServiceVersionBase,
V11VmOpenApi*Channel, V11VmOpenApiServiceHour, V8VmOpenApiDailyOpeningTime,
V9VmOpenApiAddressLocation, VmOpenApiAddressStreetWithCoordinates, V6VmOpenApiServiceOrganization).
Reading is lenient where PTV itself has used two spellings (enum names of the IN API next to the
values of the OUT API, older `webPage` / `urls` next to v11's `webPages`); writing always uses the v11
OUT spelling. Real PTV output has nulls where arrays and texts are expected, `"number": null` phones,
string orderNumbers and draft.js JSON texts: those are read as empty / plain, with a note where
something is left out, so only items that are truly unreadable are skipped.
See docs/ptv-mapping.md for the field-by-field mapping.
"""

import copy
import json
import re
import uuid
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from . import geo, ptv_adapters
from .records import (ChannelRecord, CodeRecord, HoursRecord, OrganisationLinkRecord, PtvItemError,
                      ServiceRecord)

LUUKKU_SOURCE_PREFIX = "luukku-"  # sourceId of exported rows PTV has no id for

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CHANNEL_TYPES = {"EChannel", "WebPage", "PrintableForm", "Phone", "ServiceLocation"}
WITHDRAWN = {"Deleted", "Archived", "Withdrawn", "OldPublished", "Removed"}
STATUSES = {"Published": "Published", "Modified": "Published", "Draft": "Draft"}

# serviceDescriptions type -> Service field; the IN-API enum names are accepted too.
SERVICE_DESCRIPTIONS = {
    "Summary": "summary",
    "ShortDescription": "summary",
    "Description": "description",
    "UserInstruction": "user_instructions",
    "ServiceUserInstruction": "user_instructions",
    "ProcessingTime": "processing_time",
    "ProcessingTimeAdditionalInfo": "processing_time",
    "ValidityTime": "validity_time",
    "ValidityTimeAdditionalInfo": "validity_time",
    "DeadLine": "deadline",
    "DeadLineAdditionalInfo": "deadline",
    "ChargeTypeAdditionalInfo": "fees",
}
SERVICE_DESCRIPTIONS_OUT = [
    ("Summary", "summary"),
    ("Description", "description"),
    ("UserInstruction", "user_instructions"),
    ("ProcessingTime", "processing_time"),
    ("ValidityTime", "validity_time"),
    ("DeadLine", "deadline"),
    ("ChargeTypeAdditionalInfo", "fees"),
]
SERVICE_TYPES = {
    "Service": "Service",
    "PermitOrObligation": "PermitOrObligation",
    "PermissionAndObligation": "PermitOrObligation",
    "ProfessionalQualification": "ProfessionalQualification",
    "ProfessionalQualifications": "ProfessionalQualification",
}
CHARGE_TYPES = {"Chargeable": "Chargeable", "Charged": "Chargeable", "FreeOfCharge": "FreeOfCharge", "Free": "FreeOfCharge",
                "Other": ""}  # "Other" (connection / phone level in v11) has no Luukku counterpart
# provisionType -> catalogue.ProvisionType; the older spellings are read as v11's. No value at all: PTV's
# default for a producer, self-produced.
PROVISION_TYPES = {
    "SelfProducedServices": "SelfProducedServices",
    "SelfProduced": "SelfProducedServices",
    "ProcuredServices": "ProcuredServices",
    "PurchaseServices": "ProcuredServices",
    "VoucherServices": "VoucherServices",
    "Other": "Other",
    "": "SelfProducedServices",
}
# v11 has no VoucherServices: a voucher producer goes out as Other (its vouchers in serviceVouchers).
PROVISION_OUT = {"VoucherServices": "Other"}
ROLE_TYPES = {"Responsible", "OtherResponsible", "Producer"}
CODE_LISTS = [  # (v11 key, CodeKind value)
    ("serviceClasses", "service_class"),
    ("targetGroups", "target_group"),
    ("lifeEvents", "life_event"),
    ("industrialClasses", "industrial_class"),
]
HOUR_TYPES = {"DaysOfTheWeek": "DaysOfTheWeek", "Standard": "DaysOfTheWeek", "Exceptional": "Exceptional",
              "Exception": "Exceptional", "OverMidnight": "OverMidnight", "Special": "OverMidnight"}
TIME_RE = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)(:[0-5]\d(\.\d+)?)?$")
STREET_NUMBER_RE = re.compile(r"^(.*?\S)\s+(\d.*)$")
CODE_FROM_URI_RE = re.compile(r"/code/([^/]+)/?$")


# -- small readers -------------------------------------------------------------------------------

def _list(item, key):
    """A JSON array; PTV writes null for empty arrays and sometimes null entries inside them."""
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PtvItemError(_("“%(key)s” must be a JSON array ([…]); fix the value in PTV or in the file."), key=key)
    return [entry for entry in value if entry is not None]


def _dict(value, key):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PtvItemError(_("“%(key)s” must be a JSON object ({…}); fix the value in PTV or in the file."), key=key)
    return value


def _str(value, key):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PtvItemError(_("“%(key)s” must be text; fix the value in PTV or in the file."), key=key)
    return str(value).strip()


def _bool(value, key):
    if value is None:
        return False
    if isinstance(value, str) and value.lower() in ("true", "false"):  # hand-edited exports
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise PtvItemError(_("“%(key)s” must be true or false; fix the value in PTV or in the file."), key=key)
    return value


def _int(value, default):
    """orderNumber and the like: PTV writes numbers, older exports strings ("1")."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return default


def _text(value, key):
    """A description value: plain text, or draft.js raw JSON (PTV's editor format) made plain."""
    text = _str(value, key)
    if text.startswith("{") and '"blocks"' in text:
        try:
            raw = json.loads(text)
        except ValueError:
            return text
        if isinstance(raw, dict) and isinstance(raw.get("blocks"), list):
            return _draftjs_text(raw["blocks"])
    return text


def _draftjs_text(blocks):
    lines, number = [], 0
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind, text = block.get("type") or "unstyled", str(block.get("text") or "").strip()
        number = number + 1 if kind == "ordered-list-item" else 0
        if kind == "unordered-list-item":
            text = f"- {text}"
        elif kind == "ordered-list-item":
            text = f"{number}. {text}"
        lines.append(text)
    return "\n".join(lines).strip()


def _lang_items(item, key, *, type_=None, types=None):
    """[{value, language[, type]}] -> {language: value} (optionally only entries of a type)."""
    out = {}
    for entry in _list(item, key):
        entry = _dict(entry, key)
        if type_ is not None and entry.get("type") != type_:
            continue
        if types is not None and entry.get("type") not in types:
            continue
        language = _str(entry.get("language"), f"{key}.language") or "fi"
        value = _text(entry.get("value"), f"{key}.value")
        if value and language not in out:  # PTV: one value per language; keep the first
            out[language] = value
    return out


def _uuid(value, what="id"):
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PtvItemError(_("%(what)s must be a PTV id (a UUID such as 0d5ab9b2-…); fix it in the file."), what=what)
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise PtvItemError(_("%(what)s “%(value)s” is not a PTV id (a UUID such as 0d5ab9b2-…); fix it in the file."),
                           what=what, value=value[:60]) from None


def _datetime(value, key):
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise PtvItemError(_("“%(key)s” must be a date and time such as 2024-05-31T12:00:00; fix it in the file."),
                           key=key)
    if parsed.tzinfo is None:  # PTV writes UTC without an offset
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _date(value, key):
    parsed = _datetime(value, key)
    return parsed.date() if parsed else None


def _time(value, key):
    text = _str(value, key)
    m = TIME_RE.match(text)
    if not m:
        raise PtvItemError(_("“%(key)s” “%(value)s” is not a time of day such as 08:00; fix the opening hours in PTV."),
                           key=key, value=text[:20])
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _weekday(value, key, *, required):
    text = _str(value, key)
    if not text:
        if required:
            raise PtvItemError(_("“%(key)s” is missing; give the weekday (Monday … Sunday) in PTV."), key=key)
        return None
    if text.capitalize() not in WEEKDAYS:
        raise PtvItemError(_("“%(key)s” “%(value)s” is not a weekday (Monday … Sunday); fix the opening hours in PTV."),
                           key=key, value=text[:20])
    return WEEKDAYS.index(text.capitalize())


def _coordinate_pair(lat_raw, lon_raw):
    """PTV gives ETRS-TM35FIN metres as strings; WGS84 degrees are accepted too."""
    try:
        lat, lon = float(str(lat_raw).replace(",", ".")), float(str(lon_raw).replace(",", "."))
    except (TypeError, ValueError):
        return None, None
    if lat == 0 and lon == 0:
        return None, None
    if abs(lat) > 90 or abs(lon) > 180:
        lat, lon = geo.tm35fin_to_wgs84(lat, lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    q = Decimal("0.000001")
    return Decimal(repr(lat)).quantize(q, ROUND_HALF_UP), Decimal(repr(lon)).quantize(q, ROUND_HALF_UP)


def _ids(item, notes):
    """(ptv_id, luukku_id, source_id): Luukku's own export marks rows PTV has no id for."""
    if "id" not in item or item.get("id") in (None, ""):
        raise PtvItemError(_("missing id"))
    item_id = _uuid(item.get("id"))
    source_id = _str(item.get("sourceId"), "sourceId")
    if len(source_id) > 100:
        notes.append(_("sourceId is longer than 100 characters; Luukku does not keep it"))
        source_id = ""
    if source_id == f"{LUUKKU_SOURCE_PREFIX}{item_id}":
        return None, item_id, source_id
    return item_id, None, source_id


def _status(item):
    status = _str(item.get("publishingStatus"), "publishingStatus") or "Published"
    if status in WITHDRAWN:
        return status, True
    if status not in STATUSES:
        raise PtvItemError(_("unknown publishingStatus “%(value)s”; use Published, Draft, Modified or Deleted."),
                           value=status[:30])
    return STATUSES[status], False


def _datetime_out(value):
    """PTV writes UTC without an offset."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() if value else None


def _finto(entry, key):
    entry = _dict(entry, key)
    uri = _str(entry.get("uri"), f"{key}.uri") or _str(entry.get("newUri"), f"{key}.newUri")
    code = _str(entry.get("code"), f"{key}.code")
    if not code:  # some code lists give only the uri: …/code/KE3
        m = CODE_FROM_URI_RE.search(uri)
        code = m.group(1) if m else ""
    return {"code": code, "uri": uri, "name": _lang_items(entry, "name")}


def _raw_list(item, key):
    value = item.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _reuse(fresh_entries, raw_entries, by):
    """Fresh entries, each replaced by the raw entry with the same code / uri (keeps what Luukku does not
    model of it: ontologyType, parentId, parentUri …)."""
    raw_by = {e.get(by): e for e in raw_entries if e.get(by)}
    return [raw_by.get(e.get(by), e) for e in fresh_entries]


def _link_key(link):
    """A Luukku organisation link compared as OrganisationLinkRecord.key()."""
    org = link.organisation
    return (link.role, link.provision_type, str(org.ptv_id or "") if org else "", sorted((link.info or {}).items()))


def _keeper(out: dict, fresh: dict):
    """keep(equal, *keys, merge=None): where what Luukku holds differs from the stored PTV record, the export
    `out` takes those keys from Luukku's `fresh` rendering (merged with the record's own entries by `merge`)."""

    def keep(equal, *keys, merge=None):
        if equal:
            return
        for key in keys:
            out.pop(key, None)
        for key in keys:
            if key in fresh:
                out[key] = merge(key) if merge else fresh[key]

    return keep


def _link_id(entry):
    ref = entry.get("serviceChannel")
    return str(ref.get("id")) if isinstance(ref, dict) else str(entry.get("serviceChannelId"))


# -- the adapter ---------------------------------------------------------------------------------

@ptv_adapters.register("v11")
class PtvV11Adapter:
    version = "v11"

    # Paths of the open (read) API, relative to the base URL.
    service_page_path = "/api/v11/Service"  # ?page=N (1-based), guid page or full items
    service_org_page_path = "/api/v11/Service/list/organization"  # ?organizationId=…&page=N, full items
    service_list_path = "/api/v11/Service/list"  # ?guids=a,b,c
    channel_list_path = "/api/v11/ServiceChannel/list"  # ?guids=a,b,c

    # -- recognising what a document holds -------------------------------------------------------

    def split(self, document):
        """Any accepted input shape -> (services, channels, problems): items as (position, item),
        problems as (position, reason) for parts of the document that hold no items."""
        services, channels, problems = [], [], []

        def add(item, where):
            if isinstance(item, dict) and self.is_channel(item):
                channels.append((where, item))
            else:
                services.append((where, item))

        if isinstance(document, list):
            for i, item in enumerate(document):
                add(item, f"[{i}]")
        elif isinstance(document, dict):
            if "itemList" in document:
                items = document.get("itemList") or []
                if not isinstance(items, list):
                    problems.append(("itemList", "“itemList” is not a list"))
                    items = []
                page = document.get("pageNumber")
                for i, item in enumerate(items):
                    add(item, f"page {page} item {i}" if page is not None else f"itemList[{i}]")
            elif ("services" in document or "serviceChannels" in document) and "id" not in document:
                for key, target in (("services", services), ("serviceChannels", channels)):
                    items = document.get(key) or []
                    if not isinstance(items, list):
                        problems.append((key, f"“{key}” is not a list"))
                        continue
                    for i, item in enumerate(items):
                        if key == "services":
                            add(item, f"{key}[{i}]")
                        else:
                            target.append((f"{key}[{i}]", item))
            else:
                add(document, "item")
        else:
            problems.append(("document", "neither a PTV object nor a list"))
        return services, channels, problems

    @staticmethod
    def is_channel(item: dict) -> bool:
        return "serviceChannelType" in item or "serviceChannelNames" in item

    @staticmethod
    def is_stub(item: dict) -> bool:
        """An entry of a guid page ({id, name}) rather than a whole service."""
        return isinstance(item, dict) and "id" in item and "serviceNames" not in item and not PtvV11Adapter.is_channel(item)

    # -- PTV -> records --------------------------------------------------------------------------

    def parse_service(self, item) -> ServiceRecord:
        if not isinstance(item, dict):
            raise PtvItemError(_("the item is not a JSON object; each service must be {…} with an id and serviceNames."))
        notes = []
        ptv_id, luukku_id, source_id = _ids(item, notes)
        names = _lang_items(item, "serviceNames", type_="Name")
        if not names:
            raise PtvItemError(_("the service has no name (serviceNames of type Name); add a name in PTV."))
        status, withdrawn = _status(item)
        rec = ServiceRecord(ptv_id=ptv_id, luukku_id=luukku_id, source_id=source_id, name=names,
                            status=status, withdrawn=withdrawn, notes=notes)
        if "fi" not in names:
            rec.notes.append(_("no Finnish name"))
        for entry in _list(item, "serviceNames"):
            entry = _dict(entry, "serviceNames")
            value = _str(entry.get("value"), "serviceNames.value")
            if entry.get("type") in ("AlternativeName", "AlternateName") and value:
                lang = _str(entry.get("language"), "serviceNames.language") or "fi"
                rec.alternative_names.setdefault(lang, []).append(value)
        service_type = _str(item.get("type"), "type") or "Service"
        if service_type not in SERVICE_TYPES:
            rec.notes.append(_("unknown service type “%(value)s”; imported as Service") % {"value": service_type[:40]})
        rec.type = SERVICE_TYPES.get(service_type, "Service")
        rec.funding_type = _str(item.get("fundingType"), "fundingType")[:20] or "PubliclyFunded"
        for entry in _list(item, "serviceDescriptions"):
            entry = _dict(entry, "serviceDescriptions")
            field = SERVICE_DESCRIPTIONS.get(entry.get("type"))
            value = _text(entry.get("value"), "serviceDescriptions.value")
            if field and value:
                getattr(rec, field).setdefault(_str(entry.get("language"), "language") or "fi", value)
        rec.requirements = _lang_items(item, "requirements")
        charge = _str(item.get("serviceChargeType"), "serviceChargeType")
        if charge and charge not in CHARGE_TYPES:
            raise PtvItemError(_("unknown serviceChargeType “%(value)s”; use Chargeable or FreeOfCharge."),
                               value=charge[:30])
        rec.charge_type = CHARGE_TYPES.get(charge, "")
        rec.area_type = _str(item.get("areaType"), "areaType")[:40] or "LimitedType"
        rec.areas = _list(item, "areas")
        rec.languages = [_str(code, "languages") for code in _list(item, "languages")]
        for entry in _list(item, "keywords"):
            entry = _dict(entry, "keywords")
            value = _str(entry.get("value"), "keywords.value")
            if value:
                rec.keywords.setdefault(_str(entry.get("language"), "language") or "fi", []).append(value)
        for law in _list(item, "legislation"):
            law = _dict(law, "legislation")
            urls = {}
            for page in _list(law, "webPages"):
                page = _dict(page, "legislation.webPages")
                url = _str(page.get("url"), "legislation.webPages.url")
                if url:
                    urls.setdefault(_str(page.get("language"), "language") or "fi", url)
            name = _lang_items(law, "names")
            if name or urls:
                rec.legislation.append({"name": name, "url": urls})
        rec.vouchers_in_use = _bool(item.get("serviceVouchersInUse"), "serviceVouchersInUse")
        for key, kind in CODE_LISTS:
            for entry in _list(item, key):
                code = _finto(entry, key)
                if not code["code"] or len(code["code"]) > 20 or len(code["uri"]) > 300:
                    rec.notes.append(_("an entry of “%(key)s” has no code, or a code or uri too long; it was left out")
                                     % {"key": key})
                    continue
                rec.codes.append(CodeRecord(kind=kind, **code))
        rec.ontology_terms = [_finto(entry, "ontologyTerms") for entry in _list(item, "ontologyTerms")]
        self._parse_organizations(item, rec)
        self._parse_vouchers(item, rec)
        for link in _list(item, "serviceChannels"):
            link = _dict(link, "serviceChannels")
            ref = _dict(link.get("serviceChannel"), "serviceChannels.serviceChannel")
            channel_id = _uuid(ref.get("id") or link.get("serviceChannelId"), "serviceChannels id")
            if channel_id is None:
                rec.notes.append(_("a serviceChannels entry has no id; the link was left out"))
            elif channel_id not in rec.channel_ids:
                rec.channel_ids.append(channel_id)
        general = _str(item.get("generalDescriptionId"), "generalDescriptionId")
        if general and not rec.description:
            # v11 does not copy the general description's texts into the service.
            rec.notes.append(_("based on general description %(id)s whose texts PTV does not include in the "
                               "service; write a local description in PTV or in Luukku") % {"id": general[:40]})
        rec.modified = _datetime(item.get("modified"), "modified")
        return rec

    @staticmethod
    def _parse_organizations(item, rec):
        """organizations[]: roleType Responsible / OtherResponsible / Producer, each with the organisation
        ({id, name}: the name in one language) or only additionalInformation (v11; serviceProducers and
        mainOrganization are not serialised by the OUT API). Every entry becomes a link."""
        for i, entry in enumerate(_list(item, "organizations")):
            entry = _dict(entry, "organizations")
            role = _str(entry.get("roleType"), "roleType")
            if role not in ROLE_TYPES:
                rec.notes.append(_("organizations[%(n)d] has an unknown roleType “%(value)s”; Luukku leaves it out")
                                 % {"n": i, "value": role[:40]})
                continue
            provision = ""
            if role == "Producer":
                raw_provision = _str(entry.get("provisionType"), "provisionType")
                provision = PROVISION_TYPES.get(raw_provision, "Other")
                if raw_provision not in PROVISION_TYPES:
                    rec.notes.append(_("unknown provisionType “%(value)s”; the producer is imported as other")
                                     % {"value": raw_provision[:40]})
            org = _dict(entry.get("organization"), "organization")
            link = OrganisationLinkRecord(role=role, provision_type=provision,
                                          info=_lang_items(entry, "additionalInformation"))
            try:
                link.ptv_id = _uuid(org.get("id"), "organization id")
            except PtvItemError as exc:
                rec.notes.append(_("organizations[%(n)d]: %(problem)s; the organisation was left out")
                                 % {"n": i, "problem": exc})
            name = _str(org.get("name"), "organization.name")
            if name:
                link.name = {"fi": name}  # v11 gives one name, the organisation's Finnish one when it has it
            if link.ptv_id is None and not link.info:
                rec.notes.append(_("organizations[%(n)d] has neither an organisation nor additional information; "
                                   "it was left out") % {"n": i})
                continue
            rec.organisations.append(link)

    @staticmethod
    def _parse_vouchers(item, rec):
        """serviceVouchers[]: {value (name), url, language, additionalInformation, orderNumber}, each language's
        list apart; kept in PTV's order."""
        for i, entry in enumerate(_list(item, "serviceVouchers")):
            entry = _dict(entry, "serviceVouchers")
            name = _str(entry.get("value"), "serviceVouchers.value")
            url = _str(entry.get("url"), "serviceVouchers.url")
            if not name and not url:
                rec.notes.append(_("service voucher %(n)d has neither a name nor an address; it was left out")
                                 % {"n": i + 1})
                continue
            rec.service_vouchers.append({
                "language": _str(entry.get("language"), "serviceVouchers.language") or "fi",
                "name": name, "url": url,
                "info": _str(entry.get("additionalInformation"), "serviceVouchers.additionalInformation"),
                "order": _int(entry.get("orderNumber"), i + 1),
            })

    def parse_channel(self, item) -> ChannelRecord:
        if not isinstance(item, dict):
            raise PtvItemError(_("the item is not a JSON object; each channel must be {…} with an id and "
                                 "serviceChannelType."))
        notes = []
        ptv_id, luukku_id, source_id = _ids(item, notes)
        kind = _str(item.get("serviceChannelType"), "serviceChannelType")
        if kind not in CHANNEL_TYPES:
            raise PtvItemError(_("unknown serviceChannelType “%(value)s”; use EChannel, WebPage, PrintableForm, "
                                 "Phone or ServiceLocation."), value=kind[:40])
        names = _lang_items(item, "serviceChannelNames", types={"Name", None})
        if not names:
            names = _lang_items(item, "serviceChannelNames")  # only an AlternativeName: better than nothing
        if not names:
            raise PtvItemError(_("the channel has no name (serviceChannelNames); add a name in PTV."))
        status, withdrawn = _status(item)
        rec = ChannelRecord(ptv_id=ptv_id, luukku_id=luukku_id, source_id=source_id, kind=kind, name=names,
                            status=status, withdrawn=withdrawn, notes=notes)
        if "fi" not in names:
            rec.notes.append(_("no Finnish name"))
        rec.summary = _lang_items(item, "serviceChannelDescriptions", types={"Summary", "ShortDescription"})
        rec.description = _lang_items(item, "serviceChannelDescriptions", type_="Description")
        rec.languages = [_str(code, "languages") for code in _list(item, "languages")]
        for i, entry in enumerate(_list(item, "phoneNumbers") + _list(item, "supportPhones")):
            phone = self._parse_phone(entry)
            if phone is None:  # real PTV data: {"type": "Fax", "number": null, …}
                rec.notes.append(_("phone number %(n)d is empty; it was left out") % {"n": i + 1})
            else:
                rec.phones.append(phone)
        for entry in _list(item, "emails") + _list(item, "supportEmails"):
            entry = _dict(entry, "emails")
            value = _str(entry.get("value"), "emails.value")
            if value:
                rec.emails.append({"value": value, "language": _str(entry.get("language"), "language") or "fi"})
        rec.urls = self._parse_urls(item)
        rec.requires_authentication = _bool(item.get("requiresAuthentication"), "requiresAuthentication")
        rec.requires_signature = _bool(item.get("requiresSignature"), "requiresSignature")
        rec.form_identifier = _lang_items(item, "formIdentifier")
        self._parse_address(item, rec)
        for i, entry in enumerate(_list(item, "serviceHours")):
            try:
                hours = self._parse_hours(entry, i)
            except PtvItemError as exc:
                raise exc.at(f"serviceHours[{i}]") from None
            if hours.is_reservation and not hours.info:
                rec.notes.append(_("service hours %(n)d are “open by reservation”; add that to their additional "
                                   "information in PTV to show it") % {"n": i + 1})
            rec.hours.append(hours)
        rec.modified = _datetime(item.get("modified"), "modified")
        return rec

    @staticmethod
    def _parse_phone(entry):
        entry = _dict(entry, "phoneNumbers")
        number = _str(entry.get("number"), "phone number")
        if not number:
            return None
        language = _str(entry.get("language"), "language") or "fi"
        phone = {
            "number": number,
            "prefix": _str(entry.get("prefixNumber"), "prefixNumber"),
            "kind": _str(entry.get("type"), "phone type") or "Phone",
            "charge": _str(entry.get("serviceChargeType"), "serviceChargeType"),
            "charge_info": {},
            "info": {},
            "language": language,
        }
        charge_info = _str(entry.get("chargeDescription"), "chargeDescription")
        info = _str(entry.get("additionalInformation"), "additionalInformation")
        if charge_info:
            phone["charge_info"] = {language: charge_info}
        if info:
            phone["info"] = {language: info}
        if _bool(entry.get("isFinnishServiceNumber"), "isFinnishServiceNumber"):
            phone["finnish_service_number"] = True
        return phone

    @staticmethod
    def _parse_urls(item):
        """v11: webPages [{url, value (a title), language, orderNumber}] on every channel type; PrintableForm
        also channelUrls [{value, language, type}]; older exports webPage / urls [{value, language}]."""
        found = []
        for key in ("webPages", "webPage", "urls", "channelUrls"):
            for i, entry in enumerate(_list(item, key)):
                entry = _dict(entry, key)
                raw = entry.get("url") if key == "webPages" else entry.get("value")
                url = _str(raw if raw else entry.get("url"), f"{key} url")
                lang = _str(entry.get("language"), "language") or "fi"
                if url:
                    found.append((key != "webPages", _int(entry.get("orderNumber"), 0), i, lang, url))
        urls = {}
        for *_order, lang, url in sorted(found):
            urls.setdefault(lang, url)
        return urls

    @staticmethod
    def _parse_address(item, rec):
        """The first visiting address (type Location; subType Single/Street, Other or Abroad)."""
        addresses = [_dict(a, "addresses") for a in _list(item, "addresses")]
        visiting = [a for a in addresses if a.get("type") in ("Location", "Visiting")]
        if not visiting:
            return
        address = visiting[0]
        if len(visiting) > 1:
            rec.notes.append(_("%(count)d visiting addresses in PTV; Luukku keeps the first") % {"count": len(visiting)})
        street = _dict(address.get("streetAddress"), "streetAddress")
        other = _dict(address.get("otherAddress"), "otherAddress")
        if street:
            number = _str(street.get("streetNumber"), "streetNumber")
            for lang, text in _lang_items(street, "street").items():
                rec.street_address[lang] = f"{text} {number}".strip()
            place = street
        elif other:  # a place without a street address ("Other"): its description and coordinates
            rec.street_address = _lang_items(other, "additionalInformation")
            place = other
        else:  # "Abroad"
            rec.street_address = _lang_items(address, "locationAbroad")
            place = {}
        postal_code = _str(place.get("postalCode"), "postalCode")
        if postal_code and not re.fullmatch(r"\d{5}", postal_code):
            rec.notes.append(_("postalCode “%(value)s” is not five digits; it was left out")
                             % {"value": postal_code[:10]})
            postal_code = ""
        rec.postal_code = postal_code
        rec.post_office = _lang_items(place, "postOffice")
        rec.latitude, rec.longitude = _coordinate_pair(place.get("latitude"), place.get("longitude"))
        # Accessibility sentences (from the national accessibility register) of the entrances.
        texts: dict[str, list[str]] = {}
        for entrance in _list(address, "entrances"):
            entrance = _dict(entrance, "entrances")
            for sentence in _list(entrance, "accessibilitySentences"):
                sentence = _dict(sentence, "accessibilitySentences")
                for lang, group in _lang_items(sentence, "sentenceGroup").items():
                    texts.setdefault(lang, []).append(group)
                for value in _list(sentence, "sentences"):
                    value = _dict(value, "sentences")  # {"sentence": [{value, language}]}
                    for sub in value.values():
                        if isinstance(sub, list):
                            for lang, text in _lang_items({"x": sub}, "x").items():
                                texts.setdefault(lang, []).append(f"– {text}")
        if texts:
            rec.accessibility = {lang: "\n".join(lines) for lang, lines in texts.items()}

    @staticmethod
    def _parse_hours(entry, index) -> HoursRecord:
        entry = _dict(entry, "serviceHours")
        raw_type = _str(entry.get("serviceHourType"), "serviceHourType")
        if raw_type not in HOUR_TYPES:
            raise PtvItemError(_("unknown serviceHourType “%(value)s”; use DaysOfTheWeek, Exceptional or "
                                 "OverMidnight."), value=raw_type[:30])
        hours = HoursRecord(kind=HOUR_TYPES[raw_type])
        hours.valid_from = _date(entry.get("validFrom"), "validFrom")
        hours.valid_to = _date(entry.get("validTo"), "validTo")
        if _bool(entry.get("validForNow"), "validForNow") and hours.kind != "Exceptional":
            hours.valid_from = hours.valid_to = None
        hours.is_closed = _bool(entry.get("isClosed"), "isClosed")
        hours.is_always_open = _bool(entry.get("isAlwaysOpen"), "isAlwaysOpen")
        hours.is_reservation = _bool(entry.get("isReservation"), "isReservation")
        hours.info = _lang_items(entry, "additionalInformation")
        hours.order = max(_int(entry.get("orderNumber"), index), 0)
        openings = [_dict(o, "openingHour") for o in _list(entry, "openingHour")]
        openings = sorted(enumerate(openings), key=lambda pair: (_int(pair[1].get("order"), pair[0]), pair[0]))
        for j, opening in openings:
            if hours.is_closed or hours.is_always_open:
                if not _str(opening.get("from"), "from") and not _str(opening.get("to"), "to"):
                    continue  # an empty time row next to "closed" / "always open"
            try:
                row = {
                    "day_from": _weekday(opening.get("dayFrom"), "dayFrom", required=hours.kind != "Exceptional"),
                    "day_to": _weekday(opening.get("dayTo"), "dayTo", required=False),
                    "from": _time(opening.get("from"), "from"),
                    "to": _time(opening.get("to"), "to"),
                }
            except PtvItemError as exc:
                raise exc.at(f"openingHour[{j}]") from None
            if opening.get("isExtra") is True:  # v7 and older; v8+ gives several rows for the same day
                row["is_extra"] = True
            hours.opening.append(row)
        return hours

    # -- Luukku rows -> PTV v11 ------------------------------------------------------------------
    #
    # A row imported from PTV keeps the record as it came (`ptv_raw`). Export starts from that record:
    # what Luukku does not model is written back as it came; each group of keys Luukku models is
    # written as it came when Luukku's fields still equal what was read from it, and from Luukku's
    # fields when they were edited (entries of the group Luukku does not model are kept even then).

    def render_service(self, service, municipality, codes, channels, known_channels=None) -> dict:
        """`known_channels`: export ids of every channel the municipality has in Luukku."""
        fresh = self._fresh_service(service, municipality, codes, channels)
        raw = self._raw_item(service)
        try:
            rec = self.parse_service(raw) if raw else None
        except PtvItemError:
            rec = None
        if rec is None:
            return fresh
        out = copy.deepcopy(raw)
        national = [c for c in codes if c.is_national]
        keep = _keeper(out, fresh)

        keep(fresh["id"] == str(rec.ptv_id) and (fresh["sourceId"] or "") == rec.source_id, "id", "sourceId")
        keep(service.type == rec.type, "type")
        keep(service.funding_type == rec.funding_type, "fundingType")
        keep(service.name == rec.name and service.alternative_names == rec.alternative_names, "serviceNames",
             merge=lambda key: fresh[key] + [e for e in _raw_list(raw, key)
                                             if e.get("type") not in ("Name", "AlternativeName", "AlternateName")])
        keep(all(getattr(service, f) == getattr(rec, f) for f in set(SERVICE_DESCRIPTIONS.values())),
             "serviceDescriptions",
             merge=lambda key: fresh[key] + [e for e in _raw_list(raw, key) if e.get("type") not in SERVICE_DESCRIPTIONS])
        keep(service.requirements == rec.requirements, "requirements")
        keep(service.charge_type == rec.charge_type, "serviceChargeType")
        keep(service.area_type == rec.area_type and service.areas == rec.areas, "areaType", "areas")
        keep(service.languages == rec.languages, "languages")
        keep(service.keywords == rec.keywords, "keywords")
        keep(service.legislation == rec.legislation, "legislation")
        keep(service.vouchers_in_use == rec.vouchers_in_use, "serviceVouchersInUse")
        keep(service.service_vouchers == rec.service_vouchers, "serviceVouchers")
        for key, kind in CODE_LISTS:
            mine = sorted(c.code for c in national if c.kind == kind)
            keep(mine == sorted(c.code for c in rec.codes if c.kind == kind), key,
                 merge=lambda key: _reuse(fresh[key], _raw_list(raw, key), "code"))
        keep(service.ontology_terms == rec.ontology_terms, "ontologyTerms",
             merge=lambda key: _reuse(fresh[key], _raw_list(raw, key), "uri"))
        keep([_link_key(link) for link in service.organisation_links.all()] == [r.key() for r in rec.organisations],
             "organizations")
        # A link to a channel Luukku does not have (another organisation's) is PTV's: it stays.
        linked = [c["serviceChannel"]["id"] for c in fresh["serviceChannels"]]
        known = set(linked) if known_channels is None else known_channels
        keep(sorted(linked) == sorted(str(i) for i in rec.channel_ids if str(i) in known), "serviceChannels",
             merge=lambda key: [e for e in _raw_list(raw, key) if _link_id(e) in linked or _link_id(e) not in known]
             + [e for e in fresh[key] if e["serviceChannel"]["id"] not in {_link_id(r) for r in _raw_list(raw, key)}])
        keep(service.status == rec.status, "publishingStatus")
        keep(service.ptv_modified == rec.modified, "modified")
        return out

    def render_channel(self, channel, municipality, hours) -> dict:
        fresh = self._fresh_channel(channel, municipality, hours)
        raw = self._raw_item(channel)
        try:
            rec = self.parse_channel(raw) if raw else None
        except PtvItemError:
            rec = None
        if rec is None:
            return fresh
        out = copy.deepcopy(raw)
        keep = _keeper(out, fresh)

        keep(fresh["id"] == str(rec.ptv_id) and (fresh["sourceId"] or "") == rec.source_id, "id", "sourceId")
        keep(fresh["serviceChannelType"] == rec.kind, "serviceChannelType")
        keep(channel.name == rec.name, "serviceChannelNames",
             merge=lambda key: fresh[key] + [e for e in _raw_list(raw, key) if e.get("type") not in ("Name", None)])
        keep(channel.summary == rec.summary and channel.description == rec.description, "serviceChannelDescriptions",
             merge=lambda key: fresh[key] + [e for e in _raw_list(raw, key)
                                             if e.get("type") not in ("Summary", "ShortDescription", "Description")])
        keep(channel.languages == rec.languages, "languages")
        keep(channel.phones == rec.phones, "phoneNumbers", "supportPhones")
        keep(channel.emails == rec.emails, "emails", "supportEmails")
        titles = {(e.get("url"), e.get("language")): e.get("value") for e in _raw_list(raw, "webPages")}
        keep(channel.urls == rec.urls, "webPages", "channelUrls", "webPage", "urls",
             merge=lambda key: [{**e, "value": titles.get((e["url"], e["language"]))} for e in fresh[key]]
             if key == "webPages" else fresh[key])
        keep(channel.requires_authentication == rec.requires_authentication, "requiresAuthentication")
        keep(channel.requires_signature == rec.requires_signature, "requiresSignature")
        keep(channel.form_identifier == rec.form_identifier, "formIdentifier")
        keep(all(getattr(channel, f) == getattr(rec, f)
                 for f in ("street_address", "postal_code", "post_office", "latitude", "longitude")), "addresses",
             merge=lambda key: fresh[key] + [a for a in _raw_list(raw, key) if a.get("type") not in ("Location", "Visiting")])
        from .importer import _hours_key  # one definition of what makes hours equal

        keep(sorted(_hours_key(h) for h in hours) == sorted(_hours_key(h) for h in rec.hours), "serviceHours")
        keep(channel.status == rec.status, "publishingStatus")
        keep(channel.ptv_modified == rec.modified, "modified")
        return out

    def _raw_item(self, row):
        raw = row.ptv_raw or {}
        item = raw.get("item") if raw.get("adapter") == self.version else None
        return item if isinstance(item, dict) and row.ptv_id else None

    @staticmethod
    def _items(value: dict | None, **extra):
        return [{"value": text, "language": lang, **extra} for lang, text in (value or {}).items() if text]

    @staticmethod
    def _export_ids(row):
        if row.ptv_id:
            return str(row.ptv_id), row.source_id or None
        if row.source_id and not row.source_id.startswith(LUUKKU_SOURCE_PREFIX):
            return str(row.public_id), row.source_id  # a foreign source id survives; PTV assigns the id
        return str(row.public_id), f"{LUUKKU_SOURCE_PREFIX}{row.public_id}"

    @staticmethod
    def _status_out(status):
        return "Deleted" if status == "Archived" else status

    def _fresh_service(self, service, municipality, codes, channels) -> dict:
        """The service written from Luukku's fields only (a row PTV does not know, or an edited field)."""
        from luukku.core.translation import tr

        service_id, source_id = self._export_ids(service)
        names = self._items(service.name, type="Name")
        for lang, values in (service.alternative_names or {}).items():
            names += [{"value": v, "language": lang, "type": "AlternativeName"} for v in values if v]
        descriptions = []
        for type_, field in SERVICE_DESCRIPTIONS_OUT:
            descriptions += self._items(getattr(service, field), type=type_)
        by_kind = {kind: [] for _, kind in CODE_LISTS}
        for code in codes:
            if code.kind in by_kind and code.is_national:
                by_kind[code.kind].append(self._finto_out(code.code, code.uri, code.name))
        links = list(service.organisation_links.all())
        organizations = [self._organisation_out(link) for link in links]
        if municipality.ptv_organization_id and not any(link.role == "Responsible" for link in links):
            # PTV wants a responsible organisation: the municipality, when Luukku was told none.
            organizations.insert(0, {
                "organization": {"id": str(municipality.ptv_organization_id), "name": tr(municipality.name, "fi")},
                "roleType": "Responsible", "provisionType": None, "additionalInformation": [],
            })
        return {
            "id": service_id,
            "sourceId": source_id,
            "type": service.type,
            "fundingType": service.funding_type,
            "serviceNames": names,
            "serviceChargeType": service.charge_type or None,
            "areaType": service.area_type,
            "areas": service.areas or [],
            "serviceDescriptions": descriptions,
            "languages": list(service.languages or []),
            "legislation": [
                {"names": self._items(law.get("name")),
                 "webPages": [{"value": (law.get("name") or {}).get(lang, ""), "url": url, "language": lang}
                              for lang, url in (law.get("url") or {}).items()]}
                for law in service.legislation or []
            ],
            "keywords": [{"value": v, "language": lang} for lang, values in (service.keywords or {}).items()
                         for v in values],
            "requirements": self._items(service.requirements),
            "serviceVouchersInUse": service.vouchers_in_use or any(link.provision_type == "VoucherServices"
                                                                   for link in links),
            "serviceVouchers": [
                {"value": v.get("name") or None, "url": v.get("url") or None, "language": v.get("language") or "fi",
                 "additionalInformation": v.get("info") or None, "orderNumber": v.get("order")}
                for v in service.service_vouchers or [] if isinstance(v, dict)
            ],
            "serviceClasses": by_kind["service_class"],
            "ontologyTerms": [self._finto_out(t.get("code", ""), t.get("uri", ""), t.get("name"))
                              for t in service.ontology_terms or []],
            "targetGroups": by_kind["target_group"],
            "lifeEvents": by_kind["life_event"],
            "industrialClasses": by_kind["industrial_class"],
            "serviceChannels": [
                {"serviceChannel": {"id": self._export_ids(c)[0], "name": tr(c.name, "fi")},
                 "serviceChargeType": None, "description": [], "serviceHours": [], "contactDetails": None}
                for c in channels
            ],
            "organizations": organizations,
            "publishingStatus": self._status_out(service.status),
            "modified": _datetime_out(service.ptv_modified),
        }

    def _organisation_out(self, link):
        """One link as an organizations[] entry: an organisation PTV knows by its id and name; a local one
        (PTV has no id for it) by its name as additional information."""
        from luukku.core.translation import tr

        org = link.organisation
        out = {"organization": None, "roleType": link.role,
               "provisionType": PROVISION_OUT.get(link.provision_type, link.provision_type) or None,
               "additionalInformation": self._items(link.info)}
        if org is not None and org.ptv_id:
            out["organization"] = {"id": str(org.ptv_id), "name": tr(org.name, "fi") or None}
        elif org is not None and not link.info:
            out["additionalInformation"] = self._items(org.name)
        return out

    def _finto_out(self, code, uri, name):
        return {"name": self._items(name), "code": code or None, "uri": uri or None}

    def _fresh_channel(self, channel, municipality, hours) -> dict:
        channel_id, source_id = self._export_ids(channel)
        kind = "ServiceLocation" if channel.kind == "MobileUnit" else channel.kind
        out = {
            "id": channel_id,
            "sourceId": source_id,
            "serviceChannelType": kind,
            "organizationId": str(municipality.ptv_organization_id) if municipality.ptv_organization_id else None,
            "serviceChannelNames": self._items(channel.name, type="Name"),
            "serviceChannelDescriptions": self._items(channel.summary, type="Summary")
            + self._items(channel.description, type="Description"),
            "languages": list(channel.languages or []),
            "serviceHours": [self._hours_out(h) for h in hours],
            "publishingStatus": self._status_out(channel.status),
            "modified": _datetime_out(channel.ptv_modified),
        }
        phones = [self._phone_out(p, with_type=kind in ("Phone", "ServiceLocation")) for p in channel.phones or []]
        emails = [{"value": e.get("value", ""), "language": e.get("language", "fi")} for e in channel.emails or []]
        urls = self._items(channel.urls)
        if kind in ("Phone", "ServiceLocation"):
            out["phoneNumbers"] = phones
        else:
            out["supportPhones"] = phones
        out["emails" if kind == "ServiceLocation" else "supportEmails"] = emails
        if kind == "EChannel":
            out["requiresAuthentication"] = channel.requires_authentication
            out["requiresSignature"] = channel.requires_signature
        if kind == "PrintableForm":
            out["formIdentifier"] = self._items(channel.form_identifier)
            out["channelUrls"] = [{**u, "type": "PDF"} for u in urls]
        # v11 OUT: every channel type has webPages [{url, value (title), language, orderNumber}].
        out["webPages"] = [{"url": u["value"], "value": None, "language": u["language"], "orderNumber": i + 1}
                           for i, u in enumerate(urls)]
        if kind == "ServiceLocation":
            out["addresses"] = self._addresses_out(channel)
        return out

    @staticmethod
    def _phone_out(phone, *, with_type):
        lang = phone.get("language") or "fi"
        out = {
            "additionalInformation": (phone.get("info") or {}).get(lang) or None,
            "serviceChargeType": phone.get("charge") or None,
            "chargeDescription": (phone.get("charge_info") or {}).get(lang) or None,
            "prefixNumber": phone.get("prefix") or None,
            "isFinnishServiceNumber": bool(phone.get("finnish_service_number")),
            "number": phone.get("number", ""),
            "language": lang,
        }
        if with_type:
            out = {"type": phone.get("kind") or "Phone", **out}
        return out

    @staticmethod
    def _addresses_out(channel):
        if not channel.street_address and not channel.postal_code and channel.latitude is None:
            return []
        streets, number = {}, ""
        fi = channel.street_address.get("fi") or next(iter(channel.street_address.values()), "")
        m = STREET_NUMBER_RE.match(fi)
        if m:
            number = m.group(2)
        for lang, text in channel.street_address.items():
            suffix = f" {number}"
            streets[lang] = text[: -len(suffix)] if number and text.endswith(suffix) else text
        if number and any(not text.endswith(f" {number}") for text in channel.street_address.values()):
            streets, number = dict(channel.street_address), ""  # keep what cannot be split whole
        lat = lon = None
        if channel.latitude is not None and channel.longitude is not None:
            northing, easting = geo.wgs84_to_tm35fin(float(channel.latitude), float(channel.longitude))
            lat, lon = f"{northing:.4f}", f"{easting:.4f}"
        return [{
            "type": "Location",
            "subType": "Single",
            "streetAddress": {
                "street": [{"value": v, "language": k} for k, v in streets.items()],
                "streetNumber": number or None,
                "postalCode": channel.postal_code or None,
                "postOffice": [{"value": v, "language": k} for k, v in (channel.post_office or {}).items()],
                "municipality": None,
                "additionalInformation": [],
                "latitude": lat,
                "longitude": lon,
                "coordinateState": "EnteredByUser" if lat else None,
            },
            "country": "FI",
        }]

    @staticmethod
    def _hours_out(hours):
        standard = hours.kind != "Exceptional"
        return {
            "serviceHourType": hours.kind,
            "validFrom": f"{hours.valid_from.isoformat()}T00:00:00" if hours.valid_from else None,
            "validTo": f"{hours.valid_to.isoformat()}T00:00:00" if hours.valid_to else None,
            "isClosed": hours.is_closed,
            "validForNow": standard and hours.valid_to is None,
            "isAlwaysOpen": hours.is_always_open,
            "orderNumber": hours.order,
            "additionalInformation": [{"value": v, "language": k} for k, v in (hours.info or {}).items()],
            "openingHour": [
                {
                    "dayFrom": WEEKDAYS[o["day_from"]] if o.get("day_from") is not None else None,
                    "dayTo": WEEKDAYS[o["day_to"]] if o.get("day_to") is not None else "",
                    "from": f"{o['from']}:00",
                    "to": f"{o['to']}:00",
                    "isExtra": bool(o.get("is_extra")),
                }
                for o in hours.opening or []
            ],
        }

