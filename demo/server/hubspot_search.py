"""The body of HubSpot's CRM search (`POST /crm/v3/objects/deals/search`), read into SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from demo.server.listing import INT, TS, OrderKey

MAX_LIMIT, DEFAULT_LIMIT = 200, 10
MAX_GROUPS, MAX_FILTERS_PER_GROUP = 5, 6
OPERATORS = {"EQ": "=", "NEQ": "<>", "GT": ">", "GTE": ">=", "LT": "<", "LTE": "<="}
_ID = "CAST(record_id AS BIGINT)"
_EPOCH = datetime(1970, 1, 1)


class SearchError(ValueError):
    """The search body asks for something HubSpot (or this server) rejects with VALIDATION_ERROR."""


@dataclass(frozen=True)
class SearchSpec:
    where: tuple[str, ...]
    params: tuple[tuple[str, object], ...]
    order: tuple[OrderKey, ...]
    properties: tuple[str, ...]
    limit: int
    offset: int


def parse_search(payload, columns: dict[str, str]) -> SearchSpec:
    """Filters and sorts on the modification/creation/close timestamps and the object id."""
    if not isinstance(payload, dict):
        _invalid("the search body must be a JSON object")
    searchable = _searchable(columns)
    where, params = _filter_groups(payload.get("filterGroups") or [], searchable)
    return SearchSpec(
        where=tuple(where),
        params=tuple(params),
        order=_order(payload.get("sorts") or [], searchable),
        properties=tuple(_strings(payload.get("properties") or [], "properties")),
        limit=_bounded_int(payload.get("limit", DEFAULT_LIMIT), "limit", 1, MAX_LIMIT),
        offset=_bounded_int(payload.get("after", 0) or 0, "after", 0, None),
    )


def _searchable(columns: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Property name -> (SQL expression, kind)."""
    fields = {"hs_lastmodifieddate": ("version_at", TS), "hs_object_id": (_ID, INT)}
    for name in ("createdate", "closedate"):
        if columns.get(name, "").startswith("TIMESTAMP"):
            fields[name] = (f'"{name}"', TS)
    return fields


def _filter_groups(groups, searchable) -> tuple[list[str], list[tuple]]:
    if not isinstance(groups, list) or len(groups) > MAX_GROUPS:
        _invalid(f"filterGroups must be a list of at most {MAX_GROUPS} groups")
    alternatives, params = [], []
    for group in groups:
        filters = group.get("filters") if isinstance(group, dict) else None
        if not isinstance(filters, list) or len(filters) > MAX_FILTERS_PER_GROUP:
            _invalid(f"each filter group needs a list of at most {MAX_FILTERS_PER_GROUP} filters")
        conditions = []
        for raw in filters:
            name = f"f{len(params)}"
            condition, value = _filter(raw, searchable, name)
            conditions.append(condition)
            params.append((name, value))
        if conditions:
            alternatives.append("(" + " AND ".join(conditions) + ")")
    return (["(" + " OR ".join(alternatives) + ")"] if alternatives else []), params


def _filter(raw, searchable, param: str) -> tuple[str, object]:
    if not isinstance(raw, dict):
        _invalid("a filter must be an object with propertyName, operator and value")
    name, operator, value = raw.get("propertyName"), raw.get("operator"), raw.get("value")
    if name not in searchable:
        _invalid(f"this server filters on {', '.join(sorted(searchable))} only (got propertyName {name!r})")
    if operator not in OPERATORS:
        _invalid(f"operator {operator!r} is not supported here; use one of {', '.join(OPERATORS)}")
    expression, kind = searchable[name]
    return f"{expression} {OPERATORS[operator]} ${param}", _filter_value(value, kind, name)


def _filter_value(value, kind: str, name: str):
    """Timestamps arrive as epoch milliseconds (number or string) or ISO strings."""
    text = str(value).strip() if value is not None else ""
    if text.lstrip("-").isdigit():
        number = int(text)
        return _EPOCH + timedelta(milliseconds=number) if kind == TS else number
    if kind == TS:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
    _invalid(f"{value!r} is not a valid value for {name}")


def _order(sorts, searchable) -> tuple[OrderKey, ...]:
    if not isinstance(sorts, list) or len(sorts) > 1:
        _invalid("sorts must be a list with at most one sort")
    tie_break = OrderKey(_ID, INT)
    if not sorts:
        return (tie_break,)
    raw = sorts[0]
    if isinstance(raw, str):
        raw = {"propertyName": raw.lstrip("-"), "direction": "DESCENDING" if raw.startswith("-") else "ASCENDING"}
    name = raw.get("propertyName") if isinstance(raw, dict) else None
    direction = raw.get("direction", "ASCENDING") if isinstance(raw, dict) else None
    if name not in searchable or direction not in ("ASCENDING", "DESCENDING"):
        _invalid(f"cannot sort by {raw!r}; sort by one of {', '.join(sorted(searchable))}, ASCENDING or DESCENDING")
    expression, kind = searchable[name]
    descending = direction == "DESCENDING"
    if expression == _ID:
        return (OrderKey(_ID, INT, descending),)
    return OrderKey(expression, kind, descending), OrderKey(_ID, INT, descending)


def _bounded_int(value, name: str, minimum: int, maximum: int | None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        _invalid(f"{name} must be an integer (got {value!r})")
    if number < minimum or (maximum is not None and number > maximum):
        _invalid(f"{name} must be between {minimum} and {maximum} (got {number})" if maximum is not None
                 else f"{name} must be at least {minimum} (got {number})")
    return number


def _strings(values, name: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        _invalid(f"{name} must be a list of strings")
    return values


def _invalid(message: str):
    raise SearchError(message)
