"""GitHub REST: issues labelled as bugs in each configured repo, by `updated_at` (pull requests dropped).

The cursor holds one `since` per repo, so a load that stops between repos resumes each where it was.
"""

from __future__ import annotations

from typing import Iterator

import requests

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.http import ApiClient, HttpPolicy
from connectors.limits import VendorRules, int_header, json_body, retry_after_s, seconds_until_epoch
from connectors.pagination import follow_link_header
from connectors.timestamps import decode_parts, encode_parts, format_cursor, latest, parse_cursor, parse_timestamp

API_VERSION = "2022-11-28"
PAGE_SIZE = 100
SECONDARY_LIMIT_WAIT_S = 60.0


class GitHubRules(VendorRules):
    """Primary limit: remaining 0 → wait for `x-ratelimit-reset`. Secondary limit: `retry-after`, else ≥ 60 s."""

    def is_transient(self, response: requests.Response) -> bool:
        return super().is_transient(response) or (response.status_code == 403 and _rate_limited(response))

    def retry_wait(self, response: requests.Response) -> float | None:
        if int_header(response, "x-ratelimit-remaining") == 0:
            return seconds_until_epoch(response.headers.get("x-ratelimit-reset"))
        waited = retry_after_s(response)
        if waited is not None:
            return waited
        return SECONDARY_LIMIT_WAIT_S if _rate_limited(response) else None

    def pause_after(self, response: requests.Response) -> float:
        if int_header(response, "x-ratelimit-remaining") == 0:
            return seconds_until_epoch(response.headers.get("x-ratelimit-reset")) or 0.0
        return 0.0


def _rate_limited(response: requests.Response) -> bool:
    if int_header(response, "x-ratelimit-remaining") == 0 or "retry-after" in response.headers:
        return True
    body = json_body(response)
    return isinstance(body, dict) and "rate limit" in str(body.get("message", "")).lower()


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    headers = {"Authorization": f"Bearer {endpoint.secret}", "X-GitHub-Api-Version": API_VERSION,
               "Accept": "application/vnd.github+json"}
    return ApiClient("github", endpoint.base_url, policy, headers=headers, rules=GitHubRules(),
                     secrets=(endpoint.secret,))


def read_issues(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    parts = decode_parts(cursor)
    repos = endpoint.option("repos", [])
    if not repos:
        raise ValueError("github needs options['repos'] (a list of owner/name)")
    labels = endpoint.option("labels", "bug")
    for repo in repos:
        since = parse_cursor(parts.get(repo))
        newest = since
        for page in follow_link_header(client, f"/repos/{repo}/issues", _params(labels, since)):
            records = []
            for item in page:
                modified = parse_timestamp(item.get("updated_at"))
                newest = latest(newest, modified)
                if "pull_request" not in item:
                    records.append(RawRecord(str(item["id"]), modified, False, to_payload(item)))
            if newest is not None:
                parts[repo] = format_cursor(newest)
            yield Page(records, encode_parts(parts))
    yield Page([], encode_parts(parts))


def _params(labels: str | list[str], since) -> dict:
    params = {"state": "all", "labels": labels if isinstance(labels, str) else ",".join(labels),
              "sort": "updated", "direction": "asc", "per_page": PAGE_SIZE}
    if since is not None:
        params["since"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    return params


READERS = {"issues": read_issues}
