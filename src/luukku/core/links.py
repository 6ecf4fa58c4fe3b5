"""Links to many objects of one view, e.g. every case in a list."""

import uuid

from django.urls import reverse

_PLACEHOLDER = str(uuid.UUID(int=0))


def url_for_each(viewname: str, key: str, **kwargs):
    """A function public_id → URL of `viewname`, from one reverse(): the links of a list differ only
    in the id, and a reverse() per row costs more than the rest of the row (bench/RESULTS.md)."""
    pattern = reverse(viewname, kwargs={**kwargs, key: _PLACEHOLDER})
    return lambda public_id: pattern.replace(_PLACEHOLDER, str(public_id))
