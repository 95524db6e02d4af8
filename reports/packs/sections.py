"""The fact sections of a pack (docs/evidence-pack.md): scorecard goals, evidence, data-quality flags, peer
context, environment notes, key events and next-level gaps. Pure functions of mart rows: they arrange and word
the numbers, they never compute a metric."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reports.files import unique_name
from reports.html import format_measure, format_percent
from reports.packs.goal_records import GoalRecords

if TYPE_CHECKING:  # render workers load this module: no warehouse imports there
    from reports.packs.queries import Row

FILTERS = ("source", "project", "region", "product_line", "channel")
SCOPES = {"individual": "own", "team": "team"}


def metric_name(metric_id: str) -> str:
    return metric_id.replace("_", " ").capitalize()


def scorecard_goal(goal: Row, scope: str, trend: list[Row]) -> dict[str, Any]:
    return {
        "goal_id": goal["goal_id"], "title": goal["title"], "scope": SCOPES[scope], "level": goal["level"],
        "owner_type": goal["owner_type"], "owner_id": goal["owner_id"], "parent_goal_id": goal["parent_goal_id"],
        "metric": {"id": goal["metric_id"], "name": metric_name(goal["metric_id"]), "family": goal["metric_family"],
                   "unit": goal["unit"], "direction": goal["direction"], "source": goal["metric_source"],
                   "definition": goal["metric_definition"], "min_events": goal["min_events"]},
        "filters": {name: goal[f"filter_{name}"] for name in FILTERS if goal[f"filter_{name}"] is not None},
        "weight": goal["weight"], "target": goal["target"], "threshold": goal["threshold"],
        "stretch": goal["stretch"], "expected_target": goal["expected_target"], "actual": goal["actual"],
        "numerator": goal["numerator"], "denominator": goal["denominator"], "event_count": goal["event_count"],
        "attainment": goal["attainment"], "band": goal["band"], "status": goal["status"],
        "has_enough_data": goal["has_enough_data"],
        "period": {"start": goal["period_start"], "end": goal["period_end"]},
        "trend": [{"month": point["month"], "actual": point["actual"], "month_actual": point["month_actual"],
                   "attainment": point["attainment"]} for point in trend],
    }


def goal_order(goal: Row, scope: str) -> tuple:
    """Own goals first, then team goals; each by weight (heaviest first), then id."""
    return (0 if scope == "individual" else 1, -(goal["weight"] or 0), goal["goal_id"])


def goal_change(change: Row) -> dict[str, Any]:
    return {"goal_id": change["goal_id"], "field": change["field"], "old_value": change["old_value"],
            "new_value": change["new_value"], "changed_on": change["changed_on"]}


PACK_DEPTH = 3  # a pack's folder in its bundle: managers/<manager>/<employee> or hr/no-manager/<employee>


def bundle_records_file(goal_id: str) -> str:
    """Where the CSV of every record of a goal lives, relative to the bundle: once per bundle, however many packs
    hold the goal (a team goal's records are every delivery of the team)."""
    return f"records/{unique_name(goal_id)}.csv"


def records_file(goal_id: str) -> str:
    """The same CSV relative to a pack's folder (the pack's `all_records_csv`)."""
    return "../" * PACK_DEPTH + bundle_records_file(goal_id)


def evidence(goal_id: str, records: GoalRecords | None) -> dict[str, Any]:
    """How many records are behind the goal's number, the largest of them (the record dicts of GoalRecords.top,
    shared by every pack holding the goal: read-only), and where the full list is."""
    return {
        "goal_id": goal_id, "record_count": records.count if records else 0,
        "top_records": records.top if records else [],
        "all_records_csv": records_file(goal_id),
    }


def goal_flag(flag: Row, goal: Row) -> dict[str, Any]:
    if flag["kind"] == "too_little_data":
        message = (f"{goal['title']}: {flag['event_count']} records, fewer than the {flag['min_events']} the metric "
                   "needs for a reliable value, so no attainment is shown.")
    else:
        message = f"{goal['title']}: no records at all in {flag['missing_months']}."
    return {"kind": flag["kind"], "goal_id": goal["goal_id"], "source_system": None, "message": message}


def source_flag(flag: Row) -> dict[str, Any]:
    source = flag["source_system"]
    if flag["kind"] == "stale_source":
        message = (f"{source}: newest data from {flag['source_as_of_date']}, {flag['days_behind']} days before this "
                   "checkpoint; its numbers may be incomplete.")
    else:
        message = (f"{source}: {flag['unattributed_records']} records of this cycle so far could not be credited to "
                   "anyone (unmatched accounts); they count for the company only.")
    return {"kind": flag["kind"], "goal_id": None, "source_system": source, "message": message}


def context_entry(goal: Row, group_type: str, group_label: str, distribution: Row | None) -> dict[str, Any]:
    """A peer distribution of attainment; a group too small to show (or with nobody measured) has no numbers."""
    shown = distribution is not None and not distribution["is_suppressed"]
    return {
        "goal_id": goal["goal_id"], "metric_id": goal["metric_id"], "group": group_type, "group_label": group_label,
        "group_size": distribution["group_size"] if distribution else 0,
        "median": distribution["median"] if shown else None, "p25": distribution["p25"] if shown else None,
        "p75": distribution["p75"] if shown else None, "suppressed": not shown,
    }


def environment_note(shift: Row, team_name: str) -> dict[str, Any]:
    moved = "rose" if shift["shift_direction"] == "up" else "fell"
    whose = "the team's shared goals" if shift["scope"] == "team" else "their own goals"
    message = (f"Team-wide shift: attainment on {metric_name(shift['metric_id']).lower()} ({whose}) {moved} by 10 "
               f"points or more since {shift['previous_cycle_id']} for {shift['members_moved']} of "
               f"{shift['members_compared']} people in {team_name} (median change "
               f"{shift['median_change'] * 100:+.0f} points): this points to the environment rather than to one "
               "person.")
    return {"metric_id": shift["metric_id"], "scope": SCOPES[shift["scope"]], "direction": shift["shift_direction"],
            "members_moved": shift["members_moved"], "members_compared": shift["members_compared"],
            "median_change": shift["median_change"], "since_cycle": shift["previous_cycle_id"], "message": message}


def key_event(event: Row, scope: str) -> dict[str, Any]:
    is_journal = event["kind"] == "journal"
    return {
        "date": event["date"], "kind": event["kind"], "scope": scope, "source_system": event["source_system"],
        "record_id": event["record_id"], "label": event["label"], "value": event["value"], "unit": event["unit"],
        "sbi": {"situation": event["situation"], "behaviour": event["behaviour"], "impact": event["impact"]}
        if is_journal else None,
    }


def next_level(goal: Row, currency: str | None) -> dict[str, Any]:
    return {"goal_id": goal["goal_id"], "unit": goal["unit"], "gap_to_target": goal["gap_to_target"],
            "gap_to_stretch": goal["gap_to_stretch"], "message": next_level_message(goal, currency)}


def next_level_message(goal: Row, currency: str | None) -> str:
    if goal["gap_to_target"] is None:
        return f"{goal['title']}: no value yet, so no gap can be measured."
    unit, more = goal["unit"], "more" if goal["direction"] == "higher" else "less"
    pace = " at this checkpoint's pace" if (goal["pace_share"] or 1.0) < 1.0 else ""

    def step(gap: float | None, level: float | None, name: str) -> str:
        if gap is None:
            return f"no {name} set"
        if gap == 0:
            return f"{name} reached ({format_measure(level, unit, currency or '')})"
        return f"{gap_text(gap, unit, currency)} {more} to reach {name} ({format_measure(level, unit, currency or '')})"

    target = step(goal["gap_to_target"], goal["expected_target"], "target")
    stretch = step(goal["gap_to_stretch"], goal["expected_stretch"], "stretch")
    return f"{goal['title']}: {target}; {stretch}{pace}."


def gap_text(gap: float, unit: str, currency: str | None) -> str:
    """A difference in the metric's unit; a difference of rates is in percentage points."""
    if unit == "rate":
        return f"{gap * 100:,.1f} percentage points"
    return format_measure(gap, unit, currency or "").strip()


def attainment_text(value: float | None) -> str:
    return "no attainment (too little data)" if value is None else f"attainment {format_percent(value)}"
