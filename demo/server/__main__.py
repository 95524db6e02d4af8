"""`python -m demo.server --store PATH`: serve the demo vendors in the foreground until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

import duckdb

from demo.server import SYSTEMS, ServerLimits, start
from demo.server.clock import parse_iso

logger = logging.getLogger("demo.server")
GC_THRESHOLD = 20_000  # container allocations between young collections (Python's default: 700)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        ports = _ports(args)
        faults = _json_or_file(args.faults) if args.faults else None
        clock = parse_iso(args.clock) if args.clock else None
    except ValueError as error:
        print(f"demo.server: {error}", file=sys.stderr)
        return 2
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    limits = ServerLimits(salesforce_daily_quota=args.salesforce_daily_quota)
    try:
        server = start(args.store, host=args.host, ports=ports, clock=clock, faults=faults, limits=limits)
    except (OSError, ValueError, duckdb.Error) as error:
        print(f"demo.server: {error}", file=sys.stderr)
        return 2
    # Everything loaded so far lives as long as the process: keep the garbage collector's full passes off it,
    # and let pages' short-lived objects go by reference counting before a young collection scans them.
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    with server:
        if args.ports_file:
            _write_atomically(args.ports_file, {"base_urls": server.base_urls})
        print(json.dumps({"base_urls": server.base_urls}), flush=True)
        stopping.wait()
        logger.info("stopping")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo.server", description=__doc__)
    parser.add_argument("--store", type=Path, required=True, help="the generated company.duckdb")
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--ports-file", type=Path, help='written with {"base_urls": {...}} once listening')
    parser.add_argument("--base-port", type=int, help=f"consecutive ports from here, in order {', '.join(SYSTEMS)}")
    parser.add_argument("--ports", help='JSON {"system": port}; overrides --base-port; 0 = ephemeral')
    parser.add_argument("--clock", help="the demo clock at start, ISO 8601 (default DEMO_CLOCK_START)")
    parser.add_argument("--faults", help="fault rules: a JSON list or a path to a JSON file")
    parser.add_argument("--salesforce-daily-quota", type=int, default=ServerLimits.salesforce_daily_quota)
    return parser.parse_args(argv)


def _ports(args: argparse.Namespace) -> dict[str, int]:
    ports = {name: args.base_port + i for i, name in enumerate(SYSTEMS)} if args.base_port else {}
    if args.ports:
        given = json.loads(args.ports)
        if not isinstance(given, dict):
            raise ValueError('--ports must be a JSON object like {"salesforce": 8711}')
        ports.update({name: int(port or 0) for name, port in given.items() if name in SYSTEMS})
    return ports


def _json_or_file(value: str):
    path = Path(value)
    return json.loads(path.read_text() if not value.lstrip().startswith("[") and path.is_file() else value)


def _write_atomically(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(payload))
    os.replace(partial, path)


if __name__ == "__main__":
    sys.exit(main())
