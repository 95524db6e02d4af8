"""dbt staging over a raw zone loaded by the real connectors: what the warehouse shows is what the vendors show."""

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.connectors.demo_support import naive_utc
from tests.dbt.dbt_support import CLOCK, DBT_PROJECT, query

BERLIN = ZoneInfo("Europe/Berlin")
VISIBLE = "version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock) AND NOT is_deleted"
# Staging model (and the rows that count) → its key, and the store's records a client sees at the clock.
LIVE_RECORDS = {
    "stg_salesforce__opportunities": ("opportunity_id", f"SELECT record_id FROM sf_opportunities WHERE {VISIBLE}"),
    "stg_salesforce__users": ("user_id", f"SELECT record_id FROM sf_users WHERE {VISIBLE}"),
    "stg_hubspot__deals": ("deal_id", f"SELECT record_id FROM hs_deals WHERE {VISIBLE}"),
    "stg_hubspot__owners": ("owner_id", "SELECT record_id FROM hs_owners "  # archived owners stay, flagged
                                           "WHERE version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock)"),
    "stg_hubspot__pipeline_stages": ("stage_id", "SELECT stage_id FROM hs_pipeline_stages"),
    "stg_jira__issues": ("issue_id", f"SELECT record_id FROM jira_issues WHERE {VISIBLE}"),
    "stg_jira__users": ("account_id", f"SELECT record_id FROM jira_users WHERE {VISIBLE}"),
    "stg_github__issues": ("issue_id", f"SELECT CAST(id AS VARCHAR) FROM gh_issues WHERE {VISIBLE} "
                                       "AND NOT is_pull_request AND list_contains(labels, 'bug')"),
    "stg_shopify__orders": ("order_id", f"SELECT CAST(id AS VARCHAR) FROM shop_orders WHERE {VISIBLE}"),
    "stg_shopify__locations": ("location_id", "SELECT CAST(id AS VARCHAR) FROM shop_locations"),
    "stg_hris__employees WHERE is_latest_snapshot": (
        "employee_id", "SELECT employee_id FROM hris_employees WHERE created_at <= $clock"),
    "stg_hris__job_history": ("employee_id || '|' || CAST(effective_date AS VARCHAR)",
                              "SELECT employee_id || '|' || CAST(effective_date AS VARCHAR) FROM hris_job_history "
                              "WHERE recorded_at <= $clock"),
    "stg_files__ratings": ("employee_id || '|' || review_cycle",
                           "SELECT employee_id || '|' || cycle FROM ratings WHERE recorded_at <= $clock"),
    "stg_files__journal_entries": ("entry_id", "SELECT entry_id FROM journal WHERE recorded_at <= $clock"),
    "stg_files__identity_overrides": ("system || '|' || external_id || '|' || employee_id",
                                      "SELECT system || '|' || external_id || '|' || employee_id "
                                      "FROM identity_overrides"),
    "stg_files__fx_rates": ("CAST(rate_month AS VARCHAR) || currency_code || CAST(CAST(rate_to_company_currency AS DOUBLE) AS VARCHAR)",
                            "SELECT CAST(month AS VARCHAR) || currency || CAST(rate_to_eur AS VARCHAR) FROM fx_rates "
                            "WHERE month <= $clock"),
    "stg_files__team_ownership": ("owned_kind || '|' || owned_key || '|' || team_id",
                                  "SELECT 'component|' || component || '|' || team_id FROM components UNION ALL "
                                  "SELECT 'label|' || github_label || '|' || team_id FROM components UNION ALL "
                                  "SELECT 'location|' || CAST(id AS VARCHAR) || '|' || team_id FROM shop_locations"),
}


def at_clock(store, sql: str, first_clock: datetime | None = None) -> list[tuple]:
    """Query the demo store with $clock (and $first, the first load's clock) as naive UTC."""
    params = {name: naive_utc(value) for name, value in (("clock", CLOCK), ("first", first_clock))
              if f"${name}" in sql}
    return query(store, sql, params)


