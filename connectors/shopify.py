"""Shopify Admin REST: orders (fulfilments embedded) by `updated_at`, and fulfilment locations.

Follow-up pages are the `Link` header's URLs as given: they carry `page_info` and `limit` only.
"""

from __future__ import annotations

from typing import Iterator

import requests

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.http import ApiClient, HttpPolicy
from connectors.limits import VendorRules
from connectors.pagination import follow_link_header
from connectors.timestamps import format_cursor, latest, parse_cursor, parse_timestamp

DEFAULT_API_VERSION = "2025-07"
PAGE_SIZE = 250
NEARLY_FULL_SHARE = 0.8
LEAK_PER_SECOND = 2.0  # Shopify's standard plan leaks two calls per second


class ShopifyRules(VendorRules):
    """Leaky bucket: when `X-Shopify-Shop-Api-Call-Limit` shows it nearly full, wait until half has leaked."""

    def pause_after(self, response: requests.Response) -> float:
        used, _, size = response.headers.get("X-Shopify-Shop-Api-Call-Limit", "").partition("/")
        if not (used.isdigit() and size.isdigit()) or int(used) < NEARLY_FULL_SHARE * int(size):
            return 0.0
        return (int(used) - int(size) / 2) / LEAK_PER_SECOND


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    return ApiClient("shopify", endpoint.base_url, policy, headers={"X-Shopify-Access-Token": endpoint.secret},
                     rules=ShopifyRules(), secrets=(endpoint.secret,))


def read_orders(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    newest = parse_cursor(cursor)
    params = {"status": "any", "limit": PAGE_SIZE, "order": "updated_at asc"}
    if newest is not None:
        params["updated_at_min"] = newest.strftime("%Y-%m-%dT%H:%M:%SZ")
    for page in follow_link_header(client, _path(endpoint, "orders.json"), params):
        records = []
        for order in page.get("orders", []):
            modified = parse_timestamp(order.get("updated_at"))
            newest = latest(newest, modified)
            records.append(RawRecord(str(order["id"]), modified, False, to_payload(order)))
        yield Page(records, format_cursor(newest) if newest else cursor)


def read_locations(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    taken_at = None
    for page in follow_link_header(client, _path(endpoint, "locations.json"), {"limit": PAGE_SIZE}):
        taken_at = taken_at or client.server_now()
        yield Page([RawRecord(str(location["id"]), taken_at, False,
                              to_payload(location)) for location in page.get("locations", [])], cursor)
    yield Page([], format_cursor(taken_at or client.server_now()))


def _path(endpoint: Endpoint, resource: str) -> str:
    return f"/admin/api/{endpoint.option('api_version', DEFAULT_API_VERSION)}/{resource}"


READERS = {"orders": read_orders, "locations": read_locations}
