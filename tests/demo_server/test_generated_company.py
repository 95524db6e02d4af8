"""The server over the real generator's store (demo.company): every stream walks to the store's truth."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from demo.company import generate
from demo.server import start
from tests.demo_server import walkers
from tests.demo_server.conftest import START, visible


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("generated"), employees=60, seed=7)


@pytest.fixture
def vendors(company):
    with start(company) as server:
        yield server


def pages(system: str, walk, *args, **kwargs) -> list[dict]:
    with walkers.session_for(system) as session:
        return [record for page in walk(*args, session, **kwargs) for record in page]


def distinct(store, column: str, table: str) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return [row[0] for row in con.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]


def test_sales_streams_match_the_store(vendors, company):
    base = vendors.base_urls["salesforce"]
    opportunities = pages("salesforce", walkers.salesforce, base)
    assert [r["Id"] for r in opportunities] == visible(company, "sf_opportunities", START)
    users = pages("salesforce", walkers.salesforce, base, soql="SELECT Id, Email, ManagerId FROM User")
    assert [u["Id"] for u in users] == visible(company, "sf_users", START)
    hubspot = vendors.base_urls["hubspot"]
    deals = pages("hubspot", walkers.hubspot_list, hubspot)
    assert [d["id"] for d in deals] == sorted(visible(company, "hs_deals", START), key=int)
    archived = pages("hubspot", walkers.hubspot_list, hubspot, archived="true")
    assert sorted(d["id"] for d in archived) == sorted(visible(company, "hs_deals", START, deleted=True))
    searched = pages("hubspot", walkers.hubspot_search, hubspot, cap=1000)
    assert sorted(d["id"] for d in searched) == sorted(d["id"] for d in deals)
    owners = pages("hubspot", walkers.hubspot_list, hubspot, path="/crm/v3/owners")
    assert {o["id"] for o in owners} <= set(visible(company, "hs_owners", START))


def test_delivery_and_quality_streams_match_the_store(vendors, company):
    """Incremental windows (the last months before the clock) keep this quick on a full company."""
    projects = distinct(company, "project", "jira_issues")
    jql = f'project in ({", ".join(projects)}) AND updated >= "2026-08-01 02:00" ORDER BY updated ASC'
    issues = pages("jira", walkers.jira, vendors.base_urls["jira"], jql=jql)
    recent = "version_at >= TIMESTAMP '2026-08-01'"  # 02:00 in Berlin summer time
    assert [i["id"] for i in issues] == visible(company, "jira_issues", START, where=recent)
    repos = distinct(company, "repo", "gh_issues")
    github = pages("github", walkers.github, vendors.base_urls["github"], repos=repos)
    assert sorted(str(i["id"]) for i in github) == sorted(visible(company, "gh_issues", START))
    orders = pages("shopify", walkers.shopify, vendors.base_urls["shopify"], updated_at_min="2026-09-01T00:00:00Z")
    assert sorted(str(o["id"]) for o in orders) == sorted(
        visible(company, "shop_orders", START, where="version_at >= TIMESTAMP '2026-09-01'"))
    stamps = [datetime.fromisoformat(o["updated_at"]) for o in orders]
    assert orders and stamps == sorted(stamps)


def test_hris_and_a_night_later(vendors, company):
    employees = pages("hris", walkers.hris_csv, vendors.base_urls["hris"])
    known = distinct(company, "employee_id", "hris_employees WHERE created_at <= TIMESTAMP '2026-10-01'")
    assert [e["employee_id"] for e in employees] == known
    assert all(e["team_id"] and e["department"] for e in employees if not e["termination_date"])

    base = vendors.base_urls["salesforce"]
    last = pages("salesforce", walkers.salesforce, base)[-1]["SystemModstamp"]
    vendors.advance(1)
    soql = f"SELECT Id, IsDeleted FROM Opportunity WHERE SystemModstamp > {last} ORDER BY SystemModstamp ASC"
    delta = pages("salesforce", walkers.salesforce, base, soql=soql, endpoint="queryAll")
    window = "version_at > TIMESTAMP '2026-10-01' AND version_at <= TIMESTAMP '2026-10-02'"
    assert [r["Id"] for r in delta] == visible(company, "sf_opportunities", START + timedelta(days=1), deleted=None,
                                               where=window)
    assert delta
