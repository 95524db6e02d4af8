"""The demo's goal file: the store's goal versions known at a clock, written as the YAML a company would edit."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import yaml

# Versions in force by the clock's business date in the company's zone (a goal file lists what has been set).
GOALS_SQL = """
    SELECT goal_id, valid_from, cycle, title, level, owner_type, owner_id, parent_goal_id, metric, filters,
           target, threshold, stretch, weight
    FROM goals
    WHERE valid_from <= CAST(timezone((SELECT timezone FROM company), timezone('UTC', $clock)) AS DATE)
    ORDER BY cycle, goal_id, valid_from
"""
HEADER = """\
# Goals, one entry per goal version (exported from the demo company; edit it like any goal file).
#
#   id          stable across the versions of a goal
#   valid_from  optional: the date this version took effect. A goal listed again with a later valid_from records
#               a change (the demo's planted mid-cycle target change is one). An entry without valid_from, or an
#               entry edited in place, takes effect on the day a load first sees it (or its valid_from, if later).
#   cycle       the review cycle: 2026H2 (half-years), 2026Q3 (quarters) or 2026 (years)
#   title       what the pack shows
#   level       company | department | team | individual
#   owner       {type: company | department | team | employee, id: ...} — a department name, team id or
#               employee id as the HRIS has them
#   parent      optional: the goal this one serves (company ← department ← team ← individual)
#   metric      a metric id of the metric library (metrics.yaml)
#   filters     optional: {source, project, region, product_line, channel}
#   target, threshold, stretch
#               higher-is-better metrics: threshold ≤ target ≤ stretch; lower-is-better: threshold ≥ target ≥ stretch
#   weight      percent, team and individual goals only: in each cycle an employee's own goals plus the shared
#               goals of their team weigh 100
#
# The file is checked as a whole before it loads; a problem anywhere stops the load and names each goal at fault.
"""


def write_goal_file(con: duckdb.DuckDBPyConnection, target: Path, clock: datetime) -> int:
    """Write the goal versions known at `clock` (naive UTC) to `target`; the same store and clock give the same
    bytes, so an unchanged file is not loaded again. Returns the number of entries."""
    rows = con.execute(GOALS_SQL, {"clock": clock}).fetchall()
    goals = [_entry(*row) for row in rows]
    body = yaml.dump({"goals": goals}, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=None, width=120)
    target.write_text(HEADER + "\n" + body, encoding="utf-8")
    return len(goals)


def _entry(goal_id, valid_from, cycle, title, level, owner_type, owner_id, parent, metric, filters, target,
           threshold, stretch, weight) -> dict:
    entry = {"id": goal_id, "valid_from": valid_from, "cycle": cycle, "title": title, "level": level,
             "owner": {"type": owner_type, "id": owner_id}}
    if parent:
        entry["parent"] = parent
    entry["metric"] = metric
    if json.loads(filters):
        entry["filters"] = json.loads(filters)
    entry |= {"target": _plain(target), "threshold": _plain(threshold), "stretch": _plain(stretch)}
    if weight is not None:
        entry["weight"] = _plain(weight)
    return entry


def _plain(number: float) -> int | float:
    """1200000.0 → 1200000: whole numbers read as a person would write them."""
    return int(number) if float(number).is_integer() else number
