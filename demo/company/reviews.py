"""Past review ratings (by each person's manager) and journal entries (SBI feedback and milestones)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company import sbi
from demo.company.calendar import all_cycles, cycle_end, cycle_start, past_cycles
from demo.company.goals import GoalSet
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.staffing import Staff
from demo.company.timing import day_number, horizon_day, horizon_ms, office_hours_ms

RATING_CUTS = (-1.3, -0.5, 0.5, 1.3)   # score → rating 1…5
MIN_DAYS_IN_CYCLE_TO_RATE = 90


def build_ratings(org: Org, staff: Staff, goal_set: GoalSet, rng: np.random.Generator) -> pd.DataFrame:
    frames = [_cycle_ratings(org, staff, goal_set, cycle, rng) for cycle in past_cycles()]
    return pd.concat(frames, ignore_index=True)


def _cycle_ratings(org: Org, staff: Staff, goal_set: GoalSet, cycle: str, rng) -> pd.DataFrame:
    end = day_number(cycle_end(cycle))
    persons = staff.persons
    rated = persons.index[(persons["hire_day"] <= end - MIN_DAYS_IN_CYCLE_TO_RATE) & (persons["term_day"] > end)]
    slot = staff.slot_of(rated.to_numpy(), np.full(len(rated), end))
    manager_slot = org.slots["manager_slot"].to_numpy()[slot]
    rated, slot, manager_slot = rated[manager_slot >= 0], slot[manager_slot >= 0], manager_slot[manager_slot >= 0]
    frame = pd.DataFrame({"person": rated, "manager": staff.occupant(manager_slot, np.full(len(rated), end))})
    attainment = goal_set.attainment[goal_set.attainment["cycle"] == cycle].set_index("person")["attainment"]
    frame["attainment"] = attainment.reindex(frame["person"]).to_numpy()
    spread = frame["attainment"].std()
    frame["z_org"] = (frame["attainment"] - frame["attainment"].median()) / spread
    # managers judge people against each other: standardise within each manager's group
    group = frame.groupby("manager")["attainment"]
    within = group.transform("std").where(group.transform("count") >= 3, spread).fillna(spread)
    frame["z_team"] = (frame["attainment"] - group.transform("mean")) / within.clip(lower=1e-6)
    score = 0.6 * frame["z_team"] + 0.4 * frame["z_org"] + rng.normal(0, 0.25, len(frame))
    no_goals = frame["attainment"].isna().to_numpy()
    quality = persons["skill_quality"].to_numpy()[frame["person"]]
    score = np.where(no_goals, 0.5 * quality + rng.normal(0, 0.3, len(frame)), score)
    disagree = params_of("ratings_disagree_manager")
    contrarian = staff.occupant(np.array([org.planted.disagree_manager_slot]), np.array([end]))[0]
    theirs = frame["manager"].to_numpy() == contrarian
    score = np.where(theirs, -disagree["inverse_weight"] * frame["z_team"].fillna(0)
                     + rng.normal(0, disagree["noise"], len(frame)), score)
    frame["rating"] = 1 + np.digitize(score, RATING_CUTS)
    frame["cycle"] = cycle
    frame["recorded_ms"] = office_hours_ms(np.full(len(frame), end) + rng.integers(10, 31, len(frame)), rng)
    return frame[["person", "cycle", "rating", "manager", "recorded_ms", "attainment"]]


def ratings_table(staff: Staff, ratings: pd.DataFrame) -> dict:
    ids = staff.persons["employee_id"].to_numpy()
    return {"employee_id": col.text(ids[ratings["person"]]), "cycle": col.text(ratings["cycle"].to_numpy()),
            "rating": ratings["rating"].to_numpy().astype(np.int32),
            "manager_id": col.text(ids[ratings["manager"]]), "recorded_at": col.instants(ratings["recorded_ms"])}


def build_journal(org: Org, staff: Staff, goal_set: GoalSet, rng: np.random.Generator) -> pd.DataFrame:
    frames = [_cycle_journal(org, staff, goal_set, cycle, rng) for cycle in all_cycles()]
    journal = pd.concat(frames, ignore_index=True).sort_values(["day", "person"], kind="stable")
    return journal.reset_index(drop=True)


def _cycle_journal(org: Org, staff: Staff, goal_set: GoalSet, cycle: str, rng) -> pd.DataFrame:
    first, last = day_number(cycle_start(cycle)), min(day_number(cycle_end(cycle)), horizon_day())
    persons = staff.persons
    here = persons.index[(persons["hire_day"] <= last) & (persons["term_day"] >= first)].to_numpy()
    since = np.maximum(persons["hire_day"].to_numpy()[here], first)
    until = np.minimum(persons["term_day"].to_numpy()[here], last)
    entries = 1 + rng.poisson(1.0, len(here))
    person = np.repeat(here, entries)
    day = np.repeat(since, entries) + np.floor(rng.random(len(person)) * np.repeat(until - since + 1, entries))
    day = day.astype(np.int64)
    slot = staff.slot_of(person, day)
    manager_slot = org.slots["manager_slot"].to_numpy()[slot]
    manager = np.where(manager_slot >= 0, staff.occupant(np.maximum(manager_slot, 0), day), person)
    milestone = rng.random(len(person)) < 0.25
    attainment = goal_set.attainment[goal_set.attainment["cycle"] == cycle].set_index("person")["attainment"]
    z = ((attainment - attainment.median()) / attainment.std()).reindex(person).fillna(0.5).to_numpy()
    positive = rng.random(len(person)) < 1 / (1 + np.exp(-1.5 * z))
    return pd.DataFrame({"person": person, "day": day, "author": np.where(milestone, person, manager),
                         "milestone": milestone, "positive": positive | milestone,
                         "kind": org.slots["kind"].to_numpy()[slot], "pick": rng.integers(0, 1000, len(person)),
                         "delay": rng.integers(0, 4, len(person))})


def journal_table(staff: Staff, journal: pd.DataFrame, rng: np.random.Generator) -> dict:
    ids = staff.persons["employee_id"].to_numpy()
    first_names = staff.persons["first_name"].to_numpy()
    texts = [_entry_text(k, m, p, n, first_names[person]) for k, m, p, n, person in zip(
        journal["kind"], journal["milestone"], journal["positive"], journal["pick"], journal["person"])]
    situation, behaviour, impact = (list(part) for part in zip(*texts)) if texts else ([], [], [])
    recorded = np.minimum(office_hours_ms(journal["day"].to_numpy() + journal["delay"].to_numpy(), rng), horizon_ms())
    return {"entry_id": col.numbered("J", np.arange(1, len(journal) + 1), width=6),
            "employee_id": col.text(ids[journal["person"]]), "author_id": col.text(ids[journal["author"]]),
            "entry_date": col.dates(journal["day"].to_numpy()),
            "kind": col.text(np.where(journal["milestone"], "milestone", "feedback")),
            "situation": col.text(situation), "behaviour": col.text(behaviour), "impact": col.text(impact),
            "recorded_at": col.instants(recorded)}


def _entry_text(kind: str, milestone: bool, positive: bool, pick: int, first: str) -> tuple[str, str, str]:
    if milestone:
        options = sbi.MILESTONES[kind]
        return (options[pick % len(options)], sbi.MILESTONE_BEHAVIOUR.format(first=first), sbi.MILESTONE_IMPACT)
    situations = sbi.SITUATIONS[kind]
    behaviours = sbi.POSITIVE_BEHAVIOURS if positive else sbi.CONSTRUCTIVE_BEHAVIOURS
    impacts = sbi.POSITIVE_IMPACTS if positive else sbi.CONSTRUCTIVE_IMPACTS
    return (situations[pick % len(situations)], behaviours[pick // 7 % len(behaviours)].format(first=first),
            impacts[pick // 11 % len(impacts)])
