"""Vectorised time helpers. Days are int64 days since 1970-01-01; instants are int64 ms since the epoch (UTC)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import numpy as np

from demo.company.calendar import GENERATED_UNTIL, HISTORY_START, all_cycles, cycle_start, history_months

MS_PER_HOUR = 3_600_000
MS_PER_DAY = 86_400_000
NEVER = np.iinfo(np.int64).max  # "event does not happen" in event-time arrays


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def ms_of(instant: datetime) -> int:
    return int(instant.astimezone(timezone.utc).timestamp() * 1000)


def horizon_ms() -> int:
    return ms_of(GENERATED_UNTIL)


def horizon_day() -> int:
    return horizon_ms() // MS_PER_DAY


def month_start_days() -> np.ndarray:
    """First day of each history month, plus the first day after the history (so len = months + 1)."""
    months = [day_number(m) for m in history_months()]
    last = history_months()[-1]
    following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return np.array(months + [day_number(following)], dtype=np.int64)


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since HISTORY_START (negative before it)."""
    months = np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months - np.datetime64(HISTORY_START, "M").astype(np.int64)


def cycle_start_days() -> np.ndarray:
    """Start day of each cycle of the history, plus the day after the last one."""
    starts = [day_number(cycle_start(c)) for c in all_cycles()]
    return np.array(starts + [horizon_day() + 1], dtype=np.int64)


def cycle_index(days: np.ndarray) -> np.ndarray:
    """Index into `all_cycles()` of each day (-1 before the history)."""
    return np.searchsorted(cycle_start_days(), np.asarray(days), side="right") - 1


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday."""
    return (np.asarray(days) + 3) % 7


def next_workday(days: np.ndarray) -> np.ndarray:
    """Saturdays and Sundays move to the following Monday."""
    wd = weekday(days)
    return days + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))


def office_hours_ms(days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An instant between 07:00 and 17:00 UTC on each day (the same calendar day in Berlin)."""
    days = np.asarray(days, dtype=np.int64)
    return days * MS_PER_DAY + rng.integers(7 * MS_PER_HOUR, 17 * MS_PER_HOUR, size=days.shape)


def any_hour_ms(days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    days = np.asarray(days, dtype=np.int64)
    return days * MS_PER_DAY + rng.integers(0, MS_PER_DAY, size=days.shape)


def days_in_months(month_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniformly drawn day within each given history month."""
    starts = month_start_days()
    month_idx = np.asarray(month_idx)
    lengths = starts[month_idx + 1] - starts[month_idx]
    return starts[month_idx] + np.floor(rng.random(month_idx.shape) * lengths).astype(np.int64)


def history_start_day() -> int:
    return day_number(HISTORY_START)
