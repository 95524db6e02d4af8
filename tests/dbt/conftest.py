"""PostgreSQL fixtures; the demo company and its DuckDB build (`company`, `staged`) are in tests/conftest.py."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dbt.dbt_support import DbtBuild, dbt_build
from tests.dbt.postgres_server import postgres_bin_dir, require_postgres_binaries, throwaway_postgres
from warehouse.postgres import PostgresTarget, StreamLoad
from warehouse.postgres import load_raw_zone as load_into_postgres


@dataclass(frozen=True)
class PostgresBuilt:
    target: PostgresTarget
    loads: list[StreamLoad]
    build: DbtBuild
    work: Path


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL 15 server for the session (skipped with the reason where no binaries exist, not in CI)."""
    bin_dir = postgres_bin_dir()
    require_postgres_binaries(bin_dir)
    with throwaway_postgres(bin_dir) as target:
        yield target


@pytest.fixture(scope="session")
def postgres_built(staged, postgres_server, tmp_path_factory) -> PostgresBuilt:
    """The raw zone the DuckDB build read, loaded into PostgreSQL, then `dbt build --target postgres`."""
    work = tmp_path_factory.mktemp("dbt-postgres")
    loads = load_into_postgres(staged.raw_dir, postgres_server)
    build = dbt_build(staged.raw_dir, work, target="postgres", env=postgres_server.dbt_env())
    return PostgresBuilt(postgres_server, loads, build, work)

