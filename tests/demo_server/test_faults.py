"""Fault injection: each kind, in each vendor's own shape, with every/after/times and path matching."""

from __future__ import annotations

import time

import pytest
import requests

from demo.server import FaultRuleError, start

PROBES = {
    "salesforce": "/services/data/v62.0/query?q=SELECT+Id+FROM+User",
    "hubspot": "/crm/v3/objects/deals?limit=5",
    "jira": "/rest/api/3/search/jql?jql=project+%3D+ENG&maxResults=5",
    "github": "/repos/demo-co/web/issues?per_page=5",
    "shopify": "/admin/api/2025-07/orders.json?limit=5",
    "hris": "/hris/v1/employees?limit=5",
}


def probe(sessions, server, system: str, **kwargs) -> requests.Response:
    return sessions[system].get(server.base_urls[system] + PROBES[system], **kwargs)


@pytest.mark.parametrize("system, status, retry_after, marker", [
    ("salesforce", 503, "7", "SERVER_UNAVAILABLE"),
    ("hubspot", 429, "7", "RATE_LIMIT"),
    ("jira", 429, "7", "Rate limit exceeded."),
    ("github", 429, "7", "secondary rate limit"),
    ("shopify", 429, "7.0", "Exceeded 2 calls per second"),
    ("hris", 429, "7", "rate_limited"),
])
def test_rate_limit_answers_like_the_vendor(server, sessions, system, status, retry_after, marker):
    server.set_faults([{"system": system, "kind": "rate_limit", "retry_after": 7}])
    response = probe(sessions, server, system)
    assert response.status_code == status and marker in response.text
    assert response.headers["Retry-After"] == retry_after
    response.json()
    other = next(s for s in PROBES if s != system)
    assert probe(sessions, server, other).status_code == 200
    assert server.stats()[system]["injected"] == {"rate_limit": 1}


def test_vendor_specific_rate_limit_details(server, sessions):
    server.set_faults([{"kind": "rate_limit"}])
    hubspot = probe(sessions, server, "hubspot").json()
    assert hubspot["status"] == "error" and hubspot["policyName"] == "TEN_SECONDLY_ROLLING" and hubspot["correlationId"]
    assert probe(sessions, server, "shopify").headers["X-Shopify-Shop-Api-Call-Limit"] == "40/40"
    assert probe(sessions, server, "jira").headers["X-RateLimit-Remaining"] == "0"
    github = probe(sessions, server, "github")
    assert "retry-after" not in github.headers and github.json()["documentation_url"]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors(server, sessions, status):
    server.set_faults([{"system": "*", "kind": "server_error", "status": status}])
    for system in PROBES:
        response = probe(sessions, server, system)
        assert response.status_code == status
        if status == 500:
            response.json()
        else:
            assert response.headers["Content-Type"] == "text/html" and str(status) in response.text


def test_slow_delays_the_answer(server, sessions):
    server.set_faults([{"system": "jira", "kind": "slow", "delay_s": 0.3}])
    started = time.monotonic()
    response = probe(sessions, server, "jira")
    assert response.status_code == 200 and time.monotonic() - started >= 0.3
    with pytest.raises(requests.exceptions.ReadTimeout):
        probe(sessions, server, "jira", timeout=0.1)


@pytest.mark.parametrize("system, path", [("github", PROBES["github"]), ("hris", "/hris/v1/employees.csv")])
def test_reset_breaks_the_connection_mid_body(server, sessions, system, path):
    server.set_faults([{"system": system, "path": path, "kind": "reset", "times": 1}])
    with pytest.raises((requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        sessions[system].get(server.base_urls[system] + path)
    assert sessions[system].get(server.base_urls[system] + path).status_code == 200
    assert server.stats()[system]["injected"] == {"reset": 1}


def test_malformed_is_a_200_with_broken_json(server, sessions):
    server.set_faults([{"system": "salesforce", "kind": "malformed", "times": 1}])
    response = probe(sessions, server, "salesforce")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert probe(sessions, server, "salesforce").json()["done"] is True


def test_every_after_times_and_path(server, sessions):
    server.set_faults([
        {"system": "hubspot", "path": "/crm/v3/owners", "kind": "server_error", "status": 502,
         "every": 2, "after": 1, "times": 2},
    ])
    statuses = [sessions["hubspot"].get(server.base_urls["hubspot"] + "/crm/v3/owners").status_code for _ in range(8)]
    assert statuses == [200, 200, 502, 200, 502, 200, 200, 200]
    assert probe(sessions, server, "hubspot").status_code == 200
    stats = server.stats()["hubspot"]
    assert stats["injected"] == {"server_error": 2} and stats["by_status"] == {"200": 7, "502": 2}
    server.clear_faults()
    assert server.stats()["hubspot"]["requests"] == 9


def test_rules_are_validated(store):
    with pytest.raises(FaultRuleError, match="kind"):
        start(store, faults=[{"kind": "meltdown"}])
    with pytest.raises(FaultRuleError, match="status"):
        start(store, faults=[{"kind": "server_error", "status": 418}])
    with pytest.raises(FaultRuleError, match="unknown keys"):
        start(store, faults=[{"kind": "slow", "delay": 1}])
    with pytest.raises(ValueError, match="loopback"):
        start(store, host="0.0.0.0")
