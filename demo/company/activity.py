"""Shared ways of spreading activity over positions and months."""

from __future__ import annotations

import numpy as np

from demo.company.staffing import Staff
from demo.company.timing import days_in_months, horizon_day, month_start_days, next_workday


def events_per_slot_month(staff: Staff, slots: np.ndarray, monthly_rate: np.ndarray, rng: np.random.Generator,
                          month_factor: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Draw event counts per (slot, month) scaled by the holder's volume skill; return one (slot, month) per event."""
    starts = month_start_days()
    months = len(starts) - 1
    grid_slot = np.repeat(slots, months)
    grid_month = np.tile(np.arange(months), len(slots))
    holder = staff.occupant(grid_slot, starts[grid_month] + 14)
    rate = np.repeat(monthly_rate, months) * staff.persons["skill_volume"].to_numpy()[holder]
    if month_factor is not None:
        rate = rate * month_factor[grid_month]
    counts = rng.poisson(rate)
    return np.repeat(grid_slot, counts), np.repeat(grid_month, counts)


def workdays_in(months: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A working day in each month (weekends move to Monday), never past the horizon."""
    return np.minimum(next_workday(days_in_months(months, rng)), horizon_day())


def q4_uplift() -> np.ndarray:
    """Monthly factor: a mild year-end peak (the same for every team)."""
    starts = month_start_days()[:-1]
    month_of_year = starts.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1
    return np.where(month_of_year >= 10, 1.1, 1.0)
