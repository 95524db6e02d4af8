"""HubSpot CRM v3: deals through the search API (sliding window under the 10,000-result cap), archived deals,
owners and deal pipelines. Every property value arrives as a string (or null) and is stored as received."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

import requests

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.errors import BadResponse, ConnectorError, QuotaExceeded
from connectors.http import ApiClient, HttpPolicy
from connectors.limits import VendorRules, int_header, json_body
from connectors.pagination import follow_token, prefetched
from connectors.timestamps import (
    decode_parts, encode_parts, format_cursor, from_epoch_ms, latest, parse_cursor, parse_timestamp, to_epoch_ms,
)

SEARCH_PATH = "/crm/v3/objects/deals/search"
DEALS_PATH = "/crm/v3/objects/deals"
SEARCH_LIMIT = 200
SEARCH_CAP = 10_000
LIST_LIMIT = 100
DEAL_PROPERTIES = (
    "dealname", "amount", "deal_currency_code", "dealstage", "pipeline", "closedate", "createdate",
    "hubspot_owner_id", "hs_lastmodifieddate", "product_line", "region", "channel",
)


class HubSpotRules(VendorRules):
    """Slow down when the secondly or ten-secondly window is used up; a DAILY 429 is the spent quota."""

    def is_transient(self, response: requests.Response) -> bool:
        return super().is_transient(response) and not _daily_limit(response)

    def permanent_error(self, response: requests.Response) -> type[ConnectorError]:
        return QuotaExceeded if _daily_limit(response) else super().permanent_error(response)

    def retry_wait(self, response: requests.Response) -> float | None:
        waited = super().retry_wait(response)
        if waited is not None or response.status_code != 429:
            return waited
        return self.pause_after(response) or None

    def pause_after(self, response: requests.Response) -> float:
        if int_header(response, "X-HubSpot-RateLimit-Remaining") == 0:
            return (int_header(response, "X-HubSpot-RateLimit-Interval-Milliseconds") or 10_000) / 1000
        if int_header(response, "X-HubSpot-RateLimit-Secondly-Remaining") == 0:
            return 1.0
        return 0.0


def _daily_limit(response: requests.Response) -> bool:
    body = json_body(response)
    return response.status_code == 429 and isinstance(body, dict) and body.get("policyName") == "DAILY"


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    return ApiClient("hubspot", endpoint.base_url, policy, headers={"Authorization": f"Bearer {endpoint.secret}"},
                     rules=HubSpotRules(), secrets=(endpoint.secret,))


def read_deals(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Deals modified since the `live` part (search, ascending), then deals archived since the `archived` part."""
    parts = decode_parts(cursor)
    properties = tuple(endpoint.option("deal_properties", DEAL_PROPERTIES))
    cap = int(endpoint.option("search_cap", SEARCH_CAP))
    newest = parse_cursor(parts.get("live"))
    for page in prefetched(_search_pages(client, properties, newest, cap)):
        records = []
        for item in page.get("results", []):
            modified = _deal_modified_at(item)
            newest = latest(newest, modified)
            records.append(RawRecord(str(item["id"]), modified, bool(item.get("archived")), to_payload(item)))
        if newest is not None:
            parts["live"] = format_cursor(newest)
        yield Page(records, encode_parts(parts))
    yield from _archived_since(client, properties, parts)


def _search_pages(client: ApiClient, properties: tuple[str, ...], since: datetime | None,
                  cap: int) -> Iterator[dict]:
    """Search pages in ascending modification order. Before `after` would pass the result cap, the search starts
    again from the last modification seen (GTE: that instant is read twice, never skipped)."""
    window_start, after, in_window = since, None, 0
    while True:
        page = client.post_json(SEARCH_PATH, _search_body(properties, window_start, after))
        yield page
        results = page.get("results", [])
        in_window += len(results)
        after = _next_after(page)
        if after is None:
            return
        if in_window + SEARCH_LIMIT > cap:
            last_modified = _deal_modified_at(results[-1]) if results else None
            if last_modified is None or last_modified == window_start:
                raise BadResponse("hubspot", None, None, f"more than {cap} deals share the modification "
                                  f"time {window_start}: the search window cannot slide")
            window_start, after, in_window = last_modified, None, 0


def _search_body(properties: tuple[str, ...], since: datetime | None, after: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                       "value": str(to_epoch_ms(since) if since else 0)}]}],
        "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
        "properties": list(properties),
        "limit": SEARCH_LIMIT,
    }
    if after is not None:
        body["after"] = after
    return body


def _archived_since(client: ApiClient, properties: tuple[str, ...], parts: dict) -> Iterator[Page]:
    """The archived list is not ordered by time: keep those archived since the cursor part, and move the part
    only once the whole list is read."""
    since = parse_cursor(parts.get("archived"))
    newest = since
    params = {"archived": "true", "limit": LIST_LIMIT, "properties": ",".join(properties)}
    pages = follow_token("hubspot", lambda after: client.get_json(DEALS_PATH, _with_after(params, after)), _next_after)
    for page in pages:
        records = []
        for item in page.get("results", []):
            archived_at = parse_timestamp(item.get("archivedAt")) or _deal_modified_at(item)
            if since is None or archived_at is None or archived_at >= since:
                newest = latest(newest, archived_at)
                records.append(RawRecord(str(item["id"]), archived_at, True, to_payload(item)))
        yield Page(records, encode_parts(parts))
    if newest is not None:
        parts["archived"] = format_cursor(newest)
    yield Page([], encode_parts(parts))


def read_owners(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Active owners, then archived ones (stored as deletions, email kept): deals of people who left still name
    their owner id, and identity resolution needs that owner's email."""
    listings = ({"limit": LIST_LIMIT}, {"limit": LIST_LIMIT, "archived": "true"})
    return _snapshot(client, "/crm/v3/owners", listings, cursor)


def read_pipelines(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _snapshot(client, "/crm/v3/pipelines/deals", ({},), cursor)


def _snapshot(client: ApiClient, path: str, listings: tuple[dict, ...], cursor: str | None) -> Iterator[Page]:
    """A small list (one listing per parameter set) read whole each load; records and cursor carry the time the
    snapshot was taken."""
    taken_at = None
    for params in listings:
        pages = follow_token("hubspot", lambda after, params=params: client.get_json(path, _with_after(params, after)),
                             _next_after)
        for page in pages:
            taken_at = taken_at or client.server_now()
            records = [RawRecord(str(item["id"]), taken_at, bool(item.get("archived")), to_payload(item))
                       for item in page.get("results", [])]
            yield Page(records, cursor)
    yield Page([], format_cursor(taken_at or client.server_now()))


def _deal_modified_at(item: dict) -> datetime | None:
    value = (item.get("properties") or {}).get("hs_lastmodifieddate") or item.get("updatedAt")
    if value and value.isdigit():
        return from_epoch_ms(value)
    return parse_timestamp(value)


def _next_after(page: dict) -> str | None:
    return ((page.get("paging") or {}).get("next") or {}).get("after")


def _with_after(params: dict, after: str | None) -> dict:
    return {**params, "after": after} if after is not None else params


READERS = {"deals": read_deals, "owners": read_owners, "pipelines": read_pipelines}
