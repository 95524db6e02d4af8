"""Connector throughput and memory against the demo vendors.

    python -m benchmarks.connectors --employees 300 [--streams jira/issues shopify/orders ...]

Generates (or reuses) the demo company under the data dir, serves it with the demo server in a child
process, then loads each stream from scratch into a temporary raw zone, each in its own child process so
that the peak RSS reported is that stream's alone. Prints per stream: records, seconds, records/s (wall time,
client and server together), the CPU milliseconds per 1000 records of the connector process and of the demo
server (each side's own cost, whatever the other's speed or the machine's load) and peak RSS. `--store`
serves an already generated company instead; `--repeat` loads each stream several times (a shared machine's
load varies from run to run).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import queue
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from connectors.catalog import STREAMS, Endpoint, StreamSpec, find_stream
from connectors.http import HttpPolicy
from demo.inbox import export_inbox, inbox_targets
from demo.server import DEMO_CLOCK_START
from demo.server.process import demo_server_process

METRIC_LIBRARY = Path(__file__).resolve().parents[1] / "metrics.yaml"  # the default library a company starts from


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.connectors", description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--streams", nargs="*", help="system/stream names (default: all)")
    parser.add_argument("--data-dir", type=Path, default=Path(".perfloop/bench"))
    parser.add_argument("--store", type=Path, help="an already generated company.duckdb to serve as is")
    parser.add_argument("--clock", help="demo server clock, ISO 8601 (default: the demo start clock)")
    parser.add_argument("--batch-records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1, help="loads of each stream (each printed)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    specs = [find_stream(*name.split("/", 1)) for name in args.streams] if args.streams else list(STREAMS)
    store = args.store or prepare_company(args.data_dir / f"company-{args.employees}", args.employees)
    options = demo_options(store)
    results = []
    with demo_server_process(store, _clock(args.clock), quiet=True) as (base_urls, server), \
            tempfile.TemporaryDirectory(prefix="perfloop-bench-") as tmp:
        all_options = {**options, "files": drop_inbox(store, Path(tmp) / "inbox", args.clock)}
        for spec in specs:
            endpoint = demo_endpoint(spec.system, base_urls, all_options)
            work_dir = Path(tmp) / spec.system / spec.name
            for _ in range(max(1, args.repeat)):
                load_dependencies(spec, base_urls, all_options, work_dir)
                server_cpu_before = cpu_seconds(server.pid)
                results.append(measure_stream(spec, endpoint, work_dir, args.batch_records))
                add_server_cpu(results[-1], cpu_seconds(server.pid) - server_cpu_before)
                print_row(results[-1], header=len(results) == 1)
                shutil.rmtree(work_dir, ignore_errors=True)  # large volumes: keep one stream's files at a time
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"employees": args.employees, "streams": results}, indent=1))
    return 0


def prepare_company(directory: Path, employees: int) -> Path:
    """The generator reuses a store it made with the same version, seed and size."""
    from demo.company import generate

    started = time.monotonic()
    store = Path(generate(directory, employees=employees, seed=7))
    print(f"company: {store} ({employees} employees, ready in {time.monotonic() - started:.1f} s)", flush=True)
    return store


def demo_options(store: Path) -> dict[str, dict]:
    """Options a real config would hold (projects, repos), read from the store the demo server serves."""
    import duckdb

    from demo.server import DEMO_TOKENS

    with duckdb.connect(str(store), read_only=True) as connection:
        projects = _distinct(connection, "project", "jira_issues")
        repos = _distinct(connection, "repo", "gh_issues")
    return {"jira": {"email": DEMO_TOKENS["jira"]["email"], "projects": projects}, "github": {"repos": repos}}


def _distinct(connection, column: str, table: str) -> list[str]:
    return [row[0] for row in connection.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]


def demo_endpoint(system: str, base_urls: dict[str, str], options: dict[str, dict]) -> Endpoint:
    from demo.server import DEMO_TOKENS

    token = DEMO_TOKENS.get(system, "")
    secret = token["token"] if isinstance(token, dict) else token
    return Endpoint(system, base_urls.get(system, ""), secret, options.get(system, {}))


def _clock(clock: str | None) -> datetime:
    return datetime.fromisoformat(clock) if clock else DEMO_CLOCK_START


def drop_inbox(store: Path, inbox: Path, clock: str | None) -> dict[str, str]:
    """The files connector's options: every demo export dropped in `inbox`, and the repository's metric library."""
    moment = _clock(clock)
    targets = inbox_targets(inbox)
    export_inbox(store, targets, moment.replace(tzinfo=None))
    return {f"{name}_path": str(path) for name, path in targets.items()} | {"metrics_path": str(METRIC_LIBRARY)}


def load_dependencies(spec: StreamSpec, base_urls: dict[str, str], options: dict[str, dict], work_dir: Path) -> None:
    """The streams `spec` reads from the raw zone (goals are checked against the metric library and the HRIS),
    loaded beside it first and not measured."""
    from connectors.sync import sync_stream

    for name in spec.depends_on:
        dependency = find_stream(*name.split("/", 1))
        sync_stream(dependency, demo_endpoint(dependency.system, base_urls, options), HttpPolicy(), work_dir / "raw",
                    work_dir / "state")


def measure_stream(spec: StreamSpec, endpoint: Endpoint, work_dir: Path, batch_records: int) -> dict:
    """Run one stream's load in a fresh child process; return its records, time and peak RSS."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=_load_in_child, args=(spec, endpoint, work_dir, batch_records, results))
    child.start()
    while True:
        try:
            outcome = results.get(timeout=1.0)
            break
        except queue.Empty:
            if not child.is_alive():  # killed (e.g. out of memory) before it could report
                outcome = {"stream": spec.qualified_name, "records": 0, "seconds": 0.0, "records_per_s": 0.0,
                           "client_cpu_s": 0.0, "peak_rss_mb": 0.0,
                           "error": f"the load process exited with code {child.exitcode}"}
                break
    child.join()
    return outcome


