"""SQL fragments shared by the vendor APIs: record visibility at the clock and vendor time formats.

Rendering happens inside DuckDB (vectorised), so these return SQL expressions, not values.
All store timestamps are naive UTC (demo/STORE.md).
"""

from __future__ import annotations

LIVE, DELETED, ANY = "live", "deleted", "any"


def visible_at(clock_param: str = "clock", deleted: str = LIVE, alias: str = "") -> str:
    """The version of each record current at the clock; `deleted` picks live, deleted or both."""
    prefix = f"{alias}." if alias else ""
    current = (
        f"{prefix}version_at <= ${clock_param} AND "
        f"({prefix}valid_to IS NULL OR {prefix}valid_to > ${clock_param})"
    )
    if deleted == LIVE:
        return f"{current} AND NOT {prefix}is_deleted"
    if deleted == DELETED:
        return f"{current} AND {prefix}is_deleted"
    return current


def utc_iso(column: str, millis: bool = True, suffix: str = "Z") -> str:
    """`2025-04-01T09:00:00.000Z` (or another suffix such as `+0000`)."""
    fraction = ".%g" if millis else ""
    return f"strftime({column}, '%Y-%m-%dT%H:%M:%S{fraction}{suffix}')"


def local_iso(column: str, zone: str, millis: bool = True, colon: bool = False) -> str:
    """The UTC timestamp shown in a zone with its offset: `2025-03-01T10:00:00.000+0100`."""
    local = f"(({column} AT TIME ZONE 'UTC') AT TIME ZONE '{_quoted(zone)}')"
    minutes = f"date_diff('minute', {column}, {local})"
    fraction = ".%g" if millis else ""
    # ±HHMM as one signed number: hours * 100 + minutes = m + 40 * (m // 60), `//` truncating toward zero.
    # Each zone conversion written out costs DuckDB planning time on every page query: this names it twice.
    offset = f"printf('%+05d', {minutes} + ({minutes} // 60) * 40)"
    if colon:
        offset = f"regexp_replace({offset}, '(\\d\\d)$', ':\\1')"
    return f"(strftime({local}, '%Y-%m-%dT%H:%M:%S{fraction}') || {offset})"


def struct(pairs) -> str:
    """A JSON object to render with `to_json`, as a DuckDB struct literal `{'key': value, ...}` of (key, SQL)
    pairs. Nested structs and lists of structs render in one pass; nested `json_object` calls would render each
    inner object to text and parse it again (a sixth of a page query's time). A struct cannot be empty:
    no pairs give an empty JSON value."""
    pairs = list(pairs)
    if not pairs:
        return "json_object()"
    return "{" + ", ".join(f"{quoted_literal(key)}: {value}" for key, value in pairs) + "}"


def text(column: str) -> str:
    """A value as a string (HubSpot serves every property as one); NULL stays NULL."""
    return f"CAST({column} AS VARCHAR)"


def quoted_literal(value: str) -> str:
    return "'" + _quoted(value) + "'"


def _quoted(value: str) -> str:
    return value.replace("'", "''")
