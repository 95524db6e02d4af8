"""The aggregate view names no one; the HR view does; every section is present in both."""

import duckdb

from reports.diagnostics.build import build_diagnostics
from tests.reports.diagnostics.support import table

SECTIONS = ["coverage", "distribution", "calibration", "business", "health", "talent", "goal_design"]


def everything_written(diagnostics) -> str:
    """Every text a renderer could print: intros, findings, titles, column names and cell values."""
    parts = [diagnostics.privacy_note]
    for section in diagnostics.sections:
        parts += [section.title, section.intro]
        for finding in section.findings:
            parts += [finding.subject, finding.message, repr(finding.evidence)]
        for t in section.tables:
            parts += [t.title, t.description, *map(str, t.frame.columns), t.frame.to_csv(index=False)]
    return "\n".join(parts)


def people(company) -> list[tuple[str, str]]:
    with duckdb.connect(str(company), read_only=True) as connection:
        return connection.execute("select employee_id, name from hris_employees").fetchall()


def test_the_aggregate_view_contains_no_employee_name_or_id(company, aggregate):
    text = everything_written(aggregate)
    leaked = [(employee_id, name) for employee_id, name in people(company) if employee_id in text or name in text]
    assert leaked == []


def test_the_hr_view_names_people(company, hr):
    text = everything_written(hr)
    assert sum(employee_id in text for employee_id, _ in people(company)) > 10


def test_both_views_have_every_section_and_charts_ready_to_draw(aggregate, hr):
    for diagnostics in (aggregate, hr):
        assert [section.id for section in diagnostics.sections] == SECTIONS
        histogram = table(diagnostics, "attainment_histogram_org").frame
        assert list(histogram.columns[:4]) == ["group", "bin_start", "bin_end", "count"]
        assert histogram["count"].sum() == table(hr, "attainment_by_department").frame["n"].sum()
        assert {"group", "n", "low", "p25", "median", "p75", "high"} <= set(table(diagnostics, "attainment_by_team")
                                                                               .frame.columns)


def test_the_same_warehouse_gives_the_same_report(marts, aggregate):
    again = build_diagnostics(marts, aggregate.cycle_id, "aggregate")
    assert everything_written(again) == everything_written(aggregate)
