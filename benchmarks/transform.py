"""dbt transform time and peak memory, next to a floor: one hand-written DuckDB query.

    python -m benchmarks.transform --employees 300 [--data-dir .perfloop/bench] [--json results.json]

Generates (or reuses) the demo company and loads its raw zone with the real connectors, at the demo start clock
and again at the end of the generated data (kept under the data dir and reused). Then, each on a fresh DuckDB
warehouse: dbt's fixed start-up (the same `dbt build`, same graph and tests, on an empty raw zone: every stream
with its columns and no rows, so what remains is dbt's own cost per run and per node, which does not depend on
the data), the whole `dbt build` (models, data tests, unit tests; wall time and peak RSS of the dbt process
tree), and the floor: benchmarks/floor.sql computing the monthly per-employee metric values straight from the raw
Parquet files, in its own process, run `--floor-runs` times (2) keeping the least wall and the least CPU time (the
strictest target). The floor's values are checked against fct_metric_values, so it is the same work. Target: build
≤ 3 × floor + start-up. Both run under the same DuckDB memory limit (`--memory-limit`; beyond it DuckDB spills to
disk).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import psutil
import pyarrow.parquet as pq

from benchmarks.connectors import demo_endpoint, demo_options, drop_inbox, prepare_company
from benchmarks.floor import Measured, compare_with_marts, fastest_floor
from connectors.catalog import STREAMS
from connectors.http import HttpPolicy
from connectors.rawzone import raw_counts
from connectors.sync import sync_stream
from demo.company.calendar import GENERATED_UNTIL
from demo.server import DEMO_CLOCK_START
from demo.server.process import serve_in_subprocess

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt_project"
SAMPLE_INTERVAL_S = 0.02
# listing a process's descendants reads every process's stat file on the machine: done this often, not at every
# sample (at every one, the sampler took ~3 ms each, a tenth of a core beside the measured run)
TREE_REFRESH_S = 0.5
# A first load at the demo's start clock, then a nightly-style one at the end of the generated data: the zone holds
# several versions of changed records, as a nightly-loaded one does (and over 10 million rows at 10,000 employees).
LOAD_CLOCKS = (DEMO_CLOCK_START, GENERATED_UNTIL)
# The two tests that fail by design on an empty raw zone (no data, no as-of date); on it everything else runs.
NON_EMPTY_TESTS = "resource_type:test,int_calendar__data_as_of"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transform", description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=Path(".perfloop/bench"))
    parser.add_argument("--memory-limit", default="8GB",
                        help="DuckDB's memory limit for dbt and the floor alike (beyond it they spill to disk)")
    parser.add_argument("--floor-runs", type=int, default=2,
                        help="run the floor this many times and keep its fastest (a stricter target, never a looser one)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so a terminated run still stops its dbt
    data_dir = args.data_dir.resolve()
    store = prepare_company(data_dir / f"company-{args.employees}", args.employees)
    raw_dir = prepare_raw_zone(store, data_dir / f"raw-{args.employees}")
    records = sum(raw_counts(raw_dir).values())
    print(f"raw zone: {raw_dir} ({records:,} source records)", flush=True)
    work = data_dir / f"transform-{args.employees}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    empty = DbtRunner(empty_raw_zone(raw_dir, work / "empty-raw"), work / "empty", args.memory_limit)
    start_up = empty.run("build", "--exclude", NON_EMPTY_TESTS)
    dbt = DbtRunner(raw_dir, work, args.memory_limit)
    build = dbt.run("build")
    floor = fastest_floor(raw_dir, work / "floor.parquet", args.memory_limit, args.floor_runs)
    agreement = compare_with_marts(work / "floor.parquet", dbt.warehouse)
    result = {"employees": args.employees, "source_records": records, "memory_limit": args.memory_limit,
              "floor_runs": args.floor_runs,
              "dbt_start_up": asdict(start_up), "dbt_build": asdict(build),
              "dbt_build_nodes_s": seconds_per_node_kind(work / "target" / "run_results.json"),
              "floor": asdict(floor), "floor_agreement": agreement, "target_s": 3 * floor.seconds + start_up.seconds,
              "target_cpu_s": 3 * floor.cpu_seconds + start_up.cpu_seconds, "load_average": os.getloadavg()}
    result["target_met"] = build.seconds <= result["target_s"]
    result["target_met_in_cpu"] = build.cpu_seconds <= result["target_cpu_s"]
    print_result(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return 0


def prepare_raw_zone(store: Path, directory: Path) -> Path:
    """Every stream loaded from the demo server at each of LOAD_CLOCKS in turn. Kept while the store is unchanged;
    a stream added to the catalog since is loaded alone."""
    marker = directory / "complete.json"
    stamp = {"store": str(store), "store_mtime": store.stat().st_mtime}
    state = json.loads(marker.read_text()) if marker.exists() else {}
    if {key: state.get(key) for key in stamp} != stamp:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        state = {**stamp, "loads": {}}
    for clock in LOAD_CLOCKS:
        loaded = state["loads"].setdefault(clock.isoformat(), [])
        missing = [spec for spec in STREAMS if spec.qualified_name not in loaded]
        if not missing:
            continue
        started = time.monotonic()
        options = demo_options(store)
        with serve_in_subprocess(store, clock, quiet=True) as base_urls:
            options["files"] = drop_inbox(store, directory / "inbox", clock.isoformat())
            for spec in missing:
                sync_stream(spec, demo_endpoint(spec.system, base_urls, options), HttpPolicy(), directory / "raw",
                            directory / "state")
                loaded.append(spec.qualified_name)
                marker.write_text(json.dumps(state))
        print(f"raw zone: {len(missing)} streams loaded at {clock:%Y-%m-%d} in {time.monotonic() - started:.0f} s",
              flush=True)
    return directory / "raw"


def empty_raw_zone(raw_dir: Path, directory: Path) -> Path:
    """Every stream of the raw zone as one Parquet file with the same columns and no rows."""
    shutil.rmtree(directory, ignore_errors=True)
    for stream in sorted({path.parent for path in raw_dir.glob("*/*/*.parquet")}):
        target = directory / stream.relative_to(raw_dir)
        target.mkdir(parents=True)
        pq.write_table(pq.read_schema(next(stream.glob("*.parquet"))).empty_table(), target / "empty.parquet")
    return directory


class DbtRunner:
    """dbt commands on one DuckDB warehouse in `work`, each measured as a process tree."""

    def __init__(self, raw_dir: Path, work: Path, memory_limit: str):
        self.raw_dir, self.work, self.memory_limit = raw_dir, work, memory_limit
        work.mkdir(parents=True, exist_ok=True)
        self.warehouse = work / "warehouse.duckdb"

    def run(self, command: str, *args: str) -> Measured:
        executable = Path(sys.executable).with_name("dbt")
        full = [str(executable), command, "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
                "--target", "duckdb", "--target-path", str(self.work / "target"),
                "--log-path", str(self.work / "logs"), "--vars", json.dumps({"raw_dir": str(self.raw_dir)}), *args]
        env = {**os.environ, "PERFLOOP_WAREHOUSE": str(self.warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
               "PERFLOOP_DUCKDB_MEMORY_LIMIT": self.memory_limit}
        log_file = self.work / f"dbt-{command}-{len(list(self.work.glob('dbt-*.log')))}.log"
        measured = run_measured(full, env, log_file)
        print(f"dbt {' '.join([command, *args])}: {measured.seconds:.1f} s ({measured.cpu_seconds:.1f} s CPU), "
              f"peak {measured.peak_rss_mb:.0f} MB", flush=True)
        return measured


def run_measured(command: list[str], env: dict[str, str], log_file: Path) -> Measured:
    """Wall time, peak resident memory (sampled) and CPU time of a command and every process it starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log_file, "w", encoding="utf-8") as log:
        started = time.monotonic()
        process = psutil.Popen(command, env=env, cwd=DBT_PROJECT, stdout=log, stderr=subprocess.STDOUT)
        peak, members, listed = 0, [process], started
        try:
            while process.poll() is None:
                if time.monotonic() - listed >= TREE_REFRESH_S:
                    members, listed = [process, *_descendants(process)], time.monotonic()
                peak = max(peak, tree_rss(members))
                time.sleep(SAMPLE_INTERVAL_S)
        finally:
            if process.poll() is None:  # interrupted: leave no dbt behind holding the warehouse
                process.kill()
                process.wait()
        seconds = time.monotonic() - started
    if process.returncode:
        raise RuntimeError(f"{' '.join(command[:2])} failed with code {process.returncode}; see {log_file}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished (waited-for) children and their descendants
    system = after.ru_stime - before.ru_stime
    return Measured(seconds, peak / 2**20, after.ru_utime - before.ru_utime + system, system)


def _descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:  # exited meanwhile
        return []


def tree_rss(members: list[psutil.Process]) -> int:
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            pass
    return total


def seconds_per_node_kind(run_results: Path) -> dict[str, float]:
    """Where the build's time went: models, data tests, unit tests (node times overlap: dbt runs two at a time)."""
    spent: dict[str, float] = {}
    for node in json.loads(run_results.read_text())["results"]:
        kind = node["unique_id"].split(".", 1)[0]
        spent[kind] = spent.get(kind, 0.0) + node["execution_time"]
    return spent


def print_result(result: dict) -> None:
    agreement = result["floor_agreement"]
    print(f"\n{result['employees']:,} employees, {result['source_records']:,} source records, "
          f"DuckDB memory limit {result['memory_limit']}, load average at the end "
          f"{', '.join(f'{load:.1f}' for load in result['load_average'])}")
    print(f"  dbt start-up (empty raw zone)   {result['dbt_start_up']['seconds']:8.1f} s"
          f"  ({result['dbt_start_up']['cpu_seconds']:.1f} s CPU)")
    nodes = result["dbt_build_nodes_s"]
    print(f"  dbt build                       {result['dbt_build']['seconds']:8.1f} s"
          f"  ({result['dbt_build']['cpu_seconds']:.1f} s CPU)"
          f"  peak {result['dbt_build']['peak_rss_mb']:,.0f} MB  (models {nodes.get('model', 0):.1f} s, "
          f"data tests {nodes.get('test', 0):.1f} s, unit tests {nodes.get('unit_test', 0):.1f} s)")
    print(f"  floor (fastest of {result['floor_runs']} runs)      {result['floor']['seconds']:8.1f} s"
          f"  ({result['floor']['cpu_seconds']:.1f} s CPU)"
          f"  peak {result['floor']['peak_rss_mb']:,.0f} MB"
          f"  ({agreement['agreeing_rows']:,} of its {agreement['floor_rows']:,} values equal to the marts'; "
          f"they hold {agreement['mart_rows']:,})")
    verdict = "met" if result["target_met"] else "MISSED"
    print(f"  target 3 × floor + start-up     {result['target_s']:8.1f} s  {verdict}")
    verdict = "met" if result["target_met_in_cpu"] else "missed"
    print(f"  the same in CPU time            {result['target_cpu_s']:8.1f} s  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
