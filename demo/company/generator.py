"""Generate the demo company into `<out_dir>/company.duckdb` (see demo/STORE.md)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from demo.company import calendar
from demo.company.actuals import build_facts
from demo.company.components import build_components, components_table
from demo.company.fx import build_fx
from demo.company.github import build_github, github_tables
from demo.company.goals import build_goals, goal_tables
from demo.company.hris import build_hris, hris_tables
from demo.company.identities import account_tables, build_accounts
from demo.company.jira import build_issues, issue_tables
from demo.company.orders import build_locations, order_chunks
from demo.company.org import build_org
from demo.company.planted import planted_table
from demo.company.reviews import build_journal, build_ratings, journal_table, ratings_table
from demo.company.sales import build_deals, deal_tables, pipeline_stages_table
from demo.company.staffing import build_staff
from demo.company.store import StoreWriter, read_company_row

log = logging.getLogger(__name__)

STORE_FILE = "company.duckdb"
GENERATOR_VERSION = "2"  # bump when the generated data changes, so stores from older code are rebuilt
COMPANY_NAME = "Demo Co"
MIN_EMPLOYEES = 60
STREAMS = ("org", "staff", "hris", "accounts", "account_tables", "fx", "sales", "jira", "github", "shop",
           "orders", "goals", "ratings", "journal", "journal_text")


def generate(out_dir: Path, employees: int = 300, seed: int = 7) -> Path:
    """Write the company to `out_dir/company.duckdb` (atomically) and return the path; reuse an existing
    file generated with the same seed, size and generator version."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be at least {MIN_EMPLOYEES} (got {employees})")
    out_dir = Path(out_dir)
    target = out_dir / STORE_FILE
    wanted = {"seed": seed, "employees": employees, "generator_version": GENERATOR_VERSION}
    if read_company_row(target) == wanted:
        log.info("reusing %s (seed %d, %d employees)", target, seed, employees)
        return target
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".company-staging-", dir=out_dir))
    try:
        started = time.monotonic()
        writer = StoreWriter(staging / "parts")
        _write_company(writer, employees, seed)
        partial = staging / STORE_FILE
        writer.build(partial)
        Path(f"{target}.wal").unlink(missing_ok=True)
        os.replace(partial, target)
        log.info("generated %s in %.1f s", target, time.monotonic() - started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_company(writer: StoreWriter, employees: int, seed: int) -> None:
    rngs = dict(zip(STREAMS, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS)))))
    org = build_org(employees, rngs["org"])
    staff = build_staff(org, rngs["staff"])
    hris = build_hris(org, staff, rngs["hris"])
    _add_all(writer, hris_tables(org, staff, hris))
    accounts = build_accounts(org, staff, employees, rngs["accounts"])
    _add_all(writer, account_tables(staff, hris, accounts, rngs["account_tables"]))
    log.info("organisation: %d teams, %d people ever employed", len(org.teams), len(staff.persons))
    fx = build_fx(rngs["fx"])
    writer.add("fx_rates", fx.table())
    deals = build_deals(org, staff, fx, rngs["sales"])
    _add_chunks(writer, deal_tables(deals, staff, accounts))
    writer.add("hs_pipeline_stages", pipeline_stages_table())
    log.info("sales: %d deals", len(deals.frame))
    components = build_components(org)
    writer.add("components", components_table(components, org))
    issues = build_issues(org, staff, components, rngs["jira"])
    _add_chunks(writer, issue_tables(issues, staff, components, accounts))
    log.info("jira: %d issues", len(issues.frame))
    github = build_github(org, staff, components, rngs["github"])
    _add_chunks(writer, github_tables(github, components, accounts))
    log.info("github: %d issues and pull requests", len(github.frame))
    locations = build_locations(org, rngs["shop"])
    writer.add("shop_locations", locations.table(org))
    shop_facts = []
    for columns, month_facts in order_chunks(locations, fx, rngs["orders"]):
        writer.add("shop_orders", columns)
        shop_facts.append(month_facts)
    shop = _sum_facts(shop_facts)
    log.info("shopify: %d orders", int(shop["created"].sum()))
    facts = build_facts(org, staff, deals, issues, github, shop, components)
    goal_set = build_goals(org, staff, facts, rngs["goals"])
    writer.add("goals", goal_tables(goal_set))
    ratings = build_ratings(org, staff, goal_set, rngs["ratings"])
    writer.add("ratings", ratings_table(staff, ratings))
    writer.add("journal", journal_table(staff, build_journal(org, staff, goal_set, rngs["journal"]),
                                        rngs["journal_text"]))
    writer.add("planted", planted_table(org, staff, accounts, facts, goal_set, locations))
    writer.add("company", _company_row(employees, seed))
    log.info("goals, ratings, journal and planted patterns written")


def _add_all(writer: StoreWriter, tables: dict) -> None:
    for name, columns in tables.items():
        writer.add(name, columns)


def _add_chunks(writer: StoreWriter, chunks) -> None:
    for name, columns in chunks:
        writer.add(name, columns)


def _sum_facts(frames: list) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True).groupby(["team", "month"], as_index=False).sum()


def _company_row(employees: int, seed: int) -> dict:
    return {"name": [COMPANY_NAME], "currency": ["EUR"], "timezone": [calendar.COMPANY_TIMEZONE], "seed": [seed],
            "employees": [employees],
            "generated_at_clock": np.array([calendar.DEMO_CLOCK_START.replace(tzinfo=None)], "datetime64[ms]"),
            "generated_until": np.array([calendar.GENERATED_UNTIL.replace(tzinfo=None)], "datetime64[ms]"),
            "generator_version": [GENERATOR_VERSION]}
