"""The whole night, in process as `perfloop run` does it: load, check each batch, `dbt build`; then a
single-run backfill of a past month, and nights whose failing dbt test or bad batch must leave the last good
marts alone."""

import dataclasses
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
import yaml

from connectors.catalog import RawRecord
from connectors.rawzone import RawZoneWriter
from demo.inbox import INBOX_FILES, export_inbox, inbox_targets
from demo.server import start
from pipelines.cli import main
from pipelines.demo import demo_secrets
from pipelines.instance import dagster_instance
from pipelines.runner import rebuild_months, run_nightly
from settings import load_settings
from tests.checks.bad_data import store_with_negative_order
from tests.connectors.demo_support import demo_options, live_truth, naive_utc

REPO = Path(__file__).resolve().parents[2]
# Seven months of data: quick to load, past months to rebuild, and the first cycle's ratings already dropped
# (a stream that never had a record has no files, which dbt's read_parquet source refuses).
CLOCK = datetime(2025, 2, 15, tzinfo=timezone.utc)
BERLIN = ZoneInfo("Europe/Berlin")
VOLUMES = "SELECT source_system, stream, month_start, records_created FROM fct_source_monthly_volumes ORDER BY ALL"
MODELS = len(list((REPO / "dbt_project" / "models").rglob("*.sql")))


@dataclasses.dataclass(frozen=True)
class Night:
    settings: object
    config: Path
    run: object


@pytest.fixture(scope="module")
def company(request):
    from demo.company import generate

    return generate(request.config.cache.mkdir("perfloop-demo-company-60"), employees=60)


@pytest.fixture(scope="module")
def first_night(company, tmp_path_factory) -> Night:
    """The shipped config moved into a scratch folder, and a first night at CLOCK."""
    work = tmp_path_factory.mktemp("transform")
    raw = yaml.safe_load((REPO / "perfloop.yaml").read_text())
    raw["paths"] = {key: str(work / key) for key in raw["paths"]}
    raw["paths"]["warehouse"] = str(work / "warehouse.duckdb")
    raw["http"].update(timeout_s=5, max_retries=3, backoff_base_s=0.01, backoff_max_s=0.05)
    raw["systems"]["github"]["options"]["repos"] = demo_options(company)["github"]["repos"]
    inbox = inbox_targets(work / "inbox")
    raw["systems"]["files"]["options"] = {f"{name}_path": str(path) for name, path in inbox.items()} | {
        "metrics_path": str(REPO / "metrics.yaml")}
    config = work / "perfloop.yaml"
    config.write_text(yaml.safe_dump(raw))
    settings = load_settings(config)
    with pytest.MonkeyPatch.context() as env:
        env.delenv("DAGSTER_HOME", raising=False)
        for variable, value in demo_secrets(settings).items():
            env.setenv(variable, value)
        yield Night(settings, config, night(company, settings, CLOCK))


def night(store: Path, settings, clock: datetime):
    options = settings.systems["files"].options
    export_inbox(store, {name: Path(options[f"{name}_path"]) for name in INBOX_FILES}, naive_utc(clock))
    with start(store, clock=clock) as server:
        systems = {name: dataclasses.replace(s, base_url=server.base_urls.get(name, s.base_url))
                   for name, s in settings.systems.items()}
        return run_nightly(dataclasses.replace(settings, systems=systems), sources_now=clock)


def warehouse_rows(settings, sql: str = VOLUMES) -> list[tuple]:
    with duckdb.connect(str(settings.paths.warehouse), read_only=True) as warehouse:
        return warehouse.execute(sql).fetchall()


def test_the_first_night_loads_checks_and_builds_the_marts(company, first_night):
    run = first_night.run
    assert run.success, run.failures
    build = run.build
    assert len(build.models_built) == MODELS and "fct_goal_attainment" in build.models_built
    assert build.tests_failed == 0 and build.tests_passed >= 70
    volumes = warehouse_rows(first_night.settings)
    assert build.mart_rows["fct_source_monthly_volumes"] == len(volumes) and build.mart_rows["fct_goal_attainment"]
    # Orders per business month, against the vendor's records as the server showed them at CLOCK.
    created = [naive.replace(tzinfo=timezone.utc).astimezone(BERLIN).date().replace(day=1)
               for (naive,) in _store_rows(company, "SELECT created_at FROM shop_orders", CLOCK)]
    expected = Counter(created)
    assert {month: n for system, stream, month, n in volumes if stream == "orders"} == dict(expected)
    assert len(expected) == 8  # July 2024 to February 2025


def test_status_shows_the_last_build(first_night, capsys):
    assert main(["--config", str(first_night.config), "status"]) == 0
    out = capsys.readouterr().out
    assert f"dbt build (run {first_night.run.run_id[:8]}" in out and ": success;" in out
    assert f"{MODELS} models built" in out and "fct_source_monthly_volumes" in out


