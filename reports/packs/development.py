"""The development part of a pack: focus areas with their evidence, draft next-cycle goals with the method behind
their targets, an IDP skeleton and conversation prompts. Every sentence is a template filled from the pack's own
numbers (the marts rank focus areas and compute draft targets); nothing here invents a fact."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reports.html import format_measure, format_percent
from reports.packs.sections import attainment_text, metric_name

if TYPE_CHECKING:  # render workers load this module: no warehouse imports there
    from reports.packs.queries import Row

REASONS = {"largest_weighted_gap": "largest weighted gap", "worst_trend": "worst trend",
           "headroom_to_stretch": "most room up to stretch"}
REACHED = ("achieved", "exceeded")


def measure(value: float | None, unit: str, currency: str | None) -> str:
    return format_measure(value, unit, currency or "").strip()


def focus_area(focus: Row, goal: Row) -> dict[str, Any]:
    title, reason = goal["title"], focus["reason"]
    if reason == "largest_weighted_gap":
        evidence = (f"{title}: attainment {format_percent(focus['attainment'])} at weight {focus['weight']:g}; the "
                    f"shortfall costs {focus['weighted_gap']:.1f} weighted points.")
    elif reason == "worst_trend":
        earlier = focus["attainment"] - focus["trend_change"]
        evidence = (f"{title}: attainment fell from {format_percent(earlier)} at {focus['earlier_checkpoint_month']} "
                    f"to {format_percent(focus['attainment'])}.")
    else:
        evidence = (f"{title}: attainment {format_percent(focus['attainment'])} at weight {focus['weight']:g}; "
                    f"reaching stretch would add {focus['weighted_headroom']:.1f} weighted points.")
    return {"goal_id": focus["goal_id"], "kind": reason, "reason": REASONS[reason], "evidence": evidence}


def draft_goal(draft: Row, currency: str | None) -> dict[str, Any]:
    return {"goal_id": draft["goal_id"], "metric_id": draft["metric_id"], "title": draft["title"],
            "unit": draft["unit"], "commit_target": draft["commit_target"], "stretch_target": draft["stretch_target"],
            "basis": draft["basis"], "method": draft_method(draft, currency)}


def draft_method(draft: Row, currency: str | None) -> str:
    count = draft["history_count"]
    if draft["basis"] == "history":
        stretch_quantile = "25th percentile (lower is better)" if draft["direction"] == "lower" else "75th percentile"
        return (f"Commit is the median and stretch the {stretch_quantile} of this goal's final actuals in the last "
                f"{count} finished cycles ({draft['history_cycles']}: {draft['history_values']}).")
    cycles = "no finished cycle" if count == 0 else f"only {count} finished cycle ({draft['history_cycles']})"
    return (f"This goal has {cycles} of history, too little to go by: this cycle's target "
            f"({measure(draft['commit_target'], draft['unit'], currency)}) and stretch "
            f"({measure(draft['stretch_target'], draft['unit'], currency)}) are proposed again.")


def idp(focus_areas: list[dict], goals: dict[str, Row], drafts: dict[str, Row], review_by: str,
        currency: str | None) -> list[dict[str, Any]]:
    plan = []
    for focus in focus_areas:
        goal, draft = goals[focus["goal_id"]], drafts.get(focus["goal_id"])
        name = metric_name(goal["metric_id"]).lower()
        measure_text = (f"{name} reaches the draft commit target of "
                        f"{measure(draft['commit_target'], goal['unit'], currency)} next cycle" if draft
                        else f"{name} reaches its target")
        plan.append({
            "focus": f"{goal['title']} ({focus['reason']})",
            "action": f"Agree two or three concrete changes that move {name}, starting from the records behind "
                      f"this cycle's number.",
            "support": "A monthly check-in on the pack's trend for this goal.",
            "measure": measure_text,
            "review_by": review_by,
        })
    return plan


def review_date(checkpoint: Row) -> str:
    """When the IDP is looked at again: the cycle's end for a checkpoint pack, three months later for a cycle pack."""
    cycle_end = date.fromisoformat(checkpoint["cycle_end"])
    if not checkpoint["is_cycle_complete"]:
        return cycle_end.isoformat()
    return (cycle_end + timedelta(days=92)).isoformat()


def conversation_prompts(overall: Row | None, goals: list[Row], evidence: dict[str, dict], next_level: list[dict],
                         currency: str | None) -> dict[str, list[str]]:
    reached = sum(1 for goal in goals if goal["band"] in REACHED)
    below = sum(1 for goal in goals if goal["band"] == "below_threshold")
    stand = [f"Goals at or above target: {reached} of {len(goals)}; below threshold: {below}."]
    if overall and overall["overall_attainment"] is not None:
        stand.insert(0, f"Overall attainment is {format_percent(overall['overall_attainment'])}, resting on "
                        f"{overall['weight_with_data']:g} of {overall['total_weight']:g} weight with enough data.")
    facts = [f"{goal['title']}: {measure(goal['actual'], goal['unit'], currency)} from "
             f"{evidence[goal['goal_id']]['record_count']:,} records ({goal['metric_source']}), {goal['period_start']} "
             f"to {goal['period_end']}; {attainment_text(goal['attainment'])}." for goal in goals]
    to_do = [gap["message"] for gap in next_level if gap["gap_to_target"] or gap["gap_to_stretch"]]
    return {"where_do_i_stand": stand, "based_on_which_facts": facts,
            "what_would_it_take": to_do or ["Every goal is at stretch: agree what the next cycle's stretch should be."]}
