"""People's accounts in each system (Salesforce users, HubSpot owners, Jira users, GitHub logins) and the
override file a company keeps for accounts that cannot be matched by email."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company import columns as col
from demo.company import volumes
from demo.company.calendar import DEMO_CLOCK_START
from demo.company.hris import Hris
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.names import ascii_fold
from demo.company.staffing import Staff
from demo.company.timing import NEVER, day_number, history_start_day, horizon_ms, office_hours_ms
from demo.company.versions import chain


@dataclass(frozen=True)
class Accounts:
    sf_user: np.ndarray      # per person: Salesforce user id or ""
    hs_owner: np.ndarray     # per person: HubSpot owner id or ""
    jira_user: np.ndarray    # per person: Jira accountId or ""
    github_login: np.ndarray  # per person: GitHub login or ""
    hidden_email: np.ndarray  # per person: Jira email hidden
    unmatched: np.ndarray    # persons whose Jira account is hidden and not in the override file


def build_accounts(org: Org, staff: Staff, employees: int, rng: np.random.Generator) -> Accounts:
    n = len(staff.persons)
    kinds = _kinds_per_person(org, staff)
    crms = _crms_per_person(org, staff)
    head_of_sales = np.isin(np.arange(n), staff.intervals["person"][
        org.slots["head_of"].to_numpy()[staff.intervals["slot"]] == "Sales"])
    in_sf = np.array(["salesforce" in c for c in crms]) | head_of_sales
    in_hs = np.array(["hubspot" in c for c in crms])
    in_jira = np.array([bool(k - {"sales"}) for k in kinds])
    in_github = np.array([bool(k & {"engineering", "qa"}) for k in kinds])
    sf = np.where(in_sf, [f"005Hs{i:010d}IAQ" for i in range(n)], "")
    hs = np.where(in_hs, [str(41_000_000 + i) for i in range(n)], "")
    jira = np.where(in_jira, [rng.bytes(12).hex() for _ in range(n)], "")
    unmatched = _choose_unmatched(org, staff, in_jira, employees)
    hidden = in_jira & ((rng.random(n) < volumes.HIDDEN_JIRA_EMAIL_SHARE) | np.isin(np.arange(n), unmatched))
    logins = _github_logins(staff, rng)
    return Accounts(sf_user=sf, hs_owner=hs, jira_user=jira, github_login=np.where(in_github, logins, ""),
                    hidden_email=hidden, unmatched=unmatched)


def _kinds_per_person(org: Org, staff: Staff) -> list[set]:
    kind = org.slots["kind"].to_numpy()[staff.intervals["slot"]]
    grouped = pd.Series(kind).groupby(staff.intervals["person"].to_numpy()).agg(set)
    return list(grouped.reindex(staff.persons.index).apply(lambda s: s if isinstance(s, set) else set()))


def _crms_per_person(org: Org, staff: Staff) -> list[set]:
    crm = org.teams["crm"].to_numpy()[org.slots["team"].to_numpy()[staff.intervals["slot"]]]
    grouped = pd.Series(crm).groupby(staff.intervals["person"].to_numpy()).agg(set)
    return list(grouped.reindex(staff.persons.index).apply(lambda s: s if isinstance(s, set) else set()))


def _choose_unmatched(org: Org, staff: Staff, in_jira: np.ndarray, employees: int) -> np.ndarray:
    """The most recent hires into hands-on non-sales roles, outside the other planted teams."""
    params = params_of("unmatched_identities")
    wanted = max(int(params["minimum"]), int(round(employees * params["per_300_employees"] / 300)))
    persons = staff.persons
    first_slot = persons["first_slot"].to_numpy()
    planted = org.planted
    avoid_teams = [planted.easy_team, planted.spike_team, planted.overloaded_team, planted.small_team,
                   org.slots.at[planted.disagree_manager_slot, "team"]]
    latest = day_number(DEMO_CLOCK_START.date()) - int(params["hired_before_clock_days"])
    hire = persons["hire_day"].to_numpy()
    eligible = (in_jira & ~org.slots["is_manager"].to_numpy()[first_slot]
                & ~np.isin(org.slots["team"].to_numpy()[first_slot], avoid_teams)
                & (hire <= latest) & (hire >= history_start_day()) & (persons["term_day"].to_numpy() > latest))
    candidates = np.flatnonzero(eligible)
    newest_first = candidates[np.lexsort((-candidates, -hire[candidates]))]
    return np.sort(newest_first[:wanted])


def _github_logins(staff: Staff, rng: np.random.Generator) -> np.ndarray:
    persons = staff.persons
    base = [f"{ascii_fold(f)[:1]}{ascii_fold(l)}" for f, l in zip(persons["first_name"], persons["last_name"])]
    digits = rng.integers(10, 100, len(base))
    with_digits = rng.random(len(base)) < 0.3
    logins, seen = [], set()
    for login, number, add in zip(base, digits, with_digits):
        candidate = f"{login}{number}" if add else login
        while candidate in seen:
            candidate = f"{login}{number}"
            number += 1
        seen.add(candidate)
        logins.append(candidate)
    return np.array(logins)


def account_tables(staff: Staff, hris: Hris, accounts: Accounts, rng: np.random.Generator) -> dict[str, dict]:
    return {"sf_users": _sf_users(staff, hris, accounts, rng), "hs_owners": _hs_owners(staff, accounts, rng),
            "jira_users": _jira_users(staff, accounts, rng), "identity_overrides": _overrides(staff, accounts)}


def _lifecycle(staff: Staff, persons: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Account creation on the first day and deactivation the day after leaving (NEVER if still there)."""
    info = staff.persons
    created = office_hours_ms(info["hire_day"].to_numpy()[persons], rng)
    term = info["term_day"].to_numpy()[persons]
    ended = np.where(term < NEVER, office_hours_ms(np.where(term < NEVER, term + 1, 0), rng), NEVER)
    return created, np.where(ended <= horizon_ms(), ended, NEVER)


