"""Jira Cloud REST v3: issues through enhanced JQL search (nextPageToken), users by offset.

JQL compares `updated` at minute precision in the API user's time zone, so each load re-reads an overlap
window before the cursor; the raw zone de-duplicates by issue id and `updated`.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Iterator
from zoneinfo import ZoneInfo

import requests

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.http import ApiClient, HttpPolicy
from connectors.limits import VendorRules, int_header
from connectors.pagination import follow_offset, follow_token
from connectors.timestamps import format_cursor, latest, parse_cursor, parse_timestamp

SEARCH_PATH = "/rest/api/3/search/jql"
USERS_PATH = "/rest/api/3/users/search"
PAGE_SIZE = 100
DEFAULT_TIMEZONE = "Europe/Berlin"
DEFAULT_OVERLAP_MINUTES = 5
NEAR_LIMIT_PAUSE_S = 1.0
ISSUE_FIELDS = (
    "project", "issuetype", "summary", "priority", "components", "assignee", "reporter", "status", "created",
    "updated", "resolutiondate", "duedate", "labels", "customfield_10042",
)


class JiraRules(VendorRules):
    """429/503 carry `Retry-After`; `X-RateLimit-NearLimit` asks for a gentler pace before the limit bites."""

    def retry_wait(self, response: requests.Response) -> float | None:
        waited = super().retry_wait(response)
        return waited if waited is not None else self._until_reset(response)

    def pause_after(self, response: requests.Response) -> float:
        if int_header(response, "X-RateLimit-Remaining") == 0:
            return self._until_reset(response) or NEAR_LIMIT_PAUSE_S
        if response.headers.get("X-RateLimit-NearLimit", "").lower() == "true":
            return NEAR_LIMIT_PAUSE_S
        return 0.0

    @staticmethod
    def _until_reset(response: requests.Response) -> float | None:
        if int_header(response, "X-RateLimit-Remaining") != 0:
            return None
        try:
            reset = parse_timestamp(response.headers.get("X-RateLimit-Reset"))
        except ValueError:
            return None
        if reset is None:
            return None
        return max(0.0, (reset - datetime.now(reset.tzinfo)).total_seconds())


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    """Basic auth with the API user's email and token; without an email the secret is an OAuth bearer token."""
    email = endpoint.option("email")
    if email:
        credentials = base64.b64encode(f"{email}:{endpoint.secret}".encode()).decode()
        headers = {"Authorization": f"Basic {credentials}"}
        secrets = (endpoint.secret, credentials)
    else:
        headers = {"Authorization": f"Bearer {endpoint.secret}"}
        secrets = (endpoint.secret,)
    return ApiClient("jira", endpoint.base_url, policy, headers=headers, rules=JiraRules(), secrets=secrets)


def read_issues(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Search by POST (the JSON body form of the same endpoint): the JQL and the page token then never have to
    be URL-encoded, a measurable share of a page's cost."""
    newest = parse_cursor(cursor)
    search = {"jql": issues_jql(endpoint, newest), "fields": list(endpoint.option("fields", ISSUE_FIELDS)),
              "maxResults": PAGE_SIZE}

    def fetch(token: str | None) -> dict:
        return client.post_json(SEARCH_PATH, {**search, "nextPageToken": token} if token else search)

    for page in follow_token("jira", fetch, _next_page_token):
        records = []
        for issue in page.get("issues", []):
            modified = parse_timestamp((issue.get("fields") or {}).get("updated"))
            newest = latest(newest, modified)
            records.append(RawRecord(str(issue["id"]), modified, False, to_payload(issue)))
        yield Page(records, format_cursor(newest) if newest else cursor)


def issues_jql(endpoint: Endpoint, since: datetime | None) -> str:
    """`project in (...) AND updated >= "yyyy-MM-dd HH:mm" ORDER BY updated ASC`, the bound moved back by the
    overlap and written in the API user's zone (JQL has no seconds and no offsets)."""
    projects = endpoint.option("projects", [])
    if isinstance(projects, str):
        projects = [projects]
    if not projects:
        raise ValueError("jira needs options['projects']: JQL must be bounded by project")
    clauses = ["project in (" + ", ".join(f'"{key}"' for key in projects) + ")"]
    if since is not None:
        overlap = timedelta(minutes=float(endpoint.option("overlap_minutes", DEFAULT_OVERLAP_MINUTES)))
        local = (since - overlap).astimezone(ZoneInfo(endpoint.option("timezone", DEFAULT_TIMEZONE)))
        clauses.append(f'updated >= "{local:%Y-%m-%d %H:%M}"')
    return " AND ".join(clauses) + " ORDER BY updated ASC"


def _next_page_token(page: dict) -> str | None:
    """`isLast` ends paging; on the last page the token key is absent (never trust a stale one)."""
    return None if page.get("isLast", "nextPageToken" not in page) else page.get("nextPageToken")


def read_users(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    taken_at = None

    def fetch(start: int, size: int) -> list:
        return client.get_json(USERS_PATH, {"startAt": start, "maxResults": size})

    for users in follow_offset(fetch, PAGE_SIZE):
        taken_at = taken_at or client.server_now()
        yield Page([RawRecord(user["accountId"], taken_at, False, to_payload(user)) for user in users], cursor)
    yield Page([], format_cursor(taken_at or client.server_now()))


READERS = {"issues": read_issues, "users": read_users}
