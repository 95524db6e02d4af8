"""GitHub issues and pull requests in the company's repos: bug issues (labelled `bug` and an `area:` label),
other issues, and pull requests (some labelled bug). Each is opened, and most get closed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company import names, volumes
from demo.company.activity import events_per_slot_month, workdays_in
from demo.company.components import REPOS, components_of_teams
from demo.company.identities import Accounts
from demo.company.jira import team_defects_per_month
from demo.company.org import Org
from demo.company.staffing import Staff
from demo.company.timing import MS_PER_DAY, MS_PER_HOUR, NEVER, horizon_ms, office_hours_ms
from demo.company.versions import Versions, expand, slices

KINDS = ("bug", "pull_request", "issue")
OTHER_LABELS = ("enhancement", "question", "documentation")
ID_BASE = 2_100_000_000
CHUNK_VERSIONS = 1_000_000


@dataclass(frozen=True)
class GithubItems:
    frame: pd.DataFrame
    versions: Versions
    titles: tuple[str, ...]


def build_github(org: Org, staff: Staff, components: pd.DataFrame, rng: np.random.Generator) -> GithubItems:
    titles = _titles(components)
    parts = [_bug_issues(org, staff, components, rng), _pull_requests(org, staff, components, rng),
             _other_issues(org, staff, components, rng)]
    items = pd.concat(parts, ignore_index=True).sort_values(["created_ms", "author"], kind="stable")
    items = items.reset_index(drop=True)
    items["number"] = items.groupby("repo").cumcount() + 1
    versions = expand([items["created_ms"].to_numpy(), items["closed_ms"].to_numpy()], horizon_ms())
    return GithubItems(frame=items, versions=versions, titles=titles)


def _titles(components: pd.DataFrame) -> tuple[str, ...]:
    return tuple([f"{s} in {c}" for c in components["component"] for s in names.BUG_SYMPTOMS]
                 + [f"{v} {o}" for v in names.TASK_VERBS for o in names.TASK_OBJECTS] + list(names.ISSUE_IDEAS))


def _engineer_slots(org: Org) -> np.ndarray:
    return np.flatnonzero(org.slots["kind"].to_numpy() == "engineering")


def _bug_issues(org: Org, staff: Staff, components: pd.DataFrame, rng) -> pd.DataFrame:
    eng_teams = org.teams.index[org.teams["kind"] == "engineering"].to_numpy()
    counts = rng.poisson(team_defects_per_month(org, volumes.GITHUB_BUGS_PER_ENGINEER_MONTH))
    month = np.repeat(np.arange(counts.shape[0]), counts.sum(axis=1))
    team = np.concatenate([np.repeat(eng_teams, row) for row in counts])
    n = len(team)
    created_day = workdays_in(month, rng)
    component = components_of_teams(components, team, rng)
    reporters = np.flatnonzero(org.slots["kind"].isin(["engineering", "qa"]).to_numpy())
    author = staff.occupant(reporters[rng.integers(0, len(reporters), n)], created_day)
    engineers = org.slots.reset_index().query("kind == 'engineering' and not is_manager")
    members = engineers.groupby("team")["slot"].agg(["min", "count"])
    assignee_slot = members["min"].loc[team].to_numpy() + rng.integers(0, members["count"].loc[team].to_numpy())
    assignee = np.where(rng.random(n) < 0.7, staff.occupant(assignee_slot, created_day), -1)
    days = rng.lognormal(np.log(6), 0.8, n)
    return _frame(created_day, days, rng, kind=0, author=author, assignee=assignee, component=component,
                  repo=components["repo"].to_numpy()[component], team=team,
                  title=component * len(names.BUG_SYMPTOMS) + rng.integers(0, len(names.BUG_SYMPTOMS), n),
                  other_label=-1, milestone=rng.random(n) < 0.3)


def _pull_requests(org: Org, staff: Staff, components: pd.DataFrame, rng) -> pd.DataFrame:
    slots = _engineer_slots(org)
    rate = volumes.GITHUB_PRS_PER_ENGINEER_MONTH * np.where(org.slots["is_manager"].to_numpy()[slots],
                                                            volumes.MANAGER_ACTIVITY_SHARE, 1.0)
    slot, month = events_per_slot_month(staff, slots, rate, rng)
    n = len(slot)
    created_day = workdays_in(month, rng)
    team = org.slots["team"].to_numpy()[slot]
    component = components_of_teams(components, team, rng)
    author = staff.occupant(slot, created_day)
    fixes_bug = rng.random(n) < 0.08
    bug_titles = component * len(names.BUG_SYMPTOMS) + rng.integers(0, len(names.BUG_SYMPTOMS), n)
    work_titles = len(components) * len(names.BUG_SYMPTOMS) + rng.integers(
        0, len(names.TASK_VERBS) * len(names.TASK_OBJECTS), n)
    days = np.where(rng.random(n) < 0.97, rng.lognormal(np.log(1.5), 0.7, n), np.inf)
    return _frame(created_day, days, rng, kind=np.where(fixes_bug, 0, 1), author=author, assignee=author,
                  component=np.where(fixes_bug, component, -1), repo=components["repo"].to_numpy()[component],
                  team=team, title=np.where(fixes_bug, bug_titles, work_titles),
                  other_label=np.where(~fixes_bug & (rng.random(n) < 0.2), 0, -1), milestone=False,
                  is_pull_request=True)


def _other_issues(org: Org, staff: Staff, components: pd.DataFrame, rng) -> pd.DataFrame:
    slots = _engineer_slots(org)
    slot, month = events_per_slot_month(staff, slots, np.full(len(slots), volumes.GITHUB_OTHER_ISSUES_PER_ENGINEER_MONTH),
                                        rng)
    n = len(slot)
    created_day = workdays_in(month, rng)
    team = org.slots["team"].to_numpy()[slot]
    component = components_of_teams(components, team, rng)
    days = np.where(rng.random(n) < 0.7, rng.lognormal(np.log(20), 0.8, n), np.inf)
    offset = len(components) * len(names.BUG_SYMPTOMS) + len(names.TASK_VERBS) * len(names.TASK_OBJECTS)
    return _frame(created_day, days, rng, kind=2, author=staff.occupant(slot, created_day), assignee=-1,
                  component=-1, repo=components["repo"].to_numpy()[component], team=team,
                  title=offset + rng.integers(0, len(names.ISSUE_IDEAS), n),
                  other_label=rng.integers(0, len(OTHER_LABELS), n), milestone=rng.random(n) < 0.3)


def _frame(created_day, open_days, rng, *, is_pull_request=False, **fields) -> pd.DataFrame:
    n = len(created_day)
    created_ms = office_hours_ms(created_day, rng)
    finite = np.isfinite(open_days)
    closed_ms = created_ms + (np.where(finite, open_days, 0) * MS_PER_DAY).astype(np.int64) + MS_PER_HOUR
    frame = pd.DataFrame({"created_ms": created_ms, "created_day": created_day,
                          "closed_ms": np.where(finite, closed_ms, NEVER), "is_pull_request": is_pull_request})
    for name, value in fields.items():
        frame[name] = np.broadcast_to(value, n)
    frame["closed_day"] = np.where(finite, closed_ms // MS_PER_DAY, NEVER)
    return frame


def github_tables(items: GithubItems, components: pd.DataFrame, accounts: Accounts):
    frame = items.frame
    for part in slices(items.versions, CHUNK_VERSIONS):
        yield "gh_issues", _columns(frame, part, items.titles, components, accounts)


def _columns(frame: pd.DataFrame, v: Versions, titles, components: pd.DataFrame, accounts: Accounts) -> dict:
    r = v.record
    closed = v.step == 1
    kind = frame["kind"].to_numpy()[r]
    component = frame["component"].to_numpy()[r]
    other = frame["other_label"].to_numpy()[r]
    label_counts = np.where(kind == 0, 2, 0) + (other >= 0)
    vocabulary = ["bug"] + list(components["label"]) + list(OTHER_LABELS)
    code = np.full((len(r), 2), -1)
    code[kind == 0, 0] = 0
    code[kind == 0, 1] = 1 + component[kind == 0]
    code[other >= 0, 0] = 1 + len(components) + other[other >= 0]
    label_values = col.pick(vocabulary, code[code >= 0])
    ids = ID_BASE + np.arange(len(frame), dtype=np.int64)
    assignee = frame["assignee"].to_numpy()[r]
    created_ms = frame["created_ms"].to_numpy()[r]
    quarter = created_ms.astype("datetime64[ms]").astype("datetime64[M]").astype(np.int64)
    milestone = frame["milestone"].to_numpy()[r]
    return {
        "record_id": col.numbered("", ids[r]), "version_at": col.instants(v.version_at),
        "valid_to": col.instants(v.valid_to), "is_deleted": v.is_deleted,
        "repo": col.labels(frame["repo"].to_numpy()[r], REPOS), "id": ids[r],
        "number": frame["number"].to_numpy()[r].astype(np.int32),
        "title": col.labels(frame["title"].to_numpy()[r], titles), "state": col.labels(closed, ("open", "closed")),
        "created_at": col.instants(created_ms),
        "closed_at": col.instants(np.where(closed, frame["closed_ms"].to_numpy()[r], NEVER)),
        "labels": col.string_lists(label_values, label_counts),
        "user_login": col.text(accounts.github_login[frame["author"].to_numpy()[r]]),
        "assignee_login": col.text(accounts.github_login[np.maximum(assignee, 0)], missing=assignee < 0),
        "milestone": col.masked(col.join(col.numbered("", 1970 + quarter // 12), " Q",
                                         col.numbered("", quarter % 12 // 3 + 1)), ~milestone),
        "is_pull_request": frame["is_pull_request"].to_numpy()[r].astype(bool),
    }
