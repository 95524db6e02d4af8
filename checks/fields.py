"""Flatten a raw batch into the few typed key fields its suite checks (never the whole payload).

Every frame has `record_key` and `modified_at`, then one column per declared field, and two summary columns:
`missing` names the required fields a row lacks, `unparsed` the typed fields whose text does not convert
(`total_price='abc'`; the field itself becomes null). One rule on each then covers every field: Great
Expectations spends ~10 ms of bookkeeping per expectation and batch whatever the rows, so fewer rules is
what keeps validation cheap. Records whose payload is JSON null (perfloop's own snapshot tombstones) carry no
vendor data and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from connectors import jsonfast
from connectors.catalog import RawRecord

TEXT = "text"
NUMBER = "number"
DATE = "date"  # `YYYY-MM-DD` as the vendor writes a business date
TIMESTAMP = "timestamp"  # ISO 8601 with an offset (or naive = UTC), converted to UTC
LOCAL_DATE = "local date"  # the calendar date of a timestamp as the vendor wrote it, in its own zone
KINDS = (TEXT, NUMBER, DATE, TIMESTAMP, LOCAL_DATE)
UNPARSED = "unparsed"
MISSING = "missing"
ALWAYS_REQUIRED = ("record_key", "modified_at")

Path = str | Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    name: str
    path: Path  # dotted ('fields.priority.name', numeric segments index lists) or a function of the payload
    kind: str = TEXT
    required: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: kind must be one of {KINDS}, got {self.kind!r}")

    def reader(self) -> Callable[[Any], Any]:
        if callable(self.path):
            return self.path
        steps = tuple(self.path.split("."))
        return lambda payload: _dig(payload, steps)


def flatten(records: Iterable[RawRecord], fields: Sequence[Field]) -> pd.DataFrame:
    keys, modified, payloads = [], [], []
    for record in records:
        payload = jsonfast.loads(record.payload)
        if payload is None:
            continue
        keys.append(record.record_key)
        modified.append(record.modified_at)
        payloads.append(payload)
    frame = {"record_key": pd.Series(keys, dtype=object).map(_blank_to_none),
             "modified_at": pd.to_datetime(pd.Series(modified, dtype=object), utc=True)}
    unparsed: dict[int, list[str]] = {}
    for spec in fields:
        read = spec.reader()
        raw = pd.Series([_text(read(payload)) for payload in payloads], dtype=object)
        typed = _convert(raw, spec.kind)
        frame[spec.name] = typed
        if spec.kind != TEXT:
            for row in raw.index[raw.notna() & typed.isna()]:
                unparsed.setdefault(row, []).append(f"{spec.name}={raw[row]!r}")
    required = required_names(fields)
    missing: dict[int, list[str]] = {}
    for name in required:
        for row in frame[name].index[frame[name].isna()]:
            missing.setdefault(row, []).append(name)
    frame[MISSING] = _listed(missing, len(payloads))
    frame[UNPARSED] = _listed(unparsed, len(payloads))
    return pd.DataFrame(frame)


def required_names(fields: Sequence[Field]) -> list[str]:
    return [*ALWAYS_REQUIRED, *(spec.name for spec in fields if spec.required)]


def _listed(problems: dict[int, list[str]], rows: int) -> pd.Series:
    return pd.Series([" ".join(problems[row]) if row in problems else None for row in range(rows)], dtype=object)


def _convert(raw: pd.Series, kind: str) -> pd.Series:
    if kind == TEXT:
        return raw
    if kind == NUMBER:
        return pd.to_numeric(raw, errors="coerce")
    if kind == DATE:
        return pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    if kind == LOCAL_DATE:
        return pd.to_datetime(raw.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")


def _dig(payload: Any, steps: tuple[str, ...]) -> Any:
    value = payload
    for step in steps:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and (step.isdigit() or step == "-1"):
            index = int(step)
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
    return value


def _text(value: Any) -> str | None:
    """Everything as text first (JSON numbers too), so one conversion rule serves CSV exports and JSON APIs.
    Booleans and nested objects stay distinguishable from numbers: they never convert to a number or date."""
    if value is None:
        return None
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return jsonfast.dumps(value)
    return _blank_to_none(str(value))


def _blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def pick(list_path: str, match_field: str, equals: str, value_field: str) -> Callable[[Any], Any]:
    """A path into a list of objects: `value_field` of the first item whose `match_field` equals `equals`
    (Shopify's note attribute named `promised_delivery_date`)."""
    steps = tuple(list_path.split("."))

    def read(payload: Any) -> Any:
        items = _dig(payload, steps)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and item.get(match_field) == equals:
                return item.get(value_field)
        return None

    return read
