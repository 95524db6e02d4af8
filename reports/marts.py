"""Read finished marts from the warehouse, in bulk: the one way reports touch data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

import duckdb
import pyarrow as pa

if TYPE_CHECKING:  # pandas is loaded by DuckDB's .df() when a frame is asked for: the pack process never needs it
    import pandas as pd


class MartsUnavailable(RuntimeError):
    """The warehouse or a mart a report needs is missing: run the transform first."""


class Marts:
    """A read-only view of the warehouse. Use as a context manager; `frame` runs one bulk query. `memory_limit`
    (DuckDB's, e.g. "512MB") caps what queries hold in memory, beyond which DuckDB spills to disk; it is set on
    the database, so other connections to the same file in this process share it."""

    def __init__(self, warehouse: Path, memory_limit: str | None = None):
        if not Path(warehouse).exists():
            raise MartsUnavailable(f"no warehouse at {warehouse}: run `perfloop run` (or `make demo`) first")
        self.warehouse = Path(warehouse)
        self._con = duckdb.connect(str(warehouse), read_only=True)
        if memory_limit:
            self._con.execute(f"SET memory_limit = '{_checked_size(memory_limit)}'")

    def frame(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        try:
            return self._con.execute(sql, list(params or [])).df()
        except duckdb.CatalogException as exc:
            raise MartsUnavailable(f"{self.warehouse}: {exc}") from exc

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """The result as dicts. Equal strings share one object: the same ids, units and texts repeat across
        tens of thousands of rows (a fifth of the memory of the evidence packs' data at 10,000 people)."""
        cursor = self._con.execute(sql, list(params or []))
        names = [column[0] for column in cursor.description]
        shared: dict[str, str] = {}
        return [dict(zip(names, [shared.setdefault(value, value) if type(value) is str else value for value in row]))
                for row in cursor.fetchall()]

    def batches(self, sql: str, params: Sequence[Any] | None = None, *, tables: Mapping[str, pa.Table] | None = None,
                rows_per_batch: int = 100_000) -> Iterator[pa.RecordBatch]:
        """A result too large to hold at once, streamed as Arrow record batches. `tables` are Arrow tables the
        query may read by name (e.g. a list of keys to join on). Runs on its own cursor, so other queries may
        run while the stream is read."""
        cursor = self._con.cursor()
        try:
            for name, table in (tables or {}).items():
                cursor.register(name, table)
            try:
                reader = cursor.sql(sql, params=list(params or [])).to_arrow_reader(rows_per_batch)
            except duckdb.CatalogException as exc:
                raise MartsUnavailable(f"{self.warehouse}: {exc}") from exc
            yield from reader
        finally:
            cursor.close()

    def cursor(self) -> "Marts":
        """The same warehouse on its own DuckDB cursor: for queries run in another thread meanwhile."""
        other = object.__new__(Marts)
        other.warehouse, other._con = self.warehouse, self._con.cursor()
        return other

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Marts":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _checked_size(size: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", size.strip(), flags=re.IGNORECASE):
        raise ValueError(f"not a memory size such as '512MB': {size!r}")
    return size.strip()