def berlin_date(utc: datetime | None):
    return utc.replace(tzinfo=timezone.utc).astimezone(BERLIN).date() if utc else None


def test_dbt_build_passes_models_data_tests_and_unit_tests(staged):
    build = staged.build
    failed = [(result["unique_id"], result["status"], result["message"]) for result in build.results
              if result["status"] not in ("success", "pass")]
    assert build.returncode == 0 and not failed, failed or build.output[-3000:]
    kinds = [result["unique_id"].split(".")[0] for result in build.results]
    models = len(list((DBT_PROJECT / "models").rglob("*.sql")))
    assert kinds.count("model") == models and kinds.count("unit_test") >= 22 and kinds.count("test") >= 150


@pytest.mark.parametrize("model", LIVE_RECORDS)
def test_staging_holds_exactly_the_records_the_vendor_shows(company, staged, model):
    warehouse = staged.warehouse
    key, truth_sql = LIVE_RECORDS[model]
    staged_keys = [row[0] for row in query(warehouse, f"SELECT {key} FROM {model}")]
    expected = [row[0] for row in at_clock(company, truth_sql)]
    assert expected and sorted(staged_keys) == sorted(expected)


def test_an_opportunity_deleted_after_the_first_load_is_gone(company, staged):
    raw_dir, warehouse = staged.raw_dir, staged.warehouse
    deleted = {row[0] for row in at_clock(company, """
        SELECT gone.record_id FROM sf_opportunities AS gone
        WHERE gone.is_deleted AND gone.version_at > $first AND gone.version_at <= $clock
          AND EXISTS (SELECT 1 FROM sf_opportunities AS live WHERE live.record_id = gone.record_id
                      AND NOT live.is_deleted AND live.version_at <= $first)""", staged.first_clock)}
    assert deleted, "the demo company must delete some opportunity between the two loads"
    raw = f"read_parquet('{raw_dir}/salesforce/opportunities/*.parquet')"
    loaded_live = {row[0] for row in query(warehouse, f"SELECT DISTINCT record_key FROM {raw} WHERE NOT is_deleted")}
    staged_ids = {row[0] for row in query(warehouse, "SELECT opportunity_id FROM stg_salesforce__opportunities")}
    assert deleted <= loaded_live
    assert not deleted & staged_ids


def test_opportunities_show_their_latest_stage_amount_and_owner(company, staged):
    warehouse = staged.warehouse
    columns = "StageName, round(Amount, 2), CloseDate, OwnerId, IsWon"
    expected = {row[0]: row[1:] for row in at_clock(company, f"SELECT record_id, {columns} FROM sf_opportunities "
                                                              f"WHERE {VISIBLE}")}
    staged_rows = {row[0]: row[1:] for row in query(
        warehouse, "SELECT opportunity_id, stage_name, round(amount, 2), close_date, owner_user_id, is_won "
                   "FROM stg_salesforce__opportunities")}
    changed = {row[0] for row in at_clock(company, f"SELECT record_id FROM sf_opportunities WHERE {VISIBLE} "
                                                   "AND version_at > $first AND CreatedDate <= $first",
                                             staged.first_clock)}
    assert changed, "some opportunities must have changed between the loads"
    assert {key: tuple(map(float_or_same, row)) for key, row in staged_rows.items()} == \
           {key: tuple(map(float_or_same, row)) for key, row in expected.items()}


def float_or_same(value):
    return float(value) if isinstance(value, (Decimal, float)) else value


