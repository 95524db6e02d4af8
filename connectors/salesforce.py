"""Salesforce REST query API: opportunities (with deletions through queryAll) and users, by SystemModstamp."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Iterator

import requests

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.errors import ConnectorError, QuotaExceeded
from connectors.http import ApiClient, HttpPolicy
from connectors.limits import VendorRules, json_body
from connectors.pagination import follow_next_link
from connectors.timestamps import decode_parts, encode_parts, format_cursor, latest, parse_cursor, parse_timestamp

log = logging.getLogger(__name__)

DEFAULT_API_VERSION = "v62.0"
OPPORTUNITY_FIELDS = (
    "Id", "Name", "Amount", "CurrencyIsoCode", "StageName", "IsClosed", "IsWon", "CloseDate", "CreatedDate",
    "OwnerId", "SystemModstamp", "IsDeleted", "Product_Line__c", "Region__c", "Channel__c",
)
USER_FIELDS = ("Id", "Email", "Name", "IsActive", "ManagerId", "SystemModstamp")
USAGE_WARNING_SHARE = 0.9


class SalesforceRules(VendorRules):
    """403 REQUEST_LIMIT_EXCEEDED is the spent daily quota; `Sforce-Limit-Info` reports the usage."""

    def __init__(self) -> None:
        self.api_usage: tuple[int, int] | None = None
        self._warned = False

    def permanent_error(self, response: requests.Response) -> type[ConnectorError]:
        body = json_body(response)
        codes = {item.get("errorCode") for item in body if isinstance(item, dict)} if isinstance(body, list) else set()
        if response.status_code == 403 and "REQUEST_LIMIT_EXCEEDED" in codes:
            return QuotaExceeded
        return super().permanent_error(response)

    def pause_after(self, response: requests.Response) -> float:
        usage = response.headers.get("Sforce-Limit-Info", "")
        used, _, limit = usage.partition("api-usage=")[2].partition("/")
        if used.isdigit() and limit.isdigit():
            self.api_usage = (int(used), int(limit))
            if not self._warned and int(used) >= USAGE_WARNING_SHARE * int(limit):
                self._warned = True
                log.warning("salesforce: %s of %s daily API requests used", used, limit)
        return 0.0


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    headers = {"Authorization": f"Bearer {endpoint.secret}", "Sforce-Query-Options": "batchSize=2000"}
    return ApiClient("salesforce", endpoint.base_url, policy, headers=headers, rules=SalesforceRules(),
                     secrets=(endpoint.secret,))


def read_opportunities(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Live changes since the `live` cursor part, then deletions (queryAll) since the `deleted` part."""
    parts = decode_parts(cursor)
    fields = endpoint.option("opportunity_fields", OPPORTUNITY_FIELDS)
    for part, deleted in (("live", False), ("deleted", True)):
        for records, moment in _changed_since(client, endpoint, "Opportunity", fields, parts.get(part), deleted):
            if moment is not None:
                parts[part] = format_cursor(moment)
            yield Page(records, encode_parts(parts))


def read_users(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    fields = endpoint.option("user_fields", USER_FIELDS)
    for records, moment in _changed_since(client, endpoint, "User", fields, cursor, False):
        cursor = format_cursor(moment) if moment is not None else cursor
        yield Page(records, cursor)


def soql(sobject: str, fields: tuple[str, ...], since: datetime | None, deleted: bool) -> str:
    """Incremental SOQL: `>=` re-reads the boundary instant (de-duplicated downstream) instead of risking a gap."""
    conditions = [f"SystemModstamp >= {since.strftime('%Y-%m-%dT%H:%M:%SZ')}"] if since else []
    if deleted:
        conditions.append("IsDeleted = true")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT {', '.join(fields)} FROM {sobject}{where} ORDER BY SystemModstamp ASC, Id ASC"


def _changed_since(client: ApiClient, endpoint: Endpoint, sobject: str, fields: tuple[str, ...],
                   cursor: str | None, deleted: bool) -> Iterator[tuple[list[RawRecord], datetime | None]]:
    version = endpoint.option("api_version", DEFAULT_API_VERSION)
    resource = "queryAll" if deleted else "query"
    query = soql(sobject, tuple(fields), parse_cursor(cursor), deleted)
    newest = parse_cursor(cursor)
    pages = follow_next_link(client, f"/services/data/{version}/{resource}", {"q": query},
                             lambda page: None if page.get("done", True) else page.get("nextRecordsUrl"))
    for page in pages:
        records = []
        for item in page["records"]:
            modified = parse_timestamp(item.get("SystemModstamp"))
            newest = latest(newest, modified)
            records.append(RawRecord(item["Id"], modified, deleted or bool(item.get("IsDeleted")), to_payload(item)))
        yield records, newest


READERS = {"opportunities": read_opportunities, "users": read_users}