def _load_in_child(spec: StreamSpec, endpoint: Endpoint, work_dir: Path, batch_records: int, results) -> None:
    from connectors.sync import sync_stream

    cpu_before = time.process_time()
    outcome = {"stream": spec.qualified_name, "records": 0, "seconds": 0.0, "records_per_s": 0.0}
    try:
        result = sync_stream(spec, endpoint, HttpPolicy(), work_dir / "raw", work_dir / "state",
                             batch_records=batch_records)
        outcome.update(records=result.records, seconds=result.duration_s,
                       records_per_s=result.records / result.duration_s if result.duration_s else 0.0)
    except Exception as exc:  # reported in the table, the other streams still run
        outcome["error"] = str(exc)
    cpu_s = time.process_time() - cpu_before
    outcome["client_cpu_s"] = cpu_s
    outcome["peak_rss_mb"] = peak_rss_mb()
    results.put(outcome)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (all its threads) so far."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def add_server_cpu(outcome: dict, server_cpu_s: float) -> None:
    """CPU per 1000 records on each side: the connector's and the demo server's own costs."""
    outcome["server_cpu_s"] = server_cpu_s
    per_thousand = 1000 / outcome["records"] if outcome["records"] else 0.0
    outcome["client_cpu_ms_per_1000"] = 1000 * outcome["client_cpu_s"] * per_thousand
    outcome["server_cpu_ms_per_1000"] = 1000 * server_cpu_s * per_thousand


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec (ru_maxrss would carry the
    spawning parent's peak over), so prefer it where it exists."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_row(row: dict, header: bool) -> None:
    """records/s is wall time (client and server); CPU ms per 1000 records are each process's own cost."""
    if header:
        print(f"{'stream':<26}{'records':>10}{'seconds':>9}{'records/s':>11}{'client CPU ms/1k':>18}"
              f"{'server CPU ms/1k':>18}{'peak RSS MB':>13}", flush=True)
    line = f"{row['stream']:<26}{row['records']:>10,}{row['seconds']:>9.2f}{row['records_per_s']:>11,.0f}" \
           f"{row['client_cpu_ms_per_1000']:>18.1f}{row['server_cpu_ms_per_1000']:>18.1f}{row['peak_rss_mb']:>13.0f}"
    print(line + (f"  ERROR {row['error']}" if "error" in row else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
