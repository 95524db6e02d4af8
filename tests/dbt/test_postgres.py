"""The same dbt project on PostgreSQL 15: the raw zone the DuckDB tests load, copied into a throwaway server, then
`dbt build --target postgres`. Everything that passes on DuckDB passes there, and the models hold the same rows."""

import math
from decimal import Decimal

import pytest

from tests.dbt.dbt_support import query
from tests.dbt.postgres_server import query_postgres, require_postgres_binaries
from warehouse.postgres import PostgresTarget, WarehouseError, load_raw_zone

# Model → columns whose values must match DuckDB's row for row (times, dates, amounts, JSON-derived text).
SAME_VALUES = {
    "stg_shopify__orders": "order_id, created_at, created_date, promised_date, delivered_at, delivered_date, "
                           "location_id, shipment_status, fulfillment_count, total_price, is_cancelled",
    "stg_jira__issues": "issue_id, issue_key, created_at, created_date, resolved_date, due_date, component, "
                        "component_count, labels, environment, assignee_account_id",
    "stg_hubspot__deals": "deal_id, amount, closed_at, close_date, owner_id",
    "stg_hubspot__pipeline_stages": "stage_id, display_order, is_closed, probability, is_won, is_lost",
    "stg_github__issues": "issue_id, repository, issue_number, labels, area_label, closed_date",
    "stg_hris__employees": "employee_id, snapshot_date, email, team_id, manager_id, hire_date, is_latest_snapshot",
    "stg_salesforce__opportunities": "opportunity_id, amount, close_date, created_at, is_won, owner_user_id",
    "stg_files__fx_rates": "currency_code, rate_month, rate_to_company_currency",
    "dim_goals": "goal_id, cycle, owner_type, owner_id, parent_goal_id, metric_id, filter_region, target, threshold, "
                 "stretch, weight, version_valid_from, version_count",
    "fct_goal_changes": "goal_id, field, changed_on, old_value, new_value, old_number, new_number",
    "dim_employee": "employee_version_id, employee_id, email, valid_from, valid_to, is_current, team_id, manager_id, "
                    "department, history_source",
    "fct_identity_gaps": "system, external_id, display_name, records_referencing",
    "fct_metric_values": "metric_id, entity_type, entity_id, period_type, period_id, period_start, period_end, value, "
                         "numerator, denominator, event_count, has_enough_data",
    "fct_goal_attainment": "goal_id, checkpoint_month, owner_type, owner_id, target, actual, month_actual, pace_share, "
                           "expected_target, has_enough_data, attainment, band, status",
    "fct_employee_attainment": "employee_id, checkpoint_month, goal_count, goals_with_data, weight_with_data, "
                               "overall_attainment",
}


def results_by_id(build) -> dict[str, dict]:
    return {result["unique_id"]: result for result in build.results}


def test_postgres_build_passes_every_model_data_test_and_unit_test(staged, postgres_built):
    build = postgres_built.build
    failed = [(result["unique_id"], result["status"], result["message"]) for result in build.results
              if result["status"] not in ("success", "pass")]
    assert build.returncode == 0 and not failed, failed or build.output[-3000:]
    assert results_by_id(build).keys() == results_by_id(staged.build).keys()
    assert sum(1 for unique_id in results_by_id(build) if unique_id.startswith("unit_test.")) >= 7


def relation(build, model: str) -> str:
    """Where the build put a model (`"perfloop"."analytics"."stg_…"` on PostgreSQL)."""
    return results_by_id(build)[f"model.perfloop.{model}"]["relation_name"]


def test_every_model_has_as_many_rows_as_on_duckdb(staged, postgres_built):
    models = [unique_id.split(".")[-1] for unique_id in results_by_id(staged.build) if unique_id.startswith("model.")]
    duckdb_counts = {model: query(staged.warehouse, f"SELECT count(*) FROM {relation(staged.build, model)}")[0][0]
                     for model in models}
    postgres_counts = {model: query_postgres(postgres_built.target,
                                             f"select count(*) from {relation(postgres_built.build, model)}")[0][0]
                       for model in models}
    assert postgres_counts == duckdb_counts
    assert duckdb_counts["stg_shopify__orders"] > 1000


@pytest.mark.parametrize("model", SAME_VALUES)
def test_models_hold_the_same_values_as_on_duckdb(staged, postgres_built, model):
    columns = SAME_VALUES[model]
    on_duckdb = in_key_order(query(staged.warehouse, f"SELECT {columns} FROM {relation(staged.build, model)}"))
    on_postgres = in_key_order(query_postgres(postgres_built.target,
                                              f"select {columns} from {relation(postgres_built.build, model)}"))
    assert on_duckdb and len(on_postgres) == len(on_duckdb)
    differing = [(pg, duck) for pg, duck in zip(on_postgres, on_duckdb) if not same_row(pg, duck)]
    assert not differing, differing[:3]


def in_key_order(rows: list[tuple]) -> list[tuple]:
    """Rows ordered by their non-numeric values (the keys), numbers only breaking ties."""
    return sorted(rows, key=lambda row: (str([value for value in row if not is_number(value)]),
                                         str([round(float(value), 3) for value in row if is_number(value)])))


def same_row(left: tuple, right: tuple) -> bool:
    """Engines differ in numeric types (DECIMAL vs numeric, median and division rounding in the last digit), not
    in values."""
    return all(math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6) if is_number(a) and is_number(b)
               else a == b for a, b in zip(left, right))


def is_number(value) -> bool:
    return isinstance(value, (Decimal, float))


def test_the_password_never_shows_in_dbt_output_logs_or_artifacts(postgres_built):
    password = postgres_built.target.password
    written = [path for folder in ("logs", "target") for path in (postgres_built.work / folder).rglob("*")
               if path.is_file()]
    assert written and password not in postgres_built.build.output
    assert not [path for path in written if password in path.read_text(errors="replace")]


def test_a_wrong_password_fails_naming_the_server_but_not_the_password(staged, postgres_server):
    wrong = PostgresTarget(port=postgres_server.port, user="postgres", dbname="perfloop", password="not-Th3-password")
    with pytest.raises(WarehouseError) as failure:
        load_raw_zone(staged.raw_dir, wrong)
    message = str(failure.value)
    assert f"postgres@127.0.0.1:{postgres_server.port}/perfloop" in message and "password authentication" in message
    assert "not-Th3-password" not in message and wrong.password not in repr(wrong)


def test_missing_binaries_skip_with_the_reason_but_fail_in_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"initdb, pg_ctl not found in {tmp_path}"):
        require_postgres_binaries(tmp_path)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI must run the PostgreSQL build"):
        require_postgres_binaries(tmp_path)
