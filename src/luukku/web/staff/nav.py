"""The staff menu: one entry per staff area, registered next to that area's page gate, so a link
shows exactly when its page lets the user in (no link answers 403).

    nav.register("cases", gettext_lazy("Case queues"), "staff:home", gate.may, order=10,
                 desk_of=(Role.CASE_HANDLER,))

`desk_of`: the roles whose desk (home after login) the entry is. A user's desk is the entry of their
first role in DESK_ORDER that they may open.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import get_resolver, reverse

from luukku.core import selectors
from luukku.core.models import Role

# Whose desk wins when a user holds several roles: the daily work first.
DESK_ORDER = (Role.CASE_HANDLER, Role.SERVICE_POINT_AGENT, Role.MANAGER, Role.DATA_PROTECTION_OFFICER,
              Role.CATALOGUE_EDITOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    may: Callable  # may(user, municipality) -> bool: the page's own gate
    order: int = 50
    desk_of: tuple = ()
    portal: bool = True  # a URL under /<municipality>/<lang>/ (False: the admin)

    def url(self, municipality, lang) -> str:
        return reverse(self.url_name, args=[municipality.slug, lang]) if self.portal else reverse(self.url_name)


_entries: dict[str, Entry] = {}


def register(key, label, url_name, may, *, order=50, desk_of=(), portal=True) -> Entry:
    entry = Entry(key, label, url_name, may, order, tuple(desk_of), portal)
    if key in _entries and _entries[key].url_name != url_name:
        raise ValueError(f"staff menu entry {key!r} is registered twice")
    _entries[key] = entry
    return entry


def entries() -> list[Entry]:
    get_resolver().url_patterns  # the staff areas register when their views are imported by the URLconf
    return sorted(_entries.values(), key=lambda e: (e.order, e.key))


def visible(user, municipality) -> list[Entry]:
    """The entries `user` may open in `municipality`, in menu order."""
    if municipality is None or not getattr(user, "is_authenticated", False):
        return []
    return [e for e in entries() if e.may(user, municipality)]


def is_staff_member(user, municipality) -> bool:
    """A staff member of this municipality (a membership there, or a superuser)."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or bool(selectors.memberships_of(user, municipality)))


def roles_of(user, municipality) -> set[str]:
    if getattr(user, "is_superuser", False):
        return {Role.ADMINISTRATOR}
    return {m.role for m in selectors.memberships_of(user, municipality)}


def desk(user, municipality) -> Entry | None:
    """The entry that is `user`'s desk: their first role (DESK_ORDER) whose desk they may open."""
    shown = visible(user, municipality)
    roles = roles_of(user, municipality)
    for role in DESK_ORDER:
        if role in roles:
            entry = next((e for e in shown if role in e.desk_of), None)
            if entry is not None:
                return entry
    return shown[0] if shown else None
