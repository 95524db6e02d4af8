"""The HRIS: employees, effective-dated job history (hires, moves, promotions, manager changes) and teams."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company.calendar import DEMO_CLOCK_START
from demo.company.org import Org
from demo.company.staffing import Staff
from demo.company.timing import MS_PER_DAY, NEVER, day_number, office_hours_ms

REASON_PRIORITY = {"hire": 0, "team_move": 1, "promotion": 2, "manager_change": 3}
IC_TITLES = {"account_executive": "Account Executive", "fulfilment_specialist": "Fulfilment Specialist",
             "software_engineer": "Software Engineer", "support_agent": "Support Agent", "qa_engineer": "QA Engineer"}
LEVEL_PREFIX = {1: "Junior ", 2: "", 3: "Senior ", 4: "Lead ", 5: "Principal "}
MANAGER_TITLES = {"sales": "Sales Manager", "delivery": "Fulfilment Manager", "engineering": "Engineering Manager",
                  "support": "Support Manager", "qa": "QA Manager"}
HEAD_TITLES = {"Sales": "VP Sales", "Delivery & Operations": "Head of Delivery & Operations",
               "Engineering": "VP Engineering", "Support": "Head of Support", "QA": "Head of QA"}


@dataclass(frozen=True)
class Hris:
    employees: pd.DataFrame    # per person: created_ms
    job_history: pd.DataFrame  # person, day, end_day, slot, team, level, manager (person or -1), reason, recorded_ms


def build_hris(org: Org, staff: Staff, rng: np.random.Generator) -> Hris:
    persons = staff.persons
    created = office_hours_ms(persons["hire_day"].to_numpy() - rng.integers(7, 31, len(persons)), rng)
    employees = pd.DataFrame({"created_ms": created}, index=persons.index)
    return Hris(employees=employees, job_history=_job_history(org, staff, created, rng))


def _job_history(org: Org, staff: Staff, created_ms: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    events = _change_events(org, staff)
    person, day = events["person"].to_numpy(), events["day"].to_numpy()
    slot = staff.slot_of(person, day)
    manager_slot = org.slots["manager_slot"].to_numpy()[slot]
    manager = np.where(manager_slot >= 0, staff.occupant(np.maximum(manager_slot, 0), day), -1)
    levels = staff.levels.sort_values("day", kind="stable")
    level = pd.merge_asof(events.assign(order=np.arange(len(events))).sort_values("day", kind="stable"), levels,
                          on="day", by="person", direction="backward").sort_values("order")["level"].to_numpy()
    history = events.assign(slot=slot, team=org.slots["team"].to_numpy()[slot], level=level, manager=manager)
    history = history.sort_values(["person", "day"], kind="stable").reset_index(drop=True)
    same_as_before = (history["person"].shift() == history["person"]) & (history["manager"].shift() == history["manager"])
    history = history[~((history["reason"] == "manager_change") & same_as_before)].reset_index(drop=True)
    days, people = history["day"].to_numpy(), history["person"].to_numpy()
    term = staff.persons["term_day"].to_numpy()[people]
    end_day = np.where(term < NEVER, term + 1, NEVER)
    same_person = people[1:] == people[:-1]
    end_day[:-1][same_person] = days[1:][same_person]
    history["end_day"] = end_day
    ahead = rng.integers(3, 21, len(history))
    recorded = office_hours_ms(history["day"].to_numpy() - ahead, rng)
    first_created = created_ms[history["person"].to_numpy()]
    history["recorded_ms"] = np.where(history["reason"] == "hire", first_created,
                                      np.maximum(recorded, first_created + MS_PER_DAY))
    return history


def _change_events(org: Org, staff: Staff) -> pd.DataFrame:
    intervals = staff.intervals
    hire = staff.persons["hire_day"].to_numpy()
    moves = pd.DataFrame({"person": intervals["person"], "day": intervals["start_day"],
                          "reason": np.where(intervals["start_day"].to_numpy() == hire[intervals["person"]],
                                             "hire", "team_move")})
    levels = staff.levels
    promotions = levels[levels["day"].to_numpy() > hire[levels["person"]]]
    promotions = pd.DataFrame({"person": promotions["person"], "day": promotions["day"], "reason": "promotion"})
    subordinate = intervals.assign(manager_slot=org.slots["manager_slot"].to_numpy()[intervals["slot"]])
    bosses = intervals.rename(columns={"slot": "manager_slot", "start_day": "change_day"})[["manager_slot",
                                                                                             "change_day"]]
    pairs = subordinate.merge(bosses, on="manager_slot")
    pairs = pairs[(pairs["start_day"] < pairs["change_day"]) & (pairs["change_day"] <= pairs["end_day"])]
    changes = pd.DataFrame({"person": pairs["person"], "day": pairs["change_day"], "reason": "manager_change"})
    events = pd.concat([moves, promotions, changes], ignore_index=True)
    events["priority"] = events["reason"].map(REASON_PRIORITY)
    events = events.sort_values(["person", "day", "priority"], kind="stable").drop_duplicates(["person", "day"])
    return events.drop(columns="priority").reset_index(drop=True)


def title_of(org: Org, slots: np.ndarray, levels: np.ndarray) -> list[str]:
    table = org.slots
    titles = []
    for slot, level in zip(slots, levels):
        kind, role, head_of = table.at[slot, "kind"], table.at[slot, "role_family"], table.at[slot, "head_of"]
        if kind == "management":
            titles.append(HEAD_TITLES.get(head_of, "Chief Executive Officer"))
        elif role == "manager":
            titles.append(("Senior " if level >= 6 else "") + MANAGER_TITLES[kind])
        else:
            titles.append(LEVEL_PREFIX[int(level)] + IC_TITLES[role])
    return titles


def hris_tables(org: Org, staff: Staff, hris: Hris) -> dict[str, dict]:
    persons, history, teams = staff.persons, hris.job_history, org.teams
    ids = persons["employee_id"].to_numpy()
    term = persons["term_day"].to_numpy()
    employees = {
        "employee_id": col.text(ids), "name": col.text(persons["name"].to_numpy()),
        "email": col.text(persons["email"].to_numpy()),
        "location": col.text(teams["office"].to_numpy()[org.slots["team"].to_numpy()[persons["first_slot"]]]),
        "hire_date": col.dates(persons["hire_day"].to_numpy()), "termination_date": col.dates(term),
        "created_at": col.instants(hris.employees["created_ms"].to_numpy()),
    }
    team = history["team"].to_numpy()
    manager = history["manager"].to_numpy()
    job_history = {
        "employee_id": col.text(ids[history["person"]]), "effective_date": col.dates(history["day"].to_numpy()),
        "end_date": col.dates(history["end_day"].to_numpy()),
        "title": col.text(title_of(org, history["slot"].to_numpy(), history["level"].to_numpy())),
        "job_level": col.numbered("L", history["level"].to_numpy()),
        "role_family": col.text(org.slots["role_family"].to_numpy()[history["slot"]]),
        "team_id": col.text(teams["team_id"].to_numpy()[team]), "team": col.text(teams["team"].to_numpy()[team]),
        "manager_id": col.text(np.where(manager >= 0, ids[np.maximum(manager, 0)], None), missing=manager < 0),
        "department": col.text(teams["department"].to_numpy()[team]),
        "region": col.text(teams["region"].to_numpy()[team]), "change_reason": col.text(history["reason"].to_numpy()),
        "recorded_at": col.instants(history["recorded_ms"].to_numpy()),
    }
    return {"hris_employees": employees, "hris_job_history": job_history, "teams": _teams_table(org, staff)}


def _teams_table(org: Org, staff: Staff) -> dict:
    teams = org.teams
    first_slot = org.slots.reset_index().groupby("team")["slot"].first().loc[teams.index].to_numpy()
    clock_day = day_number(DEMO_CLOCK_START.date())
    manager = staff.occupant(first_slot, np.full(len(first_slot), clock_day))
    return {"team_id": col.text(teams["team_id"].to_numpy()), "team": col.text(teams["team"].to_numpy()),
            "department": col.text(teams["department"].to_numpy()), "region": col.text(teams["region"].to_numpy()),
            "manager_id": col.text(staff.persons["employee_id"].to_numpy()[manager]),
            "kind": col.text(teams["kind"].to_numpy()), "location": col.text(teams["office"].to_numpy())}