def test_a_past_month_rebuilt_from_the_same_raw_data_gives_identical_rows(first_night):
    settings = first_night.settings
    before = warehouse_rows(settings)
    with duckdb.connect(str(settings.paths.warehouse)) as warehouse:  # spoil two months
        warehouse.execute("UPDATE fct_source_monthly_volumes SET records_created = -1 "
                          "WHERE month_start IN ('2024-08-01', '2024-09-01')")

    result = rebuild_months(settings, "2024-08-01", "2024-08-01")

    assert result.success
    rebuilt = [event.materialization for event in result.get_asset_materialization_events()]
    assert [(m.asset_key.to_user_string(), m.partition) for m in rebuilt] == [
        ("fct_source_monthly_volumes", "2024-08-01")]
    after = warehouse_rows(settings)
    august = [row for row in before if str(row[2]) == "2024-08-01"]
    assert [row for row in after if str(row[2]) == "2024-08-01"] == august and august
    # Only the window was rebuilt: September keeps what was there.
    assert {row[3] for row in after if str(row[2]) == "2024-09-01"} == {-1}
    assert [row for row in after if str(row[2]) not in ("2024-08-01", "2024-09-01")] == \
        [row for row in before if str(row[2]) not in ("2024-08-01", "2024-09-01")]


def test_a_failing_dbt_test_blocks_the_marts_downstream(first_night):
    """A record the ingestion checks cannot see as wrong (an order id reused under another key) breaks a
    staging test; dbt fails the step and nothing downstream of it is built."""
    settings = first_night.settings
    orders = settings.paths.raw_dir / "shopify" / "orders"
    existing = pq.read_table(sorted(orders.glob("*.parquet"))[0]).slice(0, 1).to_pylist()[0]
    twin = RawRecord("twin-of-" + existing["record_key"], existing["modified_at"], False, existing["payload"])
    planted = RawZoneWriter(settings.paths.raw_dir, "shopify", "orders", "planted-twin").write([twin], None)
    marts_before = warehouse_rows(settings)
    try:
        run = run_nightly(settings, ["files/ratings"])
    finally:
        planted.unlink()

    assert not run.success
    [failure] = run.failures
    assert failure.startswith("dbt_models: dbt build failed: test unique_stg_shopify__orders_order_id fail")
    assert run.build.tests_failed == 1 and "fct_source_monthly_volumes" not in run.build.models_built
    assert warehouse_rows(settings) == marts_before
    evaluation = _check_evaluation(settings, run.run_id, "stg_shopify__orders", "unique_stg_shopify__orders_order_id")
    assert not evaluation.passed and evaluation.blocking


def test_a_bad_batch_fails_the_night_before_dbt_and_leaves_the_marts_untouched(company, first_night, tmp_path):
    settings = first_night.settings
    later = CLOCK + timedelta(days=1)
    store, bad_order = store_with_negative_order(company, tmp_path / "company.duckdb", naive_utc(later),
                                                 changed_after=naive_utc(CLOCK))
    marts_before = warehouse_rows(settings)
    warehouse_written = settings.paths.warehouse.stat().st_mtime_ns

    run = night(store, settings, later)

    assert not run.success
    [failure] = run.failures
    assert failure.startswith("raw__shopify__orders: shopify/orders: batch of"), failure
    assert "'total_price is at least 0' (critical) failed for 1 of" in failure and bad_order in failure
    assert not run.build.models_built  # dbt never ran
    assert warehouse_rows(settings) == marts_before
    assert settings.paths.warehouse.stat().st_mtime_ns == warehouse_written
    evaluation = _check_evaluation(settings, run.run_id, "raw/shopify/orders", "ingestion_critical")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert evaluation.metadata["failed_rules"].value[0]["sample"] == [{"record_key": bad_order, "total_price": -12.5}]
    assert any((settings.paths.state_dir / "quarantine" / "shopify" / "orders").glob("*.parquet"))


def _store_rows(store: Path, sql: str, clock: datetime) -> list[tuple]:
    visible = "version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock) AND NOT is_deleted"
    live = set(live_truth(store, "shopify/orders", clock))
    with duckdb.connect(str(store), read_only=True) as connection:
        rows = connection.execute(f"{sql.replace('SELECT ', 'SELECT record_id, ', 1)} WHERE {visible}",
                                  {"clock": naive_utc(clock)}).fetchall()
    return [row[1:] for row in rows if row[0] in live]


def _check_evaluation(settings, run_id: str, asset: str, check: str):
    with dagster_instance(settings) as instance:
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = entry.dagster_event.event_specific_data
            if evaluation.asset_key.to_user_string() == asset and evaluation.check_name == check:
                return evaluation
    raise AssertionError(f"no evaluation of {asset} {check} in run {run_id}")
