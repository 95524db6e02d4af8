"""The demo's file drops: what HR would export by hand (past ratings, SBI journal) as CSV files."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

_EXPORTS = {
    "ratings": "SELECT employee_id, cycle, rating, manager_id, recorded_at FROM ratings "
    "WHERE recorded_at <= $clock ORDER BY cycle, employee_id",
    "journal": "SELECT entry_id, employee_id, author_id, entry_date, kind, situation, behaviour, impact, recorded_at "
    "FROM journal WHERE recorded_at <= $clock ORDER BY recorded_at, entry_id",
}


def export_inbox(store: Path, targets: dict[str, Path], clock: datetime) -> dict[str, int]:
    """Write each export known at `clock` to its target CSV atomically; return rows per export."""
    counts = {}
    with duckdb.connect(str(store), read_only=True) as con:
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            copy = f"COPY ({_EXPORTS[name]}) TO '{partial}' (HEADER, DELIMITER ',')"
            counts[name] = con.execute(copy, {"clock": clock}).fetchone()[0]
            os.replace(partial, target)
    return counts
