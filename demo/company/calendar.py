"""The demo company's calendar: history bounds, the server's start clock and half-year review cycles.

Cycles are half-years named `2025H1` (Jan–Jun) and `2025H2` (Jul–Dec). Dates are business dates in the
company's zone; clocks are UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

COMPANY_TIMEZONE = "Europe/Berlin"
HISTORY_START = date(2024, 7, 1)
DEMO_CLOCK_START = datetime(2026, 10, 1, tzinfo=timezone.utc)
GENERATED_UNTIL = datetime(2026, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
CYCLE_MONTHS = 6


def cycle_of(day: date) -> str:
    """The review cycle a date belongs to, e.g. `2025H2`."""
    return f"{day.year}H{1 if day.month <= CYCLE_MONTHS else 2}"


def cycle_start(cycle: str) -> date:
    year, half = _parse(cycle)
    return date(year, 1 if half == 1 else CYCLE_MONTHS + 1, 1)


def cycle_end(cycle: str) -> date:
    """The last day of the cycle (inclusive)."""
    year, half = _parse(cycle)
    return date(year, 6, 30) if half == 1 else date(year, 12, 31)


def cycle_months(cycle: str) -> tuple[date, ...]:
    """First day of each month of the cycle."""
    start = cycle_start(cycle)
    return tuple(date(start.year, start.month + offset, 1) for offset in range(CYCLE_MONTHS))


def next_cycle(cycle: str) -> str:
    year, half = _parse(cycle)
    return f"{year}H2" if half == 1 else f"{year + 1}H1"


def cycles_between(first: date, last: date) -> tuple[str, ...]:
    """Every cycle touching the closed interval [first, last], oldest first."""
    cycles, cycle = [], cycle_of(first)
    while cycle_start(cycle) <= last:
        cycles.append(cycle)
        cycle = next_cycle(cycle)
    return tuple(cycles)


def all_cycles() -> tuple[str, ...]:
    """Every cycle of the generated history: 2024H2 … 2026H2."""
    return cycles_between(HISTORY_START, GENERATED_UNTIL.date())


def past_cycles(clock: datetime = DEMO_CLOCK_START) -> tuple[str, ...]:
    """Cycles complete at `clock` (the ones that have ratings)."""
    return tuple(c for c in all_cycles() if cycle_end(c) < clock.date())


def current_cycle(clock: datetime = DEMO_CLOCK_START) -> str:
    return cycle_of(clock.date())


def history_months() -> tuple[date, ...]:
    """First day of every month from HISTORY_START to GENERATED_UNTIL."""
    return tuple(month for cycle in all_cycles() for month in cycle_months(cycle) if month >= HISTORY_START)


def _parse(cycle: str) -> tuple[int, int]:
    year, _, half = cycle.partition("H")
    if not (year.isdigit() and half in {"1", "2"}):
        raise ValueError(f"not a review cycle: {cycle!r} (expected e.g. '2025H1')")
    return int(year), int(half)
