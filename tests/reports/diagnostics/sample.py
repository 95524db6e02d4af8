"""Small hand-made diagnostics in the shape reports.diagnostics.model defines: one table per chart kind, a
flagged row, suppressed values, and a team named like markup, for testing the renderer without a warehouse."""

from __future__ import annotations

import pandas as pd

from reports.diagnostics.model import Chart, Diagnostics, Finding, Section, Table

HOSTILE_TEAM = "<script>alert('team')</script>"
NAN = float("nan")


def _distribution() -> Section:
    histogram = pd.DataFrame({"group": ["Org"] * 3 + [HOSTILE_TEAM] * 3, "bin_start": [0.0, 0.5, 1.0] * 2,
                              "bin_end": [0.5, 1.0, 1.5] * 2, "count": [3.0, 11.0, 6.0, NAN, NAN, NAN]})
    boxes = pd.DataFrame({"group": ["Org", "Sales", HOSTILE_TEAM], "n": [20.0, 8.0, NAN],
                          "low": [0.3, 0.5, NAN], "p25": [0.7, 0.8, NAN], "median": [0.95, 1.02, NAN],
                          "p75": [1.1, 1.2, NAN], "high": [1.45, 1.5, NAN]})
    return Section("distribution", "Distribution of overall attainment", "Overall attainment per person.", [], [
        Table("attainment_histogram", "Attainment histogram", "People per attainment bin.", histogram,
              Chart("histogram", "Overall attainment, org and teams")),
        Table("attainment_boxplot", "Attainment by team", "Quartiles per team.", boxes,
              Chart("boxplot", "Overall attainment by team")),
    ])


def _calibration() -> Section:
    effects = pd.DataFrame({"label": ["Team Easy", "Team Steady", HOSTILE_TEAM], "n": [6, 9, NAN],
                            "value": [0.31, 0.02, NAN], "low": [0.18, -0.08, NAN], "high": [0.44, 0.12, NAN],
                            "flagged": [True, False, False]})
    finding = Finding("team_above_org", "Team Easy",
                      "Team Easy sits 0.31 above the org after role mix (interval 0.18 to 0.44, 6 people).",
                      {"effect": 0.31, "low": 0.18, "high": 0.44, "n": 6})
    return Section("calibration", "Calibration signals", "Teams relative to the org, adjusted for role mix.",
                   [finding], [Table("team_effects", "Team effect vs org", "Flagged when the interval excludes 0.",
                                     effects, Chart("bar", "Team effect (attainment) vs org"))])


def _business() -> Section:
    radar = pd.DataFrame({"group": ["Team Easy"] * 3 + ["Team Steady"] * 3,
                          "axis": ["sales", "delivery", "quality"] * 2, "value": [1.4, 1.3, 1.2, 0.9, NAN, 1.0]})
    heat = pd.DataFrame({"row": ["Sales", "Sales", "Delivery", "Delivery"],
                         "column": ["sales_win_rate", "delivery_on_time_rate"] * 2,
                         "value": [0.92, NAN, 0.71, 0.88], "label": ["92%", None, "71%", "88%"]})
    months = ["2026-01", "2026-02", "2026-03"]
    trend = pd.DataFrame({"x": months * 2, "y": [0.9, 0.95, 1.0, 0.6, 0.55, 0.5],
                          "group": ["North"] * 3 + ["South"] * 3})
    finding = Finding("persistent_low_region", "South", "South stayed below threshold for 3 consecutive months.")
    return Section("business", "Business lens", "Attainment by region and metric family.", [finding], [
        Table("team_families", "Teams across metric families", "Mean attainment per family.", radar,
              Chart("radar", "Teams across metric families")),
        Table("department_metrics", "Department x metric", "Mean attainment per metric.", heat,
              Chart("heatmap", "Department x metric")),
        Table("region_trend", "Attainment by region", "Monthly attainment.", trend,
              Chart("trend", "Monthly attainment by region")),
        Table("goal_changes", "Mid-cycle goal changes", "Changes after the cycle started.",
              pd.DataFrame({"goal_id": ["G-1"], "field": ["target"], "old_value": ["=1+1"], "new_value": ["500"]})),
    ])


def sample_diagnostics(view: str = "aggregate", cycle_id: str = "2026H1") -> Diagnostics:
    return Diagnostics(
        cycle_id=cycle_id, view=view, min_group_size=5,
        data_as_of={"salesforce": "2026-06-30T23:10:00Z", "hris": "2026-06-30T23:00:00Z"},
        privacy_note="Groups under 5 people are suppressed, and the next-smallest group wherever a suppressed "
                     "figure could be recovered by subtraction.",
        sections=[_distribution(), _calibration(), _business()],
    )
