"""The diagnostics charts: what a reader sees (bars, boxes, polygons, lines, labels), what they never see (a
suppressed value drawn as zero, raw markup from source data), and the same bytes for the same data."""

import re

import pandas as pd
import pytest

from reports.charts.bar import bar
from reports.charts.boxplot import boxplot
from reports.charts.heatmap import heatmap, shade
from reports.charts.histogram import histogram
from reports.charts.radar import radar
from reports.charts.trend import trend



def _histogram():
    return pd.DataFrame({"group": ["Org"] * 3 + ["Tiny"] * 3, "bin_start": [0.0, 0.5, 1.0] * 2,
                         "bin_end": [0.5, 1.0, 1.5] * 2, "count": [4, 9, 2, None, None, None]})


def _boxplot():
    return pd.DataFrame({"group": ["Org", "Sales", "Tiny"], "n": [30, 12, None], "low": [0.2, 0.4, None],
                         "p25": [0.7, 0.8, None], "median": [0.9, 1.0, None], "p75": [1.1, 1.2, None],
                         "high": [1.4, 1.5, None]})


def _radar():
    rows = [("A", "sales", 1.2), ("A", "delivery", 0.8), ("A", "quality", 0.5),
            ("B", "sales", 0.9), ("B", "delivery", None), ("B", "quality", 1.0)]
    return pd.DataFrame(rows, columns=["group", "axis", "value"])


def _heatmap():
    rows = [("Sales", "win_rate", 0.4, "40%"), ("Sales", "defect_count", None, None),
            ("Delivery", "win_rate", 0.9, "90%"), ("Delivery", "defect_count", 0.1, "10%")]
    return pd.DataFrame(rows, columns=["row", "column", "value", "label"])


def _trend():
    return pd.DataFrame({"x": ["2026-01", "2026-02", "2026-03", "2026-01", "2026-02", "2026-03"],
                         "y": [0.8, None, 0.9, 1.0, 1.1, 1.2], "group": ["North"] * 3 + ["South"] * 3})


def _bar():
    return pd.DataFrame({"label": ["Mgr A", "Mgr B", "Tiny"], "value": [0.15, -0.05, None],
                         "low": [0.05, -0.2, None], "high": [0.25, 0.1, None], "flagged": [True, False, False]})


CHARTS = {"histogram": (histogram, _histogram), "boxplot": (boxplot, _boxplot), "radar": (radar, _radar),
          "heatmap": (heatmap, _heatmap), "trend": (trend, _trend), "bar": (bar, _bar)}


def _texts(markup) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", str(markup))


@pytest.mark.parametrize("kind", CHARTS)
def test_each_chart_is_one_titled_svg_and_identical_for_identical_data(kind):
    draw, data = CHARTS[kind]
    first, second = str(draw(data(), "A title")), str(draw(data(), "A title"))
    assert first == second
    assert first.startswith("<svg") and first.count("<svg") == 1 and "<title>A title</title>" in first
    assert ">nan<" not in first.lower() and "\"nan\"" not in first.lower()


@pytest.mark.parametrize("kind", CHARTS)
def test_source_text_in_a_chart_is_escaped(kind):
    draw, data = CHARTS[kind]
    frame = data()
    column = {"histogram": "group", "boxplot": "group", "radar": "group", "heatmap": "row", "trend": "group",
              "bar": "label"}[kind]
    frame[column] = frame[column].replace({frame[column].iloc[0]: "<script>x</script>"})
    markup = str(draw(frame, "<b>title</b>"))
    assert "<script>" not in markup and "<b>" not in markup and "&lt;script&gt;" in markup


def test_histogram_draws_a_bar_per_counted_bin_and_words_for_a_suppressed_group():
    markup = str(histogram(_histogram(), "Attainment"))
    assert markup.count("<rect") == 3
    assert "suppressed" in _texts(markup) and {"Org", "Tiny"} <= set(_texts(markup))


def test_boxplot_labels_each_group_with_its_size_and_suppresses_without_drawing():
    markup = str(boxplot(_boxplot(), "Attainment", reference=1.0))
    texts = _texts(markup)
    assert {"Org (n=30)", "Sales (n=12)", "Tiny (n=–)", "suppressed", "reference 1"} <= set(texts)
    assert markup.count("<rect") == 2  # one box per unsuppressed group


def test_radar_has_a_panel_per_group_and_marks_a_missing_axis():
    markup = str(radar(_radar(), "Families"))
    texts = _texts(markup)
    assert {"A", "B", "delivery –", "sales", "quality"} <= set(texts)
    value_polygons = [p for p in re.findall(r"<polygon[^>]*>", markup) if "fill-opacity" in p]
    assert len(value_polygons) == 2
    assert value_polygons[1].count(",") == 2  # B: two axes with values, the missing one not drawn at zero


def test_heatmap_prints_every_cell_and_a_dash_for_a_missing_one():
    texts = _texts(heatmap(_heatmap(), "Department x metric"))
    assert {"40%", "90%", "10%", "–", "Sales", "Delivery", "win_rate", "defect_count"} <= set(texts)
    assert shade(0) == "#f2f5f9" and shade(1) == "#1f4e79"


def test_trend_breaks_a_line_at_a_missing_point_and_tells_lines_apart_without_colour():
    markup = str(trend(_trend(), "By region", reference=1.0))
    lines = re.findall(r"<polyline[^>]*>", markup)
    assert len(lines) == 1  # North has no two consecutive points; South is one line
    legend_samples = [m for m in re.findall(r"<line[^>]*>", markup) if "stroke-width=\"2\"" in m]
    assert len(legend_samples) == 2 and "stroke-dasharray" in legend_samples[1]
    assert {"North", "South", "2026-01", "2026-03"} <= set(_texts(markup))


def test_bar_prints_values_with_intervals_and_marks_flags_in_words():
    texts = _texts(bar(_bar(), "Effect"))
    assert {"◆ Mgr A", "Mgr B", "0.15 [0.05, 0.25]", "-0.05 [-0.2, 0.1]", "suppressed"} <= set(texts)
    assert "◆ bold = flagged" in texts


def test_a_chart_of_hundreds_of_groups_draws_the_first_ones_and_says_so():
    teams = [f"Team {i:03d}" for i in range(300)]
    boxes = pd.DataFrame({"group": teams, "n": 8, "low": 0.5, "p25": 0.8, "median": 1.0, "p75": 1.2, "high": 1.4})
    markup = str(boxplot(boxes, "Teams"))
    assert markup.count("<rect") == 40 and "the first 40 of 300 rows drawn; the table lists all" in _texts(markup)
    families = pd.DataFrame([(t, a, 1.0) for t in teams for a in ("sales", "delivery", "quality")],
                            columns=["group", "axis", "value"])
    markup = str(radar(families, "Families"))
    assert "Team 011" in _texts(markup) and "Team 012" not in _texts(markup)
    assert "the first 12 of 300 groups drawn; the table lists all" in _texts(markup)
