"""Goal versions for every cycle: company → department → team → individual, with targets set from the
generated data so most people land between threshold and stretch (except where a pattern is planted)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from demo.company.actuals import Facts, measure
from demo.company.calendar import all_cycles, cycle_end, cycle_months, cycle_start
from demo.company.goal_catalog import COMPANY_GOALS, DEPARTMENT_GOALS, METRICS, TEAM_GOALS, bands, rounded
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.staffing import Staff
from demo.company.timing import day_number, month_index

COMPANY_OWNER = "demo-co"


@dataclass(frozen=True)
class GoalSet:
    goals: pd.DataFrame       # one row per goal version (plus `actual` and `owner_key` for ground truth)
    attainment: pd.DataFrame  # person, cycle, team, attainment (weighted, capped at stretch)


def build_goals(org: Org, staff: Staff, facts: Facts, rng: np.random.Generator) -> GoalSet:
    goals, attainment = [], []
    for cycle in all_cycles():
        builder = _CycleGoals(org, staff, facts, cycle, rng)
        cycle_goals = builder.build()
        goals.append(cycle_goals)
        attainment.append(builder.attainment(cycle_goals))
    return GoalSet(goals=pd.concat(goals, ignore_index=True), attainment=pd.concat(attainment, ignore_index=True))


def goal_tables(goal_set: GoalSet) -> dict:
    g = goal_set.goals
    columns = ("goal_id", "cycle", "title", "level", "owner_type", "owner_id", "parent_goal_id", "metric", "filters",
               "target", "threshold", "stretch", "weight")
    return {column: pa.array(g[column], from_pandas=True) for column in columns} | {  # NaN weight → NULL
        "valid_from": g["valid_from"].to_numpy().astype("datetime64[D]")}


class _CycleGoals:
    def __init__(self, org: Org, staff: Staff, facts: Facts, cycle: str, rng: np.random.Generator):
        self.org, self.staff, self.facts, self.cycle, self.rng = org, staff, facts, cycle, rng
        self.first, self.last = day_number(cycle_start(cycle)), day_number(cycle_end(cycle))
        self.members = self._members()

    def build(self) -> pd.DataFrame:
        company = self._company_goals()
        departments = self._department_goals(company)
        teams = self._team_goals(departments)
        individuals = self._individual_goals(teams)
        goals = pd.concat([company, departments, teams, individuals], ignore_index=True)
        return self._plant_changes(goals)

    def _members(self) -> pd.DataFrame:
        persons = self.staff.persons
        everyone = persons.index.to_numpy()
        hire, term = persons["hire_day"].to_numpy(), persons["term_day"].to_numpy()
        here = everyone[(hire <= self.last) & (term >= self.first)]
        since = np.maximum(hire[here], self.first)
        slot = self.staff.slot_of(here, since)
        slots = self.org.slots
        members = pd.DataFrame({"person": here, "slot": slot, "team": slots["team"].to_numpy()[slot],
                                "kind": slots["kind"].to_numpy()[slot], "is_manager": slots["is_manager"].to_numpy()[slot],
                                "since": since, "until": np.minimum(term[here], self.last)})
        members["share"] = (members["until"] - members["since"] + 1) / (self.last - self.first + 1)
        return members[members["kind"] != "management"].reset_index(drop=True)

    def _measure(self, template, grain: str, by_month: bool = False) -> pd.Series:
        filters = {k: v for k, v in template.filters.items() if v != "{region}"}
        return measure(self.facts, template.metric, filters, grain, self.first, self.last, by_month)

    def _row(self, template, goal_id, level, owner_type, owner_id, parent, target, actual, owner_key=-1,
             filters=None, valid_from=None, weight=np.nan) -> dict:
        return {"goal_id": goal_id, "valid_from": valid_from or self.first, "cycle": self.cycle,
                "title": template.title, "level": level, "owner_type": owner_type, "owner_id": owner_id,
                "parent_goal_id": parent, "metric": template.metric,
                "filters": json.dumps(template.filters if filters is None else filters, sort_keys=True),
                "target": target, "weight": weight, "actual": actual, "owner_key": owner_key}

    def _company_goals(self) -> pd.DataFrame:
        rows = []
        for i, template in enumerate(COMPANY_GOALS, start=1):
            actual = self._measure(template, "company").get("company", np.nan)
            target = rounded(template.metric, actual * self.rng.uniform(0.95, 1.05))
            rows.append(self._row(template, f"{self.cycle}-company-{i}", "company", "company", COMPANY_OWNER, None,
                                  target, actual))
        return pd.DataFrame(rows)

    def _department_goals(self, company: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for department, goals in DEPARTMENT_GOALS.items():
            slug = department.lower().replace(" & ", "-").replace(" ", "-")
            for i, (template, parent) in enumerate(goals, start=1):
                actual = self._measure(template, "department").get(department, np.nan)
                target = rounded(template.metric, actual * self.rng.uniform(0.95, 1.05))
                rows.append(self._row(template, f"{self.cycle}-{slug}-{i}", "department", "department", department,
                                      company["goal_id"].iloc[parent], target, actual))
        return pd.DataFrame(rows)

    def _team_goals(self, departments: pd.DataFrame) -> pd.DataFrame:
        teams = self.org.teams
        rows = []
        for kind, templates in TEAM_GOALS.items():
            mine = teams[teams["kind"] == kind]
            for i, template in enumerate(templates, start=1):
                if template.scope != "team":
                    continue
                actual = self._measure(template, "team").reindex(mine.index)
                base = self._team_base(template, mine.index, actual)
                department = mine["department"].iloc[0]
                parent = _parent(departments[departments["owner_id"] == department], template.metric)
                for team, row in mine.iterrows():
                    filters = {k: (row["region"] if v == "{region}" else v) for k, v in template.filters.items()}
                    title = template.title.format(region=row["region"])
                    rows.append(self._row(template, f"{self.cycle}-{row['team_id']}-{i}", "team", "team",
                                          row["team_id"], parent, rounded(template.metric, base[team]),
                                          actual[team], owner_key=team, filters=filters, weight=template.weight)
                                | {"title": title})
        return pd.DataFrame(rows)

    def _team_base(self, template, teams: pd.Index, actual: pd.Series) -> pd.Series:
        """Counts and amounts: the team's typical month × 6 (robust to one odd month); rates: the peer median."""
        if METRICS[template.metric][1] in ("amount", "count"):
            months = len(cycle_months(self.cycle))
            monthly = self._measure(template, "team", by_month=True).unstack("month")
            monthly = monthly.reindex(index=teams).reindex(columns=_months_of(self.cycle)).fillna(0)
            return monthly.median(axis=1) * months
        return pd.Series(actual.median(), index=teams)

    def _individual_goals(self, teams: pd.DataFrame) -> pd.DataFrame:
        frames = []
        ids = self.staff.persons["employee_id"].to_numpy()
        for kind, templates in TEAM_GOALS.items():
            members = self.members[self.members["kind"] == kind]
            parent_of = _parents_by_owner(teams)
            for i, template in enumerate(templates, start=1):
                if template.scope != "individual":
                    continue
                actual = self._measure(template, "employee").reindex(members["person"]).to_numpy()
                target = self._individual_targets(template, members, actual)
                team_ids = self.org.teams["team_id"].to_numpy()[members["team"].to_numpy()]
                parents = [parent_of.get((t, template.metric), parent_of.get((t, None))) for t in team_ids]
                frames.append(pd.DataFrame({
                    "goal_id": [f"{self.cycle}-{ids[p]}-{i}" for p in members["person"]],
                    "valid_from": members["since"].to_numpy(), "cycle": self.cycle, "title": template.title,
                    "level": "individual", "owner_type": "employee", "owner_id": ids[members["person"].to_numpy()],
                    "parent_goal_id": parents, "metric": template.metric,
                    "filters": json.dumps(template.filters, sort_keys=True), "target": target,
                    "weight": float(template.weight), "actual": actual, "owner_key": members["person"].to_numpy()}))
        return pd.concat(frames, ignore_index=True)

    def _individual_targets(self, template, members: pd.DataFrame, actual: np.ndarray) -> np.ndarray:
        """The same standard for peers (same kind of team, same role level), prorated by time in the cycle."""
        cumulative = METRICS[template.metric][1] in ("amount", "count")
        share = members["share"].to_numpy()
        normalised = actual / share if cumulative else actual
        peers = (share == 1) & ~self._outlier(members)
        targets = np.empty(len(members))
        for manager in (False, True):
            group = members["is_manager"].to_numpy() == manager
            pool = normalised[group & peers]
            pool = pool[~np.isnan(pool)]
            base = np.median(pool) if len(pool) else np.nanmedian(normalised)
            targets[group] = base * (share[group] if cumulative else 1.0)
        return np.array([rounded(template.metric, t) for t in targets])

    def _outlier(self, members: pd.DataFrame) -> np.ndarray:
        """People whose numbers are planted to stand out do not set the standard for others."""
        low_region = self.org.teams["region"].to_numpy()[members["team"].to_numpy()] == self.org.planted.low_region
        top = members["slot"].to_numpy() == self.org.planted.top_performer_slot
        return (low_region & (members["kind"].to_numpy() == "sales")) | top

    def _plant_changes(self, goals: pd.DataFrame) -> pd.DataFrame:
        easy = params_of("too_easy_targets")
        if self.cycle == easy["cycle"]:
            team = self.org.planted.easy_team
            hit = ((goals["owner_type"] == "team") & (goals["owner_key"] == team)) | (
                (goals["owner_type"] == "employee") & goals["owner_key"].isin(
                    self.members.loc[self.members["team"] == team, "person"]))
            factor = goals["metric"].map(lambda m: easy["higher_factor"] if METRICS[m][0] == "higher"
                                         else easy["lower_factor"])
            goals.loc[hit, "target"] = [rounded(m, t) for m, t in zip(goals.loc[hit, "metric"],
                                                                       goals.loc[hit, "target"] * factor[hit])]
        goals = _with_bands(goals)
        change = params_of("mid_cycle_target_change")
        if self.cycle == change["cycle"]:
            goals = _with_target_change(goals, self.org, change)
        return goals

    def attainment(self, goals: pd.DataFrame) -> pd.DataFrame:
        """Each member's weighted attainment (capped at stretch) over their goals with data."""
        final = goals.drop_duplicates("goal_id", keep="last")
        own = final[final["owner_type"] == "employee"].rename(columns={"owner_key": "person"})
        shared = final[final["owner_type"] == "team"].rename(columns={"owner_key": "team"})
        shared = self.members[["person", "team"]].merge(shared, on="team")
        scored = pd.concat([own, shared], ignore_index=True)
        scored["score"] = _goal_attainment(scored)
        scored = scored[scored["score"].notna()]
        weighted = (scored["score"] * scored["weight"]).groupby(scored["person"]).sum()
        overall = weighted / scored["weight"].groupby(scored["person"]).sum()
        result = self.members[["person", "team"]].assign(cycle=self.cycle)
        result["attainment"] = overall.reindex(result["person"]).to_numpy()
        return result


