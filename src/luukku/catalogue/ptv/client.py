"""Read services and their channels from a PTV Open API server (urllib; no extra dependency)."""

import json
from urllib.error import URLError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

from . import get_adapter

BATCH = 100  # ids per …/list?guids= request


class PtvFetchError(RuntimeError):
    pass


def _get_json(url: str, timeout: float):
    try:
        with urlopen(Request(url, headers={"Accept": "application/json"}), timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8-sig"))
    except (URLError, OSError, ValueError) as exc:
        raise PtvFetchError(f"{url}: {exc}") from exc


def _by_guids(base, path, ids, timeout):
    items = []
    for i in range(0, len(ids), BATCH):
        batch = ",".join(str(x) for x in ids[i : i + BATCH])
        found = _get_json(f"{base}{path}?guids={batch}", timeout)
        items += found if isinstance(found, list) else (found or {}).get("itemList") or []
    return items


def fetch_ptv(base_url: str, adapter: str = "v11", organization_id: str | None = None, *,
              timeout: float = 30, max_pages: int = 10000) -> dict:
    """All pages of services (of one organisation, if given) and the channels they link to,
    as the bundle `{"services": [...], "serviceChannels": [...]}` that import_ptv accepts."""
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise PtvFetchError(f"{base_url}: only http and https addresses are fetched")
    ptv = get_adapter(adapter)
    base = base_url.rstrip("/")
    services, stub_ids = [], []
    page = 1
    while page <= max_pages:
        if organization_id:
            url = f"{base}{ptv.service_org_page_path}?organizationId={quote(organization_id)}&page={page}"
        else:
            url = f"{base}{ptv.service_page_path}?page={page}"
        document = _get_json(url, timeout)
        if not isinstance(document, dict) or not isinstance(document.get("itemList") or [], list):
            raise PtvFetchError(f"{url}: not a page of PTV items")
        items = document.get("itemList") or []
        for item in items:
            if ptv.is_stub(item):
                stub_ids.append(item["id"])
            else:
                services.append(item)
        page_count = document.get("pageCount") or 0
        if not items or not isinstance(page_count, int) or page >= page_count:
            break
        page += 1
    if stub_ids:  # a page of ids: fetch the services themselves
        services += _by_guids(base, ptv.service_list_path, stub_ids, timeout)
    channel_ids = []
    for service in services:
        for link in (service.get("serviceChannels") or []) if isinstance(service, dict) else []:
            ref = (link.get("serviceChannel") or {}) if isinstance(link, dict) else {}
            channel_id = ref.get("id") if isinstance(ref, dict) else None
            if channel_id and channel_id not in channel_ids:
                channel_ids.append(channel_id)
    channels = _by_guids(base, ptv.channel_list_path, channel_ids, timeout) if channel_ids else []
    return {"services": services, "serviceChannels": channels}
