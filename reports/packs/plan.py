"""The order a bundle writes packs in, and the goals of each, before any pack is built (a module without the
warehouse's imports: render workers load it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from reports.packs.goal_records import GoalRecords


@dataclass(frozen=True)
class PackPlan:
    """Packs in the order a bundle writes them (team by team, then by employee id) and the goals each holds, known
    before any pack is built. A pack is built only when asked for, with the records of its goals (the largest
    are in the pack): a company's pack dicts at once do not fit the memory budget at 10,000 people."""

    keys: list[tuple[str, str]]        # (team_id, employee_id) of each pack, in order
    goal_ids: list[list[str]]          # the goals of each pack (its evidence), in the same order
    build: Callable[[int, Mapping[str, GoalRecords]], dict]  # position, its goals' records -> the pack dict

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def of(cls, packs: Iterable[dict]) -> "PackPlan":
        """The plan of pack dicts already built."""
        ordered = sorted(packs, key=lambda pack: (pack["employee"].get("team_id") or "", pack["employee"]["id"]))
        return cls([(pack["employee"].get("team_id") or "", pack["employee"]["id"]) for pack in ordered],
                   [[evidence["goal_id"] for evidence in pack["evidence"]] for pack in ordered],
                   lambda position, _records: ordered[position])
