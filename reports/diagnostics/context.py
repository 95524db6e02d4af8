"""What every section needs to know about the cycle and the view: the checkpoint, the rules the marts applied, and
how to label teams, managers and people without naming anyone in the aggregate view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from reports.diagnostics.model import View
from reports.diagnostics.privacy import suppress_small_groups
from reports.marts import Marts, MartsUnavailable


@dataclass(frozen=True)
class Context:
    marts: Marts
    cycle_id: str
    view: View
    min_group_size: int
    checkpoint_month: str  # the cycle's standing checkpoint: its last month, or the as-of month while it runs
    is_cycle_complete: bool
    last_complete_month: str | None  # the latest complete month up to the checkpoint
    cycles_up_to: tuple[str, ...]  # this cycle and the ones before it, oldest first
    rules: Mapping[str, float]
    team_names: Mapping[str, str]
    people: Mapping[str, str]  # employee_id -> name, filled in the HR view only
    manager_labels: Mapping[str, str]  # manager employee_id -> label fit for the view

    @property
    def is_hr(self) -> bool:
        return self.view == "hr"

    def rule(self, name: str) -> float:
        return self.rules[name]

    def team(self, team_id: str) -> str:
        return self.team_names.get(team_id, team_id)

    def person(self, employee_id: str) -> str:
        if not self.is_hr:
            raise ValueError("the aggregate view names no person")
        return f"{self.people.get(employee_id, 'unknown')} ({employee_id})"

    def manager(self, manager_id: str) -> str:
        return self.manager_labels.get(manager_id, manager_id if self.is_hr else "a manager")

    def suppress(self, frame: pd.DataFrame, size_column: str, value_columns: list[str],
                 parent_column: str | None = None, has_total: bool = True) -> pd.DataFrame:
        """The aggregate view's suppression; the HR view keeps every figure and marks small groups instead."""
        if self.is_hr:
            marked = frame.copy()
            marked["small_group"] = pd.to_numeric(marked[size_column]) < self.min_group_size
            return marked
        return suppress_small_groups(frame, size_column, value_columns, self.min_group_size, parent_column,
                                     has_total)


def load_context(marts: Marts, cycle_id: str, view: View, min_group_size: int) -> Context:
    checkpoint = marts.rows("""
        select max(checkpoint_month) as checkpoint_month, bool_and(is_cycle_complete) as is_cycle_complete
        from fct_diagnostic_people where cycle_id = ?""", [cycle_id])[0]
    if checkpoint["checkpoint_month"] is None:
        raise MartsUnavailable(f"no attainment for cycle {cycle_id}: known cycles are {list_cycles(marts)}")
    last_month = marts.rows("""
        select max(period_id) as month_id from int_calendar__periods
        where period_type = 'month' and is_complete and period_id <= ?""", [checkpoint["checkpoint_month"]])[0]
    rules = {row["rule_name"]: row["rule_value"] for row in marts.rows("select * from dim_diagnostic_rules")}
    teams = {row["team_id"]: row["team_name"] for row in marts.rows(
        "select team_id, arg_max(team_name, valid_from) as team_name from dim_org group by team_id")}
    people = {}
    if view == "hr":
        people = {row["employee_id"]: row["employee_name"] for row in marts.rows(
            "select employee_id, arg_max(employee_name, valid_from) as employee_name from dim_employee group by 1")}
    labels = _manager_labels(marts, cycle_id, view, teams, people)
    cycles = list_cycles(marts)
    return Context(marts, cycle_id, view, min_group_size, checkpoint["checkpoint_month"],
                   bool(checkpoint["is_cycle_complete"]), last_month["month_id"],
                   tuple(cycles[:cycles.index(cycle_id) + 1]), rules, teams, people, labels)


def _manager_labels(marts: Marts, cycle_id: str, view: View, teams: Mapping[str, str],
                    people: Mapping[str, str]) -> dict[str, str]:
    """HR view: the manager's name and id. Aggregate view: the team they lead when they belong to the team of
    their reports ("manager of Support German"), else the department of their reports ("head of Sales"); two
    managers with one label are numbered, the one with more reports first."""
    reports = marts.frame("""
        with own_teams as (
            select employee_id, arg_max(team_id, valid_from) as own_team from dim_employee
            where valid_from <= (select max(checkpoint_date) from fct_diagnostic_people where cycle_id = ?)
            group by employee_id
        )
        select reports.manager_id, own_teams.own_team, count(*) as reports,
               count(*) filter (where reports.team_id = own_teams.own_team) as reports_in_own_team,
               list(distinct reports.department order by reports.department) as departments
        from fct_diagnostic_people as reports
        left join own_teams on own_teams.employee_id = reports.manager_id
        where reports.cycle_id = ? and reports.manager_id is not null
        group by reports.manager_id, own_teams.own_team
        order by reports desc, reports.manager_id""", [cycle_id, cycle_id])
    labels = {}
    for row in reports.itertuples():
        if view == "hr":
            labels[row.manager_id] = f"{people.get(row.manager_id, 'unknown')} ({row.manager_id})"
        elif row.reports_in_own_team > 0:
            labels[row.manager_id] = f"manager of {teams.get(row.own_team, row.own_team)}"
        else:
            labels[row.manager_id] = "head of " + ", ".join(row.departments)
    return _disambiguate(labels)


def _disambiguate(labels: dict[str, str]) -> dict[str, str]:
    """Number repeated labels in the order given (most reports first)."""
    seen: dict[str, int] = {}
    result = {}
    for manager_id, label in labels.items():
        seen[label] = seen.get(label, 0) + 1
        result[manager_id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return result


def list_cycles(marts: Marts) -> list[str]:
    """Review cycles with attainment in the warehouse, oldest first."""
    return [row["cycle_id"] for row in marts.rows(
        "select distinct cycle_id, cycle_index from fct_diagnostic_people order by cycle_index")]
