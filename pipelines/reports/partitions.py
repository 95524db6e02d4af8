"""Review cycles as partitions: one key per cycle id (`2026H1`, as the marts name it) from the first cycle to
the one running today in the company's zone. Ids follow dbt's `cycle_id` macro (macros/calendar/periods.sql)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from settings import Settings


@dataclass(frozen=True)
class Cycle:
    id: str
    start: date
    end: date  # last day


def cycle_id(start: date, months: int) -> str:
    """2026H1 / 2026Q3 / 2026 / 2026-04, as the marts spell it."""
    if months in (3, 6):
        return f"{start.year}{'H' if months == 6 else 'Q'}{(start.month - 1) // months + 1}"
    if months == 12:
        return str(start.year)
    return f"{start.year}-{start.month:02d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def review_cycles(settings: Settings, until: date) -> list[Cycle]:
    """Every cycle that has started on or before `until`, oldest first."""
    months = settings.review_cycles.months
    cycles, start = [], settings.review_cycles.first_start
    while start <= until:
        following = _add_months(start, months)
        cycles.append(Cycle(cycle_id(start, months), start, following - timedelta(days=1)))
        start = following
    return cycles


def cycle_of(settings: Settings, day: date) -> Cycle:
    """The cycle `day` falls in."""
    cycles = review_cycles(settings, day)
    if not cycles:
        raise ValueError(f"{day} is before the first review cycle ({settings.review_cycles.first_start})")
    return cycles[-1]


def cycle_partitions(settings: Settings, today: date | None = None) -> dg.StaticPartitionsDefinition:
    """Cycles up to the running one (evaluated when the definitions load, so a new cycle appears on reload)."""
    today = today or datetime.now(ZoneInfo(settings.company.timezone)).date()
    return dg.StaticPartitionsDefinition([cycle.id for cycle in review_cycles(settings, today)])
