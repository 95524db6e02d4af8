"""The rules a goal file must keep: each goal on its own (metric, owner, bands, weight) and the set as a whole
(unique versions, parents that exist, no loops, every owner's weights summing to 100)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Iterable

from connectors.hris_org import Org
from connectors.yaml_entries import Problems

if TYPE_CHECKING:
    from connectors.goal_file import Goal

OWNER_TYPE_OF_LEVEL = {"company": "company", "department": "department", "team": "team", "individual": "employee"}
WEIGHTED_LEVELS = ("team", "individual")
_CYCLE = re.compile(r"^(\d{4})(?:H([12])|Q([1-4]))?$")


def cycle_bounds(cycle: str) -> tuple[date, date] | None:
    """[start, end) of a review cycle named like the warehouse names them: 2026H2, 2026Q3 or 2026."""
    match = _CYCLE.match(cycle)
    if not match:
        return None
    year, half, quarter = int(match[1]), match[2], match[3]
    months = 6 if half else 3 if quarter else 12
    first_month = 1 + (int(half or quarter or 1) - 1) * months
    end_month = first_month + months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return date(year, first_month, 1), end


def check_goal(goal: Goal, metrics: dict[str, dict], org: Org, problems: Problems) -> None:
    def fail(problem: str) -> None:
        problems.add(goal.subject, problem)

    if goal.cycle and not cycle_bounds(goal.cycle):
        fail(f"cycle must be a review cycle id such as 2026H2, 2026Q3 or 2026 (got '{goal.cycle}')")
    if goal.metric and goal.metric not in metrics:
        fail(f"unknown metric '{goal.metric}' (not in the metric library)")
    if goal.level and goal.owner_type and OWNER_TYPE_OF_LEVEL[goal.level] != goal.owner_type:
        fail(f"a {goal.level} goal needs an owner of type {OWNER_TYPE_OF_LEVEL[goal.level]} (got {goal.owner_type})")
    _check_owner_known(goal, org, fail)
    _check_weight(goal, fail)
    if goal.metric in metrics:
        _check_bands(goal, metrics[goal.metric]["direction"], fail)


def _check_owner_known(goal: Goal, org: Org, fail) -> None:
    known = {"employee": org.employees, "team": org.teams, "department": org.departments}.get(goal.owner_type)
    if known is not None and goal.owner_id and goal.owner_id not in known:
        fail(f"owner {goal.owner_type} '{goal.owner_id}' is not in the HRIS")


def _check_weight(goal: Goal, fail) -> None:
    if goal.level in WEIGHTED_LEVELS and goal.weight is None:
        fail("missing field 'weight' (team and individual goals carry a weight)")
    elif goal.level and goal.level not in WEIGHTED_LEVELS and goal.weight is not None:
        fail(f"a {goal.level} goal has no weight (weights belong to team and individual goals)")
    elif goal.weight is not None and not 0 < goal.weight <= 100:
        fail(f"weight must be more than 0 and at most 100 (got {goal.weight:g})")


def _check_bands(goal: Goal, direction: str, fail) -> None:
    bands = (goal.threshold, goal.target, goal.stretch)
    if None in bands:
        return
    in_order = bands == tuple(sorted(bands, reverse=direction == "lower"))
    if not in_order:
        expected = "threshold ≤ target ≤ stretch" if direction == "higher" else "threshold ≥ target ≥ stretch"
        fail(f"{goal.metric} is {direction}-is-better, so {expected} (got threshold {goal.threshold:g}, "
             f"target {goal.target:g}, stretch {goal.stretch:g})")


def check_goal_set(goals: list[Goal], org: Org, problems: Problems) -> None:
    named = [goal for goal in goals if goal.id]
    _check_duplicates(named, problems)
    ids = {goal.id for goal in named}
    for goal in named:
        if goal.parent and goal.parent not in ids:
            problems.add(goal.subject, f"parent '{goal.parent}' is not a goal in this file")
    current = _latest_versions(named)
    _check_loops(current, problems)
    _check_weights(current.values(), org, problems)


def _check_duplicates(goals: list[Goal], problems: Problems) -> None:
    versions: dict[str, list[date | None]] = defaultdict(list)
    for goal in goals:
        versions[goal.id].append(goal.valid_from)
    for goal_id, dates in versions.items():
        if len(dates) > 1 and None in dates:
            problems.add(f"goal {goal_id}", f"listed {len(dates)} times, not every entry with its own valid_from")
        for day in sorted({d for d in dates if d and dates.count(d) > 1}):
            problems.add(f"goal {goal_id}", f"listed {dates.count(day)} times with valid_from {day.isoformat()}")


def _latest_versions(goals: list[Goal]) -> dict[str, Goal]:
    latest: dict[str, Goal] = {}
    for goal in sorted(goals, key=lambda g: g.valid_from or date.max):
        latest[goal.id] = goal
    return latest


def _check_loops(goals: dict[str, Goal], problems: Problems) -> None:
    reported: set[str] = set()
    for start in sorted(goals):
        path, node = [], start
        while node in goals and node not in path and node not in reported:
            path.append(node)
            node = goals[node].parent
        if node in path:
            loop = path[path.index(node):]
            reported.update(loop)
            first = min(loop)
            turn = loop[loop.index(first):] + loop[:loop.index(first)] + [first]
            problems.add(f"goal {first}", f"parents form a loop: {' → '.join(turn)}")
        reported.update(path)


def _check_weights(goals: Iterable[Goal], org: Org, problems: Problems) -> None:
    """An employee's goals in a cycle are their individual goals plus the shared goals of their team (the team
    they are in on their first day of the cycle, per the HRIS job history); together they weigh 100."""
    own: dict[tuple[str, str], list[Goal]] = defaultdict(list)
    shared: dict[tuple[str, str], list[Goal]] = defaultdict(list)
    for goal in goals:
        if goal.cycle and goal.owner_id and goal.weight is not None:
            if goal.owner_type == "employee":
                own[(goal.owner_id, goal.cycle)].append(goal)
            elif goal.owner_type == "team":
                shared[(goal.owner_id, goal.cycle)].append(goal)
    for (employee, cycle), mine in sorted(own.items()):
        bounds = cycle_bounds(cycle)
        team = org.team_at_start_of(employee, *bounds) if bounds else None
        theirs = shared.get((team, cycle), [])
        total = sum(goal.weight for goal in mine + theirs)
        if abs(total - 100) > 1e-6:
            listed = f"own goals {_weights(mine)}" + (f"; team {team} goals {_weights(theirs)}" if theirs else "")
            problems.add(f"employee {employee}, cycle {cycle}", f"weights sum to {total:g}, not 100 ({listed})")


def _weights(goals: list[Goal]) -> str:
    return ", ".join(f"{goal.id} {goal.weight:g}" for goal in sorted(goals, key=lambda g: g.id))
