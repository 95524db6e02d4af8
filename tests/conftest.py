"""Session fixtures shared by the dbt and report tests: one small demo company, loaded through the real
connectors and built once with dbt."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from demo.company import generate
from tests.dbt.dbt_support import CLOCK, DbtBuild, dbt_build, first_clock_before_a_deletion, load_raw_zone


@dataclass(frozen=True)
class Staged:
    raw_dir: Path
    warehouse: Path
    build: DbtBuild
    first_clock: datetime


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
