"""Review cycles as Dagster partitions, and the cycle id (as the dbt models name it) of each partition.

A cycle partition is a time window from the cycle's first day, keyed by that day ('2026-01-01'): Dagster then
knows each cycle's months (so a cycle asset can sit downstream of the monthly marts) and new cycles appear as
time passes. `cycle_id` gives the name the marts use ('2026H1')."""

from __future__ import annotations

from datetime import date

import dagster as dg

from settings import Settings


def cycle_partitions(settings: Settings) -> dg.TimeWindowPartitionsDefinition:
    """From the first review cycle to the one in progress (`end_offset=1`), in the company's zone."""
    cycles = settings.review_cycles
    start_months = sorted({(cycles.first_start.month - 1 + step * cycles.months) % 12 + 1
                           for step in range(12 // cycles.months)})
    return dg.TimeWindowPartitionsDefinition(
        start=cycles.first_start.isoformat(), fmt="%Y-%m-%d", timezone=settings.company.timezone, end_offset=1,
        cron_schedule=f"0 0 1 {','.join(str(month) for month in start_months)} *")


def cycle_id(partition_key: str, cycle_months: int) -> str:
    """'2026-07-01' -> '2026H2' for half-years; quarters '2026Q3', years '2026', other lengths '2026-04'
    (dbt_project/macros/calendar/periods.sql `cycle_id`)."""
    start = date.fromisoformat(partition_key)
    if cycle_months in (3, 6):
        return f"{start.year}{'H' if cycle_months == 6 else 'Q'}{(start.month - 1) // cycle_months + 1}"
    if cycle_months == 12:
        return str(start.year)
    return f"{start.year}-{start.month:02d}"


def checkpoint_month(partition_key: str) -> str:
    """A monthly partition key ('2026-09-01') as the checkpoint month the marts use ('2026-09')."""
    return partition_key[:7]


def cycle_of_month(partition_key: str, settings: Settings) -> str:
    """The cycle a monthly partition ('2026-09-01') belongs to ('2026H2')."""
    cycles, month = settings.review_cycles, date.fromisoformat(partition_key)
    index = month.year * 12 + month.month - 1
    first = cycles.first_start.year * 12 + cycles.first_start.month - 1
    start = index - (index - first) % cycles.months
    return cycle_id(date(start // 12, start % 12 + 1, 1).isoformat(), cycles.months)
