"""Distribution of overall attainment: the org and each department as histograms, departments and teams as box
plots, and each department's median across cycles."""

from __future__ import annotations

import pandas as pd

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Section, Table

BOX_COLUMNS = ["mean_attainment", "low", "p25", "median", "p75", "high", "min_attainment", "max_attainment"]


def distribution_section(context: Context) -> Section:
    boxes = _boxes(context)
    org = boxes[boxes["group_type"] == "org"].iloc[0]
    tables = [
        _histogram(context, "org"),
        _histogram(context, "department"),
        _box_table(context, boxes, "department"),
        _box_table(context, boxes, "team"),
        _trend(context),
    ]
    intro = (f"Overall attainment of {org['n']:.0f} people at the {context.checkpoint_month} checkpoint: median "
             f"{org['median']:.0%}, middle half {org['p25']:.0%}-{org['p75']:.0%}.")
    return Section("distribution", "Distribution of overall attainment", intro, [], tables)


def _boxes(context: Context) -> pd.DataFrame:
    frame = context.marts.frame("""
        select group_type, group_id, people as n, mean_attainment, whisker_low as low, p25, median, p75,
               whisker_high as high, min_attainment, max_attainment
        from fct_attainment_distribution where cycle_id = ? order by group_type, group_id""", [context.cycle_id])
    departments = context.marts.frame("""
        select team_id as group_id, max(department) as department from fct_diagnostic_people
        where cycle_id = ? group by team_id""", [context.cycle_id])
    return frame.merge(departments, on="group_id", how="left")


def _box_table(context: Context, boxes: pd.DataFrame, group_type: str) -> pd.DataFrame:
    frame = boxes[boxes["group_type"] == group_type].copy()
    if group_type == "team":
        frame["group"] = frame["group_id"].map(context.team)
        frame = context.suppress(frame, "n", BOX_COLUMNS, parent_column="department")
    else:
        frame["group"] = frame["group_id"]
        frame = context.suppress(frame, "n", BOX_COLUMNS)
    columns = ["group", "n", *BOX_COLUMNS] + [c for c in ("department", "suppressed", "small_group") if c in frame]
    plural = {"team": "teams", "department": "departments"}[group_type]
    return Table(f"attainment_by_{group_type}", f"Attainment across {plural}",
                 "Box per group: quartiles of overall attainment, whiskers at the furthest values within 1.5 × the "
                 "interquartile range.", frame[columns].reset_index(drop=True),
                 Chart("boxplot", f"Overall attainment by {group_type}"))


def _histogram(context: Context, group_type: str) -> Table:
    frame = context.marts.frame("""
        select group_id as "group", bin_start, bin_end, people as count
        from fct_attainment_histogram where cycle_id = ? and group_type = ?
        order by group_id, bin_start""", [context.cycle_id, group_type])
    if group_type == "department":
        sizes = frame.groupby("group", as_index=False)["count"].sum().rename(columns={"count": "n"})
        frame = frame.merge(context.suppress(sizes, "n", []).drop(columns="n"), on="group")
        if "suppressed" in frame:
            frame["count"] = frame["count"].astype("float64").mask(frame["suppressed"])
    title = "the organisation" if group_type == "org" else "each department"
    return Table(f"attainment_histogram_{group_type}", f"Attainment histogram, {title}",
                 "People per 10-point band of overall attainment (the top band includes everything above 140%).",
                 frame, Chart("histogram", f"Overall attainment, {title}"))


def _trend(context: Context) -> Table:
    frame = context.marts.frame("""
        select distribution.cycle_id as x, distribution.median as y, distribution.group_id as "group",
               distribution.people as n
        from fct_attainment_distribution as distribution
        where distribution.group_type in ('org', 'department') and list_contains(?, distribution.cycle_id)
        order by "group", x""", [list(context.cycles_up_to)])
    departments = context.suppress(frame[frame["group"] != "org"], "n", ["y"], parent_column="x")
    frame = pd.concat([frame[frame["group"] == "org"], departments], ignore_index=True)
    flag_column = "small_group" if context.is_hr else "suppressed"
    frame[flag_column] = frame[flag_column].fillna(False).astype(bool)
    return Table("attainment_trend", "Median attainment by cycle",
                 "Median overall attainment per department at each cycle's standing checkpoint, up to this cycle.",
                 frame, Chart("trend", "Median attainment by cycle"))
