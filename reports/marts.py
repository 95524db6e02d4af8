"""Read finished marts from the warehouse, in bulk: the one way reports touch data."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import duckdb
import pandas as pd


class MartsUnavailable(RuntimeError):
    """The warehouse or a mart a report needs is missing: run the transform first."""


class Marts:
    """A read-only view of the warehouse. Use as a context manager; `frame` runs one bulk query."""

    def __init__(self, warehouse: Path):
        if not Path(warehouse).exists():
            raise MartsUnavailable(f"no warehouse at {warehouse}: run `perfloop run` (or `make demo`) first")
        self.warehouse = Path(warehouse)
        self._con = duckdb.connect(str(warehouse), read_only=True)

    def frame(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        try:
            return self._con.execute(sql, list(params or [])).df()
        except duckdb.CatalogException as exc:
            raise MartsUnavailable(f"{self.warehouse}: {exc}") from exc

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, list(params or []))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Marts":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
