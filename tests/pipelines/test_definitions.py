"""The Dagster code location loads: raw assets per stream, the nightly job and its schedule."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import yaml

from connectors.catalog import STREAMS
from pipelines.definitions import build_definitions
from settings import load_settings

REPO = Path(__file__).resolve().parents[2]


def settings_with_schedule(tmp_path: Path, time: str, zone: str):
    raw = yaml.safe_load((REPO / "perfloop.yaml").read_text())
    raw["schedule"] = {"time": time, "timezone": zone}
    path = tmp_path / "perfloop.yaml"
    path.write_text(yaml.safe_dump(raw))
    return load_settings(path)


def test_every_stream_is_a_raw_asset_with_description_and_owner():
    defs = build_definitions(load_settings(REPO / "perfloop.yaml"))
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {f"raw/{s.system}/{s.name}" for s in STREAMS} <= keys
    for spec in STREAMS:
        node = graph.get(dg.AssetKey(["raw", spec.system, spec.name]))
        assert node.description and node.owners == ["team:data"]


def test_schedule_cron_and_zone_come_from_the_config(tmp_path):
    defs = build_definitions(settings_with_schedule(tmp_path, "03:45", "America/New_York"))
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.cron_schedule == "45 3 * * *"
    assert schedule.execution_timezone == "America/New_York"
    assert schedule.job_name == "nightly"


def test_workspace_module_loads_the_same_definitions(monkeypatch):
    monkeypatch.setenv("PERFLOOP_CONFIG", str(REPO / "perfloop.yaml"))
    from pipelines import definitions

    loaded = definitions.defs()
    assert loaded.resolve_job_def("nightly") is not None
    assert loaded.resolve_schedule_def("nightly_schedule").cron_schedule == "0 2 * * *"


def test_secrets_are_env_vars_not_values():
    defs = build_definitions(load_settings(REPO / "perfloop.yaml"))
    salesforce = defs.resources["salesforce"]
    assert salesforce.secret == dg.EnvVar("PERFLOOP_SALESFORCE_TOKEN")


def test_dbt_models_join_the_raw_assets_in_one_graph():
    graph = build_definitions(load_settings(REPO / "perfloop.yaml")).resolve_asset_graph()
    sources = {
        "stg_shopify__orders": ["raw", "shopify", "orders"],
        "stg_salesforce__opportunities": ["raw", "salesforce", "opportunities"],
        "stg_hris__job_history": ["raw", "hris", "job_history"],
        "stg_files__ratings": ["raw", "files", "ratings"],
    }
    for model, raw_key in sources.items():
        node = graph.get(dg.AssetKey(model))
        assert node.parent_keys == {dg.AssetKey(raw_key)}, model
        assert node.group_name == "staging" and node.owners == ["team:data"] and node.description
    mart = graph.get(dg.AssetKey("fct_source_monthly_volumes"))
    assert dg.AssetKey("stg_shopify__orders") in mart.parent_keys and mart.group_name == "marts"


def test_checks_gate_every_layer_and_critical_ones_block():
    graph = build_definitions(load_settings(REPO / "perfloop.yaml")).resolve_asset_graph()
    checks = {(key.asset_key.to_user_string(), key.name): graph.get_check_spec(key) for key in graph.asset_check_keys}
    for spec in STREAMS:
        raw = f"raw/{spec.system}/{spec.name}"
        assert checks[(raw, "ingestion_critical")].blocking, raw
        assert not checks[(raw, "ingestion_warnings")].blocking, raw
    critical_orders = checks[("raw/shopify/orders", "ingestion_critical")].description
    assert "total_price is at least 0" in critical_orders and "known ISO 4217 currency code" in critical_orders
    # dbt tests are checks on the models they test; `error` severity (the default) blocks.
    assert checks[("stg_shopify__orders", "unique_stg_shopify__orders_order_id")].blocking
    assert ("fct_source_monthly_volumes", "not_null_fct_source_monthly_volumes_month_start") in checks


def test_the_nightly_job_loads_then_builds_with_monthly_marts_backfilled_in_one_run():
    defs = build_definitions(load_settings(REPO / "perfloop.yaml"))
    job = defs.resolve_job_def("nightly")
    selected = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
    assert {f"raw/{s.system}/{s.name}" for s in STREAMS} <= selected
    assert {"stg_shopify__orders", "stg_hris__employees", "fct_source_monthly_volumes"} <= selected
    monthly = defs.resolve_assets_def(dg.AssetKey("fct_source_monthly_volumes"))
    assert isinstance(monthly.partitions_def, dg.MonthlyPartitionsDefinition)
    assert monthly.partitions_def.get_first_partition_key() == "2024-07-01"
    assert monthly.backfill_policy == dg.BackfillPolicy.single_run()
    staging = defs.resolve_assets_def(dg.AssetKey("stg_shopify__orders"))
    assert staging.partitions_def is None


def test_the_schedule_asks_for_the_months_never_built_then_the_open_ones():
    defs = build_definitions(load_settings(REPO / "perfloop.yaml"))
    schedule = defs.resolve_schedule_def("nightly_schedule")
    night = datetime(2026, 10, 15, 2, tzinfo=ZoneInfo("Europe/Berlin"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=night)
        [first] = schedule.evaluate_tick(context).run_requests
        assert first.partition_key_range == dg.PartitionKeyRange("2024-07-01", "2026-10-01")
        months = defs.resolve_assets_def(dg.AssetKey("fct_source_monthly_volumes")).partitions_def
        for month in months.get_partition_keys(current_time=night):
            instance.report_runless_asset_event(dg.AssetMaterialization("fct_source_monthly_volumes", partition=month))
        [later] = schedule.evaluate_tick(context).run_requests
        assert later.partition_key_range == dg.PartitionKeyRange("2026-09-01", "2026-10-01")
