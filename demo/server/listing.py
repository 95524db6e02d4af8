"""A listing: what one endpoint lists (source, filters, order, JSON rendering) and the SQL that reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Callable

TS, INT, STR = "ts", "int", "str"
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class OrderKey:
    """One sort key: a SQL expression over the source's columns and its kind (ts keys travel as epoch µs)."""

    expr: str
    kind: str = STR
    descending: bool = False


@dataclass(frozen=True)
class Listing:
    """What an endpoint lists: source, filters, order and the SQL rendering one record as JSON text.

    `render` and `extras` see the page's rows as alias `r`; when given, `finish(doc, extras)` completes
    each document in Python (cheaper than a join in the render query). Params must be hashable.
    """

    source: str
    where: tuple[str, ...]
    params: tuple[tuple[str, Any], ...]
    order: tuple[OrderKey, ...]
    render: str
    extras: tuple[str, ...] = ()
    finish: Callable[[str, tuple], str] | None = None

    def reversed(self) -> Listing:
        return replace(self, order=tuple(replace(key, descending=not key.descending) for key in self.order))


def chunk_sql(listing: Listing, where: list[str], rows: int, offset: str) -> str:
    """The next `rows` records as (keys..., JSON text, extras...): limited first, rendered after the limit."""
    keys = ", ".join(f"{key.expr} AS _k{i}" for i, key in enumerate(listing.order))
    inner_order = ", ".join(f"{key.expr}{' DESC' if key.descending else ''}" for key in listing.order)
    outer_order = ", ".join(f"r._k{i}{' DESC' if key.descending else ''}" for i, key in enumerate(listing.order))
    key_out = ", ".join(
        f"epoch_us(r._k{i})" if key.kind == TS else f"r._k{i}" for i, key in enumerate(listing.order)
    )
    extras = "".join(f", {extra}" for extra in listing.extras)
    return (
        f"SELECT {key_out}, CAST({listing.render} AS VARCHAR){extras} FROM ("
        f"SELECT *, {keys} FROM {listing.source} WHERE {conjunction(where)} "
        f"ORDER BY {inner_order} LIMIT {int(rows)}{offset}) r ORDER BY {outer_order}"
    )


def keyset_predicate(order: tuple[OrderKey, ...], after: tuple, params: dict) -> str:
    """Rows strictly after `after` in the listing's order, with a leading bound DuckDB can prune on."""
    values = []
    for i, (key, value) in enumerate(zip(order, after)):
        params[f"_after{i}"] = _EPOCH + timedelta(microseconds=value) if key.kind == TS else value
        values.append(f"$_after{i}")
    alternatives = []
    for i, key in enumerate(order):
        equal = [f"{order[j].expr} = {values[j]}" for j in range(i)]
        strict = f"{key.expr} {'<' if key.descending else '>'} {values[i]}"
        alternatives.append("(" + " AND ".join([*equal, strict]) + ")")
    leading = f"{order[0].expr} {'<=' if order[0].descending else '>='} {values[0]}"
    return f"{leading} AND ({' OR '.join(alternatives)})"


def conjunction(predicates) -> str:
    return " AND ".join(f"({p})" for p in predicates) or "TRUE"


def sql_params(pairs: tuple[tuple[str, Any], ...]) -> dict:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in pairs}
