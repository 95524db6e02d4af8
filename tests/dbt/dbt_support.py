"""Build the dbt project against a raw zone made by the real connectors from the demo company's server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from connectors.catalog import STREAMS
from demo.inbox import export_inbox, inbox_targets
from demo.server import start
from tests.connectors.demo_support import demo_options, load, naive_utc

REPO = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
CLOCK = datetime(2026, 10, 1, tzinfo=timezone.utc)  # the demo server's start clock: the last load runs here


@dataclass(frozen=True)
class DbtBuild:
    returncode: int
    results: list[dict]
    output: str


def load_raw_zone(store: Path, work: Path, clocks: list[datetime]) -> Path:
    """Sync every stream from the demo server once per clock (an initial load, then incremental ones)."""
    for clock in clocks:
        inbox = work / "inbox"
        export_inbox(store, inbox_targets(inbox), naive_utc(clock))
        options = demo_options(store, inbox)
        with start(store, clock=clock) as server:
            for spec in STREAMS:
                load(spec, server, options, work)
    return work / "raw"


def dbt_build(raw_dir: Path, work: Path, target: str = "duckdb", env: dict[str, str] | None = None,
              command: str = "build", selection: tuple[str, ...] = ()) -> DbtBuild:
    """`dbt build` (models, data tests, unit tests; or another `command` such as `run`, on an optional selection) in
    a subprocess; target and logs stay in `work`. `env` points the profile's target at its warehouse
    (PERFLOOP_WAREHOUSE for DuckDB, PERFLOOP_PG_* for PostgreSQL)."""
    env = {**os.environ, **(env or {}), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    select = ["--select", *selection] if selection else []
    arguments = [str(DBT), command, *select, "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
                 "--target", target, "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                 "--vars", json.dumps({"raw_dir": str(raw_dir)})]
    finished = subprocess.run(arguments, env=env, capture_output=True, text=True, timeout=600, cwd=DBT_PROJECT)
    results_file = work / "target" / "run_results.json"
    results = json.loads(results_file.read_text())["results"] if results_file.exists() else []
    return DbtBuild(finished.returncode, results, finished.stdout + finished.stderr)


def first_clock_before_a_deletion(store: Path, clock: datetime) -> datetime:
    """A clock halfway through the life of the last opportunity deleted before `clock`: a first load then sees it
    live, and the next load at `clock` sees its deletion."""
    born, deleted = query(store, """
        SELECT (SELECT min(live.version_at) FROM sf_opportunities AS live WHERE live.record_id = gone.record_id),
               gone.version_at
        FROM sf_opportunities AS gone WHERE gone.is_deleted AND gone.version_at <= $clock
        ORDER BY gone.version_at DESC LIMIT 1""", {"clock": naive_utc(clock)})[0]
    return (born + (deleted - born) / 2).replace(tzinfo=timezone.utc)


def query(database: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, params or {}).fetchall()
