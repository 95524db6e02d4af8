from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from demo.company import generate
from tests.dbt.dbt_support import CLOCK, DbtBuild, dbt_build, first_clock_before_a_deletion, load_raw_zone
from tests.dbt.postgres_server import postgres_bin_dir, require_postgres_binaries, throwaway_postgres
from warehouse.postgres import PostgresTarget, StreamLoad
from warehouse.postgres import load_raw_zone as load_into_postgres


@dataclass(frozen=True)
class Staged:
    raw_dir: Path
    warehouse: Path
    build: DbtBuild
    first_clock: datetime


@dataclass(frozen=True)
class PostgresBuilt:
    target: PostgresTarget
    loads: list[StreamLoad]
    build: DbtBuild
    work: Path


@pytest.fixture(scope="session")
def company(request):
    """A small demo company, kept in pytest's cache and regenerated only when the generator changes. 100 employees
    is the smallest size with every planted pattern realised (60 leaves no room for the unmatched Jira accounts)."""
    return generate(request.config.cache.mkdir("perfloop-demo-company-100"), employees=100)


@pytest.fixture(scope="session")
def staged(company, tmp_path_factory) -> Staged:
    """An initial load, an incremental one at CLOCK (with an opportunity deleted in between), then `dbt build`."""
    work = tmp_path_factory.mktemp("dbt-staging")
    first_clock = first_clock_before_a_deletion(company, CLOCK)
    raw_dir = load_raw_zone(company, work, [first_clock, CLOCK])
    warehouse = work / "warehouse.duckdb"
    build = dbt_build(raw_dir, work, env={"PERFLOOP_WAREHOUSE": str(warehouse)})
    return Staged(raw_dir, warehouse, build, first_clock)


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