def test_hubspot_amounts_are_numbers_not_strings(company, staged):
    warehouse = staged.warehouse
    column_type = query(warehouse, "SELECT data_type FROM information_schema.columns "
                                   "WHERE table_name = 'stg_hubspot__deals' AND column_name = 'amount'")[0][0]
    assert column_type.startswith("DECIMAL")
    total, missing = query(warehouse, "SELECT sum(amount), count(*) - count(amount) FROM stg_hubspot__deals")[0]
    expected_total, expected_missing = at_clock(
        company, f"SELECT sum(round(amount, 2)), count(*) - count(amount) FROM hs_deals WHERE {VISIBLE}")[0]
    assert float(total) == pytest.approx(expected_total, abs=0.01)
    assert missing == expected_missing


def test_jira_times_are_utc_and_business_dates_are_berlin_dates(company, staged):
    warehouse = staged.warehouse
    expected = {row[0]: row[1:] for row in at_clock(
        company, f"SELECT record_id, created, resolutiondate FROM jira_issues WHERE {VISIBLE}")}
    rows = query(warehouse, "SELECT issue_id, created_at, created_date, resolved_at, resolved_date "
                            "FROM stg_jira__issues")
    assert {issue: (created, resolved) for issue, created, _, resolved, _ in rows} == expected
    assert all(created_date == berlin_date(created) and resolved_date == berlin_date(resolved)
               for _, created, created_date, resolved, resolved_date in rows)


def test_hubspot_close_dates_are_berlin_dates_of_the_close_time(company, staged):
    warehouse = staged.warehouse
    expected = {deal: berlin_date(closed) for deal, closed in at_clock(
        company, f"SELECT record_id, closedate FROM hs_deals WHERE {VISIBLE}")}
    assert dict(query(warehouse, "SELECT deal_id, close_date FROM stg_hubspot__deals")) == expected


def test_orders_carry_promise_delivery_and_location(company, staged):
    warehouse = staged.warehouse
    expected = {row[0]: row[1:] for row in at_clock(company, f"""
        SELECT CAST(id AS VARCHAR), promised_date, date_trunc('second', delivered_at), shipment_status,
               CAST(location_id AS VARCHAR), cancelled_at IS NOT NULL
        FROM shop_orders WHERE {VISIBLE}""")}
    rows = query(warehouse, "SELECT order_id, promised_date, delivered_at, shipment_status, location_id, "
                            "is_cancelled, delivered_date FROM stg_shopify__orders")
    assert {row[0]: row[1:6] for row in rows} == expected
    on_time = sum(1 for row in rows if row[6] is not None and row[6] <= row[1])
    expected_on_time = at_clock(company, f"SELECT count(*) FROM shop_orders WHERE {VISIBLE} "
                                         "AND CAST(delivered_at AS DATE) <= promised_date")[0][0]
    assert on_time == expected_on_time > 0


def test_orders_placed_late_in_the_utc_evening_fall_on_the_next_berlin_day(staged):
    rows = query(staged.warehouse, "SELECT created_at, created_date FROM stg_shopify__orders")
    assert all(created_date == berlin_date(created) for created, created_date in rows)
    next_day = [created for created, created_date in rows if created.date() != created_date]
    assert next_day and all(created.hour >= 22 for created in next_day)


def test_latest_hris_snapshot_shows_each_persons_current_team_and_manager(company, staged):
    warehouse = staged.warehouse
    clock_date = berlin_date(naive_utc(CLOCK))
    expected = {row[0]: row[1:] for row in at_clock(company, """
        SELECT e.employee_id, lower(e.email), j.team_id, j.manager_id
        FROM hris_employees AS e
        JOIN hris_job_history AS j ON j.employee_id = e.employee_id
        WHERE e.created_at <= $clock
        QUALIFY row_number() OVER (PARTITION BY e.employee_id
                                   ORDER BY j.effective_date <= $clock_date DESC, j.effective_date DESC) = 1
        """.replace("$clock_date", f"DATE '{clock_date}'"))}
    rows = query(warehouse, "SELECT employee_id, email, team_id, manager_id FROM stg_hris__employees "
                            "WHERE is_latest_snapshot")
    assert {row[0]: row[1:] for row in rows} == expected
