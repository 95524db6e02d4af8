"""Rebuilding from the same raw zone gives identical marts: nothing reads the wall clock or depends on row order."""

import re
import shutil

from tests.dbt.dbt_support import DBT_PROJECT, dbt_build, query

MARTS = ("fct_metric_values", "fct_identity_gaps", "dim_employee", "dim_org", "fct_source_freshness",
         "fct_goal_attainment", "fct_employee_attainment", "fct_rating_agreement", "fct_group_metric_attainment",
         "fct_calibration_groups")
WALL_CLOCK = re.compile(r"\b(current_date|current_timestamp|now\s*\(|getdate|sysdate|localtimestamp)", re.IGNORECASE)


def fingerprint(warehouse, table: str) -> tuple[int, int]:
    """Row count and an order-independent hash of every row's values."""
    return query(warehouse, f"SELECT count(*), sum(hash(row_values)) FROM {table} AS row_values")[0]


def test_no_model_or_macro_reads_the_wall_clock():
    sql_files = [*(DBT_PROJECT / "models").rglob("*.sql"), *(DBT_PROJECT / "macros").rglob("*.sql")]
    assert [path.name for path in sql_files if WALL_CLOCK.search(path.read_text())] == []


def test_rebuilding_the_marts_from_the_same_raw_zone_changes_nothing(staged, tmp_path):
    before = {mart: fingerprint(staged.warehouse, mart) for mart in MARTS}
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(staged.warehouse, rebuilt)
    run = dbt_build(staged.raw_dir, tmp_path, env={"PERFLOOP_WAREHOUSE": str(rebuilt)}, command="run",
                    selection=("path:models/intermediate", "path:models/marts"))
    assert run.returncode == 0, run.output[-3000:]
    assert {mart: fingerprint(rebuilt, mart) for mart in MARTS} == before
    assert all(rows > 0 for rows, _ in before.values())
