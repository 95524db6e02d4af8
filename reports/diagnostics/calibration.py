"""Calibration signals: teams and managers whose people's attainment sits above or below the org after accounting
for role family and department, goals that look too easy or too hard, and ratings that disagree with the evidence.

False-positive rule (stated in the report): a group's calibration residual - its members' mean of attainment minus
the mean of their role family x department - is flagged only when its whole 95% t-interval lies beyond +/- the
material effect (15 points of attainment by default): the interval excludes zero *and* the effect is material.
Ratings: a manager is flagged when the whole 95% interval of the rank correlation between their ratings and their
people's attainment lies below zero, or when the interval of their mean rating residual lies wholly beyond +/- the
material rating residual (0.5 points by default)."""

from __future__ import annotations

import pandas as pd

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table
from reports.diagnostics.privacy import drop_suppressed_flags

GROUP_VALUES = ["value", "low", "high", "mean_attainment"]


def calibration_section(context: Context) -> Section:
    teams = _groups(context, "team")
    managers = _groups(context, "manager")
    ease = _goal_ease(context)
    ratings = _ratings(context)
    findings = [*_group_findings(context, teams, "team"), *_group_findings(context, managers, "manager"),
                *_ease_findings(ease.frame), *_rating_findings(context, ratings.frame)]
    material = context.rule("material_effect")
    intro = (f"Residual = a person's overall attainment minus the mean of their role family and department. A team "
             f"or manager is flagged only when the whole 95% interval of its mean residual lies beyond ±{material:.0%} "
             f"(the interval excludes zero and the effect is material). Goals look too easy (too hard) when "
             f"{context.rule('goal_ease_share'):.0%} or more of a team's goal weight is above stretch (below "
             f"threshold). Ratings disagree when the whole 95% interval of the rank correlation between a manager's "
             f"ratings and their people's attainment is below zero.")
    return Section("calibration", "Calibration signals", intro, findings, [teams, managers, ease, ratings])


def _groups(context: Context, group_type: str) -> Table:
    frame = context.marts.frame("""
        select groups.group_id, groups.people as n, groups.mean_attainment, groups.residual_mean as value,
               groups.residual_ci_low as low, groups.residual_ci_high as high, groups.residual_flag,
               groups.department
        from fct_calibration_groups as groups
        where groups.cycle_id = ? and groups.group_type = ?
        order by groups.residual_mean desc, groups.group_id""", [context.cycle_id, group_type])
    frame["label"] = frame["group_id"].map(context.team if group_type == "team" else context.manager)
    frame["flagged"] = frame["residual_flag"] != 0
    frame = drop_suppressed_flags(context.suppress(frame, "n", GROUP_VALUES, parent_column="department"))
    columns = ["label", "n", "value", "low", "high", "mean_attainment", "flagged", "department"]
    columns += [c for c in ("suppressed", "small_group") if c in frame]
    frame = frame.rename(columns={"group_id": "id"})
    if group_type == "team" or context.is_hr:  # a manager's id is a person's: HR view only
        columns = ["id", *columns]
    title = {"team": "Calibration by team", "manager": "Calibration by manager (direct reports)"}[group_type]
    return Table(f"calibration_by_{group_type}", title,
                 "Mean residual of the group's people with its 95% interval (bar and whiskers); flagged when the whole "
                 "interval lies beyond the material effect.", frame[columns].reset_index(drop=True),
                 Chart("bar", f"{title}: mean residual and 95% interval"))


def _group_findings(context: Context, table: Table, group_type: str) -> list[Finding]:
    findings = []
    for row in table.frame[table.frame["flagged"]].itertuples():
        direction = "above" if row.value > 0 else "below"
        findings.append(Finding(
            f"calibration_{'high' if row.value > 0 else 'low'}", row.label,
            f"{row.label}: {row.n:.0f} people sit {abs(row.value):.0%} {direction} the mean of their role and "
            f"department (95% interval {row.low:+.0%} to {row.high:+.0%}); review before calibration.",
            {"group_type": group_type, "residual": round(row.value, 4), "ci_low": round(row.low, 4),
             "ci_high": round(row.high, 4), "people": int(row.n)}))
    return findings


