"""The demo clock's start (from the generator's calendar) and ISO parsing for the API and command line."""

from __future__ import annotations

from datetime import datetime, timezone

from demo.company.calendar import DEMO_CLOCK_START as _CALENDAR_CLOCK_START

DEMO_CLOCK_START = (
    _CALENDAR_CLOCK_START.replace(tzinfo=timezone.utc)
    if _CALENDAR_CLOCK_START.tzinfo is None
    else _CALENDAR_CLOCK_START.astimezone(timezone.utc)
)


def parse_iso(text: str) -> datetime:
    """An ISO-8601 timestamp; naive means UTC."""
    moment = datetime.fromisoformat(text.strip())
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
