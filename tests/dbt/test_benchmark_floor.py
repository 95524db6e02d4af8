"""The transform benchmark's floor does the same work as dbt: its one hand-written DuckDB query over the raw zone
gives exactly fct_metric_values' monthly per-employee values."""

from benchmarks.floor import compare_with_marts, measure_floor


def test_the_floor_query_gives_the_marts_monthly_per_employee_values(staged, tmp_path):
    measured = measure_floor(staged.raw_dir, tmp_path / "floor.parquet")
    agreement = compare_with_marts(tmp_path / "floor.parquet", staged.warehouse)
    assert agreement["floor_rows"] == agreement["mart_rows"] == agreement["agreeing_rows"] > 1000
    assert measured.seconds > 0 and measured.peak_rss_mb > 50
