"""Vendor timestamps to UTC datetimes, and the timestamp cursors stored between loads."""

from __future__ import annotations

import json
from datetime import datetime, timezone


def parse_timestamp(text: str | None) -> datetime | None:
    """ISO 8601 as vendors write it (`Z`, `+0000`, `+01:00`, with or without ms); naive means UTC."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def from_epoch_ms(value: str | int | None) -> datetime | None:
    if value is None or value == "":
        return None
    return datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc)


def to_epoch_ms(moment: datetime) -> int:
    return int(round(moment.timestamp() * 1000))


def format_cursor(moment: datetime) -> str:
    """A cursor as UTC ISO 8601 with milliseconds, e.g. `2026-10-01T07:30:00.000Z`."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_cursor(cursor: str | None) -> datetime | None:
    return parse_timestamp(cursor) if cursor else None


def latest(current: datetime | None, candidate: datetime | None) -> datetime | None:
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current


def encode_parts(parts: dict[str, str | None]) -> str:
    """A cursor made of several independent timestamps (per repo, or live vs deleted records)."""
    return json.dumps(parts, sort_keys=True, separators=(",", ":"))


def decode_parts(cursor: str | None) -> dict[str, str | None]:
    if not cursor:
        return {}
    parts = json.loads(cursor)
    if not isinstance(parts, dict):
        raise ValueError(f"not a composite cursor: {cursor[:80]!r}")
    return parts
