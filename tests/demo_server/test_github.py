"""GitHub: repository issues with Link-header page numbers, labels, since, pull requests, errors."""

from __future__ import annotations

import re

import requests

from tests.demo_server.conftest import START, visible

ISSUES = "/repos/demo-co/api/issues"


def links(response: requests.Response) -> dict[str, str]:
    return {rel: link["url"] for rel, link in response.links.items()}


def walk(session, url: str, params: dict) -> tuple[list[dict], list[requests.Response]]:
    items, responses = [], []
    response = session.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        items += response.json()
        responses.append(response)
        if "next" not in response.links:
            return items, responses
        response = session.get(response.links["next"]["url"])


def test_bug_labelled_issues_and_pull_requests_walk_to_the_end(server, sessions, store):
    base = server.base_urls["github"]
    params = {"state": "all", "labels": "bug", "sort": "updated", "direction": "asc", "per_page": 50}
    items, responses = walk(sessions["github"], base + ISSUES, params)
    expected = visible(store, "gh_issues", START, where="repo = 'demo-co/api' AND list_has_any(labels, ['bug', 'Bug'])")
    assert [str(i["id"]) for i in items] == expected
    assert any("pull_request" in i for i in items) and any("pull_request" not in i for i in items)
    assert all(any(label["name"].lower() == "bug" for label in i["labels"]) for i in items)
    first_links, last_links = links(responses[0]), links(responses[-1])
    assert set(first_links) == {"next", "last"} and set(last_links) == {"prev", "first"}
    assert f"page={len(responses)}" in first_links["last"] and "labels=bug" in first_links["next"]
    assert set(links(responses[1])) == {"prev", "next", "last", "first"} or len(responses) == 2
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", i["updated_at"]) for i in items)
    assert [i["updated_at"] for i in items] == sorted(i["updated_at"] for i in items)


def test_default_order_is_newest_created_first_and_since_filters_updates(server, sessions, store):
    base, session = server.base_urls["github"], sessions["github"]
    open_items, _ = walk(session, base + ISSUES, {"per_page": 100})
    rows = visible(store, "gh_issues", START, where="repo = 'demo-co/api' AND state = 'open'", column="created_at, id")
    assert [i["id"] for i in open_items] == [issue_id for _, issue_id in sorted(rows, reverse=True)]
    assert all(i["state"] == "open" for i in open_items)
    recent, _ = walk(session, base + ISSUES, {"state": "closed", "since": "2026-06-01T00:00:00Z", "per_page": 100})
    assert sorted(str(i["id"]) for i in recent) == sorted(visible(
        store, "gh_issues", START, where="repo = 'demo-co/api' AND state = 'closed' AND version_at >= '2026-06-01'"))
    single = session.get(base + ISSUES, params={"state": "closed", "since": "2026-09-30T00:00:00Z", "per_page": 100})
    assert "Link" not in single.headers


def test_unknown_repo_bad_token_and_headers(server, sessions):
    base = server.base_urls["github"]
    missing = sessions["github"].get(base + "/repos/demo-co/nope/issues")
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"
    denied = requests.get(base + ISSUES, headers={"Authorization": "Bearer ghp_wrong"})
    assert denied.status_code == 401
    assert denied.json() == {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest",
                             "status": "401"}
    ok = sessions["github"].get(base + ISSUES, params={"per_page": 1})
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset",
            "x-ratelimit-resource", "x-github-request-id"} <= {h.lower() for h in ok.headers}
