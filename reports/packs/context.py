"""Evidence-pack contexts (docs/evidence-pack.md) for every employee of a checkpoint, in bulk: a handful of
queries over the pack marts, then dictionary lookups per person. Dicts shared between packs (a team goal's
scorecard line is the same for every member) must be treated as read-only."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Mapping

from reports.marts import Marts
from reports.packs import development, sections
from reports.packs.goal_records import GoalRecords
from reports.packs.plan import PackPlan
from reports.packs.records import CheckpointRecords
from reports.packs.queries import (PackData, PackHolders, Row, find_checkpoint, list_checkpoints, load_pack_data,
                                   load_pack_holders, managers_on)
from settings.model import Company

log = logging.getLogger(__name__)

SCHEMA = "perfloop.evidence_pack/1"


def list_cycles(marts: Marts) -> dict[str, list[str]]:
    """Every review cycle in the warehouse with its checkpoint months, oldest first."""
    cycles: dict[str, list[str]] = {}
    for row in list_checkpoints(marts):
        cycles.setdefault(row["cycle_id"], []).append(row["checkpoint_month"])
    return cycles


def reporting_lines(marts: Marts, cycle_id: str, checkpoint_month: str | None = None) -> dict[str, str | None]:
    """employee_id -> manager_id on the pack date, for everyone employed that day (not only pack holders), so a
    renderer can walk direct and indirect reporting lines."""
    return managers_on(marts, find_checkpoint(marts, cycle_id, checkpoint_month))


def plan_packs(marts: Marts, cycle_id: str, checkpoint_month: str | None = None, *,
               company: Company | None = None) -> PackPlan:
    """The pack of every employee who has goals in the cycle and is employed on the pack date (the checkpoint
    day: the cycle's end, or the data as-of date while it runs). `checkpoint_month` None means the cycle's
    latest checkpoint; the pack is of kind "cycle" when the cycle is complete by then, else "checkpoint".
    `company` (settings.company) gives the header's name, currency and zone, and the currency of amounts in text."""
    holders = load_pack_holders(marts, find_checkpoint(marts, cycle_id, checkpoint_month))
    company_info = {"name": getattr(company, "name", None), "currency": getattr(company, "currency", None),
                    "timezone": getattr(company, "timezone", None)}
    loading = _load_in_background(marts, holders, company_info["currency"])
    people = sorted(holders.people, key=lambda person: (person["team_id"] or "", person["employee_id"]))
    log.info("planned %d evidence packs for %s at %s", len(people), cycle_id, holders.checkpoint["checkpoint_month"])
    return PackPlan([(person["team_id"] or "", person["employee_id"]) for person in people],
                    [[goal["goal_id"] for goal, _ in _carried(person["employee_id"], holders)] for person in people],
                    lambda position, records: _pack(people[position], *loading.result(), company_info, records))


def _load_in_background(marts: Marts, holders: PackHolders, currency: str | None) -> Future:
    """The rest of the pack data (and the sections built once from it), loaded on a thread of its own: meanwhile
    the bundle starts its records query, which sorts a checkpoint's every record before the first batch."""
    def load() -> tuple[PackData, dict[str, dict]]:
        with marts.cursor() as own:
            data = load_pack_data(own, holders)
        return data, _shared_sections(data, currency)

    loader = ThreadPoolExecutor(1, thread_name_prefix="pack-data")
    try:
        return loader.submit(load)
    finally:
        loader.shutdown(wait=False)


def build_packs(marts: Marts, cycle_id: str, checkpoint_month: str | None = None, *,
                company: Company | None = None) -> list[dict]:
    """Every pack of `plan_packs` at once, by employee id (for a small company: all records are read at once)."""
    plan = plan_packs(marts, cycle_id, checkpoint_month, company=company)
    records, = CheckpointRecords(marts, find_checkpoint(marts, cycle_id, checkpoint_month))(
        [sorted({goal_id for goal_ids in plan.goal_ids for goal_id in goal_ids})])
    return sorted((plan.build(position, records) for position in range(len(plan))),
                  key=lambda pack: pack["employee"]["id"])


def _shared_sections(data: PackData, currency: str | None) -> dict[str, dict]:
    """What is the same in every pack that holds a goal, built once per goal."""
    goals = data.goals
    return {
        "next_level": {goal_id: sections.next_level(goal, currency) for goal_id, goal in goals.items()},
        "drafts": {goal_id: development.draft_goal(draft, currency) for goal_id, draft in data.drafts.items()},
        "data_as_of": [{"source_system": source["source_system"], "as_of": source["as_of"],
                        "is_stale": source["is_stale"]} for source in data.sources],
        "cycle": _cycle(data.checkpoint),
        "review_by": development.review_date(data.checkpoint),
        "scorecard_goals": {},  # (team goal id, scope) -> its scorecard line, filled as packs are built
    }


def _cycle(checkpoint: Row) -> dict[str, Any]:
    return {"id": checkpoint["cycle_id"], "start": checkpoint["cycle_start"], "end": checkpoint["cycle_end"],
            "checkpoint_month": checkpoint["checkpoint_month"], "checkpoint_date": checkpoint["checkpoint_date"],
            "elapsed_share": checkpoint["elapsed_share"], "is_complete": checkpoint["is_cycle_complete"]}


def _carried(employee_id: str, data: PackHolders) -> list[tuple[Row, Row]]:
    """(goal, the employee's goal row) of each goal the employee carries at the checkpoint, in scorecard order."""
    return sorted(((data.goals[row["goal_id"]], row) for row in data.employee_goals.get(employee_id, [])
                   if row["goal_id"] in data.goals), key=lambda pair: sections.goal_order(pair[0], pair[1]["scope"]))


def _pack(person: Row, data: PackData, shared: dict[str, dict], company: dict,
          records: Mapping[str, GoalRecords]) -> dict[str, Any]:
    checkpoint, employee_id = data.checkpoint, person["employee_id"]
    carried = _carried(employee_id, data)
    goals = [goal for goal, _ in carried]
    team_id = carried[0][1]["team_id"] if carried else person["team_id"]
    is_cycle_pack = bool(checkpoint["is_cycle_complete"])
    suffix = "" if is_cycle_pack else f"-{checkpoint['checkpoint_month']}"
    focus = [development.focus_area(row, data.goals[row["goal_id"]])
             for row in data.focus.get(employee_id, []) if row["goal_id"] in data.goals]
    next_level = [shared["next_level"][goal["goal_id"]] for goal in goals]
    evidence = {goal["goal_id"]: sections.evidence(goal["goal_id"], records.get(goal["goal_id"])) for goal in goals}
    overall = data.overall.get(employee_id)
    return {
        "schema": SCHEMA,
        "pack_id": f"{employee_id}-{checkpoint['cycle_id']}{suffix}",
        "kind": "cycle" if is_cycle_pack else "checkpoint",
        "company": company,
        "cycle": shared["cycle"],
        "employee": _employee(person),
        "data_as_of": shared["data_as_of"],
        "scorecard": _scorecard(carried, data, overall, shared["scorecard_goals"]),
        "evidence": list(evidence.values()),
        "quality_flags": _quality_flags(goals, data),
        "context": _context(carried, person, team_id, data),
        "environment_notes": _environment_notes(carried, team_id, data),
        "key_events": _key_events(employee_id, team_id, data),
        "next_level": next_level,
        "development": {
            "focus_areas": focus,
            "draft_goals": [shared["drafts"][goal["goal_id"]] for goal in goals if goal["goal_id"] in shared["drafts"]],
            "idp": development.idp(focus, data.goals, data.drafts, shared["review_by"], company["currency"]),
            "conversation_prompts": development.conversation_prompts(overall, goals, evidence, next_level,
                                                                     company["currency"]),
        },
    }


def _employee(person: Row) -> dict[str, Any]:
    return {"id": person["employee_id"], "name": person["name"], "title": person["title"],
            "role_family": person["role_family"], "job_level": person["job_level"], "team_id": person["team_id"],
            "team_name": person["team_name"], "department": person["department"], "region": person["region"],
            "manager_id": person["manager_id"], "manager_name": person["manager_name"]}


def _scorecard(carried: list[tuple[Row, Row]], data: PackData, overall: Row | None,
               lines: dict[tuple[str, str], dict]) -> dict[str, Any]:
    """`lines` keeps the scorecard lines of goals shared by several packs once built."""
    goal_ids = [goal["goal_id"] for goal, _ in carried]
    return {
        "overall_attainment": overall["overall_attainment"] if overall else None,
        "goal_count": len(carried),
        "goals_with_data": sum(1 for goal, _ in carried if goal["attainment"] is not None),
        "total_weight": sum(goal["weight"] or 0 for goal, _ in carried),
        "weight_with_data": sum(goal["weight"] or 0 for goal, _ in carried if goal["attainment"] is not None),
        "goals": [_scorecard_line(goal, row["scope"], data, lines) for goal, row in carried],
        "goal_changes": [sections.goal_change(change) for goal_id in sorted(goal_ids)
                         for change in data.changes.get(goal_id, [])],
    }


def _scorecard_line(goal: Row, scope: str, data: PackData, lines: dict[tuple[str, str], dict]) -> dict[str, Any]:
    """Built once for a goal several packs hold (a team goal); an own goal's line is in one pack only."""
    key = (goal["goal_id"], scope)
    if key in lines:
        return lines[key]
    line = sections.scorecard_goal(goal, scope, data.trends.get(goal["goal_id"], []))
    if scope != "individual":
        lines[key] = line
    return line


def _quality_flags(goals: list[Row], data: PackData) -> list[dict]:
    goal_flags, source_flags = [], {}
    for goal in goals:
        for flag in data.flags.get(goal["goal_id"], []):
            if flag["source_system"] is None:
                goal_flags.append(sections.goal_flag(flag, goal))
            else:
                source_flags.setdefault((flag["kind"], flag["source_system"]), sections.source_flag(flag))
    return goal_flags + [source_flags[key] for key in sorted(source_flags)]


def _context(carried: list[tuple[Row, Row]], person: Row, team_id: str, data: PackData) -> list[dict]:
    entries = []
    role_label = f"{(person['role_family'] or 'role').replace('_', ' ')} peers"
    for goal, row in carried:
        key = (row["scope"], goal["metric_id"])
        if row["scope"] == "individual":
            entries.append(sections.context_entry(goal, "team", data.team_names.get(team_id, team_id),
                                                  data.context.get((*key, "team", team_id))))
        entries.append(sections.context_entry(goal, "role_peers", role_label,
                                              data.context.get((*key, "role_peers", person["role_family"]))))
    return entries


def _environment_notes(carried: list[tuple[Row, Row]], team_id: str, data: PackData) -> list[dict]:
    keys = sorted({(row["scope"], goal["metric_id"]) for goal, row in carried})
    team_name = data.team_names.get(team_id, team_id)
    return [sections.environment_note(data.shifts[(team_id, *key)], team_name) for key in keys
            if (team_id, *key) in data.shifts]


def _key_events(employee_id: str, team_id: str, data: PackData) -> list[dict]:
    events = [sections.key_event(event, "own") for event in data.key_events.get(("employee", employee_id), [])]
    events += [sections.key_event(event, "team") for event in data.key_events.get(("team", team_id), [])]
    return sorted(events, key=lambda event: (event["date"], event["kind"], event["record_id"]))
