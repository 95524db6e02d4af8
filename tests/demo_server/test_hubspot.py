"""HubSpot CRM v3: list paging by `after`, archived deals, search windows and the 10,000 cap, owners."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests

from demo.server import ServerLimits
from tests.demo_server.conftest import START, visible

DEALS = "/crm/v3/objects/deals"


def walk_list(session, url: str, params: dict) -> tuple[list[dict], list[dict]]:
    results, pagings = [], []
    while True:
        response = session.get(url, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        results += body["results"]
        pagings.append(body.get("paging"))
        if "paging" not in body:
            return results, pagings
        params = {**params, "after": body["paging"]["next"]["after"]}


def search(session, base: str, body: dict) -> requests.Response:
    return session.post(base + DEALS + "/search", json=body)


def test_list_walks_all_live_deals_in_id_order_with_string_properties(server, sessions, store):
    base = server.base_urls["hubspot"]
    params = {"limit": 100, "properties": "amount,dealstage,closedate,createdate,hubspot_owner_id,pipeline,nonsense"}
    deals, pagings = walk_list(sessions["hubspot"], base + DEALS, params)
    expected = sorted(visible(store, "hs_deals", START), key=int)
    assert [d["id"] for d in deals] == expected
    assert pagings[0]["next"]["after"] == str(int(deals[99]["id"]) + 1)
    assert pagings[0]["next"]["link"].startswith(base + DEALS + "?") and "after=" in pagings[0]["next"]["link"]
    properties = deals[1]["properties"]
    assert set(properties) == {"amount", "dealstage", "closedate", "createdate", "hubspot_owner_id", "pipeline",
                               "hs_lastmodifieddate", "hs_object_id"}
    assert all(value is None or isinstance(value, str) for deal in deals for value in deal["properties"].values())
    amounts = [d["properties"]["amount"] for d in deals if d["properties"]["amount"]]
    assert all(len(a.split(".")[1]) == 2 for a in amounts)
    assert any(d["properties"]["amount"] is None for d in deals) and any(d["properties"]["closedate"] is None for d in deals)
    assert deals[0]["updatedAt"] == deals[0]["properties"]["hs_lastmodifieddate"] and deals[0]["archived"] is False


def test_archived_list_shows_deleted_deals(server, sessions, store):
    deals, _ = walk_list(sessions["hubspot"], server.base_urls["hubspot"] + DEALS, {"limit": 50, "archived": "true"})
    assert [d["id"] for d in deals] == sorted(visible(store, "hs_deals", START, deleted=True), key=int)
    assert deals and all(d["archived"] is True and d["archivedAt"] for d in deals)


def test_search_window_ascending_by_modification_time(server, sessions, store):
    base, session = server.base_urls["hubspot"], sessions["hubspot"]
    since = datetime(2026, 3, 1, tzinfo=timezone.utc)
    body = {"filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                           "value": str(int(since.timestamp() * 1000))}]}],
            "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
            "properties": ["amount", "dealstage"], "limit": 200}
    found, totals = [], set()
    while True:
        response = search(session, base, body)
        assert response.status_code == 200, response.text
        page = response.json()
        found += page["results"]
        totals.add(page["total"])
        if "paging" not in page:
            break
        body["after"] = page["paging"]["next"]["after"]
    expected = visible(store, "hs_deals", START, where="version_at >= TIMESTAMP '2026-03-01'")
    assert sorted(d["id"] for d in found) == sorted(expected) and totals == {len(expected)}
    stamps = [d["properties"]["hs_lastmodifieddate"] for d in found]
    assert stamps == sorted(stamps)
    assert set(found[0]["properties"]) == {"amount", "dealstage", "createdate", "hs_lastmodifieddate", "hs_object_id"}


@pytest.mark.parametrize("limits", [ServerLimits(hubspot_search_cap=300)])
def test_search_cannot_page_past_the_cap(server, sessions):
    base, session = server.base_urls["hubspot"], sessions["hubspot"]
    body = {"limit": 200, "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}]}
    first = search(session, base, body).json()
    second = search(session, base, {**body, "after": first["paging"]["next"]["after"]}).json()
    assert len(second["results"]) == 100 and second["paging"]["next"]["after"] == "300"
    refused = search(session, base, {**body, "after": "300"})
    assert refused.status_code == 400
    assert refused.json()["status"] == "error" and refused.json()["category"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("body", [
    {"limit": 201},
    {"filterGroups": [{"filters": [{"propertyName": "dealname", "operator": "EQ", "value": "x"}]}]},
    {"filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "CONTAINS_TOKEN", "value": "1"}]}]},
    {"sorts": [{"propertyName": "amount", "direction": "ASCENDING"}]},
])
def test_search_rejects_what_it_cannot_do(server, sessions, body):
    response = search(sessions["hubspot"], server.base_urls["hubspot"], body)
    assert response.status_code == 400 and response.json()["category"] == "VALIDATION_ERROR"


def test_owners_pipelines_limits_and_auth(server, sessions, store):
    base, session = server.base_urls["hubspot"], sessions["hubspot"]
    owners, _ = walk_list(session, base + "/crm/v3/owners", {"limit": 7})
    assert [o["id"] for o in owners] == sorted(visible(store, "hs_owners", START), key=int)
    assert {"id", "email", "firstName", "lastName", "userId", "createdAt", "updatedAt", "archived"} <= set(owners[0])
    [pipeline] = session.get(base + "/crm/v3/pipelines/deals").json()["results"]
    stages = {s["id"]: s["metadata"] for s in pipeline["stages"]}
    assert stages["closedwon"] == {"isClosed": "true", "probability": "1.0"}
    response = session.get(base + DEALS, params={"limit": 101})
    assert response.status_code == 400
    assert {"X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining", "X-HubSpot-RateLimit-Secondly",
            "X-HubSpot-RateLimit-Secondly-Remaining", "X-HubSpot-RateLimit-Interval-Milliseconds"} <= set(response.headers)
    denied = requests.get(base + DEALS, headers={"Authorization": "Bearer wrong"})
    assert denied.status_code == 401
    assert denied.json()["category"] == "INVALID_AUTHENTICATION" and denied.json()["status"] == "error"
    assert denied.json()["message"].startswith("Authentication credentials not found")
