"""The Dagster code location loads: raw assets per stream, the nightly job and its schedule."""

from pathlib import Path

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
