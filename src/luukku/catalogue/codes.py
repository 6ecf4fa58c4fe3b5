"""The national PTV code lists (life events, business events, target groups, service classes).

They are the same for every municipality, so they ship with Luukku as data/codes.json and are
loaded with `load_codes()` (idempotent: keyed by (kind, code), re-running updates in place).
"""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from .models import Code

CODES_FILE = Path(__file__).parent / "data" / "codes.json"


@cache
def code_rows() -> tuple[dict, ...]:
    with CODES_FILE.open(encoding="utf-8") as f:
        return tuple(json.load(f))


@transaction.atomic
def load_codes() -> dict[tuple[str, str], Code]:
    """Create or update every code of data/codes.json; returns them keyed by (kind, code)."""
    loaded: dict[tuple[str, str], Code] = {}
    rows = code_rows()
    existing = {(c.kind, c.code): c for c in Code.objects.all()}
    for row in rows:
        values = {
            "uri": row.get("uri", ""),
            "name": row["name"],
            "description": row.get("description", {}),
            "slug": row.get("slug", ""),
            "order": row.get("order", 100),
        }
        key = (row["kind"], row["code"])
        code = existing.get(key)
        if code is None:
            code = Code.objects.create(kind=row["kind"], code=row["code"], **values)
        elif any(getattr(code, field) != value for field, value in values.items()):
            # Saved only when changed: a saved code reindexes every service that carries it.
            for field, value in values.items():
                setattr(code, field, value)
            code.save()
        loaded[key] = code
    # Parents second: a child may come before its parent in the file.
    for row in rows:
        parent = loaded.get((row["kind"], row["parent"])) if row.get("parent") else None
        code = loaded[(row["kind"], row["code"])]
        if code.parent_id != (parent.pk if parent else None):
            code.parent = parent
            code.save(update_fields=["parent"])
    return loaded


def codes_by_code(kinds=None) -> dict[str, Code]:
    """Codes keyed by their code (KE…, KR…, P… never collide across kinds)."""
    qs = Code.objects.all()
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return {c.code: c for c in qs}
