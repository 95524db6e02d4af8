"""Salesforce: SOQL query/queryAll batches, locators, quota and errors, checked against the store."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from demo.server import ServerLimits
from tests.demo_server.conftest import START, visible

QUERY = "/services/data/v62.0/query"
FIELDS = "Id, Name, Amount, StageName, IsWon, CloseDate, CreatedDate, OwnerId, SystemModstamp"


def walk(session, base: str, soql: str, endpoint: str = QUERY, batch: int = 200) -> tuple[list[dict], list[dict]]:
    """Follow nextRecordsUrl until done, as a connector would; return records and page summaries."""
    headers = {"Sforce-Query-Options": f"batchSize={batch}"}
    response = session.get(base + endpoint, params={"q": soql}, headers=headers)
    records, pages = [], []
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["records"]
        pages.append({key: body[key] for key in body if key != "records"})
        if body["done"]:
            return records, pages
        response = session.get(base + body["nextRecordsUrl"])


def test_query_pages_yield_exactly_the_visible_live_opportunities(server, sessions, store):
    soql = f"SELECT {FIELDS} FROM Opportunity ORDER BY SystemModstamp ASC, Id ASC"
    records, pages = walk(sessions["salesforce"], server.base_urls["salesforce"], soql)
    expected = visible(store, "sf_opportunities", START)
    assert [r["Id"] for r in records] == expected
    assert len(pages) == -(-len(expected) // 200) and all(p["totalSize"] == len(expected) for p in pages)
    assert "nextRecordsUrl" not in pages[-1] and all("nextRecordsUrl" in p for p in pages[:-1])
    first = records[0]
    assert list(first) == ["attributes", *[f.strip() for f in FIELDS.split(",")]]
    assert first["attributes"] == {"type": "Opportunity", "url": f"/services/data/v62.0/sobjects/Opportunity/{first['Id']}"}
    assert first["SystemModstamp"].endswith("+0000") and len(first["SystemModstamp"]) == 28
    assert len(first["CloseDate"]) == 10 and isinstance(first["Amount"], float)


def test_incremental_query_all_returns_deletions_after_the_cursor(server, sessions, store):
    cursor = "2026-01-01T00:00:00.000+0000"
    soql = f"SELECT Id, IsDeleted, SystemModstamp FROM Opportunity WHERE SystemModstamp > {cursor} ORDER BY SystemModstamp"
    records, _ = walk(sessions["salesforce"], server.base_urls["salesforce"], soql, endpoint="/services/data/v58.0/queryAll")
    expected = visible(store, "sf_opportunities", START, deleted=None, where="version_at > TIMESTAMP '2026-01-01'")
    assert [r["Id"] for r in records] == expected
    deleted = [r["Id"] for r in records if r["IsDeleted"]]
    all_deleted = set(visible(store, "sf_opportunities", START, deleted=True))
    assert deleted and deleted == [record_id for record_id in expected if record_id in all_deleted]

    only_deleted, _ = walk(sessions["salesforce"], server.base_urls["salesforce"],
                           "SELECT Id FROM Opportunity WHERE IsDeleted = true", endpoint="/services/data/v62.0/queryAll")
    assert [r["Id"] for r in only_deleted] == visible(store, "sf_opportunities", START, deleted=True)
    live, _ = walk(sessions["salesforce"], server.base_urls["salesforce"], "SELECT Id FROM Opportunity WHERE IsDeleted = true")
    assert live == []


def test_limit_and_users(server, sessions, store):
    base = server.base_urls["salesforce"]
    records, pages = walk(sessions["salesforce"], base, "SELECT Id FROM Opportunity LIMIT 450")
    assert len(records) == 450 and pages[0]["totalSize"] == 450 and len(pages) == 3
    users, _ = walk(sessions["salesforce"], base, "select id, email, name, isactive, managerid from user")
    assert [u["Id"] for u in users] == visible(store, "sf_users", START)
    assert set(users[0]) == {"attributes", "Id", "Email", "Name", "IsActive", "ManagerId"}


def test_a_locator_keeps_its_snapshot_while_the_clock_moves(server, sessions):
    base, session = server.base_urls["salesforce"], sessions["salesforce"]
    soql = "SELECT Id, SystemModstamp FROM Opportunity ORDER BY SystemModstamp ASC"
    before, _ = walk(session, base, soql)
    first = session.get(base + QUERY, params={"q": soql}, headers={"Sforce-Query-Options": "batchSize=200"}).json()
    server.advance(60)
    rest = []
    url = first["nextRecordsUrl"]
    while url:
        body = session.get(base + url).json()
        rest += body["records"]
        url = body.get("nextRecordsUrl")
    assert first["records"] + rest == before
    after, _ = walk(session, base, soql)
    assert after != before and max(r["SystemModstamp"] for r in after) > max(r["SystemModstamp"] for r in before)


@pytest.mark.parametrize("soql, code", [
    ("SELECT Id FROM Opportunity WHERE Name = 'x'", "MALFORMED_QUERY"),
    ("SELECT Id FROM Opportunity ORDER BY Name", "MALFORMED_QUERY"),
    ("SELECT Id FROM Opportunity WHERE SystemModstamp > yesterday", "MALFORMED_QUERY"),
    ("SELECT Id FROM Opportunity LIMIT", "MALFORMED_QUERY"),
    ("SELECT Id, Id FROM Opportunity", "MALFORMED_QUERY"),
    ("SELEC Id FROM Opportunity", "MALFORMED_QUERY"),
    ("SELECT Id, employee_id FROM User", "INVALID_FIELD"),
    ("SELECT Id, Revenue FROM Opportunity", "INVALID_FIELD"),
    ("SELECT Id FROM Account", "INVALID_TYPE"),
])
def test_soql_the_server_does_not_understand_is_rejected(server, sessions, soql, code):
    response = sessions["salesforce"].get(server.base_urls["salesforce"] + QUERY, params={"q": soql})
    assert response.status_code == 400
    [error] = response.json()
    assert error["errorCode"] == code and error["message"]


def test_bad_session_and_bad_locator(server, sessions):
    base = server.base_urls["salesforce"]
    response = requests.get(base + QUERY, params={"q": "SELECT Id FROM User"}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    assert "nope" not in response.text
    response = sessions["salesforce"].get(base + "/services/data/v62.0/query/garbage-2000")
    assert response.status_code == 400 and response.json()[0]["errorCode"] == "INVALID_QUERY_LOCATOR"


@pytest.mark.parametrize("limits", [ServerLimits(salesforce_daily_quota=3)])
def test_daily_quota_is_reported_then_enforced_until_the_next_day(server, sessions):
    base, session = server.base_urls["salesforce"], sessions["salesforce"]
    usages = [session.get(base + QUERY, params={"q": "SELECT Id FROM User LIMIT 1"}) for _ in range(4)]
    assert [r.headers["Sforce-Limit-Info"] for r in usages[:3]] == [f"api-usage={n}/3" for n in (1, 2, 3)]
    assert usages[3].status_code == 403 and usages[3].json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    server.advance(1)
    assert session.get(base + QUERY, params={"q": "SELECT Id FROM User LIMIT 1"}).status_code == 200
    assert server.clock == START + timedelta(days=1)
