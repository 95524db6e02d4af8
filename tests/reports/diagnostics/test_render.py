"""The diagnostics report as a reader gets it: one self-contained page per view that a browser renders with
its charts, twins that hold the tables' values, source text escaped, and the same bytes on a rebuild."""

import io
import json
import re

import pandas as pd
import pytest

from reports.chromium import rendered_dom, screenshot
from reports.diagnostics.deliver import write_view
from reports.diagnostics.model import Table
from tests.reports.chromium_support import require_chromium
from tests.reports.diagnostics.sample import HOSTILE_TEAM, sample_diagnostics

CHARTED_TABLES = 6  # one per chart kind in the sample


@pytest.fixture
def written(tmp_path):
    return write_view(sample_diagnostics(), tmp_path / "output")


def _tables(diagnostics) -> list[Table]:
    return [t for section in diagnostics.sections for t in section.tables]


def test_a_view_is_written_as_page_twins_and_manifest_in_its_cycle_folder(written, tmp_path):
    assert written == tmp_path / "output" / "diagnostics" / "2026H1" / "aggregate"
    manifest = json.loads((written / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    stems = [t.id for t in _tables(sample_diagnostics())]
    assert listed == {"diagnostics.html", "diagnostics.json"} | {f"tables/{s}.{ext}" for s in stems
                                                                 for ext in ("csv", "json")}
    report = json.loads((written / "diagnostics.json").read_text())
    assert report["view"] == "aggregate" and report["min_group_size"] == 5
    assert [f["subject"] for s in report["sections"] for f in s["findings"]] == ["Team Easy", "South"]


def test_csv_and_json_twins_hold_the_tables_values(written):
    for table in _tables(sample_diagnostics()):
        text_columns = {c: str for c in table.frame.columns if not pd.api.types.is_numeric_dtype(table.frame[c])}
        from_csv = pd.read_csv(io.StringIO((written / "tables" / f"{table.id}.csv").read_text()),
                               keep_default_na=False, na_values=[""], dtype=text_columns)
        twin = json.loads((written / "tables" / f"{table.id}.json").read_text())
        assert list(from_csv.columns) == list(table.frame.columns) == twin["columns"]
        for column in table.frame.columns:
            expected = table.frame[column].tolist()
            if pd.api.types.is_numeric_dtype(table.frame[column]):
                assert from_csv[column].tolist() == pytest.approx(expected, nan_ok=True), (table.id, column)
                assert [r[column] for r in twin["rows"]] == [None if pd.isna(v) else pytest.approx(v)
                                                            for v in expected]
            else:
                shown = [None if pd.isna(v) else v for v in from_csv[column]]
                assert shown == [None if pd.isna(v) else ("'" + v if str(v).startswith("=") else v)
                                 for v in expected], (table.id, column)


def test_the_page_is_self_contained_and_escapes_source_text(written):
    html = (written / "diagnostics.html").read_text()
    assert HOSTILE_TEAM not in html and "&lt;script&gt;alert(" in html
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|@import", html, re.IGNORECASE)
    assert not re.search(r'href="(?!#|tables/)', html)  # only in-page anchors and the twins beside it
    assert html.index("Privacy: groups under 5 people are suppressed") < html.index('<section id=')


def test_flagged_rows_are_marked_in_the_table(written):
    html = (written / "diagnostics.html").read_text()
    flagged = re.findall(r'<tr class="flagged">(.*?)</tr>', html, re.DOTALL)
    assert len(flagged) == 1 and "Team Easy" in flagged[0] and "◆" in flagged[0]


def test_a_rebuild_from_the_same_data_is_byte_identical(tmp_path):
    first = write_view(sample_diagnostics(), tmp_path / "a")
    second = write_view(sample_diagnostics(), tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_failed_write_keeps_the_last_good_report(written):
    before = (written / "manifest.json").read_bytes()
    broken = sample_diagnostics()
    broken.sections[0].tables.append(broken.sections[0].tables[0])  # a duplicate file name fails the write
    with pytest.raises(ValueError, match="share the file name"):
        write_view(broken, written.parents[2])
    assert (written / "manifest.json").read_bytes() == before


def test_the_report_renders_in_headless_chromium_with_its_charts(written, tmp_path):
    require_chromium()
    dom = rendered_dom(written / "diagnostics.html")
    assert len(re.findall(r'<svg[^>]*class="chart ', dom)) == CHARTED_TABLES
    for kind in ("histogram", "boxplot", "radar", "heatmap", "trend", "bar"):
        assert f'class="chart {kind}"' in dom
    headings = re.findall(r"<h2>(.*?)</h2>", dom)
    assert headings == ["Distribution of overall attainment", "Calibration signals", "Business lens"]
    png = screenshot(written / "diagnostics.html", tmp_path / "page.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_cells_print_numbers_plainly():
    from datetime import datetime

    from reports.diagnostics.render import cell_text

    assert [cell_text(v) for v in (1234.0, 0.5, 0.12345, -1.11e-16, float("nan"), None, True, 12345.678)] == \
        ["1,234", "0.5", "0.123", "0", "–", "–", "yes", "12,346"]
    assert cell_text(pd.Timestamp("2026-06-30 23:10:05")) == "2026-06-30 23:10 UTC"
    assert cell_text(datetime(2026, 6, 30, 23, 10)) == "2026-06-30 23:10 UTC"
