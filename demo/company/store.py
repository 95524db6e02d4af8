"""Write the store: tables arrive in chunks (staged as Parquet), then DuckDB builds each table sorted and typed."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Mapping

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from demo.company.schema import TABLES, TABLES_BY_NAME, TableSpec

log = logging.getLogger(__name__)
DUCKDB_MEMORY_LIMIT = "2GB"


class StoreWriter:
    """Collects table chunks under `staging_dir`; `build` turns them into one DuckDB file."""

    def __init__(self, staging_dir: Path):
        self.staging_dir = staging_dir
        self._parts: dict[str, list[Path]] = {}

    def add(self, table: str, columns: Mapping[str, pa.Array] | pa.Table) -> None:
        spec = TABLES_BY_NAME[table]
        data = columns if isinstance(columns, pa.Table) else pa.table(dict(columns))
        missing = set(spec.column_names) - set(data.column_names)
        extra = set(data.column_names) - set(spec.column_names)
        if missing or extra:
            raise ValueError(f"table {table}: missing columns {sorted(missing)}, unexpected {sorted(extra)}")
        parts = self._parts.setdefault(table, [])
        path = self.staging_dir / table / f"part-{len(parts):05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(data.select(list(spec.column_names)), path)
        parts.append(path)

    def build(self, database: Path) -> dict[str, int]:
        """Create every table of the schema in `database`; return row counts."""
        counts = {}
        with duckdb.connect(str(database)) as con:
            con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            con.execute("SET preserve_insertion_order = true")
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET temp_directory = '{self.staging_dir / 'duckdb-tmp'}'")
            for spec in TABLES:
                con.execute(_create_sql(spec, self._parts.get(spec.name, [])))
                counts[spec.name] = con.execute(f'SELECT count(*) FROM "{spec.name}"').fetchone()[0]
                log.info("table %s: %d rows", spec.name, counts[spec.name])
            con.execute("CHECKPOINT")
        return counts

    def discard(self) -> None:
        shutil.rmtree(self.staging_dir, ignore_errors=True)


def _create_sql(spec: TableSpec, parts: list[Path]) -> str:
    if not parts:
        columns = ", ".join(f'"{name}" {kind}' for name, kind in spec.columns)
        return f'CREATE TABLE "{spec.name}" ({columns})'
    select = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in spec.columns)
    files = ", ".join(f"'{p}'" for p in parts)
    order = ", ".join(f'"{c}"' for c in spec.order_by)
    return f'CREATE TABLE "{spec.name}" AS SELECT {select} FROM read_parquet([{files}]) ORDER BY {order}'


def read_company_row(database: Path) -> dict | None:
    """The `company` row of an existing store, or None if the file is missing or unreadable."""
    if not database.exists():
        return None
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            row = con.execute("SELECT seed, employees, generator_version FROM company").fetchone()
    except duckdb.Error as error:
        log.warning("existing store %s is unreadable (%s); regenerating", database, error)
        return None
    return None if row is None else {"seed": row[0], "employees": row[1], "generator_version": row[2]}


def table_counts(database: Path) -> dict[str, tuple[int, int | None]]:
    """Rows per table, and distinct records for versioned tables."""
    counts = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for spec in TABLES:
            rows = con.execute(f'SELECT count(*) FROM "{spec.name}"').fetchone()[0]
            records = (con.execute(f'SELECT count(DISTINCT record_id) FROM "{spec.name}"').fetchone()[0]
                       if spec.versioned else None)
            counts[spec.name] = (rows, records)
    return counts
