"""Loading the raw zone into PostgreSQL: every row as it is in the Parquet files, and loading again, after more
loads, or from a rebuilt raw zone leaves the tables mirroring the files, never duplicating a record."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from connectors.rawzone import raw_counts, raw_files
from tests.dbt.postgres_server import create_database, query_postgres
from warehouse.postgres import PostgresTarget, load_raw_zone

ROW_DIGEST = "record_key, _load_id, _batch, _loaded_at, modified_at, is_deleted, _cursor, md5(payload)"


@pytest.fixture
def fresh_database(postgres_server, request) -> PostgresTarget:
    """A database of its own, so these loads never touch the one dbt built."""
    name = f"loader_{request.node.name.split('[')[0][-40:]}".lower()
    create_database(postgres_server, name)
    return PostgresTarget(port=postgres_server.port, user=postgres_server.user, dbname=name,
                          password=postgres_server.password)


def table_rows(target: PostgresTarget, relation: str) -> list[tuple]:
    return sorted(query_postgres(target, f"select {ROW_DIGEST}, payload is null, _cursor is null from {relation}"))


def parquet_rows(raw_dir: Path, system: str, stream: str) -> list[tuple]:
    files = [str(path) for path in raw_files(raw_dir, system, stream)]
    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        return sorted(connection.execute(f"SELECT {ROW_DIGEST}, payload IS NULL, _cursor IS NULL "
                                         "FROM read_parquet($files)", {"files": files}).fetchall())


def table_counts(target: PostgresTarget) -> dict[str, int]:
    rows = query_postgres(target, "select table_schema, table_name from information_schema.tables "
                                  "where table_schema like 'raw\\_%'")
    return {f"{schema.removeprefix('raw_')}/{table}":
            query_postgres(target, f'select count(*) from "{schema}"."{table}"')[0][0] for schema, table in rows}


def test_every_stream_lands_with_its_rows_as_in_the_parquet_files(staged, fresh_database):
    loads = load_raw_zone(staged.raw_dir, fresh_database)
    assert table_counts(fresh_database) == raw_counts(staged.raw_dir)
    assert {load.relation for load in loads} == {f"raw_{name.replace('/', '.')}" for name in raw_counts(staged.raw_dir)}
    assert table_rows(fresh_database, "raw_jira.issues") == parquet_rows(staged.raw_dir, "jira", "issues")


def test_loading_again_copies_nothing(staged, fresh_database):
    load_raw_zone(staged.raw_dir, fresh_database)
    again = load_raw_zone(staged.raw_dir, fresh_database)
    assert all(load.files_added == load.rows_added == load.files_removed == 0 for load in again)
    assert table_counts(fresh_database) == raw_counts(staged.raw_dir)


def test_a_later_load_copies_only_its_files_and_a_rebuilt_raw_zone_replaces_the_old_rows(staged, fresh_database,
                                                                                          tmp_path):
    files = raw_files(staged.raw_dir, "salesforce", "opportunities")
    first_load = [path for path in files if path.name.rsplit("-", 1)[0] == files[0].name.rsplit("-", 1)[0]]
    later = files[len(first_load):]
    assert later, "the staged raw zone holds two loads of opportunities"
    raw_dir = tmp_path / "raw"
    stream_dir = raw_dir / "salesforce" / "opportunities"
    stream_dir.mkdir(parents=True)
    for path in first_load:
        shutil.copy(path, stream_dir)
    load_raw_zone(raw_dir, fresh_database)

    for path in later:
        shutil.copy(path, stream_dir)
    [load] = load_raw_zone(raw_dir, fresh_database)
    assert (load.files_added, load.files_removed) == (len(later), 0)
    assert table_rows(fresh_database, "raw_salesforce.opportunities") == \
           parquet_rows(raw_dir, "salesforce", "opportunities")

    for path in first_load:
        (stream_dir / path.name).unlink()
    [load] = load_raw_zone(raw_dir, fresh_database)
    assert (load.files_added, load.files_removed) == (0, len(first_load))
    assert table_rows(fresh_database, "raw_salesforce.opportunities") == \
           parquet_rows(raw_dir, "salesforce", "opportunities")


def test_the_command_loads_into_the_server_dbt_is_pointed_at(staged, fresh_database):
    env = {**os.environ, **fresh_database.dbt_env()}
    finished = subprocess.run([sys.executable, "-m", "warehouse", "--raw-dir", str(staged.raw_dir)], env=env,
                              capture_output=True, text=True, timeout=120)
    total = sum(raw_counts(staged.raw_dir).values())
    assert finished.returncode == 0, finished.stderr
    assert f"{total:,} rows copied into {len(raw_counts(staged.raw_dir))} raw tables" in finished.stdout
    assert "raw_shopify.orders:" in finished.stderr and fresh_database.password not in finished.stdout + finished.stderr
    assert table_counts(fresh_database) == raw_counts(staged.raw_dir)
