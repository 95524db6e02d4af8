"""The metric library: the shipped file holds DESIGN §4's metrics; a bad library is refused as a whole with a
message naming the file, each metric and its problem."""

import pytest
import yaml

from connectors.cursors import CursorStore
from connectors.errors import BadFile
from connectors.metric_library import read_metric_library
from connectors.rawzone import latest_records, raw_files
from connectors.sync import sync_stream
from tests.connectors.demo_support import METRIC_LIBRARY
from tests.connectors.goal_support import METRICS, files_endpoint

# DESIGN §4: id → direction
DESIGN_METRICS = {
    "sales_won_amount": "higher", "sales_deals_won": "higher", "sales_win_rate": "higher",
    "sales_avg_deal_size": "higher", "sales_pipeline_created": "higher", "delivery_on_time_rate": "higher",
    "delivery_avg_delay_days": "lower", "delivery_overdue_open": "lower", "delivery_volume": "higher",
    "defect_count": "lower", "defect_rate": "lower", "defect_escape_rate": "lower", "defect_mttr_days": "lower",
    "critical_defects": "lower",
}


def test_the_shipped_library_holds_the_design_metrics():
    metrics = read_metric_library(METRIC_LIBRARY)
    assert {m["id"]: m["direction"] for m in metrics} == DESIGN_METRICS
    by_id = {m["id"]: m for m in metrics}
    assert by_id["sales_win_rate"] | {"definition": "", "source": ""} == {
        "id": "sales_win_rate", "family": "sales", "grain": "employee", "unit": "rate", "direction": "higher",
        "aggregation": "ratio", "is_cumulative": False, "source": "", "definition": "", "min_events": 5}
    assert by_id["defect_mttr_days"]["aggregation"] == "median" and by_id["defect_rate"]["unit"] == "per_100"
    assert all(m["is_cumulative"] == (m["aggregation"] == "sum") for m in metrics if m["id"] != "delivery_overdue_open")
    assert all(len(m["definition"]) < 140 and "\n" not in m["definition"] for m in metrics)


def test_the_library_loads_one_record_per_metric(tmp_path, fast_policy):
    result = sync_stream(METRICS, files_endpoint(tmp_path), fast_policy, tmp_path / "raw", tmp_path / "state")
    assert result.records == 14
    assert sorted(latest_records(tmp_path / "raw", "files", "metrics")["record_key"]) == sorted(DESIGN_METRICS)


def test_a_bad_library_is_refused_with_every_problem(tmp_path, fast_policy):
    metrics = yaml.safe_load(METRIC_LIBRARY.read_text())["metrics"]
    metrics[1]["id"] = metrics[0]["id"]
    metrics[2]["direction"] = "up"
    del metrics[3]["definition"]
    metrics[4]["min_events"] = -1
    bad = tmp_path / "metrics.yaml"
    bad.write_text(yaml.safe_dump({"metrics": metrics}, sort_keys=False))
    with pytest.raises(BadFile) as failure:
        sync_stream(METRICS, files_endpoint(tmp_path, bad), fast_policy, tmp_path / "raw", tmp_path / "state")
    assert str(failure.value) == (
        f"files/metrics: {bad}: 4 problems:\n"
        "  metric sales_win_rate: direction must be one of higher, lower (got 'up')\n"
        "  metric sales_avg_deal_size: missing field 'definition'\n"
        "  metric sales_pipeline_created: min_events must be a whole number ≥ 0 (got -1)\n"
        "  metric sales_won_amount: listed 2 times (ids must be unique) (last committed cursor: none)")
    assert CursorStore(tmp_path / "state").get("files", "metrics") is None
    assert not raw_files(tmp_path / "raw", "files", "metrics")
