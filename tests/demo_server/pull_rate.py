"""Single-client pull rate per stream against the demo server: `python -m tests.demo_server.pull_rate`.

Each stream is walked to the end the way a connector does (one keep-alive session, JSON decoded,
pagination followed as the vendor prescribes) and reported as records per second, with the CPU seconds
client and server spent (the machine may be shared, which wall-clock rates alone would hide).
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import psutil

from demo.server import DEMO_CLOCK_START, start
from tests.demo_server import walkers
from tests.demo_server.store_fixture import build_store

logger = logging.getLogger(__name__)

DEFAULT_CLOCK = DEMO_CLOCK_START.isoformat()


def streams(store: Path) -> dict[str, tuple[str, Callable]]:
    with duckdb.connect(str(store), read_only=True) as con:
        projects = [row[0] for row in con.execute("SELECT DISTINCT project FROM jira_issues ORDER BY 1").fetchall()]
        repos = [row[0] for row in con.execute("SELECT DISTINCT repo FROM gh_issues ORDER BY 1").fetchall()]
    return {
        "salesforce/opportunities": ("salesforce", walkers.salesforce),
        "salesforce/opportunities_all": ("salesforce", partial(walkers.salesforce, endpoint="queryAll")),
        "hubspot/deals_list": ("hubspot", partial(walkers.hubspot_list, properties="amount,dealstage,closedate")),
        "hubspot/deals_search": ("hubspot", walkers.hubspot_search),
        "jira/issues": ("jira", partial(walkers.jira, jql=f"project in ({', '.join(projects)}) ORDER BY updated ASC")),
        "github/issues": ("github", partial(walkers.github, repos=repos, labels="bug")),
        "shopify/orders": ("shopify", walkers.shopify),
        "hris/employees_csv": ("hris", walkers.hris_csv),
    }


def measure(store: Path, base_urls: dict[str, str], server: psutil.Process, budget_s: float) -> dict[str, dict]:
    """Walk each stream to its end or for `budget_s` seconds, whichever comes first."""
    results = {}
    for name, (system, pull) in streams(store).items():
        with walkers.session_for(system) as session:
            server_cpu, client_cpu = sum(server.cpu_times()[:2]), time.process_time()
            started = time.perf_counter()
            records = 0
            for page in pull(base_urls[system], session):
                records += len(page)
                if time.perf_counter() - started > budget_s:
                    break
            seconds = time.perf_counter() - started
            server_cpu, client_cpu = sum(server.cpu_times()[:2]) - server_cpu, time.process_time() - client_cpu
        results[name] = {"records": records, "seconds": round(seconds, 2),
                         "records_per_s": round(records / seconds) if seconds else None,
                         "server_cpu_s": round(server_cpu, 2), "client_cpu_s": round(client_cpu, 2)}
        logger.info("%s: %s", name, results[name])
    return results


@contextmanager
def server_process(store: Path, clock: str, workdir: Path) -> Iterator[tuple[dict[str, str], psutil.Process]]:
    """The server in its own process, as the demo runs it (client and server do not share a GIL)."""
    ports_file = workdir / "ports.json"
    command = [sys.executable, "-m", "demo.server", "--store", str(store), "--clock", clock,
               "--ports-file", str(ports_file)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        while not ports_file.exists():
            if process.poll() is not None:
                raise RuntimeError("the demo server exited before listening")
            time.sleep(0.05)
        yield json.loads(ports_file.read_text())["base_urls"], psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a demo store; default: build one with the test fixture")
    parser.add_argument("--scale", type=int, default=100, help="fixture scale when building (1 = ~24k versions)")
    parser.add_argument("--in-process", action="store_true", help="run the server in this process (shares the GIL)")
    parser.add_argument("--clock", default=DEFAULT_CLOCK, help="the server clock (default: DEMO_CLOCK_START)")
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per stream")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            started = time.perf_counter()
            store = build_store(Path(tmp) / "company.duckdb", scale=args.scale)
            logger.info("built a fixture store at scale %d in %.1f s", args.scale, time.perf_counter() - started)
        if args.in_process:
            with start(store, clock=datetime.fromisoformat(args.clock)) as server:
                results = measure(store, server.base_urls, psutil.Process(), args.seconds)
        else:
            with server_process(store, args.clock, Path(tmp)) as (base_urls, process):
                results = measure(store, base_urls, process, args.seconds)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
