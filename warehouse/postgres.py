"""Load the Parquet raw zone into PostgreSQL, where dbt's sources find it as tables raw_<system>.<stream>.

Each table holds the raw zone's columns as they are (payload as text) and mirrors the stream's files: a load
copies (COPY) only the batch files not loaded before and deletes the rows of files the raw zone no longer
holds, so loading again, or after more loads, never duplicates a record. A ledger table records which file
filled which rows; one transaction per stream keeps table and ledger in step.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from psycopg2 import sql

from connectors.rawzone import RAW_SCHEMA, raw_files

log = logging.getLogger(__name__)

LEDGER_SCHEMA = "perfloop_loader"
LEDGER_TABLE = "raw_files"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE_STEM = re.compile(r"^(?P<load_id>.+)-(?P<batch>[0-9]+)$")
_COLUMN_TYPES = {"string": "text", "timestamp[us, tz=UTC]": "timestamptz", "int32": "integer", "bool": "boolean"}


class WarehouseError(RuntimeError):
    """A warehouse operation failed; the message never holds the password."""


@dataclass(frozen=True)
class PostgresTarget:
    """Where the PostgreSQL warehouse is. The password never shows in repr or str."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    dbname: str = "perfloop"
    password: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> PostgresTarget:
        """The target dbt's `postgres` output uses (dbt_project/profiles.yml reads the same variables)."""
        env = os.environ if environ is None else environ
        return cls(host=env.get("PERFLOOP_PG_HOST", cls.host), port=int(env.get("PERFLOOP_PG_PORT", cls.port)),
                   user=env.get("PERFLOOP_PG_USER", cls.user), dbname=env.get("PERFLOOP_PG_DBNAME", cls.dbname),
                   password=env.get("DBT_ENV_SECRET_PERFLOOP_PG_PASSWORD", ""))

    def dbt_env(self) -> dict[str, str]:
        """Environment variables that point dbt's `postgres` target here (dbt scrubs DBT_ENV_SECRET_* from logs)."""
        return {"PERFLOOP_PG_HOST": self.host, "PERFLOOP_PG_PORT": str(self.port), "PERFLOOP_PG_USER": self.user,
                "PERFLOOP_PG_DBNAME": self.dbname, "DBT_ENV_SECRET_PERFLOOP_PG_PASSWORD": self.password}

    def connect(self, dbname: str | None = None):
        try:
            return psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                                    dbname=dbname or self.dbname, connect_timeout=10, application_name="perfloop")
        except psycopg2.Error as exc:
            raise WarehouseError(f"cannot connect to PostgreSQL {self.user}@{self.host}:{self.port}/"
                                 f"{dbname or self.dbname}: {self.scrub(str(exc)).strip()}") from None

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


@dataclass(frozen=True)
class StreamLoad:
    relation: str
    files_added: int
    rows_added: int
    files_removed: int


def load_raw_zone(raw_dir: Path | str, target: PostgresTarget) -> list[StreamLoad]:
    """Bring every stream of the raw zone into raw_<system>.<stream>; returns what changed per stream."""
    streams = _streams(Path(raw_dir))
    connection = target.connect()
    try:
        _ensure_ledger(connection)
        return [_sync_stream(connection, Path(raw_dir), system, stream) for system, stream in streams]
    except psycopg2.Error as exc:
        connection.rollback()
        raise WarehouseError(f"loading the raw zone into PostgreSQL failed: {target.scrub(str(exc)).strip()}") from None
    finally:
        connection.close()


def _streams(raw_dir: Path) -> list[tuple[str, str]]:
    if not raw_dir.is_dir():
        raise WarehouseError(f"no raw zone at {raw_dir}")
    found = [(system.name, stream.name) for system in sorted(raw_dir.iterdir()) if system.is_dir()
             for stream in sorted(system.iterdir()) if stream.is_dir()]
    for system, stream in found:
        if not (_NAME.match(system) and _NAME.match(stream)):
            raise WarehouseError(f"raw zone folder {system}/{stream} is not a valid table name")
    return found


