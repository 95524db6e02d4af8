"""Organisation health: overloaded delivery teams (high volume per head with worsening timeliness), defect spikes,
roles whose members mostly miss (a goal-design problem, not a people problem), managers with unusually wide
spread, and attainment across departments x metrics and teams x metric families."""

from __future__ import annotations

import pandas as pd

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table
from reports.diagnostics.privacy import drop_suppressed_flags

TREND_MONTHS = 12


def health_section(context: Context) -> Section:
    load = _delivery_load(context)
    spikes = _defect_spikes(context)
    roles = _roles(context)
    spread = _manager_spread(context)
    tables = [load, _on_time_trend(context), spikes, roles, spread, _heatmap(context), _radar(context)]
    findings = [*_load_findings(load.frame), *_spike_findings(spikes.frame), *_role_findings(roles.frame),
                *_spread_findings(spread.frame)]
    intro = (f"Overloaded: volume per head over the last {context.rule('overload_window_months'):.0f} complete "
             f"months at least {context.rule('overload_ratio'):g}x the median of the department's teams while the "
             f"on-time rate fell by {context.rule('overload_min_decline'):.0%} or more. Defect spike: a month with at "
             f"least {context.rule('spike_factor'):g}x the team's usual (median) monthly defects and "
             f"{context.rule('spike_min_excess'):.0f}+ above it. Roles flagged when "
             f"{context.rule('role_miss_share'):.0%} or more of members are below the threshold of their goals.")
    return Section("health", "Organisation health", intro, findings, tables)


def _delivery_load(context: Context) -> Table:
    frame = context.marts.frame("""
        select team_id, department, headcount as n, volume_per_head, median_volume_per_head,
               volume_ratio as value, on_time_rate, on_time_change, is_overloaded as flagged
        from fct_team_delivery_load where month_id = ? order by department, team_id""",
                                [context.last_complete_month])
    frame["label"] = frame["team_id"].map(context.team)
    values = ["volume_per_head", "value", "on_time_rate", "on_time_change"]
    frame = drop_suppressed_flags(context.suppress(frame, "n", values, parent_column="department"))
    return Table("delivery_load", f"Delivery load per head (to {context.last_complete_month})",
                 "Deliveries per head and month over the trailing window relative to the department's median team "
                 "(bar), with the fitted change of the on-time rate over the window.", frame,
                 Chart("bar", "Volume per head relative to the department median"))


def _load_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding("overloaded_team", row.label,
                    f"{row.label}: {row.value:.1f}x the department's median volume per head while on-time delivery "
                    f"fell {abs(row.on_time_change):.0%} (now {row.on_time_rate:.0%}) - add capacity or rebalance.",
                    {"team_id": row.team_id, "volume_ratio": round(row.value, 3),
                     "on_time_change": round(row.on_time_change, 4), "on_time_rate": round(row.on_time_rate, 4)})
            for row in frame[frame["flagged"]].itertuples()]


def _on_time_trend(context: Context) -> Table:
    frame = context.marts.frame("""
        select month_id as x, on_time_rate as y, team_id, headcount as n from fct_team_delivery_load
        where month_id <= ? and month_id in (select period_id from int_calendar__periods where period_type = 'month'
                                             and is_complete and period_id <= ? order by period_id desc limit ?)
        order by team_id, x""", [context.last_complete_month, context.last_complete_month, TREND_MONTHS])
    frame["group"] = frame["team_id"].map(context.team)
    frame = context.suppress(frame, "n", ["y"], has_total=False)
    return Table("on_time_trend", "On-time delivery per team", f"Monthly on-time rate per delivering team over the "
                 f"last {TREND_MONTHS} complete months.", frame, Chart("trend", "On-time rate by team"))


def _defect_spikes(context: Context) -> Table:
    frame = context.marts.frame("""
        select team_id, month_id, defects, usual_defects, spike_factor from fct_defect_spikes
        where is_spike and list_contains(?, cycle_id) order by month_id, team_id""", [list(context.cycles_up_to)])
    frame["label"] = frame["team_id"].map(context.team) + " " + frame["month_id"]
    frame["value"] = frame["defects"]
    frame["flagged"] = True
    return Table("defect_spikes", "Defect spikes", "Team-months with a defect spike, up to this cycle; the usual "
                 "level is the team's median month over the year before.", frame, Chart("bar", "Defects in the month"))


