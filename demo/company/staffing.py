"""Who holds which position when: hires, leavers, team moves, promotions.

Every position is held by one person at a time. When someone leaves, the next person starts the following
day, so team sizes stay constant. Team moves swap two people of the same role family between teams at a
cycle start (reorgs happen at half-year boundaries), which keeps every goal set within one team per cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from demo.company import names, volumes
from demo.company.names import ascii_fold
from demo.company.calendar import all_cycles, cycle_start
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.timing import (
    NEVER, day_number, days_in_months, history_start_day, horizon_day, month_start_days,
)

_KEY = 1_000_000  # slot/person * _KEY + day keeps interval look-ups one searchsorted
IC_LEVELS_AT_START = (0.12, 0.28, 0.32, 0.20, 0.08)
IC_LEVELS_NEW_HIRE = (0.25, 0.35, 0.28, 0.10, 0.02)


@dataclass(frozen=True)
class Staff:
    persons: pd.DataFrame    # index = person number (employee_id order)
    intervals: pd.DataFrame  # slot, person, start_day, end_day (inclusive; NEVER = still there)
    levels: pd.DataFrame     # person, day, level (1–7): the level from that day on

    @cached_property
    def _by_slot(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        by_slot = self.intervals.sort_values(["slot", "start_day"], kind="stable")
        slots = by_slot["slot"].to_numpy()
        first_of_slot = np.searchsorted(slots, np.arange(slots.max() + 1), side="left")
        return slots * _KEY + by_slot["start_day"].to_numpy(), by_slot["person"].to_numpy(), first_of_slot

    @cached_property
    def _by_person(self) -> tuple[np.ndarray, np.ndarray]:
        by_person = self.intervals.sort_values(["person", "start_day"], kind="stable")
        return by_person["person"].to_numpy() * _KEY + by_person["start_day"].to_numpy(), by_person["slot"].to_numpy()

    def occupant(self, slots: np.ndarray, days: np.ndarray) -> np.ndarray:
        """The person holding each slot on each day (its first holder for days before the history)."""
        keys, holders, first_of_slot = self._by_slot
        slots = np.asarray(slots)
        pos = np.searchsorted(keys, slots * _KEY + np.asarray(days), side="right") - 1
        return holders[np.maximum(pos, first_of_slot[slots])]

    def slot_of(self, persons: np.ndarray, days: np.ndarray) -> np.ndarray:
        """The slot each person holds on each day (their last one after they left, first one before hire)."""
        keys, slots = self._by_person
        persons = np.asarray(persons)
        query = persons * _KEY + np.maximum(np.asarray(days), self.persons["hire_day"].to_numpy()[persons])
        return slots[np.searchsorted(keys, query, side="right") - 1]

    def employed(self, persons: np.ndarray, first_day: int, last_day: int) -> np.ndarray:
        p = self.persons
        return (p["hire_day"].to_numpy()[persons] <= last_day) & (p["term_day"].to_numpy()[persons] >= first_day)


def build_staff(org: Org, rng: np.random.Generator) -> Staff:
    protected = org.protected_slots()
    slot, start, end = _occupancy(org, protected, rng)
    person = np.arange(len(slot))
    for move_day in _move_days():
        slot, person, start, end = _swap(org, protected, slot, person, start, end, move_day, rng)
    intervals, persons = _number_persons(slot, person, start, end)
    persons = _describe_persons(persons, org, rng)
    levels = _levels(persons, intervals, org, rng)
    return Staff(persons=persons, intervals=intervals, levels=levels)


def _occupancy(org: Org, protected: np.ndarray, rng: np.random.Generator):
    n = len(org.slots)
    tenure = np.clip(rng.exponential(3.5 * 365, n), 20, 15 * 365).astype(np.int64)
    tenure = np.where(protected, np.maximum(tenure, 900), tenure)
    first_hire = history_start_day() - tenure
    term_slot, term_day = _terminations(protected, rng)
    order = np.lexsort((term_day, term_slot))
    term_slot, term_day = term_slot[order], term_day[order]
    keep = np.ones(len(term_slot), bool)
    same = term_slot[1:] == term_slot[:-1]
    keep[1:] = ~same | (term_day[1:] - term_day[:-1] >= volumes.MIN_TENURE_DAYS)
    term_slot, term_day = term_slot[keep], term_day[keep]
    slots = np.concatenate([np.arange(n), term_slot])
    starts = np.concatenate([first_hire, term_day + 1])
    order = np.lexsort((starts, slots))
    slots, starts = slots[order], starts[order]
    ends = np.full(len(slots), NEVER, dtype=np.int64)
    continues = slots[1:] == slots[:-1]
    ends[:-1][continues] = starts[1:][continues] - 1
    return slots, starts, ends


def _terminations(protected: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    eligible = np.flatnonzero(~protected)
    slots, days = [], []
    for month in range(len(month_start_days()) - 1):
        count = min(max(1, rng.poisson(volumes.MONTHLY_ATTRITION * len(eligible))), len(eligible))
        chosen = rng.choice(eligible, size=count, replace=False)
        slots.append(chosen)
        days.append(np.minimum(days_in_months(np.full(count, month), rng), horizon_day() - 1))
    return np.concatenate(slots).astype(np.int64), np.concatenate(days).astype(np.int64)


def _move_days() -> list[int]:
    return [day_number(cycle_start(c)) for c in all_cycles()[1:]]


def _swap(org: Org, protected, slot, person, start, end, day: int, rng: np.random.Generator):
    """Swap pairs of same-role people between teams on `day`: each one's interval is split there."""
    slots = org.slots
    active = (start < day) & (end >= day + 30)
    movable = active & ~protected[slot] & ~slots["is_manager"].to_numpy()[slot]
    candidates = np.flatnonzero(movable)
    group = (slots["department"] + "|" + slots["role_family"] + "|"
             + org.teams["crm"].to_numpy()[slots["team"].to_numpy()]).to_numpy()[slot[candidates]]
    first, second = [], []
    for key in np.unique(group):
        members = rng.permutation(candidates[group == key])
        pairs = int(len(members) * volumes.MOVE_SHARE / 2 + rng.random())
        a, b = members[: pairs], members[pairs: 2 * pairs]
        team = slots["team"].to_numpy()
        differ = team[slot[a]] != team[slot[b]]
        first.append(a[differ])
        second.append(b[differ])
    a, b = np.concatenate(first).astype(int), np.concatenate(second).astype(int)
    new_slot = np.concatenate([slot[a], slot[b]])
    new_person = np.concatenate([person[b], person[a]])
    new_end = np.concatenate([end[a], end[b]])
    end = end.copy()
    end[a] = day - 1
    end[b] = day - 1
    return (np.concatenate([slot, new_slot]), np.concatenate([person, new_person]),
            np.concatenate([start, np.full(len(new_slot), day)]), np.concatenate([end, new_end]))


