"""Cost of the ingestion checks per batch, over a raw zone already loaded (e.g. by `perfloop demo`).

    python -m benchmarks.checks [--raw-dir .perfloop/raw] [--streams shopify/orders ...]

Each stream's raw files are replayed batch by batch through its suite, as the sync loop does before writing;
prints per stream the batches, records, and the seconds per batch spent flattening the key fields and in
Great Expectations. The first batch of the run pays for importing Great Expectations and is reported apart.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from checks.expectations import validate_frame
from checks.fields import flatten
from checks.suites import suite_for
from connectors.catalog import STREAMS, RawRecord
from connectors.rawzone import raw_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.checks", description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=Path(".perfloop/raw"))
    parser.add_argument("--streams", nargs="*", help="system/stream names (default: all)")
    args = parser.parse_args(argv)
    now = datetime.now(timezone.utc)
    started = time.monotonic()
    validate_frame(suite_for("hubspot/owners"), flatten([], suite_for("hubspot/owners").fields), now)
    print(f"Great Expectations import and context: {time.monotonic() - started:.1f} s")
    print(f"{'stream':<26}{'batches':>8}{'records':>10}{'rules':>6}{'flatten s/batch':>17}{'GE s/batch':>12}")
    for spec in STREAMS:
        if args.streams and spec.qualified_name not in args.streams:
            continue
        suite = suite_for(spec.qualified_name)
        batches = records = 0
        flattening = validating = 0.0
        for path in raw_files(args.raw_dir, spec.system, spec.name):
            rows = pq.read_table(path, columns=["record_key", "modified_at", "is_deleted", "payload"]).to_pylist()
            batch = [RawRecord(r["record_key"], r["modified_at"], r["is_deleted"], r["payload"]) for r in rows]
            tick = time.monotonic()
            frame = flatten(batch, suite.fields)
            flattening += time.monotonic() - tick
            tick = time.monotonic()
            validate_frame(suite, frame, now)
            validating += time.monotonic() - tick
            batches, records = batches + 1, records + len(batch)
        if batches:
            print(f"{spec.qualified_name:<26}{batches:>8}{records:>10,}{len(suite.rules):>6}"
                  f"{flattening / batches:>17.3f}{validating / batches:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