def _spike_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding("defect_spike", row.label,
                    f"{row.label}: {row.defects:.0f} defects, {row.spike_factor:.1f}x the usual {row.usual_defects:g} "
                    "a month - look for the release or change behind it.",
                    {"team_id": row.team_id, "month": row.month_id, "defects": int(row.defects),
                     "usual": float(row.usual_defects)})
            for row in frame.itertuples()]


def _roles(context: Context) -> Table:
    frame = context.marts.frame("""
        select group_id as label, people as n, share_below_threshold as value, mean_attainment,
               is_most_missing as flagged
        from fct_calibration_groups where cycle_id = ? and group_type = 'role_family' order by group_id""",
                                [context.cycle_id])
    frame = drop_suppressed_flags(context.suppress(frame, "n", ["value", "mean_attainment"]))
    return Table("roles_below_threshold", "Roles whose members miss", "Share of each role family below the "
                 "threshold of their goals; when most miss, the goals are the likelier problem.", frame,
                 Chart("bar", "Share of the role below threshold"))


def _role_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding("role_most_missing", row.label,
                    f"{row.value:.0%} of {row.label} people are below threshold: review the role's goals and targets "
                    "before judging individuals.", {"share_below_threshold": round(row.value, 4)})
            for row in frame[frame["flagged"]].itertuples()]


def _manager_spread(context: Context) -> Table:
    frame = context.marts.frame("""
        select group_id as manager_id, people as n, residual_spread as value, median_residual_spread,
               attainment_spread, is_wide_spread as flagged
        from fct_calibration_groups where cycle_id = ? and group_type = 'manager' and people >= 5
        order by residual_spread desc, group_id""", [context.cycle_id])
    frame["label"] = frame["manager_id"].map(context.manager)
    if not context.is_hr:
        frame = frame.drop(columns="manager_id")
    frame = drop_suppressed_flags(context.suppress(frame, "n", ["value", "attainment_spread"], has_total=False))
    return Table("manager_spread", "Spread of attainment per manager",
                 f"Standard deviation of residuals among each manager's direct reports (5+); flagged at "
                 f"{context.rule('spread_ratio'):g}x the median manager.", frame, Chart("bar", "Residual spread"))


def _spread_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding("wide_spread", row.label,
                    f"{row.label}: attainment among {row.n:.0f} direct reports spreads {row.value:.0%} (standard "
                    f"deviation of residuals), {row.value / row.median_residual_spread:.1f}x the median manager.",
                    {"spread": round(row.value, 4), "median_spread": round(row.median_residual_spread, 4)})
            for row in frame[frame["flagged"]].itertuples()]


def _heatmap(context: Context) -> Table:
    frame = context.marts.frame("""
        select group_id as "row", metric_id as "column", mean_attainment as value, people as n, family
        from fct_group_metric_attainment where cycle_id = ? and group_type = 'department'
        order by 1, 2""", [context.cycle_id])
    frame = context.suppress(frame, "n", ["value"], parent_column="column")
    return Table("department_metric_heatmap", "Attainment by department and metric", "Mean goal attainment of each "
                 "department's people per metric.", frame, Chart("heatmap", "Attainment, department x metric"))


def _radar(context: Context) -> Table:
    frame = context.marts.frame("""
        with departments as (
            select team_id, max(department) as department from fct_diagnostic_people where cycle_id = ?
            group by team_id
        )
        select attainment.group_id as team_id, attainment.family as axis,
               sum(attainment.mean_attainment * attainment.goal_results) / sum(attainment.goal_results) as value,
               max(attainment.people) as n, max(departments.department) as department
        from fct_group_metric_attainment as attainment
        left join departments on departments.team_id = attainment.group_id
        where attainment.cycle_id = ? and attainment.group_type = 'team'
        group by attainment.group_id, attainment.family order by team_id, axis""", [context.cycle_id] * 2)
    frame["group"] = frame["team_id"].map(context.team)
    frame["value"] = frame["value"].clip(upper=1.5)
    # siblings: the department's teams on one axis (the department's own figure per metric is published)
    frame["department_axis"] = frame["department"].fillna("") + " / " + frame["axis"]
    frame = context.suppress(frame, "n", ["value"], parent_column="department_axis")
    return Table("team_family_radar", "Team profiles across metric families", "Mean goal attainment of each team's "
                 "people per metric family (sales, delivery, quality).", frame, Chart("radar", "Attainment by family"))
