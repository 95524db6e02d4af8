"""Org diagnostics time and peak memory for one review cycle, both views, from a built warehouse.

    python -m benchmarks.diagnostics --employees 10000 [--data-dir .perfloop/bench] [--cycle 2026H2] [--json r.json]

Reuses the transform benchmark's company and raw zone (loaded at the demo start clock and at the end of the
generated data), builds the dbt models once into a warehouse kept under the data dir (rebuilt when the raw zone
or the dbt project changes: ~15 min and 8+ GB at 10,000 employees), then measures the report in its own
process: analysis of the marts, HTML, CSV/JSON twins and manifest for the aggregate and the HR view. Target:
under 60 s at 10,000 employees on 2 cores. The dbt time of the diagnostics marts is shown beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from benchmarks.connectors import prepare_company
from benchmarks.transform import DBT_PROJECT, LOAD_CLOCKS, REPO, DbtRunner, prepare_raw_zone, run_measured

TARGET_S = 60.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.diagnostics", description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=Path(".perfloop/bench"))
    parser.add_argument("--cycle", help="review cycle id (default: the one running at the last load)")
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB's memory limit for the dbt build")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--report-only", nargs=3, metavar=("WAREHOUSE", "OUTPUT", "CYCLE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        return report_only(*args.report_only)
    data_dir = args.data_dir.resolve()
    store = prepare_company(data_dir / f"company-{args.employees}", args.employees)
    raw_dir = prepare_raw_zone(store, data_dir / f"raw-{args.employees}")
    work = data_dir / f"diagnostics-{args.employees}"
    warehouse, dbt_marts_s = prepare_warehouse(raw_dir, work, args.memory_limit)
    cycle = args.cycle or default_cycle()
    output = work / "output"
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "benchmarks.diagnostics", "--report-only", str(warehouse), str(output), cycle]
    log_file = work / "report.log"
    measured = run_measured(command, {**os.environ, "PYTHONPATH": str(REPO)}, log_file)
    views = json.loads(log_file.read_text().strip().splitlines()[-1])
    result = {"employees": args.employees, "cycle": cycle, "report_s": measured.seconds,
              "report_peak_rss_mb": measured.peak_rss_mb, "views": views, "dbt_diagnostics_marts_s": dbt_marts_s,
              "target_s": TARGET_S, "target_met": measured.seconds < TARGET_S}
    print_result(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return 0


def default_cycle() -> str:
    from pipelines.reports.partitions import cycle_of_month
    from settings import load_settings

    return cycle_of_month(f"{LOAD_CLOCKS[-1]:%Y-%m}-01", load_settings(REPO / "perfloop.yaml"))


def project_fingerprint() -> str:
    """Changes when any model, macro or the project file changes."""
    digest = hashlib.sha256()
    for path in sorted(p for folder in ("models", "macros") for p in (DBT_PROJECT / folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(DBT_PROJECT).as_posix().encode() + path.read_bytes())
    digest.update((DBT_PROJECT / "dbt_project.yml").read_bytes())
    return digest.hexdigest()


def prepare_warehouse(raw_dir: Path, work: Path, memory_limit: str) -> tuple[Path, float]:
    """`dbt run` of every model into work/warehouse.duckdb, reused while raw zone and project are unchanged.
    Returns the warehouse and the seconds dbt spent on the diagnostics marts."""
    marker = work / "built.json"
    stamp = {"raw_zone": (raw_dir.parent / "complete.json").read_text(), "project": project_fingerprint()}
    if marker.exists() and json.loads(marker.read_text()).get("stamp") == stamp:
        state = json.loads(marker.read_text())
        print(f"warehouse: {state['warehouse']} (reused)", flush=True)
        return Path(state["warehouse"]), state["dbt_diagnostics_marts_s"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    dbt = DbtRunner(raw_dir, work, memory_limit)
    dbt.run("run")
    marts_s = diagnostics_marts_seconds(work / "target")
    marker.write_text(json.dumps({"stamp": stamp, "warehouse": str(dbt.warehouse), "dbt_diagnostics_marts_s": marts_s}))
    return dbt.warehouse, marts_s


def diagnostics_marts_seconds(target: Path) -> float:
    """dbt's execution time of the models under models/marts/diagnostics."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    results = json.loads((target / "run_results.json").read_text())["results"]
    return sum(r["execution_time"] for r in results
               if nodes.get(r["unique_id"], {}).get("fqn", [])[1:3] == ["marts", "diagnostics"])


def report_only(warehouse: str, output: str, cycle: str) -> int:
    """The measured part, in its own process: both views, one JSON line of per-view seconds at the end."""
    from reports.diagnostics.deliver import VIEWS, build_report

    seconds = {}
    for view in VIEWS:
        started = time.monotonic()
        written = build_report(Path(warehouse), Path(output), cycle, [view])
        seconds[view] = {"seconds": round(time.monotonic() - started, 2), "findings": written[0].findings,
                         "tables": written[0].tables, "bytes": sum(p.stat().st_size for p in
                                                                   written[0].folder.rglob("*") if p.is_file())}
    print(json.dumps(seconds), flush=True)
    return 0


def print_result(result: dict) -> None:
    print(f"\n{result['employees']:,} employees, cycle {result['cycle']}")
    for view, figures in result["views"].items():
        print(f"  {view:<10} {figures['seconds']:7.1f} s  {figures['findings']:>4} findings  "
              f"{figures['tables']:>3} tables  {figures['bytes'] / 2**20:6.1f} MB written")
    verdict = "met" if result["target_met"] else "MISSED"
    print(f"  report process (both views, start-up included) {result['report_s']:6.1f} s"
          f"  peak {result['report_peak_rss_mb']:,.0f} MB  target < {result['target_s']:.0f} s {verdict}")
    print(f"  (dbt models of the diagnostics marts, built with the warehouse: "
          f"{result['dbt_diagnostics_marts_s']:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
