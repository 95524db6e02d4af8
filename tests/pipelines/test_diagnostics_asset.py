"""The diagnostics asset: partitioned by cycle, downstream of the marts, and blocked by a failed critical check
(the CLI runs it in the same instance, so the last good report stays and the check is named)."""

from pathlib import Path

import dagster as dg

from pipelines.cli import main
from pipelines.definitions import build_definitions
from pipelines.instance import dagster_instance
from pipelines.reports.diagnostics import DIAGNOSTICS_KEY
from pipelines.reports.gate import blocking_checks_upstream
from settings import load_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "perfloop.yaml"


def test_the_asset_is_partitioned_by_cycle_and_downstream_of_the_marts():
    graph = build_definitions(load_settings(REPO_CONFIG)).resolve_asset_graph()
    node = graph.get(DIAGNOSTICS_KEY)
    assert "2026-01-01" in node.partitions_def.get_partition_keys()  # 2026H1, keyed by its first day
    assert {"fct_employee_attainment", "fct_goal_attainment", "dim_employee", "fct_source_freshness"} <= \
        {key.to_user_string() for key in node.parent_keys}
    assert node.group_name == "reports" and node.description
    nightly = build_definitions(load_settings(REPO_CONFIG)).resolve_job_def("nightly")
    assert DIAGNOSTICS_KEY not in nightly.asset_layer.asset_graph.get_all_asset_keys()  # cycles, not months


def test_a_failed_critical_check_blocks_the_report_and_keeps_the_last_one(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    config = tmp_path / "perfloop.yaml"
    config.write_text(REPO_CONFIG.read_text())
    settings = load_settings(config)
    last_good = settings.paths.output_dir / "diagnostics" / "2026H1" / "aggregate" / "diagnostics.html"
    last_good.parent.mkdir(parents=True)
    last_good.write_text("last good report")
    assets = build_definitions(settings).assets
    critical = blocking_checks_upstream(assets, [dg.AssetKey("fct_employee_attainment")])
    failing = next(key for key in critical if key.asset_key.to_user_string() == "fct_employee_attainment")
    with dagster_instance(settings) as instance:
        instance.report_runless_asset_event(dg.AssetCheckEvaluation(
            asset_key=failing.asset_key, check_name=failing.name, passed=False,
            severity=dg.AssetCheckSeverity.ERROR))

    code = main(["--config", str(config), "diagnostics", "--cycle", "2026H1"])

    err = capsys.readouterr().err
    assert code == 1
    assert "blocked: critical checks failed upstream" in err and failing.to_user_string() in err
    assert last_good.read_text() == "last good report"


def test_an_unknown_cycle_lists_the_cycles(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    config = tmp_path / "perfloop.yaml"
    config.write_text(REPO_CONFIG.read_text())
    assert main(["--config", str(config), "diagnostics", "--cycle", "2031H7"]) == 2
    err = capsys.readouterr().err
    assert "no review cycle '2031H7'" in err and "2024H2" in err
