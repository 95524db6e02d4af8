"""Write the packs of one cycle (or one checkpoint) from the warehouse into their bundle: the one entry point the
CLI, `make demo`, Dagster and the benchmark share."""

from __future__ import annotations

import calendar
import logging
from datetime import date
from pathlib import Path
from typing import Any

from reports.marts import Marts
from reports.packs.bundle import BundleResult, bundle_folder, write_bundle
from settings import Settings

log = logging.getLogger("perfloop.progress")

# DuckDB's share of the pack process: the records are streamed and sorted within it (spilling beyond), so the
# process with its two render workers stays under 1.5 GB at 10,000 people.
DUCKDB_MEMORY_LIMIT = "256MB"


def write_packs(settings: Settings, cycle_id: str, checkpoint_month: str | None = None, *,
                pdf: bool | None = None) -> BundleResult:
    """`deliver_packs` with the paths and options of perfloop.yaml (`pdf` overrides `reports.packs.pdf`)."""
    options = settings.reports.packs
    return deliver_packs(settings.paths.warehouse, settings.paths.output_dir, cycle_id, checkpoint_month,
                         company=settings.company, include_indirect=options.include_indirect,
                         pdf=options.pdf if pdf is None else pdf)


def deliver_packs(warehouse: Path, output_dir: Path, cycle_id: str, checkpoint_month: str | None = None, *,
                  company: Any = None, include_indirect: bool = False, pdf: bool = False,
                  workers: int = 2) -> BundleResult:
    """The packs at the cycle's latest checkpoint (`checkpoint_month` None) or at a given month, written into
    `bundle_folder(output_dir, ...)`."""
    from reports.packs.context import plan_packs, reporting_lines
    from reports.packs.queries import find_checkpoint
    from reports.packs.records import CheckpointRecords

    with Marts(warehouse, memory_limit=DUCKDB_MEMORY_LIMIT) as marts:
        checkpoint = find_checkpoint(marts, cycle_id, checkpoint_month)
        what = f"checkpoint {checkpoint_month} of cycle {cycle_id}" if checkpoint_month else f"cycle {cycle_id}"
        log.info("building the packs of %s…", what)
        packs = plan_packs(marts, cycle_id, checkpoint_month, company=company)
        lines = reporting_lines(marts, cycle_id, checkpoint_month)
        log.info("rendering %d packs%s…", len(packs), " and their PDFs" if pdf else "")
        return write_bundle(packs, lines, bundle_folder(output_dir, cycle_id, checkpoint_month),
                            records=CheckpointRecords(marts, checkpoint), include_indirect=include_indirect,
                            pdf=pdf, workers=workers)


def latest_targets(warehouse: Path) -> list[tuple[str, str | None]]:
    """What `make demo` writes: the last complete cycle's packs and the running cycle's last month-end checkpoint."""
    from reports.packs.queries import list_checkpoints

    with Marts(warehouse) as marts:
        checkpoints = list_checkpoints(marts)
    complete = {c["cycle_id"] for c in checkpoints if c["is_cycle_complete"]}
    month_ends = [c for c in checkpoints if c["cycle_id"] not in complete and _is_month_end(c["checkpoint_date"])]
    targets: list[tuple[str, str | None]] = [(max(complete), None)] if complete else []
    if month_ends:
        latest = max(month_ends, key=lambda c: c["checkpoint_month"])
        targets.append((latest["cycle_id"], latest["checkpoint_month"]))
    return targets


def _is_month_end(day: str) -> bool:
    parsed = date.fromisoformat(str(day)[:10])
    return parsed.day == calendar.monthrange(parsed.year, parsed.month)[1]
