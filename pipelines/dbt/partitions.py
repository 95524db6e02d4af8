"""Monthly partitions of the marts keyed by month, and which months a nightly run refreshes.

A partitioned run passes its window to dbt as vars `partition_start`/`partition_end` (macros/partitions.sql);
a single-run backfill passes the whole range at once. Months are business months in the company's zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from settings import Settings

MONTHLY_TAG = "monthly"  # dbt models tagged so are monthly-partitioned assets
OPEN_MONTHS = 2  # the current month and the one before take late changes; older ones need a backfill


def monthly_partitions(settings: Settings) -> dg.MonthlyPartitionsDefinition:
    """From the first review cycle to the current month (in progress, hence `end_offset=1`)."""
    return dg.MonthlyPartitionsDefinition(
        start_date=settings.review_cycles.first_start.isoformat(),
        timezone=settings.company.timezone,
        end_offset=1,
    )


def dbt_window_vars(window: dg.TimeWindow) -> dict[str, str]:
    return {"partition_start": window.start.date().isoformat(), "partition_end": window.end.date().isoformat()}


def nightly_months(partitions: dg.PartitionsDefinition, done: Iterable[str], now: datetime) -> dg.PartitionKeyRange:
    """The open months, reaching back to the oldest month never built (all of them on a first night)."""
    keys = partitions.get_partition_keys(current_time=now)
    built = set(done)
    first_missing = next((key for key in keys if key not in built), None)
    start = keys[-OPEN_MONTHS] if len(keys) >= OPEN_MONTHS else keys[0]
    if first_missing is not None and first_missing < start:
        start = first_missing
    return dg.PartitionKeyRange(start, keys[-1])


def months_built(instance: dg.DagsterInstance, keys: Iterable[dg.AssetKey]) -> set[str]:
    """Months materialized for every one of the monthly assets."""
    built = [set(instance.get_materialized_partitions(key)) for key in keys]
    return set.intersection(*built) if built else set()


def range_tags(months: dg.PartitionKeyRange) -> dict[str, str]:
    """The run tags a single-run backfill carries: one run over the whole range."""
    return {ASSET_PARTITION_RANGE_START_TAG: months.start, ASSET_PARTITION_RANGE_END_TAG: months.end}
