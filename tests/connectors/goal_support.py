"""A small org in the raw zone, the shipped metric library loaded, and goal files written as real YAML."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from pathlib import Path

import yaml

from connectors.catalog import Endpoint, RawRecord, find_stream, to_payload
from connectors.rawzone import RawZoneWriter
from connectors.sync import SyncResult, sync_stream
from tests.connectors.demo_support import METRIC_LIBRARY

GOALS = find_stream("files", "goals")
METRICS = find_stream("files", "metrics")
TAKEN_AT = datetime(2026, 10, 1, 2, 0, tzinfo=timezone.utc)

# employee → (team, department, hire date); E3 moved from sales-dach to eng-web on 1 July 2026.
PEOPLE = {"E1": ("sales-dach", "Sales", "2024-01-01"), "E2": ("sales-dach", "Sales", "2026-08-01"),
          "E3": ("eng-web", "Engineering", "2024-01-01"), "E9": ("leadership", "Management", "2020-01-01")}
JOBS = [("E1", "2024-01-01", None, "sales-dach", "Sales"), ("E2", "2026-08-01", None, "sales-dach", "Sales"),
        ("E3", "2024-01-01", "2026-07-01", "sales-dach", "Sales"), ("E3", "2026-07-01", None, "eng-web", "Engineering"),
        ("E9", "2020-01-01", None, "leadership", "Management")]


def team_goal(goal_id, team, metric, weight, bands, parent, **extra):
    threshold, target, stretch = bands
    return {"id": goal_id, "cycle": "2026H2", "title": f"{team}: {metric}", "level": "team",
            "owner": {"type": "team", "id": team}, "parent": parent, "metric": metric, "target": target,
            "threshold": threshold, "stretch": stretch, "weight": weight, **extra}


def own_goal(goal_id, employee, metric, weight, bands, parent):
    goal = team_goal(goal_id, employee, metric, weight, bands, parent)
    return goal | {"level": "individual", "owner": {"type": "employee", "id": employee}}


# A valid cascade: E1 and E2 share sales-dach's team goal T1 (40) with their own goals (60); E3 (in eng-web since
# 1 July) shares T2 (50) with one own goal (50).
VALID_GOALS = [
    {"id": "C1", "cycle": "2026H2", "title": "Grow won revenue", "level": "company",
     "owner": {"type": "company", "id": "demo-co"}, "metric": "sales_won_amount", "target": 1_000_000,
     "threshold": 800_000, "stretch": 1_300_000},
    {"id": "D1", "cycle": "2026H2", "title": "Sales: won revenue", "level": "department",
     "owner": {"type": "department", "id": "Sales"}, "parent": "C1", "metric": "sales_won_amount",
     "target": 900_000, "threshold": 720_000, "stretch": 1_170_000},
    team_goal("T1", "sales-dach", "sales_won_amount", 40, (400_000, 500_000, 650_000), "D1",
              filters={"region": "DACH"}, valid_from="2026-07-01"),
    own_goal("I1-E1", "E1", "sales_deals_won", 60, (16, 20, 26), "T1"),
    own_goal("I1-E2", "E2", "sales_deals_won", 30, (8, 10, 13), "T1"),
    own_goal("I2-E2", "E2", "sales_win_rate", 30, (0.34, 0.4, 0.46), "T1"),
    team_goal("T2", "eng-web", "defect_count", 50, (12, 10, 8), "C1"),
    own_goal("I1-E3", "E3", "delivery_on_time_rate", 50, (0.8, 0.9, 0.95), "T2"),
]


def valid_goals() -> list[dict]:
    return copy.deepcopy(VALID_GOALS)


def write_goal_file(path: Path, goals: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"goals": goals}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def prepare_raw_zone(work: Path, policy) -> Path:
    """The org as the HRIS streams would have loaded it, and the shipped metric library loaded by its stream."""
    raw_dir = work / "raw"
    employees = [RawRecord(e, TAKEN_AT, False, to_payload({"employee_id": e, "team_id": team, "department": dept,
                                                           "hire_date": hired}))
                 for e, (team, dept, hired) in PEOPLE.items()]
    jobs = [RawRecord(f"{e}|{start}", TAKEN_AT, False, to_payload({"employee_id": e, "effective_date": start,
                                                                   "end_date": end, "team_id": team,
                                                                   "department": dept}))
            for e, start, end, team, dept in JOBS]
    RawZoneWriter(raw_dir, "hris", "employees", "hris-load").write(employees, "c1")
    RawZoneWriter(raw_dir, "hris", "job_history", "hris-load").write(jobs, "c1")
    sync_stream(METRICS, files_endpoint(work), policy, raw_dir, work / "state")
    return raw_dir


def files_endpoint(work: Path, metrics_path: Path = METRIC_LIBRARY) -> Endpoint:
    return Endpoint("files", "", options={"metrics_path": str(metrics_path), "goals_path": str(work / "goals.yaml")})


def sync_goals(work: Path, policy) -> SyncResult:
    return sync_stream(GOALS, files_endpoint(work), policy, work / "raw", work / "state")