def _sf_users(staff: Staff, hris: Hris, accounts: Accounts, rng: np.random.Generator) -> dict:
    people = np.flatnonzero(accounts.sf_user != "")
    created, ended = _lifecycle(staff, people, rng)
    history = hris.job_history[np.isin(hris.job_history["person"], people)]
    manager = history["manager"].to_numpy()
    manager_sf = np.where(manager >= 0, accounts.sf_user[np.maximum(manager, 0)], "")
    change = history.assign(manager_sf=manager_sf)
    change = change[change["manager_sf"] != change.groupby("person")["manager_sf"].shift().fillna("<none>")]
    first = change.groupby("person").head(1).set_index("person")["manager_sf"]
    later = change[change.duplicated("person")]
    rows = pd.concat([
        pd.DataFrame({"person": people, "at": created, "active": True, "manager_sf": first.loc[people].to_numpy()}),
        pd.DataFrame({"person": later["person"].to_numpy(), "at": office_hours_ms(later["day"].to_numpy(), rng),
                      "active": True, "manager_sf": later["manager_sf"].to_numpy()}),
    ], ignore_index=True)
    rows = rows[rows["at"] <= horizon_ms()]
    rows = _with_deactivation(rows, people, ended, "manager_sf")
    order, valid_to = chain(rows["person"].to_numpy(), rows["at"].to_numpy())
    rows = rows.iloc[order]
    p = rows["person"].to_numpy()
    info = staff.persons
    ids = accounts.sf_user[p]
    return {"record_id": col.text(ids), "version_at": col.instants(rows["at"].to_numpy()),
            "valid_to": col.instants(valid_to), "is_deleted": np.zeros(len(rows), bool), "Id": col.text(ids),
            "Email": col.text(info["email"].to_numpy()[p]), "Name": col.text(info["name"].to_numpy()[p]),
            "IsActive": rows["active"].to_numpy(bool),
            "ManagerId": col.text(rows["manager_sf"].to_numpy(), missing=rows["manager_sf"].to_numpy() == ""),
            "employee_id": col.text(info["employee_id"].to_numpy()[p])}


def _with_deactivation(rows: pd.DataFrame, people: np.ndarray, ended: np.ndarray, carry: str) -> pd.DataFrame:
    """Append an inactive version (repeating the last state) for everyone who left; drop versions after it."""
    left = ended < NEVER
    end_of = pd.Series(ended, index=people)
    rows = rows[rows["at"].to_numpy() < end_of.loc[rows["person"]].to_numpy()]
    last = rows.sort_values(["person", "at"], kind="stable").groupby("person").tail(1).set_index("person")
    closing = pd.DataFrame({"person": people[left], "at": ended[left], "active": False,
                            carry: last[carry].loc[people[left]].to_numpy()})
    return pd.concat([rows, closing], ignore_index=True)


def _account_versions(staff: Staff, people: np.ndarray, rng: np.random.Generator):
    """An account's versions: opened when the person starts, closed (second version) when they leave.
    Returns the person per version, its time, whether it is the closing version, and valid_to."""
    created, ended = _lifecycle(staff, people, rng)
    left = ended < NEVER
    p = np.concatenate([people, people[left]])
    at = np.concatenate([created, ended[left]])
    closing = np.concatenate([np.zeros(len(people), bool), np.ones(left.sum(), bool)])
    order, valid_to = chain(p, at)
    return p[order], at[order], closing[order], valid_to


def _hs_owners(staff: Staff, accounts: Accounts, rng: np.random.Generator) -> dict:
    p, at, archived, valid_to = _account_versions(staff, np.flatnonzero(accounts.hs_owner != ""), rng)
    info = staff.persons
    ids = accounts.hs_owner[p]
    return {"record_id": col.text(ids), "version_at": col.instants(at), "valid_to": col.instants(valid_to),
            "is_deleted": archived, "id": col.text(ids), "email": col.text(info["email"].to_numpy()[p]),
            "firstName": col.text(info["first_name"].to_numpy()[p]),
            "lastName": col.text(info["last_name"].to_numpy()[p]), "userId": 9_100_000 + p.astype(np.int64),
            "archived": archived, "employee_id": col.text(info["employee_id"].to_numpy()[p])}


def _jira_users(staff: Staff, accounts: Accounts, rng: np.random.Generator) -> dict:
    p, at, deactivated, valid_to = _account_versions(staff, np.flatnonzero(accounts.jira_user != ""), rng)
    info = staff.persons
    ids = accounts.jira_user[p]
    hidden = accounts.hidden_email[p]
    return {"record_id": col.text(ids), "version_at": col.instants(at), "valid_to": col.instants(valid_to),
            "is_deleted": np.zeros(len(p), bool), "accountId": col.text(ids),
            "emailAddress": col.text(info["email"].to_numpy()[p], missing=hidden),
            "displayName": col.text(info["name"].to_numpy()[p]), "active": ~deactivated,
            "employee_id": col.text(info["employee_id"].to_numpy()[p])}


def _overrides(staff: Staff, accounts: Accounts) -> dict:
    ids = staff.persons["employee_id"].to_numpy()
    jira = np.flatnonzero(accounts.hidden_email & ~np.isin(np.arange(len(ids)), accounts.unmatched))
    github = np.flatnonzero(accounts.github_login != "")
    return {"system": col.text(["jira"] * len(jira) + ["github"] * len(github)),
            "external_id": col.text(np.concatenate([accounts.jira_user[jira], accounts.github_login[github]])),
            "employee_id": col.text(np.concatenate([ids[jira], ids[github]]))}
