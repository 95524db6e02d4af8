"""Which months a night rebuilds: the open ones, reaching back to any month never built."""

from datetime import datetime, timezone

import dagster as dg

from pipelines.dbt.partitions import dbt_window_vars, nightly_months

MONTHS = dg.MonthlyPartitionsDefinition(start_date="2024-07-01", timezone="Europe/Berlin", end_offset=1)
NOW = datetime(2025, 2, 15, tzinfo=timezone.utc)
ALL = ["2024-07-01", "2024-08-01", "2024-09-01", "2024-10-01", "2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01"]


def test_the_first_night_builds_every_month_up_to_the_current_one():
    assert nightly_months(MONTHS, set(), NOW) == dg.PartitionKeyRange("2024-07-01", "2025-02-01")


def test_later_nights_rebuild_the_current_month_and_the_one_before():
    assert nightly_months(MONTHS, set(ALL[:-1]), NOW) == dg.PartitionKeyRange("2025-01-01", "2025-02-01")
    assert nightly_months(MONTHS, set(ALL), NOW) == dg.PartitionKeyRange("2025-01-01", "2025-02-01")


def test_a_month_never_built_is_caught_up():
    built = set(ALL) - {"2024-10-01"}
    assert nightly_months(MONTHS, built, NOW) == dg.PartitionKeyRange("2024-10-01", "2025-02-01")


def test_a_range_becomes_the_dbt_window_in_business_months():
    """Months start at midnight in the company's zone; the window's dates are those, end exclusive."""
    first, last = MONTHS.time_window_for_partition_key("2024-10-01"), MONTHS.time_window_for_partition_key("2024-12-01")
    window = dg.TimeWindow(first.start, last.end)
    assert dbt_window_vars(window) == {"partition_start": "2024-10-01", "partition_end": "2025-01-01"}
