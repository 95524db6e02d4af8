"""The demo's file drops: what HR would export by hand (past ratings, SBI journal) and the reference data a
company keeps in files (identity overrides, FX rates, team ownership), as CSV files; and the goals as YAML."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

from demo.goal_export import write_goal_file

_EXPORTS = {
    "ratings": "SELECT employee_id, cycle, rating, manager_id, recorded_at FROM ratings "
    "WHERE recorded_at <= $clock ORDER BY cycle, employee_id",
    "journal": "SELECT entry_id, employee_id, author_id, entry_date, kind, situation, behaviour, impact, recorded_at "
    "FROM journal WHERE recorded_at <= $clock ORDER BY recorded_at, entry_id",
    "identity_overrides": "SELECT system, external_id, employee_id FROM identity_overrides "
    "ORDER BY system, external_id",
    # rates are published once a month has started
    "fx_rates": "SELECT strftime(month, '%Y-%m-%d') AS month, currency, rate_to_eur AS rate FROM fx_rates "
    "WHERE month <= $clock ORDER BY month, currency",
    "team_ownership": "SELECT * FROM ("
    "SELECT 'jira' AS system, 'component' AS kind, component AS key, team_id FROM components "
    "UNION ALL SELECT 'github', 'label', github_label, team_id FROM components "
    "UNION ALL SELECT 'shopify', 'location', CAST(id AS VARCHAR), team_id FROM shop_locations"
    ") ORDER BY system, kind, key",
}
EXPORTS = (*_EXPORTS, "goals")
INBOX_FILES = {name: f"{name}.csv" for name in _EXPORTS} | {"goals": "goals.yaml"}


def inbox_targets(inbox: Path) -> dict[str, Path]:
    """Every export's file in an inbox folder."""
    return {name: inbox / file_name for name, file_name in INBOX_FILES.items()}


def export_inbox(store: Path, targets: dict[str, Path], clock: datetime) -> dict[str, int]:
    """Write each export known at `clock` to its target file atomically; return rows (goal entries) per export."""
    counts = {}
    with duckdb.connect(str(store), read_only=True) as con:
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            counts[name] = (write_goal_file(con, partial, clock) if name == "goals"
                            else _copy_csv(con, _EXPORTS[name], partial, clock))
            os.replace(partial, target)
    return counts


def _copy_csv(con: duckdb.DuckDBPyConnection, query: str, target: Path, clock: datetime) -> int:
    params = {"clock": clock} if "$clock" in query else {}
    return con.execute(f"COPY ({query}) TO '{target}' (HEADER, DELIMITER ',')", params).fetchone()[0]