def _months_of(cycle: str) -> list[int]:
    """History month numbers of the cycle's months."""
    return list(month_index(np.array([day_number(m) for m in cycle_months(cycle)])))


def _parents_by_owner(goals: pd.DataFrame) -> dict:
    """(owner, metric) → the owner's first goal on that metric; (owner, None) → the owner's first goal."""
    first = goals.drop_duplicates(["owner_id", "metric"])
    lookup = {(o, m): g for o, m, g in zip(first["owner_id"], first["metric"], first["goal_id"])}
    lookup |= {(o, None): g for o, g in zip(goals["owner_id"], goals["goal_id"]) if (o, None) not in lookup}
    return lookup


def _parent(candidates: pd.DataFrame, metric: str):
    same = candidates[candidates["metric"] == metric]
    chosen = same if len(same) else candidates
    return chosen["goal_id"].iloc[0] if len(chosen) else None


def _with_bands(goals: pd.DataFrame) -> pd.DataFrame:
    limits = [bands(m, t) for m, t in zip(goals["metric"], goals["target"])]
    goals["threshold"] = [round(lo, 3) for lo, _ in limits]
    goals["stretch"] = [round(hi, 3) for _, hi in limits]
    return goals


def _with_target_change(goals: pd.DataFrame, org: Org, change) -> pd.DataFrame:
    """The planted team goal starts with a lower target and is raised on `changed_on`."""
    team = org.planted.change_goal_team
    pick = goals.index[(goals["owner_type"] == "team") & (goals["owner_key"] == team)
                       & (goals["metric"] == "sales_won_amount")][0]
    raised = goals.loc[[pick]].copy()
    raised["valid_from"] = day_number(pd.Timestamp(change["changed_on"]).date())
    goals.loc[pick, "target"] = rounded("sales_won_amount", goals.loc[pick, "target"] * change["old_factor"])
    goals = _with_bands(goals)
    return pd.concat([goals, raised], ignore_index=True)


def _goal_attainment(goals: pd.DataFrame) -> pd.Series:
    higher = goals["metric"].map(lambda m: METRICS[m][0] == "higher").to_numpy()
    actual, target, stretch = (goals[c].to_numpy(float) for c in ("actual", "target", "stretch"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(higher, actual / target, target / actual)
        cap = np.where(higher, stretch / target, target / stretch)
    return pd.Series(np.minimum(ratio, cap), index=goals.index)
