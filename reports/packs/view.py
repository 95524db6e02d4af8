"""What a pack's page shows, arranged from the pack dict (docs/evidence-pack.md) by pure functions: per goal
its evidence, context, flags and next-level gap side by side, and the trend charts.
No number is computed here beyond formatting: every figure is the dict's."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Mapping

from markupsafe import Markup

from reports.charts.sparkline import sparkline
from reports.packs.sections import records_file

PROMPTS = (("where_do_i_stand", "Where do I stand?"),
           ("based_on_which_facts", "Based on which facts and which standard?"),
           ("what_would_it_take", "What would it take to reach the next level?"))


def pack_view(pack: dict, records: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows (page.body): the pack itself plus one entry per goal joining what belongs to it, with the
    records behind the goal's number for the appendix (`records`: goal id -> goal_records.GoalRecords)."""
    by_goal = _grouped(pack)
    goals = [_goal_view(goal, by_goal, records.get(goal["goal_id"])) for goal in pack["scorecard"]["goals"]]
    return {
        "pack": pack,
        "currency": pack["company"]["currency"],
        "data_as_of": [dict(source, as_of=_timestamp(source["as_of"])) for source in pack["data_as_of"]],
        "goals": goals,
        "general_flags": [f for f in pack["quality_flags"] if not f.get("goal_id")],
        "goal_titles": {g["goal"]["goal_id"]: g["goal"]["title"] for g in goals},
        "metric_units": {g["goal"]["metric"]["id"]: g["goal"]["metric"]["unit"] for g in goals},
        "has_context": any(g["context"] for g in goals),
        "prompts": [(label, pack["development"]["conversation_prompts"].get(key, [])) for key, label in PROMPTS],
    }


def _grouped(pack: dict) -> dict[str, dict[str, list]]:
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name in ("evidence", "context", "quality_flags", "next_level"):
        for item in pack[name]:
            if item.get("goal_id"):
                grouped[item["goal_id"]][name].append(item)
    return grouped


def _goal_view(goal: dict, by_goal: dict[str, dict[str, list]], records: Any) -> dict[str, Any]:
    own = by_goal.get(goal["goal_id"], {})
    evidence = (own.get("evidence") or [None])[0]
    return {
        "goal": goal,
        "anchor": "goal-" + _anchor(goal["goal_id"]),
        "evidence": evidence,
        "records": records,  # goal_records.GoalRecords, or None without records
        "csv": records_file(goal["goal_id"]),
        "context": own.get("context", []),
        "flags": own.get("quality_flags", []),
        "next_level": (own.get("next_level") or [None])[0],
        "trend_chart": trend_chart(goal),
    }


def _anchor(goal_id: str) -> str:
    """An HTML id from a goal id (escaping keeps it safe; this keeps it a valid fragment)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(goal_id))


def trend_chart(goal: dict) -> Markup:
    """Attainment month by month to date against 100% (the target): one scale for every unit and direction."""
    months = goal["trend"]
    span = f"{months[0]['month']} to {months[-1]['month']}" if months else "no months yet"
    return _attainment_sparkline(tuple(point["attainment"] for point in months), span)


@lru_cache(maxsize=4096)
def _attainment_sparkline(values: tuple[float | None, ...], span: str) -> Markup:
    """Cached: a team goal's chart is the same in every member's pack."""
    return sparkline(list(values), f"Attainment by month, {span}", reference=1.0, width=84)


def _timestamp(value: str | None) -> datetime | str | None:
    """An ISO UTC timestamp as a datetime (the page shows it to the minute); anything else as given."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return value
    return parsed.astimezone(timezone.utc) if parsed and parsed.tzinfo else parsed or value
