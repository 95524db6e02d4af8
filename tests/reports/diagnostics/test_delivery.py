"""The diagnostics of the staged demo company delivered the way a user gets them: `perfloop diagnostics` runs the
Dagster asset, which writes both views; the page renders in Chromium with its charts and sections, the twins
hold every table, and a second run gives the same bytes."""

import json
import re
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.cli import main
from pipelines.instance import dagster_instance
from pipelines.reports.diagnostics import DIAGNOSTICS_KEY
from reports.chromium import rendered_dom, screenshot
from settings import load_settings
from tests.reports.chromium_support import require_chromium
from tests.reports.diagnostics.conftest import CYCLE

REPO_CONFIG = Path(__file__).resolve().parents[3] / "perfloop.yaml"


@pytest.fixture(scope="module")
def delivered(staged, tmp_path_factory):
    """Settings on the staged warehouse, and the output of one `perfloop diagnostics` run."""
    work = tmp_path_factory.mktemp("diagnostics-delivery")
    raw = yaml.safe_load(REPO_CONFIG.read_text())
    raw["paths"].update(data_dir=str(work / "data"), warehouse=str(staged.warehouse), output_dir=str(work / "out"))
    config = work / "perfloop.yaml"
    config.write_text(yaml.safe_dump(raw))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DAGSTER_HOME", raising=False)
        code = main(["--config", str(config), "diagnostics", "--cycle", CYCLE])
    assert code == 0
    return config, work / "out" / "diagnostics" / CYCLE


def test_the_command_writes_both_views_through_the_dagster_asset(delivered, monkeypatch):
    config, folder = delivered
    for view in ("aggregate", "hr"):
        manifest = json.loads((folder / view / "manifest.json").read_text())
        paths = {entry["path"] for entry in manifest["files"]}
        report = json.loads((folder / view / "diagnostics.json").read_text())
        tables = [t for section in report["sections"] for t in section["tables"]]
        assert {"diagnostics.html", "diagnostics.json"} | {t["csv"] for t in tables} | {t["json"] for t in tables} \
            == paths
        for entry in tables:
            rows = json.loads((folder / view / entry["json"]).read_text())["rows"]
            csv_lines = (folder / view / entry["csv"]).read_text().splitlines()
            assert len(rows) == entry["rows"] and len(csv_lines) >= entry["rows"] + 1
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with dagster_instance(load_settings(config)) as instance:
        event = instance.get_latest_materialization_event(DIAGNOSTICS_KEY)
    metadata = event.asset_materialization.metadata
    assert event.dagster_event.partition == "2026-07-01" and metadata["cycle"].value == CYCLE
    assert Path(metadata["aggregate_html"].value) == folder / "aggregate" / "diagnostics.html"
    assert metadata["hr_findings"].value >= metadata["aggregate_findings"].value > 0


def test_each_view_renders_in_chromium_with_its_charts_and_sections(delivered):
    require_chromium()
    _, folder = delivered
    for view in ("aggregate", "hr"):
        page = folder / view / "diagnostics.html"
        dom = rendered_dom(page)
        report = json.loads((folder / view / "diagnostics.json").read_text())
        assert re.findall(r"<h2>(.*?)</h2>", dom) == [s["title"] for s in report["sections"]]
        kinds = set(re.findall(r'<svg[^>]*class="chart (\w+)"', dom))
        assert {"histogram", "boxplot", "radar", "heatmap", "trend", "bar"} <= kinds, kinds
        assert "Privacy: groups under 5 people are suppressed" in dom
        assert not re.search(r"<script|<link|<img|src=", page.read_text(), re.IGNORECASE)
        png = screenshot(page, page.parent.parent / f"{view}.png")
        assert png.stat().st_size > 50_000


def test_a_second_run_writes_the_same_bytes(delivered, monkeypatch):
    config, folder = delivered
    before = {view: (folder / view / "manifest.json").read_bytes() for view in ("aggregate", "hr")}
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert main(["--config", str(config), "diagnostics", "--cycle", CYCLE, "--view", "aggregate"]) == 0
    assert (folder / "aggregate" / "manifest.json").read_bytes() == before["aggregate"]
    assert (folder / "hr" / "manifest.json").read_bytes() == before["hr"]  # the other view left alone
