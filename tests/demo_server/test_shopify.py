"""Shopify: orders with fulfilments through opaque page_info links (next and previous), locations."""

from __future__ import annotations

import re

import requests

from tests.demo_server.conftest import START, visible

ORDERS = "/admin/api/2025-07/orders.json"
SHOP_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$")


def walk(session, url: str, params: dict) -> tuple[list[dict], list[requests.Response]]:
    orders, responses = [], []
    response = session.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        orders += response.json()["orders"]
        responses.append(response)
        if "next" not in response.links:
            return orders, responses
        response = session.get(response.links["next"]["url"])


def test_incremental_walk_yields_every_visible_order_in_update_order(server, sessions, store):
    base = server.base_urls["shopify"]
    params = {"status": "any", "updated_at_min": "2025-06-01T00:00:00+02:00", "limit": 250, "order": "updated_at asc"}
    orders, responses = walk(sessions["shopify"], base + ORDERS, params)
    expected = visible(store, "shop_orders", START, where="version_at >= TIMESTAMP '2025-05-31 22:00'")
    assert [str(o["id"]) for o in orders] == expected
    assert "previous" not in responses[0].links and "next" not in responses[-1].links
    assert all(set(r.links) == {"previous", "next"} for r in responses[1:-1])
    follow_up = responses[1].links["next"]["url"]
    assert "updated_at_min" not in follow_up and "limit=250" in follow_up
    order = next(o for o in orders if o["fulfillments"])
    assert SHOP_TIME.match(order["updated_at"]) and isinstance(order["total_price"], str)
    assert order["note_attributes"][0]["name"] == "promised_delivery_date"
    assert set(order["fulfillments"][0]) >= {"id", "created_at", "status", "shipment_status", "updated_at", "location_id"}
    assert responses[0].headers["X-Shopify-Shop-Api-Call-Limit"].endswith("/40")


def test_previous_link_returns_the_page_before(server, sessions):
    base, session = server.base_urls["shopify"], sessions["shopify"]
    first = session.get(base + ORDERS, params={"status": "any", "limit": 40, "order": "updated_at asc"})
    second = session.get(first.links["next"]["url"])
    back = session.get(second.links["previous"]["url"])
    assert back.json()["orders"] == first.json()["orders"]
    assert "next" in back.links and "previous" not in back.links


def test_open_orders_and_fields(server, sessions, store):
    base = server.base_urls["shopify"]
    orders, _ = walk(sessions["shopify"], base + ORDERS, {"limit": 250, "fields": "id,updated_at,cancelled_at"})
    assert sorted(str(o["id"]) for o in orders) == sorted(visible(store, "shop_orders", START,
                                                                   where="cancelled_at IS NULL"))
    assert all(set(o) == {"id", "updated_at", "cancelled_at"} for o in orders)
    locations = sessions["shopify"].get(base + "/admin/api/2025-07/locations.json").json()["locations"]
    assert [loc["id"] for loc in locations] == [7000, 7001, 7002, 7003] and "team_id" not in locations[0]


def test_page_info_refuses_other_filters_and_forgeries(server, sessions):
    base, session = server.base_urls["shopify"], sessions["shopify"]
    first = session.get(base + ORDERS, params={"status": "any", "limit": 5})
    following = first.links["next"]["url"]
    mixed = session.get(following + "&status=any")
    assert mixed.status_code == 400 and "page_info" in mixed.json()["errors"]["status"]
    forged = session.get(base + ORDERS, params={"page_info": "bm9wZQ", "limit": 5})
    assert forged.status_code == 400 and forged.json() == {"errors": {"page_info": "Invalid value."}}


def test_bad_token(server):
    response = requests.get(server.base_urls["shopify"] + ORDERS, headers={"X-Shopify-Access-Token": "shpat_wrong"})
    assert response.status_code == 401
    assert response.json() == {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
