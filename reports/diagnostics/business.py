"""Business lens: attainment by region, sales rates by region, product line and channel, persistent low or high
performance (3+ consecutive months or 2+ cycles), and an early warning for teams behind pace."""

from __future__ import annotations

import pandas as pd

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table
from reports.diagnostics.privacy import drop_suppressed_flags

PERSISTENT_MONTHS = 3
PERSISTENT_CYCLES = 2
TREND_MONTHS = 12


def business_section(context: Context) -> Section:
    segments = _segments(context)
    pace = _team_pace(context)
    tables = [_attainment_by_region(context), segments, _segment_trend(context), pace]
    findings = [*_persistence_findings(context, segments.frame), *_pace_findings(pace.frame)]
    if context.is_hr:
        people = _persistent_people(context)
        tables.append(people)
        findings += _people_findings(people.frame)
    intro = (f"A segment is low (high) in a period when its rate is at most {context.rule('segment_low_ratio'):.0%} "
             f"(at least {1 / context.rule('segment_low_ratio'):.0%}) of the median segment of its dimension; it is "
             f"persistent after {PERSISTENT_MONTHS}+ consecutive complete months or {PERSISTENT_CYCLES}+ consecutive "
             f"cycles up to this checkpoint. Teams are behind pace when {context.rule('pace_off_track_share'):.0%} or "
             "more of their shared goals' weight is off track while the cycle runs.")
    return Section("business", "Business lens", intro, findings, tables)


def _attainment_by_region(context: Context) -> Table:
    frame = context.marts.frame("""
        select region as label, count(*) as n, avg(overall_attainment) as value
        from fct_diagnostic_people where cycle_id = ? and overall_attainment is not null and region is not null
        group by region order by region""", [context.cycle_id])
    frame = context.suppress(frame, "n", ["value"])
    return Table("attainment_by_region", "Attainment by region", "Mean overall attainment of the people in each "
                 "region (the employee's region).", frame, Chart("bar", "Mean attainment by region"))


def _segments(context: Context) -> Table:
    """Each segment's rates this cycle, with its current streak of low/high months and cycles."""
    frame = context.marts.frame("""
        select cycles.dimension, cycles.segment, cycles.metric_id, cycles.value, cycles.peer_median,
               cycles.performance_ratio, cycles.standing as cycle_standing, cycles.streak as cycle_streak,
               months.standing as month_standing, coalesce(months.streak, 0) as month_streak, cycles.event_count
        from fct_segment_performance as cycles
        left join fct_segment_performance as months
            on months.dimension = cycles.dimension and months.segment = cycles.segment
            and months.metric_id = cycles.metric_id and months.period_type = 'month' and months.period_id = ?
        where cycles.period_type = 'cycle' and cycles.period_id = ?
        order by cycles.dimension, cycles.metric_id, cycles.segment""",
                                [context.last_complete_month, context.cycle_id])
    persistent_months = frame["month_streak"] >= PERSISTENT_MONTHS
    persistent_cycles = frame["cycle_streak"] >= PERSISTENT_CYCLES
    frame["flagged"] = persistent_months | persistent_cycles
    frame["persistent"] = frame["month_standing"].where(persistent_months, frame["cycle_standing"]) \
        .where(frame["flagged"])
    frame["row"], frame["column"] = frame["segment"], frame["metric_id"]
    return Table("sales_by_segment", "Sales rates by region, product line and channel",
                 "Each segment's rate this cycle and its ratio to the median segment of its dimension (heatmap "
                 "value); flagged when persistently low or high.",
                 frame.rename(columns={"value": "rate"}).assign(value=frame["performance_ratio"]),
                 Chart("heatmap", "Rate relative to the median segment"))


def _segment_trend(context: Context) -> Table:
    frame = context.marts.frame("""
        select period_id as x, value as y, segment as "group", metric_id, dimension
        from fct_segment_performance
        where period_type = 'month' and dimension = 'region' and metric_id = 'sales_win_rate' and period_id <= ?
          and period_id in (select period_id from int_calendar__periods where period_type = 'month'
                            and is_complete and period_id <= ? order by period_id desc limit ?)
        order by "group", x""", [context.last_complete_month, context.last_complete_month, TREND_MONTHS])
    return Table("win_rate_trend_by_region", "Monthly win rate by region",
                 f"Win rate per region over the last {TREND_MONTHS} complete months.", frame,
                 Chart("trend", "Win rate by region"))