def _number_persons(slot, person, start, end) -> tuple[pd.DataFrame, pd.DataFrame]:
    intervals = pd.DataFrame({"slot": slot, "person": person, "start_day": start, "end_day": end})
    spans = intervals.groupby("person").agg(hire_day=("start_day", "min"), last_day=("end_day", "max"))
    first_slot = intervals.sort_values(["person", "start_day"]).groupby("person")["slot"].first()
    spans["first_slot"] = first_slot
    spans = spans.reset_index().sort_values(["hire_day", "first_slot"], kind="stable").reset_index(drop=True)
    renumber = pd.Series(np.arange(len(spans)), index=spans["person"])
    intervals["person"] = renumber.loc[intervals["person"]].to_numpy()
    persons = spans.drop(columns="person")
    persons["term_day"] = persons.pop("last_day")
    persons.index.name = "person"
    intervals = intervals.sort_values(["slot", "start_day"], kind="stable").reset_index(drop=True)
    return intervals, persons


def _describe_persons(persons: pd.DataFrame, org: Org, rng: np.random.Generator) -> pd.DataFrame:
    n = len(persons)
    persons["employee_id"] = [f"E{i + 1:05d}" for i in range(n)]
    persons["first_name"] = np.array(names.FIRST_NAMES)[rng.integers(0, len(names.FIRST_NAMES), n)]
    persons["last_name"] = np.array(names.LAST_NAMES)[rng.integers(0, len(names.LAST_NAMES), n)]
    persons["name"] = persons["first_name"] + " " + persons["last_name"]
    handle = [f"{ascii_fold(f)}.{ascii_fold(l)}" for f, l in zip(persons["first_name"], persons["last_name"])]
    persons["handle"] = _unique(handle)
    persons["email"] = persons["handle"] + "@demo.example"
    persons["skill_volume"] = np.clip(rng.lognormal(0.0, 0.12, n), 0.75, 1.25)
    persons["skill_quality"] = np.clip(rng.normal(0.0, 1.0, n), -2.2, 2.2)
    persons["skill_amount"] = np.clip(rng.lognormal(0.0, 0.1, n), 0.8, 1.25)
    top = persons["first_slot"].to_numpy() == org.planted.top_performer_slot
    top_params = params_of("top_performer")
    persons.loc[top, ["skill_volume", "skill_quality", "skill_amount"]] = [top_params["volume"], 2.5,
                                                                          top_params["amount"]]
    return persons


def _unique(handles: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for handle in handles:
        seen[handle] = seen.get(handle, 0) + 1
        result.append(handle if seen[handle] == 1 else f"{handle}{seen[handle]}")
    return result


def _levels(persons: pd.DataFrame, intervals: pd.DataFrame, org: Org, rng: np.random.Generator) -> pd.DataFrame:
    slots = org.slots
    first = persons["first_slot"].to_numpy()
    before_history = persons["hire_day"].to_numpy() < history_start_day()
    ic_level = np.where(before_history, rng.choice(5, len(persons), p=IC_LEVELS_AT_START),
                        rng.choice(5, len(persons), p=IC_LEVELS_NEW_HIRE)) + 1
    manager_level = np.where(rng.random(len(persons)) < 0.6, 5, 6)
    level = np.where(slots["is_manager"].to_numpy()[first], manager_level, ic_level)
    level = np.where(slots["kind"].to_numpy()[first] == "management", 7, level)
    rows = [pd.DataFrame({"person": persons.index.to_numpy(), "day": persons["hire_day"].to_numpy(), "level": level})]
    current = level.copy()
    staff = Staff(persons=persons, intervals=intervals, levels=rows[0])
    for day in _move_days():
        everyone = persons.index.to_numpy()
        slot_now = staff.slot_of(everyone, np.full(len(everyone), day))
        eligible = (staff.employed(everyone, day, day) & (persons["hire_day"].to_numpy() <= day - 365)
                    & ~slots["is_manager"].to_numpy()[slot_now] & (current < 5))
        promoted = eligible & (rng.random(len(everyone)) < volumes.PROMOTION_SHARE)
        current = current + promoted
        rows.append(pd.DataFrame({"person": everyone[promoted], "day": day, "level": current[promoted]}))
    return pd.concat(rows, ignore_index=True).sort_values(["person", "day"], kind="stable").reset_index(drop=True)
