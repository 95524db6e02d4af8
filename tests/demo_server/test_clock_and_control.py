"""The shared clock reveals new, changed and deleted records; control endpoints work on every port."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import requests

from tests.demo_server.conftest import START

LATER = START + timedelta(days=30)


def jira_issues(session, base: str) -> dict[str, dict]:
    found, token = {}, None
    while True:
        params = {"jql": "project in (ENG, OPS, SUP)", "fields": "summary,updated", "maxResults": 100}
        page = session.get(base + "/rest/api/3/search/jql", params={**params, **({"nextPageToken": token} if token else {})}).json()
        found.update({issue["id"]: issue["fields"] for issue in page["issues"]})
        if page["isLast"]:
            return found
        token = page["nextPageToken"]


def changes_in_window(store) -> dict[str, set[str]]:
    """What the store says happens to Jira issues between START and LATER."""
    window = {"a": START.replace(tzinfo=None), "b": LATER.replace(tzinfo=None)}
    with duckdb.connect(str(store), read_only=True) as con:
        def ids(sql: str) -> set[str]:
            return {row[0] for row in con.execute(sql, window).fetchall()}
        first_seen = "SELECT record_id, min(version_at) AS born FROM jira_issues GROUP BY record_id"
        return {
            "new": ids(f"SELECT record_id FROM ({first_seen}) WHERE born > $a AND born <= $b "
                       "EXCEPT SELECT record_id FROM jira_issues WHERE is_deleted AND version_at <= $b"),
            "changed": ids(f"SELECT j.record_id FROM jira_issues j JOIN ({first_seen}) f USING (record_id) "
                           "WHERE j.version_at > $a AND j.version_at <= $b AND f.born <= $a AND NOT j.is_deleted"),
            "deleted": ids(f"SELECT j.record_id FROM jira_issues j JOIN ({first_seen}) f USING (record_id) "
                           "WHERE j.is_deleted AND j.version_at > $a AND j.version_at <= $b AND f.born <= $a"),
        }


def test_advancing_the_clock_reveals_new_changed_and_deleted_issues(server, sessions, store):
    base, session = server.base_urls["jira"], sessions["jira"]
    before = jira_issues(session, base)
    server.advance(30)
    after = jira_issues(session, base)
    expected = changes_in_window(store)
    assert all(expected.values()), expected
    assert set(after) - set(before) == expected["new"]
    assert set(before) - set(after) == expected["deleted"]
    changed = {i for i in set(before) & set(after) if before[i] != after[i]}
    assert changed == expected["changed"] - expected["deleted"]


def test_control_endpoints_on_every_port(server):
    for base in server.base_urls.values():
        assert requests.get(base + "/_demo/clock").json() == {"now": "2026-10-01T00:00:00Z"}
    salesforce, github = server.base_urls["salesforce"], server.base_urls["github"]
    assert requests.post(github + "/_demo/clock", json={"advance_days": 1.5}).json() == {"now": "2026-10-02T12:00:00Z"}
    assert requests.get(salesforce + "/_demo/clock").json()["now"] == "2026-10-02T12:00:00Z"
    assert requests.post(salesforce + "/_demo/clock", json={"now": "2026-11-01T08:00:00+01:00"}).json() == \
        {"now": "2026-11-01T07:00:00Z"}
    assert server.clock == START + timedelta(days=31, hours=7)
    assert requests.post(salesforce + "/_demo/clock", json={"later": 1}).status_code == 400

    rules = [{"system": "github", "kind": "server_error", "status": 503, "times": 1}]
    put = requests.put(salesforce + "/_demo/faults", json=rules)
    assert put.status_code == 200 and put.json()["faults"][0]["status"] == 503
    assert requests.put(salesforce + "/_demo/faults", json=[{"kind": "explode"}]).status_code == 400
    assert requests.get(github + "/repos/demo-co/web/issues").status_code == 401  # auth comes before faults
    assert requests.delete(github + "/_demo/faults").json() == {"faults": []}

    stats = requests.get(salesforce + "/_demo/stats").json()
    assert stats == server.stats()
    assert stats["github"]["by_status"] == {"401": 1} and stats["github"]["requests"] == 1
    assert set(stats) == {"salesforce", "hubspot", "jira", "github", "shopify", "hris"}


def test_date_header_tells_the_demo_clock(server):
    """Like a real vendor's `Date`, the server's "now" is its (demo) clock, so snapshots can be dated by it."""
    base = server.base_urls["hris"]
    assert requests.get(base + "/_demo/clock").headers["Date"] == "Thu, 01 Oct 2026 00:00:00 GMT"
    server.advance(1.5)
    assert requests.get(base + "/hris/v1/employees.csv").headers["Date"] == "Fri, 02 Oct 2026 12:00:00 GMT"