def _persistence_findings(context: Context, frame: pd.DataFrame) -> list[Finding]:
    findings = []
    for row in frame[frame["flagged"]].itertuples():
        months = f"{row.month_streak} consecutive months" if row.month_streak >= PERSISTENT_MONTHS else None
        cycles = f"{row.cycle_streak} consecutive cycles" if row.cycle_streak >= PERSISTENT_CYCLES else None
        spans = " and ".join(span for span in (months, cycles) if span)
        findings.append(Finding(
            f"persistent_{row.persistent}_{row.dimension}", row.segment,
            f"{row.dimension.replace('_', ' ').capitalize()} {row.segment}: {row.metric_id} persistently "
            f"{row.persistent} for {spans} ({row.performance_ratio:.0%} of the median segment this cycle).",
            {"dimension": row.dimension, "metric_id": row.metric_id, "month_streak": int(row.month_streak),
             "cycle_streak": int(row.cycle_streak), "performance_ratio": round(row.performance_ratio, 4)}))
    return findings


def _team_pace(context: Context) -> Table:
    frame = context.marts.frame("""
        select pace.team_id, pace.goals, pace.goals_off_track, pace.goals_at_risk, pace.share_off_track as value,
               pace.mean_attainment, pace.is_behind_pace as flagged, coalesce(sizes.n, 0) as n,
               sizes.department
        from fct_team_pace as pace
        left join (select team_id, count(*) as n, max(department) as department from fct_diagnostic_people
                   where cycle_id = ? group by team_id) as sizes on sizes.team_id = pace.team_id
        where pace.cycle_id = ? and pace.is_latest_checkpoint order by pace.team_id""",
                                [context.cycle_id, context.cycle_id])
    frame["label"] = frame["team_id"].map(context.team)
    frame = drop_suppressed_flags(context.suppress(frame, "n", ["value", "mean_attainment"],
                                                   parent_column="department", has_total=False))
    return Table("team_pace", "Teams behind pace (running cycle)",
                 "Share of each team's shared goal weight off track at the latest checkpoint of a running cycle "
                 "(empty once the cycle is complete).", frame, Chart("bar", "Share of team goal weight off track"))


def _pace_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding("behind_pace", row.label,
                    f"{row.label}: {row.value:.0%} of the team's shared goal weight is off track "
                    f"({row.goals_off_track:.0f} of {row.goals} goals) - act before the cycle ends.",
                    {"team_id": row.team_id, "share_off_track": round(row.value, 4)})
            for row in frame[frame["flagged"]].itertuples()]


def _persistent_people(context: Context) -> Table:
    """HR view only: people in the top or bottom band of their role family for 2+ consecutive cycles."""
    frame = context.marts.frame("""
        select employee_id, role_family, team_id, peer_band, band_streak, overall_attainment
        from fct_diagnostic_people
        where cycle_id = ? and peer_band in ('top', 'bottom') and band_streak >= ?
        order by peer_band desc, band_streak desc, overall_attainment desc, employee_id""",
                                [context.cycle_id, PERSISTENT_CYCLES])
    frame["person"] = frame["employee_id"].map(context.person)
    frame["team"] = frame["team_id"].map(context.team)
    return Table("persistent_people", "People persistently in the top or bottom band (HR view)",
                 f"People in the top or bottom {context.rule('band_share'):.0%} of their role family for "
                 f"{PERSISTENT_CYCLES}+ consecutive cycles up to this one.", frame)


def _people_findings(frame: pd.DataFrame) -> list[Finding]:
    return [Finding(f"persistent_{row.peer_band}_person", row.person,
                    f"{row.person} ({row.role_family}, {row.team}) has been in the {row.peer_band} band of their "
                    f"role family for {row.band_streak} consecutive cycles.",
                    {"employee_id": row.employee_id, "band_streak": int(row.band_streak)})
            for row in frame[frame["peer_band"] == "bottom"].itertuples()]
