"""When packs are built: after the first successful nightly run once a month has closed — that month's checkpoint
packs, or, when the month closed a review cycle, the cycle's packs. Triggered by the nightly run's success (not a
clock time), so packs never read marts the night is still building, and a failed night (a critical check) leaves
the last good packs until a night succeeds."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.reports.assets import CHECKPOINT_PACKS, CYCLE_PACKS
from settings import Settings

CYCLE_PACKS_JOB = "cycle_packs"
CHECKPOINT_PACKS_JOB = "checkpoint_packs"


def pack_jobs() -> list[dg.UnresolvedAssetJobDefinition]:
    """One job per pack asset; each is partitioned as its asset is (by cycle, by month)."""
    return [
        dg.define_asset_job(CYCLE_PACKS_JOB, selection=[CYCLE_PACKS], description="The evidence packs of one review cycle."),
        dg.define_asset_job(CHECKPOINT_PACKS_JOB, selection=[CHECKPOINT_PACKS],
                            description="The evidence packs at one monthly checkpoint."),
    ]


def pack_requests(settings: Settings, now: datetime, built_months: set[str], built_cycles: set[str],
                  trigger: str = "") -> list[dg.RunRequest]:
    """The pack runs due at `now` (after the nightly run `trigger`): the last closed month's checkpoint packs,
    or the packs of the cycle that month closed; nothing when they are built already."""
    local = now.astimezone(ZoneInfo(settings.company.timezone))
    this_month = local.year * 12 + local.month - 1
    first = settings.review_cycles.first_start
    first_month = first.year * 12 + first.month - 1
    if this_month - 1 < first_month:
        return []
    closed = _month_key(this_month - 1)
    cycle_months = settings.review_cycles.months
    if (this_month - first_month) % cycle_months == 0:
        cycle = _month_key(this_month - cycle_months)
        if cycle in built_cycles:
            return []
        return [dg.RunRequest(job_name=CYCLE_PACKS_JOB, partition_key=cycle, run_key=f"cycle-{cycle}-after-{trigger}")]
    if closed in built_months:
        return []
    return [dg.RunRequest(job_name=CHECKPOINT_PACKS_JOB, partition_key=closed, run_key=f"checkpoint-{closed}-after-{trigger}")]


def _month_key(index: int) -> str:
    return date(index // 12, index % 12 + 1, 1).isoformat()


def packs_sensor(settings: Settings, nightly: dg.UnresolvedAssetJobDefinition,
                 jobs: list[dg.UnresolvedAssetJobDefinition]) -> dg.SensorDefinition:
    @dg.run_status_sensor(
        name="packs_after_nightly",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[nightly],
        request_jobs=jobs,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="After a successful nightly run: the checkpoint packs of the month that just closed, or the "
                    "cycle's packs when that month ended a review cycle (each once; a blocked or failed pack run "
                    "is tried again after the next successful night).",
    )
    def packs_after_nightly(context: dg.RunStatusSensorContext):
        built_months = set(context.instance.get_materialized_partitions(CHECKPOINT_PACKS))
        built_cycles = set(context.instance.get_materialized_partitions(CYCLE_PACKS))
        due = pack_requests(settings, datetime.now(timezone.utc), built_months, built_cycles, context.dagster_run.run_id)
        return due or dg.SkipReason(
            "the packs of the last closed month are already built")

    return packs_after_nightly

