"""Goal design: people with too many or too few goals, goals not linked to a parent, team metrics split into
individual goals, and goals changed mid-cycle. Individual goals are counted per team in the aggregate view (an
individual goal names its owner)."""

from __future__ import annotations

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table

ISSUE_TEXT = {"no_parent": "not linked to a parent goal", "team_metric_split": "a team metric set as an individual goal"}


def goal_design_section(context: Context) -> Section:
    counts = _goal_counts(context)
    issues, issue_findings = _structure_issues(context)
    changes, change_findings = _mid_cycle_changes(context)
    findings = [*_count_findings(context, counts.frame), *issue_findings, *change_findings]
    intro = (f"Each person should have {context.rule('too_few_goals'):.0f} to {context.rule('too_many_goals'):.0f} "
             "goals; team and individual goals should cascade from a parent; team metrics are shared, not split into "
             "individual goals; changes after the cycle started are listed with their date and old and new value.")
    return Section("goal_design", "Goal design", intro, findings, [counts, issues, changes])


def _goal_counts(context: Context) -> Table:
    frame = context.marts.frame("""
        select goal_count as label, count(*) as value, bool_or(has_too_many_goals or has_too_few_goals) as flagged
        from fct_employee_goal_counts where cycle_id = ? group by goal_count order by goal_count""",
                                [context.cycle_id])
    frame["n"] = frame["value"]
    return Table("goals_per_person", "Goals per person", "People by number of goals (own and shared); flagged "
                 "outside the recommended range.", frame, Chart("bar", "People by number of goals"))


def _count_findings(context: Context, frame) -> list[Finding]:
    flagged = frame[frame["flagged"]]
    if flagged.empty:
        return []
    people = int(flagged["value"].sum())
    return [Finding("goal_count", "goals per person",
                    f"{people} people have fewer than {context.rule('too_few_goals'):.0f} or more than "
                    f"{context.rule('too_many_goals'):.0f} goals.", {"people": people})]


def _structure_issues(context: Context) -> tuple[Table, list[Finding]]:
    frame = context.marts.frame("""
        select issues.issue, coalesce(goals.team_id, issues.owner_id) as team_id, count(*) as goals
        from fct_goal_design_issues as issues
        left join (select distinct goal_id, team_id from fct_employee_goals) as goals
            on goals.goal_id = issues.goal_id and issues.owner_type = 'employee'
        where issues.cycle_id = ? and issues.issue in ('no_parent', 'team_metric_split')
        group by issues.issue, coalesce(goals.team_id, issues.owner_id) order by 1, 2""", [context.cycle_id])
    frame["team"] = frame["team_id"].map(context.team)
    findings = [Finding(row.issue, row.team, f"{row.team}: {row.goals} goal(s) {ISSUE_TEXT[row.issue]}.",
                        {"team_id": row.team_id, "goals": int(row.goals)}) for row in frame.itertuples()]
    return Table("goal_structure_issues", "Goals without a parent or splitting a team metric",
                 "Goals per team with a structural issue.", frame), findings


def _mid_cycle_changes(context: Context) -> tuple[Table, list[Finding]]:
    frame = context.marts.frame("""
        select issues.goal_id, goals.title, issues.owner_type, issues.owner_id, issues.metric_id, issues.field,
               issues.changed_on, issues.old_value, issues.new_value
        from fct_goal_design_issues as issues
        inner join dim_goals as goals on goals.goal_id = issues.goal_id
        where issues.cycle_id = ? and issues.issue = 'mid_cycle_change'
        order by issues.changed_on, issues.goal_id, issues.field""", [context.cycle_id])
    if not context.is_hr:
        # an individual goal's id and owner name a person: keep team and higher goals only
        frame = frame[frame["owner_type"] != "employee"].reset_index(drop=True)
    frame["owner"] = [context.team(owner) if kind == "team" else owner
                      for kind, owner in zip(frame["owner_type"], frame["owner_id"])]
    findings = []
    for goal_id, changes in frame.groupby("goal_id", sort=True):
        first = changes.iloc[0]
        fields = "; ".join(f"{row.field} {row.old_value} -> {row.new_value}" for row in changes.itertuples())
        findings.append(Finding("mid_cycle_change", goal_id,
                                f"{first['title']} ({first['owner']}) changed on {first['changed_on']:%Y-%m-%d}: "
                                f"{fields}.", {"goal_id": goal_id, "changed_on": f"{first['changed_on']:%Y-%m-%d}",
                                               "changes": {row.field: [row.old_value, row.new_value]
                                                           for row in changes.itertuples()}}))
    return Table("mid_cycle_changes", "Goals changed mid-cycle", "Every field changed after the cycle started, with "
                 "the day it took effect.", frame), findings
