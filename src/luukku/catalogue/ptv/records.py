"""Version-neutral records an adapter parses PTV JSON into (and the importer writes).

A PTV API version changes names and nesting, not what a service *is*: the importer only sees
these records, so v12 is a new adapter producing the same records.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


class PtvItemError(ValueError):
    """One PTV item cannot be read; the message says why and what to fix (shown in the report).

    `message` is a gettext_lazy msgid with %(name)s placeholders, so the reason is rendered in the
    language active when the report is made; `where` prefixes the position inside the item.
    """

    def __init__(self, message, where: str = "", **params):
        super().__init__(message)
        self.message, self.where, self.params = message, where, params

    def at(self, where: str) -> "PtvItemError":
        return PtvItemError(self.message, f"{where}: {self.where}" if self.where else where, **self.params)

    def __str__(self):
        text = str(self.message) % self.params if self.params else str(self.message)
        return f"{self.where}: {text}" if self.where else text


@dataclass
class CodeRecord:
    kind: str  # catalogue.CodeKind value
    code: str
    uri: str = ""
    name: dict = field(default_factory=dict)


@dataclass
class OrganisationLinkRecord:
    """One organizations[] entry: the organisation (PTV id and the name PTV gives, in one language) or
    only additional information; role and provision type as catalogue.OrganisationRole / ProvisionType."""

    role: str
    provision_type: str = ""
    ptv_id: uuid.UUID | None = None
    name: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    def key(self):
        """What makes two links the same (the organisation's name is the organisation's, not the link's)."""
        return (self.role, self.provision_type, str(self.ptv_id or ""), sorted(self.info.items()))


@dataclass
class HoursRecord:
    kind: str  # catalogue.HoursKind value
    valid_from: date | None = None
    valid_to: date | None = None
    is_closed: bool = False
    is_always_open: bool = False
    is_reservation: bool = False  # PTV "open by reservation": no Luukku field, reported as a note
    opening: list = field(default_factory=list)  # [{"day_from", "day_to", "from", "to"[, "is_extra"]}]
    info: dict = field(default_factory=dict)
    order: int = 0


@dataclass
class ServiceRecord:
    ptv_id: uuid.UUID | None
    name: dict
    source_id: str = ""
    luukku_id: uuid.UUID | None = None  # set when the item is Luukku's own export of a row PTV doesn't know
    withdrawn: bool = False  # Deleted / Archived / Withdrawn in PTV
    status: str = "Published"
    type: str = "Service"
    funding_type: str = "PubliclyFunded"
    alternative_names: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    user_instructions: dict = field(default_factory=dict)
    requirements: dict = field(default_factory=dict)
    processing_time: dict = field(default_factory=dict)
    validity_time: dict = field(default_factory=dict)
    deadline: dict = field(default_factory=dict)
    charge_type: str = ""
    fees: dict = field(default_factory=dict)
    legislation: list = field(default_factory=list)
    organisations: list["OrganisationLinkRecord"] = field(default_factory=list)
    vouchers_in_use: bool = False
    service_vouchers: list = field(default_factory=list)  # [{"language", "name", "url", "info", "order"}]
    keywords: dict = field(default_factory=dict)
    codes: list[CodeRecord] = field(default_factory=list)
    ontology_terms: list = field(default_factory=list)
    area_type: str = "LimitedType"
    areas: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    channel_ids: list[uuid.UUID] = field(default_factory=list)
    modified: datetime | None = None
    notes: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)  # the item as it came, written back by the export


@dataclass
class ChannelRecord:
    ptv_id: uuid.UUID | None
    kind: str
    name: dict
    source_id: str = ""
    luukku_id: uuid.UUID | None = None
    withdrawn: bool = False
    status: str = "Published"
    summary: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    phones: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    street_address: dict = field(default_factory=dict)
    postal_code: str = ""
    post_office: dict = field(default_factory=dict)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    accessibility: dict | None = None  # None: PTV gave no accessibility data, keep Luukku's
    languages: list = field(default_factory=list)
    requires_authentication: bool = False
    requires_signature: bool = False
    form_identifier: dict = field(default_factory=dict)
    hours: list[HoursRecord] = field(default_factory=list)
    modified: datetime | None = None
    notes: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)  # the item as it came, written back by the export
