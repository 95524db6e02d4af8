"""Jira Cloud: enhanced JQL search (nextPageToken, isLast), Berlin-time JQL, field shapes, user search."""

from __future__ import annotations

import re

import pytest
import requests

from tests.demo_server.conftest import START, visible

SEARCH = "/rest/api/3/search/jql"
FIELDS = "summary,issuetype,priority,components,assignee,reporter,status,labels,project,created,updated," \
         "resolutiondate,duedate,customfield_10042"
JIRA_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]00$")


def walk(session, base: str, jql: str, fields: str = FIELDS, post: bool = False) -> tuple[list[dict], list[dict]]:
    issues, pages, token = [], [], None
    while True:
        if post:
            body = {"jql": jql, "fields": fields.split(","), "maxResults": 100, **({"nextPageToken": token} if token else {})}
            response = session.post(base + SEARCH, json=body)
        else:
            params = {"jql": jql, "fields": fields, "maxResults": 100, **({"nextPageToken": token} if token else {})}
            response = session.get(base + SEARCH, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        issues += page["issues"]
        pages.append({k: v for k, v in page.items() if k != "issues"})
        if page["isLast"]:
            return issues, pages
        token = page["nextPageToken"]


@pytest.mark.parametrize("post", [False, True])
def test_search_walks_every_visible_issue_of_the_projects(server, sessions, store, post):
    jql = "project in (ENG, OPS) ORDER BY updated ASC"
    issues, pages = walk(sessions["jira"], server.base_urls["jira"], jql, post=post)
    expected = visible(store, "jira_issues", START, where="project IN ('ENG', 'OPS')")
    assert [i["id"] for i in issues] == expected
    assert all("total" not in p for p in pages) and pages[-1] == {"isLast": True}
    assert all(p["isLast"] is False and p["nextPageToken"] for p in pages[:-1])


def test_updated_bound_is_minute_precision_in_berlin_time(server, sessions, store):
    jql = 'project = "ENG" AND updated >= "2026-07-01 10:00" AND issuetype in (Bug, "service request") ORDER BY updated ASC'
    issues, _ = walk(sessions["jira"], server.base_urls["jira"], jql)
    # 10:00 in Berlin summer time is 08:00 UTC.
    expected = visible(store, "jira_issues", START, where="project = 'ENG' AND issuetype IN ('Bug', 'Service Request') "
                                                           "AND version_at >= TIMESTAMP '2026-07-01 08:00'")
    assert [i["id"] for i in issues] == expected and expected


def test_fields_look_like_jira_serves_them(server, sessions):
    issues, _ = walk(sessions["jira"], server.base_urls["jira"], "project = SUP")
    fields = [issue["fields"] for issue in issues]
    assert all(JIRA_TIME.match(f["created"]) and JIRA_TIME.match(f["updated"]) for f in fields)
    assert any(f["updated"].endswith("+0100") for f in fields) and any(f["updated"].endswith("+0200") for f in fields)
    resolved = [f for f in fields if f["resolutiondate"]]
    assert resolved and all(f["status"]["statusCategory"]["key"] == "done" for f in resolved)
    assert any(f["assignee"] is None for f in fields)
    assignees = [f["assignee"] for f in fields if f["assignee"]]
    assert any("emailAddress" not in a for a in assignees) and any("emailAddress" in a for a in assignees)
    assert all(set(a) >= {"accountId", "displayName"} for a in assignees)
    bugs = [f for f in fields if f["issuetype"]["name"] == "Bug"]
    assert any(f["customfield_10042"] and "value" in f["customfield_10042"] for f in bugs)
    assert all(isinstance(f["components"], list) and all(set(c) == {"name"} for c in f["components"]) for f in fields)
    assert all(f["duedate"] is None or re.match(r"^\d{4}-\d{2}-\d{2}$", f["duedate"]) for f in fields)
    assert {f["project"]["key"] for f in fields} == {"SUP"} and all(i["key"].startswith("SUP-") for i in issues)
    bare = sessions["jira"].get(server.base_urls["jira"] + SEARCH, params={"jql": "project = SUP", "maxResults": 1})
    assert bare.json()["issues"][0].keys() == {"id"}


@pytest.mark.parametrize("jql, message", [
    ('updated >= "2026-01-01 00:00"', "Unbounded JQL"),
    ("", "Unbounded JQL"),
    ("project = NOPE", "does not exist for the field 'project'"),
    ("project = ENG AND issuetype = Epic", "does not exist for the field 'issuetype'"),
    ('project = ENG AND updated >= "last week"', "invalid"),
    ("project = ENG OR project = OPS", "OR"),
    ("project in (ENG, OPS", "Expecting ')'"),
    ("project = ENG ORDER BY rank", "Ordering"),
])
def test_jql_the_server_refuses(server, sessions, jql, message):
    response = sessions["jira"].get(server.base_urls["jira"] + SEARCH, params={"jql": jql})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {} and message in body["errorMessages"][0]


def test_a_token_only_continues_its_own_query(server, sessions):
    base, session = server.base_urls["jira"], sessions["jira"]
    token = session.get(base + SEARCH, params={"jql": "project = ENG", "maxResults": 5}).json()["nextPageToken"]
    for jql, given in (("project = OPS", token), ("project = ENG", "bm9wZQ")):
        response = session.get(base + SEARCH, params={"jql": jql, "nextPageToken": given})
        assert response.status_code == 400 and "next page token" in response.json()["errorMessages"][0]


def test_users_search_pages_by_offset_until_empty(server, sessions, store):
    base, session = server.base_urls["jira"], sessions["jira"]
    users, start = [], 0
    while page := session.get(base + "/rest/api/3/users/search", params={"startAt": start, "maxResults": 15}).json():
        users += page
        start += len(page)
    assert [u["accountId"] for u in users] == sorted(visible(store, "jira_users", START))
    assert all(u["accountType"] == "atlassian" and "displayName" in u for u in users)


def test_basic_auth_and_rate_headers(server, sessions):
    base = server.base_urls["jira"]
    for auth in (("perfloop-bot@demo.example", "wrong"), ("someone@else.example", "ATATT-demo-perfloop-jira"), None):
        response = requests.get(base + SEARCH, params={"jql": "project = ENG"}, auth=auth)
        assert response.status_code == 401 and response.json()["errorMessages"]
        assert "wrong" not in response.text
    ok = sessions["jira"].get(base + SEARCH, params={"jql": "project = ENG", "maxResults": 1})
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(ok.headers)
