"""Write the packs of one cycle (or one checkpoint) from the warehouse into their bundle: the one entry point the
CLI, `make demo`, Dagster and the benchmark share."""

from __future__ import annotations

import calendar
import logging
from datetime import date
from pathlib import Path

from reports.marts import Marts
from reports.packs.bundle import BundleResult, bundle_folder, write_bundle
from settings import Settings

log = logging.getLogger("perfloop.progress")


def write_packs(settings: Settings, cycle_id: str, checkpoint_month: str | None = None, *, pdf: bool | None = None,
                workers: int = 2) -> BundleResult:
    """The packs at the cycle's latest checkpoint (`checkpoint_month` None) or at a given month, into
    `bundle_folder(output_dir, ...)`, with the options of perfloop.yaml (`pdf` overrides `reports.packs.pdf`)."""
    from reports.packs.context import build_packs, goal_records, reporting_lines

    options = settings.reports.packs
    with Marts(settings.paths.warehouse) as marts:
        what = f"checkpoint {checkpoint_month} of cycle {cycle_id}" if checkpoint_month else f"cycle {cycle_id}"
        log.info("building the packs of %s…", what)
        packs = build_packs(marts, cycle_id, checkpoint_month, company=settings.company)
        lines = reporting_lines(marts, cycle_id, checkpoint_month)
        records = goal_records(marts, cycle_id, checkpoint_month)
    with_pdf = options.pdf if pdf is None else pdf
    log.info("rendering %d packs%s…", len(packs), " and their PDFs" if with_pdf else "")
    return write_bundle(packs, lines, bundle_folder(settings.paths.output_dir, cycle_id, checkpoint_month),
                        records=lambda goal_ids: {goal: records.get(goal, []) for goal in goal_ids},
                        include_indirect=options.include_indirect, pdf=with_pdf, workers=workers)


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
