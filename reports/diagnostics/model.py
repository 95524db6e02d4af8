"""What the diagnostics analysis hands to the renderer: sections of findings and tables, each table ready
to print and, optionally, to chart. The analysis decides every number and every suppression; the renderer
draws what it is given, so the aggregate view cannot leak what the analysis withheld.

Chart column conventions (the table's frame is chart-ready, already binned/summarised/suppressed):
- histogram: `bin_start`, `bin_end`, `count` (+ `group` for small multiples)
- boxplot:   `group`, `n`, `low`, `p25`, `median`, `p75`, `high` (whiskers), one box per row
- radar:     `group`, `axis`, `value` (0..1.5 attainment scale), one polygon per group
- heatmap:   `row`, `column`, `value` (+ optional `label` text per cell)
- trend:     `x` (ISO month or cycle id), `y`, `group`, one line per group
- bar:       `label`, `value` (+ optional `low`, `high` for an interval)
A suppressed value is None (NaN in the frame); a table's boolean column `flagged`, when present, marks
rows the report calls out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

ChartKind = Literal["histogram", "boxplot", "radar", "heatmap", "trend", "bar"]
View = Literal["aggregate", "hr"]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str


@dataclass(frozen=True)
class Table:
    id: str  # stable file stem for the CSV/JSON twin, e.g. "attainment_by_team"
    title: str
    description: str  # what it shows and the rule behind any flag, in a sentence or two
    frame: pd.DataFrame
    chart: Chart | None = None


@dataclass(frozen=True)
class Finding:
    kind: str  # e.g. "goal_too_easy", "overloaded_team", "persistent_low_region", "ratings_disagree"
    subject: str  # the team, manager, region, goal or (HR view only) person it is about
    message: str  # one sentence a reader acts on, with the numbers behind it
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    findings: list[Finding]
    tables: list[Table]


@dataclass(frozen=True)
class Diagnostics:
    cycle_id: str
    view: View
    min_group_size: int
    data_as_of: dict[str, str]  # source system -> ISO UTC timestamp
    privacy_note: str  # the threshold and the suppression rule, printed in the report
    sections: list[Section]
