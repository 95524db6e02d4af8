"""HRIS: the CSV snapshot at the clock, the same rows as JSON pages, and job history as recorded."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import duckdb
import requests

from demo.server.hris import EMPLOYEE_COLUMNS
from tests.demo_server.conftest import START


def expected_snapshot(store, clock) -> list[dict]:
    """STORE.md's snapshot rule, written out plainly in Python."""
    today = clock.date()  # the test clocks sit at midnight UTC, which is the same date in Berlin
    naive = clock.replace(tzinfo=None)
    with duckdb.connect(str(store), read_only=True) as con:
        people = records(con, "SELECT * FROM hris_employees ORDER BY employee_id")
        jobs = records(con, "SELECT * FROM hris_job_history")
    rows = []
    for person in people:
        if person["created_at"] > naive:
            continue
        known = [j for j in jobs if j["employee_id"] == person["employee_id"] and j["recorded_at"] <= naive]
        started = [j for j in known if j["effective_date"] <= today]
        job = max(started, key=lambda j: j["effective_date"]) if started else min(known, key=lambda j: j["effective_date"])
        ended = person["termination_date"]
        row = {**{k: job[k] for k in ("title", "job_level", "role_family", "team", "team_id", "manager_id",
                                      "department", "region")},
               "employee_id": person["employee_id"], "name": person["name"], "email": person["email"],
               "location": person["location"], "hire_date": person["hire_date"].isoformat(),
               "termination_date": ended.isoformat() if ended is not None and ended <= today else ""}
        rows.append({column: "" if row[column] is None else str(row[column]) for column in EMPLOYEE_COLUMNS})
    return rows


def records(con, sql: str) -> list[dict]:
    result = con.execute(sql)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def csv_rows(session, base: str) -> list[dict]:
    response = session.get(base + "/hris/v1/employees.csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert response.headers.get("Transfer-Encoding") == "chunked"
    reader = csv.DictReader(io.StringIO(response.text))
    assert tuple(reader.fieldnames) == EMPLOYEE_COLUMNS
    return list(reader)


def json_pages(session, url: str, limit: int) -> list[dict]:
    rows, cursor = [], None
    while True:
        body = session.get(url, params={"limit": limit, **({"cursor": cursor} if cursor else {})}).json()
        rows += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return rows


def test_csv_snapshot_follows_the_clock(server, sessions, store):
    base, session = server.base_urls["hris"], sessions["hris"]
    at_start = csv_rows(session, base)
    assert at_start == expected_snapshot(store, START)
    server.advance(60)
    later = csv_rows(session, base)
    assert later == expected_snapshot(store, START + timedelta(days=60))
    assert len(later) > len(at_start)
    newly_terminated = {r["employee_id"] for r in later if r["termination_date"]} - \
        {r["employee_id"] for r in at_start if r["termination_date"]}
    assert newly_terminated


def test_json_employees_are_the_csv_rows(server, sessions):
    base, session = server.base_urls["hris"], sessions["hris"]
    from_json = json_pages(session, base + "/hris/v1/employees", limit=7)
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in from_json]
    assert as_text == csv_rows(session, base)


def test_job_history_shows_only_what_was_recorded_by_the_clock(server, sessions, store):
    base, session = server.base_urls["hris"], sessions["hris"]
    later = START + timedelta(days=120)
    with duckdb.connect(str(store), read_only=True) as con:
        recorded, recorded_later = (
            con.execute("SELECT count(*) FROM hris_job_history WHERE recorded_at <= $c",
                        {"c": clock.replace(tzinfo=None)}).fetchone()[0] for clock in (START, later))
    rows = json_pages(session, base + "/hris/v1/job_history", limit=9)
    assert len(rows) == recorded < recorded_later
    assert all(row["recorded_at"] <= "2026-10-01T00:00:00.000Z" for row in rows)
    assert all(row["end_date"] is None or date.fromisoformat(row["end_date"]) <= START.date() or
               any(o["employee_id"] == row["employee_id"] and o["effective_date"] == row["end_date"] for o in rows)
               for row in rows)
    server.set_clock(later)
    assert len(json_pages(session, base + "/hris/v1/job_history", limit=50)) == recorded_later


def test_bearer_token_required(server):
    response = requests.get(server.base_urls["hris"] + "/hris/v1/employees.csv")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
