"""Population register adapters (väestötietojärjestelmä) behind a registry.

The platform asks the register three questions: who is this person, which minors are in their
guardianship, and who are a minor's guardians; and it reads the register's changes (moved in,
moved away, born) to start the life-event rules. `settings.LUUKKU_POPULATION_REGISTER` names the
adapter ("demo" reads a JSON file); a municipality-specific choice can override it later.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from luukku.core import clock
from luukku.core.registry import Registry

from . import hetu as hetu_module

register_adapters = Registry("population register adapter")


class RegisterError(Exception):
    """The register could not answer (unreachable, refused, malformed). Never carries a code."""


@dataclass(frozen=True)
class RegisterPerson:
    hetu: str = field(repr=False)  # never in a repr: reprs end up in logs and tracebacks
    first_names: str
    last_name: str
    address: str = ""
    postal_code: str = ""
    post_office: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    email: str = ""
    phone: str = ""
    language: str = "fi"
    protected_address: bool = False  # turvakielto

    @property
    def birth_date(self) -> dt.date:
        return hetu_module.birth_date(self.hetu)

    def is_minor_on(self, day: dt.date) -> bool:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day)) < 18


CHANGE_KINDS = ("moved_in", "moved_away", "born")  # the values of proactive.LifeEvent.Kind


@dataclass(frozen=True)
class RegisterChange:
    """One event of the register's change feed: `key` is the register's own id of the event (each is
    handled once), `kind` one of CHANGE_KINDS, `on` the day it happened (moved, born)."""

    key: str
    kind: str
    hetu: str = field(repr=False)  # never in a repr
    on: dt.date


class RegisterAdapter:
    """The interface of a population register.

    A real adapter for the Digital and Population Data Services Agency (DVV) would implement the
    same three methods on top of the VTJ kyselyrajapinta (VTJkysely, SOAP over mutual TLS with the
    municipality's client certificate and a user id/password per service):

    - `person(hetu)`: the product "perustiedot" (e.g. VTJ-tuote PERUSJHHS): names, permanent
      address (vakinainen kotimainen osoite), mother tongue, turvakielto, and the contact details
      the person has given; coordinates come from the building register (rakennustunnus →
      RHR coordinates, ETRS-TM35FIN converted to WGS84) or from a geocoder.
    - `children(hetu)`: the guardianship records (huoltajuustiedot) where the person is huoltaja,
      restricted to minors, each fetched with `person()`.
    - `guardians(hetu)`: the huoltajat of a minor.
    - `changes(since)`: the change data service (VTJ-muutostietopalvelu), through which DVV delivers
      the changes in the register concerning the municipality's residents: a person moved into the
      municipality (muutto kuntaan), moved away from it (muutto pois kunnasta), a child was born
      (syntymä). It returns the changes after the cursor `since` (None: from the start of the
      subscription) in the register's order, and the cursor to ask with next time. The cursor is
      opaque to the platform: stored as it is and handed back, never parsed or compared. An event
      may come again after a crash (the caller keeps each event's key and handles it once).
    `municipality` is the municipality whose register it reads (set by `get_adapter`).
    It must log the purpose code (käyttötarkoitus) of every query as DVV requires, raise
    `RegisterError` on any failure and never put an identity code in a log message or exception.
    """

    municipality = None

    def person(self, hetu: str) -> RegisterPerson | None:
        raise NotImplementedError

    def children(self, hetu: str) -> list[RegisterPerson]:
        raise NotImplementedError

    def guardians(self, hetu: str) -> list[RegisterPerson]:
        raise NotImplementedError

    def changes(self, since: str | None) -> tuple[list[RegisterChange], str]:
        raise NotImplementedError


@register_adapters.register("demo")
class DemoRegisterAdapter(RegisterAdapter):
    """Invented residents of Koivula from a JSON file (settings.LUUKKU_DEMO_REGISTER_FILE); its
    "events" list is the change feed, the cursor the key of the last event read."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.LUUKKU_DEMO_REGISTER_FILE)

    def _records(self) -> dict[str, tuple[RegisterPerson, tuple[str, ...]]]:
        return _load(str(self.path), self.path.stat().st_mtime if self.path.exists() else 0)

    def all_persons(self) -> list[RegisterPerson]:
        return [person for person, _guardians in self._records().values()]

    def person(self, hetu: str) -> RegisterPerson | None:
        record = self._records().get(hetu_module.normalize(hetu))
        return record[0] if record else None

    def children(self, hetu: str) -> list[RegisterPerson]:
        code, today = hetu_module.normalize(hetu), clock.today()
        return [p for p, guardians in self._records().values() if code in guardians and p.is_minor_on(today)]

    def guardians(self, hetu: str) -> list[RegisterPerson]:
        record = self._records().get(hetu_module.normalize(hetu))
        if record is None:
            return []
        return [self._records()[g][0] for g in record[1] if g in self._records()]

    def changes(self, since: str | None) -> tuple[list[RegisterChange], str]:
        municipality_code, events = _load_events(str(self.path), self.path.stat().st_mtime if self.path.exists() else 0)
        if municipality_code and self.municipality is not None and self.municipality.code != municipality_code:
            return [], since or ""  # the demo register is Koivula's only: another municipality has no changes
        keys = [event.key for event in events]
        # An unknown cursor (the file was replaced) reads from the start: each event is handled once anyway.
        start = keys.index(since) + 1 if since in keys else 0
        return events[start:], keys[-1] if keys else (since or "")

    @classmethod
    def check(cls) -> list[str]:
        try:
            cls()._records()
            cls().changes(None)
        except RegisterError as error:
            return [str(error)]
        return []


@lru_cache(maxsize=8)
def _load(path: str, _mtime: float) -> dict[str, tuple[RegisterPerson, tuple[str, ...]]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        records = {}
        for row in data["persons"]:
            code = hetu_module.validate(row["hetu"])
            person = RegisterPerson(
                hetu=code,
                first_names=row["first_names"],
                last_name=row["last_name"],
                address=row.get("address", ""),
                postal_code=row.get("postal_code", ""),
                post_office=row.get("post_office", ""),
                latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
                longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
                email=row.get("email", ""),
                phone=row.get("phone", ""),
                language=row.get("language", "fi"),
                protected_address=bool(row.get("protected_address", False)),
            )
            records[code] = (person, tuple(hetu_module.normalize(g) for g in row.get("guardians", [])))
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
        # The message names the file and the kind of problem, never a row's identity code.
        raise RegisterError(f"demo register {Path(path).name} cannot be read ({type(error).__name__})") from None
    return records


@lru_cache(maxsize=8)
def _load_events(path: str, _mtime: float) -> tuple[str, list[RegisterChange]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        events, seen = [], set()
        for row in data.get("events", []):
            key = str(row["key"]).strip()
            if not key or len(key) > 100 or key in seen or row["kind"] not in CHANGE_KINDS:
                raise ValueError("bad event key or kind")
            seen.add(key)
            events.append(RegisterChange(key=key, kind=row["kind"], hetu=hetu_module.validate(row["hetu"]),
                                         on=dt.date.fromisoformat(row["on"])))
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
        raise RegisterError(f"demo register {Path(path).name}: events cannot be read ({type(error).__name__})") from None
    return str(data.get("municipality_code", "")), events


def get_adapter(municipality=None) -> RegisterAdapter:
    """The adapter for a municipality (one setting for now; per-municipality choice later)."""
    adapter = register_adapters[settings.LUUKKU_POPULATION_REGISTER]()
    adapter.municipality = municipality
    return adapter