def _ensure_ledger(connection) -> None:
    with connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("""
            create schema if not exists {schema};
            create table if not exists {schema}.{table} (
                relation text not null, file_name text not null, load_id text not null, batch integer not null,
                row_count bigint not null, copied_at timestamptz not null default now(),
                primary key (relation, file_name))""").format(
            schema=sql.Identifier(LEDGER_SCHEMA), table=sql.Identifier(LEDGER_TABLE)))


def _sync_stream(connection, raw_dir: Path, system: str, stream: str) -> StreamLoad:
    relation = f"raw_{system}.{stream}"
    table = sql.Identifier(f"raw_{system}", stream)
    files = {path.name: path for path in raw_files(raw_dir, system, stream)}
    with connection, connection.cursor() as cursor:
        cursor.execute("select pg_advisory_xact_lock(hashtext(%s))", (relation,))  # one loader per table at a time
        _ensure_table(cursor, f"raw_{system}", stream, relation)
        cursor.execute(sql.SQL("select file_name, load_id, batch from {} where relation = %s").format(_ledger()),
                       (relation,))
        loaded = {name: (load_id, batch) for name, load_id, batch in cursor.fetchall()}
        stale = {name: loaded[name] for name in loaded.keys() - files.keys()}
        _delete_files(cursor, table, relation, stale)
        rows_added = sum(_copy_file(cursor, table, relation, files[name]) for name in sorted(files.keys() - loaded))
    result = StreamLoad(relation, len(files.keys() - loaded), rows_added, len(stale))
    log.info("%s: %d new files (%d rows) copied, %d files no longer in the raw zone removed",
             relation, result.files_added, result.rows_added, result.files_removed)
    return result


def _ensure_table(cursor, schema: str, name: str, relation: str) -> None:
    """A table created now starts empty, so whatever the ledger remembers of an earlier one is void."""
    cursor.execute("select 1 from information_schema.tables where table_schema = %s and table_name = %s",
                   (schema, name))
    if cursor.fetchone():
        return
    columns = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(column.name),
                                                        sql.SQL(_COLUMN_TYPES[str(column.type)]))
                                 for column in RAW_SCHEMA)
    cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
    cursor.execute(sql.SQL("create table {} ({})").format(sql.Identifier(schema, name), columns))
    cursor.execute(sql.SQL("delete from {} where relation = %s").format(_ledger()), (relation,))


def _delete_files(cursor, table: sql.Identifier, relation: str, stale: dict[str, tuple[str, int]]) -> None:
    if not stale:
        return
    load_ids, batches = zip(*stale.values())
    cursor.execute(sql.SQL("delete from {} as raw using unnest(%s::text[], %s::integer[]) as gone(load_id, batch) "
                           "where raw._load_id = gone.load_id and raw._batch = gone.batch").format(table),
                   (list(load_ids), list(batches)))
    cursor.execute(sql.SQL("delete from {} where relation = %s and file_name = any(%s)").format(_ledger()),
                   (relation, list(stale)))


def _copy_file(cursor, table: sql.Identifier, relation: str, path: Path) -> int:
    """COPY one batch file in as CSV (strings quoted, NULLs bare, so empty text and NULL stay apart)."""
    match = _FILE_STEM.match(path.stem)
    if not match:
        raise WarehouseError(f"raw zone file {path} is not named <load_id>-<batch>.parquet")
    data = pq.read_table(path, schema=RAW_SCHEMA)
    buffer = io.BytesIO()
    pa_csv.write_csv(data, buffer, pa_csv.WriteOptions(include_header=False, quoting_style="needed"))
    buffer.seek(0)
    columns = sql.SQL(", ").join(sql.Identifier(name) for name in RAW_SCHEMA.names)
    cursor.copy_expert(sql.SQL("copy {} ({}) from stdin with (format csv)").format(table, columns).as_string(cursor),
                       buffer)
    cursor.execute(sql.SQL("insert into {} (relation, file_name, load_id, batch, row_count) "
                           "values (%s, %s, %s, %s, %s)").format(_ledger()),
                   (relation, path.name, match["load_id"], int(match["batch"]), data.num_rows))
    return data.num_rows


def _ledger() -> sql.Composed:
    return sql.Identifier(LEDGER_SCHEMA, LEDGER_TABLE)