def _goal_ease(context: Context) -> Table:
    frame = context.marts.frame("""
        select team_id, people as n, goals, share_above_stretch, share_below_threshold, looks_too_easy,
               looks_too_hard, (select max(department) from fct_diagnostic_people as people
                                where people.team_id = ease.team_id and people.cycle_id = ease.cycle_id) as department
        from fct_goal_ease as ease where cycle_id = ? order by team_id""", [context.cycle_id])
    frame["label"] = frame["team_id"].map(context.team)
    frame["flagged"] = frame["looks_too_easy"] | frame["looks_too_hard"]
    frame["value"] = frame["share_above_stretch"]
    frame = drop_suppressed_flags(context.suppress(
        frame, "n", ["value", "share_above_stretch", "share_below_threshold"], parent_column="department"))
    return Table("goal_ease_by_team", "Goals that look too easy or too hard",
                 "Weight share of each team's goal results (members' own and shared goals) at or above stretch and "
                 "below threshold; flagged at the goal-ease share.", frame.reset_index(drop=True),
                 Chart("bar", "Share of goal weight above stretch"))


def _ease_findings(frame: pd.DataFrame) -> list[Finding]:
    findings = []
    for row in frame[frame["flagged"]].itertuples():
        easy = bool(row.looks_too_easy)
        share = row.share_above_stretch if easy else row.share_below_threshold
        findings.append(Finding(
            "goal_too_easy" if easy else "goal_too_hard", row.label,
            f"{row.label}: {share:.0%} of the team's goal weight is {'above stretch' if easy else 'below threshold'}"
            f" - the targets look too {'easy' if easy else 'hard'}; revisit them before rating anyone on them.",
            {"team_id": row.team_id, "share": round(share, 4), "people": int(row.n)}))
    return findings


def _ratings(context: Context) -> Table:
    frame = context.marts.frame("""
        with rated as (
            select cycle_id from fct_diagnostic_people
            where list_contains(?, cycle_id) and cycle_id in (select cycle_id from fct_rating_agreement)
            order by cycle_index desc limit 1
        )
        select agreement.*, (select max(department) from fct_diagnostic_people as people
                             where people.manager_id = agreement.manager_id
                               and people.cycle_id = agreement.cycle_id) as department
        from fct_rating_agreement as agreement inner join rated on rated.cycle_id = agreement.cycle_id
        order by agreement.rank_correlation, agreement.manager_id""", [list(context.cycles_up_to)])
    frame["label"] = frame["manager_id"].map(context.manager)
    frame["value"] = frame["rank_correlation"]
    frame["low"], frame["high"] = frame["rank_correlation_ci_low"], frame["rank_correlation_ci_high"]
    frame["flagged"] = frame["disagrees_with_evidence"] | (frame["residual_flag"] != 0)
    values = ["value", "low", "high", "rank_correlation", "rank_correlation_ci_low", "rank_correlation_ci_high",
              "rating_residual_mean", "rating_residual_ci_low", "rating_residual_ci_high", "mean_rating"]
    # no department total of ratings is published, so there is nothing to subtract from: no complementary suppression
    frame = drop_suppressed_flags(context.suppress(frame, "people", values, has_total=False))
    if not context.is_hr:
        frame = frame.drop(columns="manager_id")
    rated_cycle = frame["cycle_id"].iloc[0] if len(frame) else "none"
    return Table("ratings_vs_evidence", f"Ratings against evidence per manager (ratings of {rated_cycle})",
                 "Spearman rank correlation of each manager's ratings with their people's attainment (95% interval), "
                 "and the mean rating residual against the org-wide fit of rating on attainment.",
                 frame.reset_index(drop=True), Chart("bar", "Rank correlation of ratings with attainment"))


def _rating_findings(context: Context, frame: pd.DataFrame) -> list[Finding]:
    findings = []
    for row in frame[frame["flagged"]].itertuples():
        evidence = {"cycle_id": row.cycle_id, "rank_correlation": round(row.rank_correlation, 4),
                    "ci_high": round(row.rank_correlation_ci_high, 4), "people": int(row.people),
                    "rating_residual": round(row.rating_residual_mean, 4)}
        if row.disagrees_with_evidence:
            findings.append(Finding("ratings_disagree", row.label,
                                    f"{row.label}: ratings of {row.cycle_id} run against the evidence (rank "
                                    f"correlation {row.rank_correlation:+.2f}, 95% interval up to "
                                    f"{row.rank_correlation_ci_high:+.2f}, {row.people:.0f} people).", evidence))
        if row.residual_flag != 0:
            kind = "ratings_lenient" if row.residual_flag > 0 else "ratings_harsh"
            findings.append(Finding(kind, row.label,
                                    f"{row.label}: ratings of {row.cycle_id} sit {row.rating_residual_mean:+.1f} "
                                    "points from what the evidence predicts.", evidence))
    return findings
