"""`python -m demo.company --employees N --seed S --out DIR`: generate the demo company and print row counts."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from demo.company.generator import generate
from demo.company.store import table_counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.company", description=__doc__)
    parser.add_argument("--employees", type=int, default=300, help="headcount of the company (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, default=Path(".perfloop/demo"), help="output folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stdout)
    started = time.monotonic()
    store = generate(args.out, employees=args.employees, seed=args.seed)
    counts = table_counts(store)
    width = max(len(name) for name in counts)
    print(f"\n{store} ({time.monotonic() - started:.1f} s)")
    for name, (versions, records) in counts.items():
        detail = f"  ({records:,} records)" if records is not None else ""
        print(f"  {name:<{width}} {versions:>12,} rows{detail}")
    total = sum(records for _, records in counts.values() if records is not None)
    print(f"  {'vendor records':<{width}} {total:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
