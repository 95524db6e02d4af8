"""Shared by the pack-number tests: the packs of a checkpoint built from the session's staged warehouse, and the
demo store's ground truth for hand-computed values."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from reports.marts import Marts
from reports.packs.context import build_packs
from settings.model import Company
from tests.connectors.demo_support import naive_utc
from tests.dbt.dbt_support import CLOCK, query
from tests.dbt.ground_truth import CLOSED_DEALS

COMPANY = Company(name="Demo Co", currency="EUR", timezone="Europe/Berlin")
CYCLE_2026H1 = (date(2026, 1, 1), date(2026, 6, 30))


@lru_cache(maxsize=8)
def packs_of(warehouse: Path, cycle_id: str, checkpoint_month: str | None = None) -> dict[str, dict]:
    """employee_id -> pack; built once per checkpoint and test session."""
    with Marts(warehouse) as marts:
        packs = build_packs(marts, cycle_id, checkpoint_month, company=COMPANY)
    return {pack["employee"]["id"]: pack for pack in packs}


def planted(store: Path, pattern: str) -> tuple[str, dict]:
    subject, detail = query(store, "SELECT subject_id, detail FROM planted WHERE pattern = $p", {"p": pattern})[0]
    return subject, json.loads(detail)


def goal_of(pack: dict, metric_id: str, scope: str, filters: dict | None = None) -> dict:
    matches = [goal for goal in pack["scorecard"]["goals"] if goal["metric"]["id"] == metric_id
               and goal["scope"] == scope and goal["filters"] == (filters or {})]
    assert len(matches) == 1, (pack["pack_id"], metric_id, scope, matches)
    return matches[0]


def by_goal(pack: dict, section: str) -> dict[str, dict]:
    return {entry["goal_id"]: entry for entry in pack[section]}


def won_deal_amounts(store: Path, employee_id: str, first: date, last: date) -> list[float]:
    """EUR amounts of the deals the person won (owner at close) with a close date in [first, last], largest first."""
    rows = query(store, f"""SELECT amount_eur FROM ({CLOSED_DEALS}) AS closed
                            WHERE employee_id = $employee AND is_won AND close_date BETWEEN $first AND $last
                            ORDER BY amount_eur DESC""",
                 {"clock": naive_utc(CLOCK), "employee": employee_id, "first": first, "last": last})
    return [row[0] for row in rows]


def members_employed_on(store: Path, team_id: str, day: date) -> list[str]:
    rows = query(store, """SELECT employee_id FROM hris_job_history WHERE team_id = $team
                           AND effective_date <= $day AND (end_date IS NULL OR end_date > $day) ORDER BY 1""",
                 {"team": team_id, "day": day})
    return [row[0] for row in rows]
