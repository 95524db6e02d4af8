"""The `planted` table: on which concrete teams, people, goals and accounts each pattern was realised."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company.actuals import Facts
from demo.company.calendar import DEMO_CLOCK_START, all_cycles, past_cycles
from demo.company.goals import GoalSet
from demo.company.identities import Accounts
from demo.company.jira import spike_month
from demo.company.orders import LOCATION_ID_BASE, Locations
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.staffing import Staff
from demo.company.timing import day_number, month_start_days


def planted_table(org: Org, staff: Staff, accounts: Accounts, facts: Facts, goal_set: GoalSet,
                  locations: Locations) -> dict:
    rows = [
        _too_easy(org, goal_set), _overloaded(org, facts, locations), _low_region(org), _top_performer(org, staff),
        *_unmatched(staff, accounts), _target_change(goal_set), _spike(org, facts), _small_team(org),
        _disagreeing_manager(org, staff),
    ]
    return {"pattern": col.text([r[0] for r in rows]), "subject_type": col.text([r[1] for r in rows]),
            "subject_id": col.text([r[2] for r in rows]),
            "detail": col.text([json.dumps(r[3], sort_keys=True, default=_plain) for r in rows])}


def _plain(value):
    return value.item() if isinstance(value, np.generic) else str(value)


def _team_id(org: Org, team: int) -> str:
    return str(org.teams.at[team, "team_id"])


def _too_easy(org: Org, goal_set: GoalSet):
    params = params_of("too_easy_targets")
    goals = goal_set.goals
    team = org.planted.easy_team
    team_goals = goals[(goals["owner_type"] == "team") & (goals["owner_key"] == team)
                       & (goals["cycle"] == params["cycle"])]
    return ("too_easy_targets", "team", _team_id(org, team),
            {"cycle": params["cycle"], "team_goal_ids": list(team_goals["goal_id"]),
             "higher_factor": params["higher_factor"], "lower_factor": params["lower_factor"]})


def _overloaded(org: Org, facts: Facts, locations: Locations):
    params = params_of("overloaded_delivery_team")
    team = org.planted.overloaded_team
    shop = facts.shop.groupby(["team", "month"])[["created", "delivered", "on_time"]].sum()
    starts = month_start_days()
    clock_month = int(np.searchsorted(starts, day_number(DEMO_CLOCK_START.date()), side="right")) - 1
    recent = shop[shop.index.get_level_values("month").isin(range(clock_month - 6, clock_month))]
    per_head = recent["created"].groupby("team").sum() / org.teams["size"]
    rates = (recent["on_time"] / recent["delivered"]).loc[team]
    labels = [str(np.datetime64(int(starts[m]), "D").astype("datetime64[M]")) for m in rates.index]
    location = LOCATION_ID_BASE + int(np.flatnonzero(locations.team == team)[0])
    return ("overloaded_delivery_team", "team", _team_id(org, team),
            {"location_id": location, "decline_from": params["decline_from"],
             "volume_per_head_vs_median": round(float(per_head[team] / per_head.dropna().median()), 2),
             "monthly_on_time_before_clock": dict(zip(labels, np.round(rates.to_numpy(), 3)))})


def _low_region(org: Org):
    params = params_of("low_sales_region")
    teams = org.teams[(org.teams["region"] == org.planted.low_region) & (org.teams["kind"] == "sales")]
    return ("low_sales_region", "region", org.planted.low_region,
            {"team_ids": list(teams["team_id"]), "win_factor": params["win_factor"],
             "amount_factor": params["amount_factor"]})


def _top_performer(org: Org, staff: Staff):
    slot = org.planted.top_performer_slot
    person = staff.occupant(np.array([slot]), np.array([day_number(DEMO_CLOCK_START.date())]))[0]
    return ("top_performer", "employee", staff.persons.at[person, "employee_id"],
            {"role_family": params_of("top_performer")["role_family"],
             "team_id": _team_id(org, int(org.slots.at[slot, "team"])), "cycles": list(all_cycles())})


def _unmatched(staff: Staff, accounts: Accounts):
    ids = staff.persons["employee_id"].to_numpy()
    return [("unmatched_identities", "jira_user", str(accounts.jira_user[p]),
             {"system": "jira", "employee_id": ids[p]}) for p in accounts.unmatched]


def _target_change(goal_set: GoalSet):
    params = params_of("mid_cycle_target_change")
    goals = goal_set.goals
    versions = goals[goals.duplicated("goal_id", keep=False)].sort_values("valid_from")
    old, new = versions.iloc[0], versions.iloc[-1]
    return ("mid_cycle_target_change", "goal", old["goal_id"],
            {"cycle": params["cycle"], "changed_on": params["changed_on"], "team_id": old["owner_id"],
             "metric": old["metric"], "old_target": old["target"], "new_target": new["target"]})


def _spike(org: Org, facts: Facts):
    team = org.planted.spike_team
    defects = facts.defects[facts.defects["team"] == team]
    months = np.searchsorted(month_start_days(), defects["created_day"].to_numpy(), side="right") - 1
    monthly = pd.Series(months).value_counts().sort_index()
    spike = spike_month()
    return ("defect_spike", "team", _team_id(org, team),
            {"month": params_of("defect_spike")["month"], "factor": params_of("defect_spike")["factor"],
             "defects_in_month": int(monthly.get(spike, 0)),
             "usual_monthly_median": float(monthly.drop(spike, errors="ignore").median())})


def _small_team(org: Org):
    team = org.planted.small_team
    return ("small_team", "team", _team_id(org, team), {"headcount": int(org.teams.at[team, "size"])})


def _disagreeing_manager(org: Org, staff: Staff):
    slot = org.planted.disagree_manager_slot
    person = staff.occupant(np.array([slot]), np.array([day_number(DEMO_CLOCK_START.date())]))[0]
    return ("ratings_disagree_manager", "employee", staff.persons.at[person, "employee_id"],
            {"team_id": _team_id(org, int(org.slots.at[slot, "team"])), "cycles": list(past_cycles())})
