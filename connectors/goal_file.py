"""The goal file (YAML a user edits): goals of every level, each bound to a metric of the library, validated
as a whole before anything is loaded — a bad file never half-applies.

    goals:
      - id: 2026H2-sales-dach-1        # stable across versions
        valid_from: 2026-09-15         # optional: when this version took effect (else: the day a load first sees it)
        cycle: 2026H2
        title: Team won revenue – DACH
        level: team                    # company | department | team | individual
        owner: {type: team, id: sales-dach}   # company | department (name) | team (team id) | employee (employee id)
        parent: 2026H2-sales-1         # optional
        metric: sales_won_amount
        filters: {region: DACH}        # optional: source, project, region, product_line, channel
        target: 1195000
        threshold: 956000
        stretch: 1553500
        weight: 20                     # percent; team and individual goals only

A goal listed more than once (each entry with its own `valid_from`) has an explicit history. One raw record per
entry, keyed `goal_id|valid_from` (`goal_id|` when undated), so every version survives in the raw zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from connectors.catalog import RawRecord, to_payload
from connectors.goal_rules import check_goal, check_goal_set
from connectors.hris_org import Org
from connectors.yaml_entries import EntryReader, Problems, load_entries, subject_of

STREAM = "goals"
FIELDS = ("id", "valid_from", "cycle", "title", "level", "owner", "parent", "metric", "filters", "target",
          "threshold", "stretch", "weight")
LEVELS = ("company", "department", "team", "individual")
OWNER_TYPES = ("company", "department", "team", "employee")
FILTER_KEYS = ("source", "project", "region", "product_line", "channel")


@dataclass(frozen=True)
class Goal:
    """One entry of the goal file; a field that failed to parse is None (its problem is already recorded)."""

    id: str | None
    valid_from: date | None
    cycle: str | None
    title: str | None
    level: str | None
    owner_type: str | None
    owner_id: str | None
    parent: str | None
    metric: str | None
    target: float | None
    threshold: float | None
    stretch: float | None
    weight: float | None
    filters: dict[str, str] = field(default_factory=dict)
    subject: str = ""

    @property
    def record_key(self) -> str:
        return f"{self.id}|{self.valid_from.isoformat() if self.valid_from else ''}"

    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "cycle": self.cycle, "title": self.title, "level": self.level,
                "owner": {"type": self.owner_type, "id": self.owner_id}, "parent": self.parent,
                "metric": self.metric, "filters": self.filters, "target": self.target,
                "threshold": self.threshold, "stretch": self.stretch, "weight": self.weight}


def read_goal_file(path: Path, metrics: dict[str, dict], org: Org) -> list[Goal]:
    """Every goal entry of the file, checked against the metric library and the org. Raises `BadFile` listing
    every problem found (up to 20 shown), each naming the goal."""
    problems = Problems(STREAM, path)
    if not metrics:
        problems.add("file", "no metric library in the raw zone (files/metrics is empty): load metrics before goals")
    if not org.employees:
        problems.add("file", "no HRIS data in the raw zone (hris/employees is empty): load the HRIS before goals")
    problems.raise_if_any()
    goals = [_goal(entry, subject_of("goal", entry, position), problems)
             for position, entry in enumerate(load_entries(path, STREAM, "goals"), start=1)]
    for goal in goals:
        check_goal(goal, metrics, org, problems)
    check_goal_set(goals, org, problems)
    problems.raise_if_any()
    return goals


def goal_records(goals: list[Goal], taken_at) -> list[RawRecord]:
    return [RawRecord(goal.record_key, taken_at, False, to_payload(goal.payload())) for goal in goals]


def _goal(entry: Any, subject: str, problems: Problems) -> Goal:
    fields = EntryReader(entry, subject, problems, FIELDS)
    owner_type, owner_id = _owner(fields)
    return Goal(
        id=fields.text("id"), valid_from=fields.day("valid_from"), cycle=fields.text("cycle"),
        title=fields.text("title"), level=fields.choice("level", LEVELS), owner_type=owner_type, owner_id=owner_id,
        parent=fields.text("parent", required=False), metric=fields.text("metric"),
        target=fields.number("target"), threshold=fields.number("threshold"), stretch=fields.number("stretch"),
        weight=fields.number("weight", required=False), filters=_filters(fields), subject=subject)


def _owner(fields: EntryReader) -> tuple[str | None, str | None]:
    owner = fields.raw("owner", True)
    if owner is None:
        return None, None
    if not isinstance(owner, dict):
        fields.fail(f"owner must be a mapping with type and id (got {owner!r})")
        return None, None
    reader = EntryReader(owner, fields.subject, fields.problems, ("type", "id"), prefix="owner.")
    owner_type = reader.choice("type", OWNER_TYPES)
    owner_id = reader.text("id")
    return owner_type, owner_id


def _filters(fields: EntryReader) -> dict[str, str]:
    filters = fields.raw("filters", False) or {}
    if not isinstance(filters, dict):
        fields.fail(f"filters must be a mapping such as {{region: DACH}} (got {filters!r})")
        return {}
    clean = {}
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            fields.fail(f"unknown filter '{key}' (allowed: {', '.join(FILTER_KEYS)})")
        elif not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            fields.fail(f"filter {key} must be non-empty text (got {value!r})")
        else:
            clean[key] = str(value).strip()
    return dict(sorted(clean.items()))
