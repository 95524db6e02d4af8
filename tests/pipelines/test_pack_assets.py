"""The packs in Dagster: cycle partitions named as the marts name cycles, the runs due after a nightly, the assets
downstream of the pack marts, a materialization writing the bundle, and a failed critical check blocking it."""

from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.definitions import build_definitions
from pipelines.reports.assets import CHECKPOINT_PACKS, CYCLE_PACKS, PACK_MARTS
from pipelines.reports.partitions import cycle_id, cycle_of_month, cycle_partitions
from pipelines.reports.schedules import CHECKPOINT_PACKS_JOB, CYCLE_PACKS_JOB, pack_requests
from settings import load_settings
from tests.reports.packs.delivery_support import settings_for

REPO = Path(__file__).resolve().parents[2]


def cycles_config(tmp_path, months, first_start):
    raw = yaml.safe_load((REPO / "perfloop.yaml").read_text())
    raw["review_cycles"].update(months=months, first_start=first_start)
    path = tmp_path / "perfloop.yaml"
    path.write_text(yaml.safe_dump(raw))
    return load_settings(path)


def test_cycle_partitions_follow_the_configured_cycles(tmp_path):
    settings = load_settings(REPO / "perfloop.yaml")
    keys = cycle_partitions(settings).get_partition_keys(current_time=datetime(2026, 10, 2, tzinfo=timezone.utc))
    assert keys == ["2024-07-01", "2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01"]  # the running one too
    assert [cycle_id(key, 6) for key in keys] == ["2024H2", "2025H1", "2025H2", "2026H1", "2026H2"]
    assert cycle_of_month("2026-09-01", settings) == "2026H2" and cycle_of_month("2026-01-01", settings) == "2026H1"
    quarters = cycles_config(tmp_path, 3, "2025-02-01")
    keys = cycle_partitions(quarters).get_partition_keys(current_time=datetime(2025, 12, 15, tzinfo=timezone.utc))
    assert keys == ["2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01"]
    assert cycle_of_month("2025-12-01", quarters) == cycle_id("2025-11-01", 3) == "2025Q4"


def test_runs_due_after_a_nightly():
    settings = load_settings(REPO / "perfloop.yaml")
    october = pack_requests(settings, datetime(2026, 10, 2, 1, tzinfo=timezone.utc), set(), set(), "run-1")
    assert [(r.job_name, r.partition_key) for r in october] == [(CHECKPOINT_PACKS_JOB, "2026-09-01")]
    assert pack_requests(settings, datetime(2026, 10, 3, tzinfo=timezone.utc), {"2026-09-01"}, set()) == []
    # 1 July 02:00 in Berlin is still 30 June in UTC: the zone decides that June, and with it 2026H1, closed
    july = pack_requests(settings, datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), set(), set(), "run-2")
    assert [(r.job_name, r.partition_key) for r in july] == [(CYCLE_PACKS_JOB, "2026-01-01")]
    assert pack_requests(settings, datetime(2026, 7, 5, tzinfo=timezone.utc), set(), {"2026-01-01"}) == []


def test_pack_assets_sit_downstream_of_the_marts_they_read():
    defs = build_definitions(load_settings(REPO / "perfloop.yaml"))
    graph = defs.resolve_asset_graph()
    for key in (CYCLE_PACKS, CHECKPOINT_PACKS):
        node = graph.get(key)
        assert node.parent_keys == {dg.AssetKey(mart) for mart in PACK_MARTS}
        assert node.group_name == "reports" and node.description and node.owners == ["team:people"]
    dbt_models = {key for key in graph.get_all_asset_keys() if graph.get(key).group_name == "marts"}
    assert {dg.AssetKey(mart) for mart in PACK_MARTS} <= dbt_models
    sensor = defs.resolve_sensor_def("packs_after_nightly")
    assert {target.job_name for target in sensor.targets} == {CYCLE_PACKS_JOB, CHECKPOINT_PACKS_JOB}
    assert defs.resolve_job_def("nightly").asset_layer.executable_asset_keys.isdisjoint({CYCLE_PACKS, CHECKPOINT_PACKS})


@pytest.fixture(scope="module")
def pack_settings(staged, tmp_path_factory):
    return settings_for(staged.warehouse, tmp_path_factory.mktemp("pack-assets"))


def test_the_cycle_packs_asset_materializes(pack_settings):
    defs = build_definitions(pack_settings)
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(CYCLE_PACKS_JOB).execute_in_process(partition_key="2026-01-01", instance=instance)
        assert result.success
        metadata = result.get_asset_materialization_events()[0].materialization.metadata
    hr_index = pack_settings.paths.output_dir / "packs" / "2026H1" / "cycle" / "hr" / "index.html"
    assert metadata["hr_index"].value == str(hr_index) and hr_index.exists()
    assert metadata["pack_count"].value > 50 and metadata["manager_bundles"].value > 5


def test_a_failed_critical_check_blocks_the_packs_and_keeps_the_last_good_ones(pack_settings):
    defs = build_definitions(pack_settings)
    graph = defs.resolve_asset_graph()
    check = next(key for key in sorted(graph.asset_check_keys, key=str)
                 if key.asset_key == dg.AssetKey("fct_pack_goals") and graph.get_check_spec(key).blocking)
    job = defs.resolve_job_def(CHECKPOINT_PACKS_JOB)
    bundle = pack_settings.paths.output_dir / "packs" / "2026H2" / "checkpoints" / "2026-09"
    with dg.DagsterInstance.ephemeral() as instance:
        assert job.execute_in_process(partition_key="2026-09-01", instance=instance).success
        good = (bundle / "manifest.json").read_bytes()
        instance.report_runless_asset_event(dg.AssetCheckEvaluation(
            asset_key=check.asset_key, check_name=check.name, passed=False, severity=dg.AssetCheckSeverity.ERROR))
        blocked = job.execute_in_process(partition_key="2026-09-01", instance=instance, raise_on_error=False)
    assert not blocked.success
    failure = next(event for event in blocked.all_events if event.is_step_failure)
    assert "blocked: critical checks failed" in failure.step_failure_data.error.message
    assert check.name in failure.step_failure_data.error.message
    assert (bundle / "manifest.json").read_bytes() == good
