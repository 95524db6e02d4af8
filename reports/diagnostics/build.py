"""Build the org diagnostics of one review cycle from the finished marts, in the aggregate or the HR view."""

from __future__ import annotations

import logging
from typing import Sequence

from reports.diagnostics.business import business_section
from reports.diagnostics.calibration import calibration_section
from reports.diagnostics.context import list_cycles, load_context
from reports.diagnostics.coverage import coverage_section
from reports.diagnostics.distribution import distribution_section
from reports.diagnostics.goal_design import goal_design_section
from reports.diagnostics.health import health_section
from reports.diagnostics.model import Diagnostics, View
from reports.diagnostics.privacy import privacy_note
from reports.diagnostics.talent import talent_section
from reports.marts import Marts

log = logging.getLogger(__name__)

VIEWS = ("aggregate", "hr")

__all__ = ["build_diagnostics", "list_cycles"]


def build_diagnostics(marts: Marts, cycle_id: str, view: View = "aggregate", min_group_size: int = 5,
                      failed_checks: Sequence[str] = ()) -> Diagnostics:
    """Every section of the report for `cycle_id`. The aggregate view suppresses groups under `min_group_size`
    (with complementary suppression) and names no one; the HR view may name people. `failed_checks` are the names
    of data checks that failed in the run that built the marts, reported under coverage."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    if min_group_size < 2:
        raise ValueError(f"min_group_size must be at least 2, got {min_group_size}")
    context = load_context(marts, cycle_id, view, min_group_size)
    sections = [
        coverage_section(context, failed_checks),
        distribution_section(context),
        calibration_section(context),
        business_section(context),
        health_section(context),
        talent_section(context),
        goal_design_section(context),
    ]
    log.info("diagnostics %s (%s view): %d findings", cycle_id, view, sum(len(s.findings) for s in sections))
    return Diagnostics(cycle_id, view, min_group_size, _data_as_of(marts), privacy_note(min_group_size, view),
                       sections)


def _data_as_of(marts: Marts) -> dict[str, str]:
    rows = marts.rows("""
        select source_system, max(last_loaded_at) as loaded_at from fct_source_freshness
        group by source_system order by source_system""")
    return {row["source_system"]: row["loaded_at"].strftime("%Y-%m-%dT%H:%M:%SZ") for row in rows}
