"""Client-side walks of each vendor stream, the way a connector pages: each yields one page of records."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Iterator

import requests

from demo.server import DEMO_TOKENS

OPPORTUNITY_SOQL = ("SELECT Id, Name, Amount, CurrencyIsoCode, StageName, IsClosed, IsWon, CloseDate, CreatedDate, "
                    "OwnerId, SystemModstamp FROM Opportunity ORDER BY SystemModstamp ASC, Id ASC")
JIRA_FIELDS = ("summary,issuetype,priority,components,assignee,status,labels,created,updated,resolutiondate,duedate,"
               "customfield_10042")


def session_for(system: str) -> requests.Session:
    session = requests.Session()
    token = DEMO_TOKENS[system]
    if system == "jira":
        session.auth = (token["email"], token["token"])
    elif system == "shopify":
        session.headers["X-Shopify-Access-Token"] = token
    else:
        session.headers["Authorization"] = f"Bearer {token}"
    return session


def salesforce(base: str, session, soql: str = OPPORTUNITY_SOQL, endpoint: str = "query") -> Iterator[list]:
    body = _ok(session.get(f"{base}/services/data/v62.0/{endpoint}", params={"q": soql}))
    while True:
        yield body["records"]
        if body["done"]:
            return
        body = _ok(session.get(base + body["nextRecordsUrl"]))


def hubspot_list(base: str, session, path: str = "/crm/v3/objects/deals", **params) -> Iterator[list]:
    params = {"limit": 100, **params}
    while True:
        body = _ok(session.get(base + path, params=params))
        yield body["results"]
        if "paging" not in body:
            return
        params["after"] = body["paging"]["next"]["after"]


def hubspot_search(base: str, session, cap: int = 10_000) -> Iterator[list]:
    """Slides its window forward from the last modification time seen to stay under the search cap."""
    since, seen, after = 0, set(), 0
    while True:
        body = {"filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                               "value": str(since)}]}],
                "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
                "properties": ["amount", "dealstage", "closedate", "hubspot_owner_id"], "limit": 200, "after": after}
        page = _ok(session.post(base + "/crm/v3/objects/deals/search", json=body))
        yield [deal for deal in page["results"] if deal["id"] not in seen]
        seen.update(deal["id"] for deal in page["results"])
        if "paging" not in page:
            return
        after = int(page["paging"]["next"]["after"])
        if after + 200 > cap:
            last = page["results"][-1]["properties"]["hs_lastmodifieddate"]
            since, after = int(datetime.fromisoformat(last.replace("Z", "+00:00")).timestamp() * 1000), 0


def jira(base: str, session, jql: str, fields: str = JIRA_FIELDS) -> Iterator[list]:
    params = {"jql": jql, "maxResults": 100, "fields": fields}
    while True:
        page = _ok(session.get(base + "/rest/api/3/search/jql", params=params))
        yield page["issues"]
        if page["isLast"]:
            return
        params["nextPageToken"] = page["nextPageToken"]


def github(base: str, session, repos: list[str], **params) -> Iterator[list]:
    params = {"state": "all", "sort": "updated", "direction": "asc", "per_page": 100, **params}
    for repo in repos:
        response = session.get(f"{base}/repos/{repo}/issues", params=params)
        while True:
            yield _ok(response)
            if "next" not in response.links:
                break
            response = session.get(response.links["next"]["url"])


def shopify(base: str, session, **params) -> Iterator[list]:
    params = {"status": "any", "limit": 250, "order": "updated_at asc", **params}
    response = session.get(base + "/admin/api/2025-07/orders.json", params=params)
    while True:
        yield _ok(response)["orders"]
        if "next" not in response.links:
            return
        response = session.get(response.links["next"]["url"])


def hris_csv(base: str, session) -> Iterator[list]:
    response = session.get(base + "/hris/v1/employees.csv")
    response.raise_for_status()
    yield list(csv.DictReader(io.StringIO(response.text)))


def _ok(response: requests.Response):
    response.raise_for_status()
    return response.json()
