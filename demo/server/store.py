"""Read-only access to the demo store (demo/STORE.md): one DuckDB connection, one cursor per thread."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

# Columns every versioned table starts with; `employee_id` is ground truth for tests, never served.
VERSION_COLUMNS = ("record_id", "version_at", "valid_to", "is_deleted")
GROUND_TRUTH_COLUMNS = ("employee_id",)
DEFAULT_ZONE = "Europe/Berlin"


class Store:
    """The generated company, opened read-only; safe to query from many threads."""

    def __init__(self, path: Path):
        if not Path(path).is_file():
            raise FileNotFoundError(f"demo store not found: {path}")
        self.path = Path(path)
        self._connection = duckdb.connect(str(path), read_only=True)
        # One DuckDB thread per query: pages are prefetched in the background, so a query's latency matters
        # less than the CPU it takes from the HTTP threads (and the client) on a small machine. (A SET, not a
        # connect option: other connections to the same file in this process must keep matching options.)
        self._connection.execute("SET threads = 1")
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._schemas: dict[str, dict[str, str]] = {}
        self.zone = self._company_zone()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (DuckDB connections are not shared between threads)."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._lock:
                cursor = self._connection.cursor()
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def query(self, sql: str, params: dict | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or {}).fetchall()

    def columns(self, table: str) -> dict[str, str]:
        """Column name -> DuckDB type of a table, in table order (cached)."""
        if table not in self._schemas:
            rows = self.query(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = $table ORDER BY ordinal_position",
                {"table": table},
            )
            self._schemas[table] = dict(rows)
        return self._schemas[table]

    def has_table(self, table: str) -> bool:
        return bool(self.columns(table))

    def vendor_columns(self, table: str) -> dict[str, str]:
        """The vendor fields of a versioned table: everything but versioning and ground truth."""
        hidden = set(VERSION_COLUMNS) | set(GROUND_TRUTH_COLUMNS)
        return {name: kind for name, kind in self.columns(table).items() if name not in hidden}

    def close(self) -> None:
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            self._connection.close()

    def _company_zone(self) -> str:
        if not self.has_table("company"):
            return DEFAULT_ZONE
        rows = self.query("SELECT timezone FROM company LIMIT 1")
        return rows[0][0] if rows and rows[0][0] else DEFAULT_ZONE
