"""Evidence-pack delivery speed and peak memory: HTML + JSON (+ CSVs) for every employee of a cycle, and PDF apart.

    python -m benchmarks.packs --employees 10000 [--data-dir .perfloop/bench] [--pdf-sample 20] [--json out.json]

Reuses the transform benchmark's demo company and raw zone and builds its warehouse with dbt once (kept in
<data-dir>/packs-<N>/; delete it to rebuild). Then, in a fresh process measured as a tree (the pool's workers
too): `write_packs` for the last complete cycle into an empty output folder — contexts from the marts,
rendering, files, manifest, swap. The last run's output is deleted first, and the file system left to settle
(`--settle`, 370 s) as it has before a nightly run.
Target: ≥ 200 packs/s on 2 cores, peak RSS < 1.5 GB. PDF: headless Chromium on a sample of the packs written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from benchmarks.transform import DbtRunner, prepare_company, prepare_raw_zone, run_measured

REPO = Path(__file__).resolve().parents[1]
TARGET_PACKS_PER_S = 200
TARGET_PEAK_MB = 1536
SETTLE_S = 370  # ext4's window for recently deleted inodes whose inode-table block is dirty (60 + 300 s), + margin


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.packs", description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=Path(".perfloop/bench"))
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB's memory limit for building the warehouse")
    parser.add_argument("--pdf-sample", type=int, default=20, help="packs printed to PDF (0: none)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--settle", type=float, default=SETTLE_S,
                        help="seconds to wait after deleting the last run's bundle (0: measure right after it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = args.data_dir.resolve()
    work = data_dir / f"packs-{args.employees}"
    warehouse = prepare_warehouse(data_dir, work, args.employees, args.memory_limit)
    output = work / "output"
    empty_output(output, args.settle)
    measured = run_measured([sys.executable, "-m", "benchmarks.packs_run", str(warehouse), str(output),
                             str(work / "run.json")], {**os.environ, "PYTHONPATH": str(REPO)}, work / "packs-run.log")
    run = json.loads((work / "run.json").read_text())
    run.update(_files_and_bytes(Path(run["folder"])))  # counted after the measured run: not part of delivering
    result = {"employees": args.employees, "settle_s": args.settle, **run, "wall_s": measured.seconds,
              "cpu_s": measured.cpu_seconds, "system_s": measured.system_seconds,
              "peak_rss_mb": measured.peak_rss_mb, "packs_per_s": run["packs"] / measured.seconds}
    result["target_met"] = result["packs_per_s"] >= TARGET_PACKS_PER_S and measured.peak_rss_mb < TARGET_PEAK_MB
    if args.pdf_sample:
        result["pdf"] = measure_pdf(Path(run["folder"]), args.pdf_sample)
    print_result(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return 0


def empty_output(output: Path, settle_s: float) -> None:
    """A first delivery into an empty folder (replacing last run's bundle would add deleting it), with none of the
    last run's 1.3 GB still being written back. After deleting it, wait `settle_s`: a nightly run replaces a bundle
    written a day before, but on ext4 without a journal a file created within minutes of a deletion makes the inode
    allocator check every freed inode of its group (6 minutes while the group's inode table has unwritten changes,
    which the new files make): back to back, the same run took 28 s of system time against 9 s settled."""
    if not output.exists():
        return
    shutil.rmtree(output)
    os.sync()
    if settle_s > 0:
        print(f"last run's bundle deleted: waiting {settle_s:.0f} s for the file system to settle…", flush=True)
        time.sleep(settle_s)


def prepare_warehouse(data_dir: Path, work: Path, employees: int, memory_limit: str) -> Path:
    """The company's marts, built by dbt once and kept (the transform benchmark measures that build)."""
    warehouse = work / "warehouse.duckdb"
    if (work / "built.json").exists() and warehouse.exists():
        return warehouse
    store = prepare_company(data_dir / f"company-{employees}", employees)
    raw_dir = prepare_raw_zone(store, data_dir / f"raw-{employees}")
    work.mkdir(parents=True, exist_ok=True)
    built = DbtRunner(raw_dir, work, memory_limit).run("build", "--exclude-resource-type", "unit_test")
    (work / "built.json").write_text(json.dumps({"seconds": built.seconds, "peak_rss_mb": built.peak_rss_mb}))
    return warehouse


def _files_and_bytes(folder: Path) -> dict:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def measure_pdf(folder: Path, sample: int) -> dict:
    """Chromium prints the first `sample` packs (by path), two at a time as write_bundle does."""
    from reports.packs.bundle import print_pdfs

    pages = sorted(folder.glob("managers/*/*/pack.html"))[:sample]
    started = time.perf_counter()
    print_pdfs([page.parent for page in pages])
    seconds = time.perf_counter() - started
    return {"packs": len(pages), "seconds": seconds, "packs_per_s": len(pages) / seconds}


def print_result(result: dict) -> None:
    print(f"\n{result['employees']:,} employees: {result['packs']:,} packs of cycle {result['cycle']} "
          f"({result['files']:,} files, {result['bytes'] / 2**20:,.0f} MB)")
    print(f"  HTML + JSON + CSV   {result['wall_s']:7.1f} s "
          f"({result['cpu_s']:.1f} s CPU, {result['system_s']:.1f} s of it system)  "
          f"{result['packs_per_s']:7.0f} packs/s  peak {result['peak_rss_mb']:,.0f} MB  "
          f"(of which records, rendering and files {result['render_s']:.1f} s)  "
          f"target {'met' if result['target_met'] else 'MISSED'}")
    if "pdf" in result:
        pdf = result["pdf"]
        print(f"  PDF (sample)        {pdf['seconds']:7.1f} s  {pdf['packs_per_s']:7.2f} packs/s  ({pdf['packs']} packs)")


if __name__ == "__main__":
    sys.exit(main())
