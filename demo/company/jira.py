"""Jira issues: work items with due dates (ENG tasks and stories, OPS tasks, SUP service requests) and bugs
on the engineering teams' components. Each goes To Do → In Progress → Done."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company import names, volumes
from demo.company.activity import events_per_slot_month, workdays_in
from demo.company.components import components_of_teams
from demo.company.identities import Accounts
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.staffing import Staff
from demo.company.timing import MS_PER_DAY, NEVER, horizon_ms, month_index, month_start_days, office_hours_ms
from demo.company.versions import Versions, expand, slices

PROJECTS = ("ENG", "OPS", "SUP")
TYPES = ("Task", "Story", "Service Request", "Bug")
PRIORITIES = ("Highest", "High", "Medium", "Low")
ENVIRONMENTS = ("production", "staging", "development")
STATUSES = (("To Do", "new"), ("In Progress", "indeterminate"), ("Done", "done"))
LABELS = ("qa", "tech-debt", "billing", "delivery", "account", "returns", "warehouse", "customer-reported",
          "regression")
KIND_SETUP = {  # project, on-time base, planned days (low, high)
    "engineering": (0, 0.82, (3, 12)), "qa": (0, 0.85, (3, 12)), "delivery": (1, 0.84, (2, 8)),
    "support": (2, 0.86, (1, 4)),
}
BUG_RESOLUTION_MEDIAN_DAYS = np.array([1.5, 4.0, 9.0, 20.0])
CHUNK_VERSIONS = 1_000_000


@dataclass(frozen=True)
class Issues:
    frame: pd.DataFrame
    versions: Versions
    summaries: tuple[str, ...]


def spike_month() -> int:
    month = params_of("defect_spike")["month"]
    return int(month_index(np.array([np.datetime64(month + "-01", "D").astype(np.int64)]))[0])


def team_defects_per_month(org: Org, per_engineer: float) -> np.ndarray:
    """Expected defects per (month, engineering team): proportional to headcount, with the planted spike."""
    teams = org.teams[org.teams["kind"] == "engineering"]
    months = len(month_start_days()) - 1
    rate = np.tile(teams["size"].to_numpy() * per_engineer, (months, 1)).astype(float)
    spike = np.flatnonzero(teams.index.to_numpy() == org.planted.spike_team)
    rate[spike_month(), spike] *= params_of("defect_spike")["factor"]
    return rate


def build_issues(org: Org, staff: Staff, components: pd.DataFrame, rng: np.random.Generator) -> Issues:
    summaries = _summary_vocabulary(components)
    work = _work_items(org, staff, components, rng)
    bugs = _bugs(org, staff, components, rng)
    issues = pd.concat([work, bugs], ignore_index=True).sort_values(["created_ms", "slot"], kind="stable")
    issues = issues.reset_index(drop=True)
    issues["number"] = issues.groupby("project").cumcount() + 1
    versions = expand([issues[c].to_numpy() for c in ("created_ms", "progress_ms", "resolved_ms")], horizon_ms())
    return Issues(frame=issues, versions=versions, summaries=summaries)


def _summary_vocabulary(components: pd.DataFrame) -> tuple[str, ...]:
    return tuple(
        [f"{v} {o}" for v in names.TASK_VERBS for o in names.TASK_OBJECTS]
        + [f"As a customer I can use an improved {o}" for o in names.TASK_OBJECTS]
        + [f"Prepare {o}" for o in names.QA_OBJECTS] + list(names.SERVICE_REQUESTS) + list(names.OPS_TASKS)
        + [f"{s} in {c}" for c in components["component"] for s in names.BUG_SYMPTOMS])


def _offsets() -> dict[str, int]:
    tasks = len(names.TASK_VERBS) * len(names.TASK_OBJECTS)
    stories = tasks + len(names.TASK_OBJECTS)
    qa = stories + len(names.QA_OBJECTS)
    support = qa + len(names.SERVICE_REQUESTS)
    return {"task": 0, "story": tasks, "qa": stories, "support": qa, "ops": support,
            "bug": support + len(names.OPS_TASKS)}


def _work_items(org: Org, staff: Staff, components: pd.DataFrame, rng) -> pd.DataFrame:
    slots = org.slots
    chosen = np.flatnonzero(slots["kind"].isin(list(KIND_SETUP)).to_numpy())
    ic_rate = np.array([volumes.WORK_ITEMS_PER_HEAD_MONTH[_ic_role(k)] for k in slots["kind"].to_numpy()[chosen]])
    rate = ic_rate * np.where(slots["is_manager"].to_numpy()[chosen], volumes.MANAGER_ACTIVITY_SHARE, 1.0)
    slot, month = events_per_slot_month(staff, chosen, rate, rng)
    n = len(slot)
    kind = slots["kind"].to_numpy()[slot]
    project = np.array([KIND_SETUP[k][0] for k in kind])
    base = np.array([KIND_SETUP[k][1] for k in kind])
    low = np.array([KIND_SETUP[k][2][0] for k in kind])
    high = np.array([KIND_SETUP[k][2][1] for k in kind])
    story = (kind == "engineering") & (rng.random(n) < 0.3)
    issue_type = np.where(kind == "support", 2, np.where(story, 1, 0))
    planned = rng.integers(low, high + 1) + np.where(story, 5, 0)
    created_day = workdays_in(month, rng)
    assignee = staff.occupant(slot, created_day)
    on_time = rng.random(n) < np.clip(base + 0.05 * staff.persons["skill_quality"].to_numpy()[assignee], 0.6, 0.97)
    due_day = created_day + planned
    early = created_day + np.floor(rng.uniform(0.3, 1.0, n) * (planned + 1)).astype(np.int64)
    resolved_day = np.where(on_time, np.minimum(early, due_day), due_day + rng.geometric(0.33, n))
    frame = _timeline(created_day, resolved_day, rng)
    # support agents log their own requests; other work is filed by the person's manager
    reporter = np.where(kind == "support", assignee,
                        staff.occupant(slots["manager_slot"].to_numpy()[slot], created_day))
    component = np.where((kind == "engineering") & (rng.random(n) < 0.5),
                         _team_component(org, components, slots["team"].to_numpy()[slot], rng), -1)
    offsets = _offsets()
    summary = np.select(
        [kind == "support", kind == "delivery", kind == "qa", story],
        [offsets["support"] + rng.integers(0, len(names.SERVICE_REQUESTS), n),
         offsets["ops"] + rng.integers(0, len(names.OPS_TASKS), n),
         offsets["qa"] + rng.integers(0, len(names.QA_OBJECTS), n),
         offsets["story"] + rng.integers(0, len(names.TASK_OBJECTS), n)],
        offsets["task"] + rng.integers(0, offsets["story"], n))
    label = np.select([kind == "qa", kind == "support", kind == "delivery", rng.random(n) < 0.2],
                      [0, 2 + rng.integers(0, 4, n), 6, 1], -1)
    return frame.assign(slot=slot, project=project, issue_type=issue_type, due_day=due_day, reporter=reporter,
                        component=component, label=label, summary=summary, assign_later=False,
                        priority=rng.choice(4, n, p=[0.03, 0.17, 0.6, 0.2]), environment=-1)


def _ic_role(kind: str) -> str:
    return {"engineering": "software_engineer", "qa": "qa_engineer", "support": "support_agent",
            "delivery": "fulfilment_specialist"}[kind]


def _team_component(org: Org, components: pd.DataFrame, teams: np.ndarray, rng) -> np.ndarray:
    result = np.full(len(teams), -1)
    eng = org.teams["kind"].to_numpy()[teams] == "engineering"
    result[eng] = components_of_teams(components, teams[eng], rng)
    return result


def _timeline(created_day: np.ndarray, resolved_day: np.ndarray, rng) -> pd.DataFrame:
    n = len(created_day)
    progress_day = created_day + np.floor(rng.uniform(0, 0.5, n) * (resolved_day - created_day)).astype(np.int64)
    created_ms = office_hours_ms(created_day, rng)
    progress_ms = np.maximum(office_hours_ms(progress_day, rng), created_ms + 600_000)
    resolved_ms = np.maximum(office_hours_ms(resolved_day, rng), progress_ms + 600_000)
    return pd.DataFrame({"created_ms": created_ms, "progress_ms": progress_ms, "resolved_ms": resolved_ms,
                         "created_day": created_day, "resolved_day": resolved_ms // MS_PER_DAY})


def _bugs(org: Org, staff: Staff, components: pd.DataFrame, rng) -> pd.DataFrame:
    eng_teams = org.teams.index[org.teams["kind"] == "engineering"].to_numpy()
    rate = team_defects_per_month(org, volumes.JIRA_BUGS_PER_ENGINEER_MONTH)
    counts = rng.poisson(rate)
    month = np.repeat(np.arange(rate.shape[0]), counts.sum(axis=1))
    team = np.concatenate([np.repeat(eng_teams, row) for row in counts])
    n = len(team)
    created_day = workdays_in(month, rng)
    priority = rng.choice(4, n, p=[0.05, 0.2, 0.5, 0.25])
    days = np.ceil(rng.lognormal(np.log(BUG_RESOLUTION_MEDIAN_DAYS[priority]), 0.6)).astype(np.int64)
    frame = _timeline(created_day, created_day + days, rng)
    slot = _random_member_slot(org, team, rng, include_manager=False)
    reporter_slot, from_support = _bug_reporter_slots(org, team, rng)
    component = _team_component(org, components, team, rng)
    symptom = rng.integers(0, len(names.BUG_SYMPTOMS), n)
    label = np.where(from_support, 7, np.where(rng.random(n) < 0.15, 8, -1))
    return frame.assign(slot=slot, project=0, issue_type=3, due_day=NEVER,
                        reporter=staff.occupant(reporter_slot, created_day), component=component, label=label,
                        summary=_offsets()["bug"] + component * len(names.BUG_SYMPTOMS) + symptom,
                        assign_later=rng.random(n) < 0.6, priority=priority,
                        environment=rng.choice(3, n, p=[0.35, 0.4, 0.25]))


def _random_member_slot(org: Org, teams: np.ndarray, rng, include_manager: bool) -> np.ndarray:
    slots = org.slots.reset_index()
    members = slots[~slots["is_manager"] | include_manager].groupby("team")["slot"].agg(["min", "count"])
    return members["min"].loc[teams].to_numpy() + rng.integers(0, members["count"].loc[teams].to_numpy())


def _bug_reporter_slots(org: Org, teams: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """70% reported by QA or support people, the rest by an engineer of the team itself."""
    slots = org.slots
    outside = np.flatnonzero(slots["kind"].isin(["qa", "support"]).to_numpy() & ~slots["is_manager"].to_numpy())
    n = len(teams)
    from_outside = rng.random(n) < 0.7
    reporter = np.where(from_outside, outside[rng.integers(0, len(outside), n)],
                        _random_member_slot(org, teams, rng, include_manager=False))
    from_support = from_outside & (slots["kind"].to_numpy()[reporter] == "support")
    return reporter, from_support


def issue_tables(issues: Issues, staff: Staff, components: pd.DataFrame, accounts: Accounts):
    frame = issues.frame
    ids = 10_000 + np.arange(len(frame))
    for part in slices(issues.versions, CHUNK_VERSIONS):
        yield "jira_issues", _columns(frame, part, ids, issues.summaries, staff, components, accounts)


def _columns(frame: pd.DataFrame, v: Versions, ids, summaries, staff: Staff, components, accounts) -> dict:
    r, step = v.record, v.step
    day = np.minimum(v.version_at, horizon_ms()) // MS_PER_DAY
    assignee = staff.occupant(frame["slot"].to_numpy()[r], day)
    unassigned = (step == 0) & frame["assign_later"].to_numpy()[r]
    component = frame["component"].to_numpy()[r]
    label = frame["label"].to_numpy()[r]
    environment = frame["environment"].to_numpy()[r]
    project = frame["project"].to_numpy()[r]
    done = step == 2
    record_ids = col.numbered("", ids[r])
    return {
        "record_id": record_ids, "version_at": col.instants(v.version_at), "valid_to": col.instants(v.valid_to),
        "is_deleted": v.is_deleted, "id": record_ids,
        "key": col.join(col.pick(PROJECTS, project), "-", col.numbered("", frame["number"].to_numpy()[r])),
        "project": col.labels(project, PROJECTS), "issuetype": col.labels(frame["issue_type"].to_numpy()[r], TYPES),
        "summary": col.labels(frame["summary"].to_numpy()[r], summaries),
        "priority": col.labels(frame["priority"].to_numpy()[r], PRIORITIES),
        "components": col.string_lists(col.pick(components["component"].to_numpy(), component[component >= 0]),
                                       (component >= 0).astype(int)),
        "assignee_account_id": col.text(accounts.jira_user[assignee], missing=unassigned),
        "reporter_account_id": col.text(accounts.jira_user[frame["reporter"].to_numpy()[r]]),
        "status": col.labels(step, [s[0] for s in STATUSES]),
        "status_category": col.labels(step, [s[1] for s in STATUSES]),
        "created": col.instants(frame["created_ms"].to_numpy()[r]),
        "resolutiondate": col.instants(np.where(done, frame["resolved_ms"].to_numpy()[r], NEVER)),
        "duedate": col.dates(frame["due_day"].to_numpy()[r]),
        "labels": col.string_lists(col.pick(LABELS, label[label >= 0]), (label >= 0).astype(int)),
        "environment": col.labels(np.maximum(environment, 0), ENVIRONMENTS, missing=environment < 0),
    }
