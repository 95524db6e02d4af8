"""Ground truth: each metric of DESIGN §4 computed straight from what was generated, per owner and period.

The generator sets goal targets and ratings from these numbers; a correct pipeline computes the same
values from the vendor records (up to its own definitions, e.g. time zones and tolerances).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company.github import GithubItems
from demo.company.jira import ENVIRONMENTS, PROJECTS, Issues
from demo.company.org import Org
from demo.company.sales import PRODUCT_LINES, REGIONS, Deals
from demo.company.staffing import Staff
from demo.company.timing import MS_PER_DAY, NEVER, horizon_ms, month_index

Grain = str  # "employee", "team", "department", "company"


@dataclass(frozen=True)
class Facts:
    sales: pd.DataFrame
    work: pd.DataFrame
    shop: pd.DataFrame      # per (team, month)
    defects: pd.DataFrame
    team_department: pd.Series


def build_facts(org: Org, staff: Staff, deals: Deals, issues: Issues, github: GithubItems,
                shop_facts: pd.DataFrame, components: pd.DataFrame) -> Facts:
    return Facts(sales=_sales(staff, deals), work=_work(org, staff, issues), shop=shop_facts,
                 defects=_defects(issues, github, components), team_department=org.teams["department"])


def _sales(staff: Staff, deals: Deals) -> pd.DataFrame:
    d = deals.frame[~deals.frame["is_deleted"]]
    slot = d["slot"].to_numpy()
    return pd.DataFrame({
        "person_close": staff.occupant(slot, d["close_day"].to_numpy()),
        "person_created": staff.occupant(slot, d["created_day"].to_numpy()), "team": d["team"].to_numpy(),
        "region": np.array(REGIONS)[d["region"].to_numpy()], "product_line": np.array(PRODUCT_LINES)[d["product"]],
        "created_day": d["created_day"].to_numpy(), "close_day": np.where(d["is_closed"], d["close_day"], NEVER),
        "won": d["won"].to_numpy() & d["is_closed"].to_numpy(), "amount_close": d["amount_eur_close"].to_numpy(),
        "amount_created": d["amount_eur_created"].to_numpy()})


def _work(org: Org, staff: Staff, issues: Issues) -> pd.DataFrame:
    f = issues.frame[issues.frame["issue_type"] != 3]
    resolved = f["resolved_ms"].to_numpy() <= horizon_ms()
    resolved_day = np.where(resolved, f["resolved_day"].to_numpy(), NEVER)
    slot = f["slot"].to_numpy()
    return pd.DataFrame({
        "person": staff.occupant(slot, np.where(resolved, resolved_day, f["created_day"].to_numpy())),
        "team": org.slots["team"].to_numpy()[slot], "project": np.array(PROJECTS)[f["project"].to_numpy()],
        "due_day": f["due_day"].to_numpy(), "resolved_day": resolved_day})


def _defects(issues: Issues, github: GithubItems, components: pd.DataFrame) -> pd.DataFrame:
    bugs = issues.frame[issues.frame["issue_type"] == 3]
    gh = github.frame[(github.frame["kind"] == 0) & ~github.frame["is_pull_request"]]
    env = bugs["environment"].to_numpy()
    jira = pd.DataFrame({
        "team": components["team"].to_numpy()[bugs["component"].to_numpy()], "source": "jira",
        "created_ms": bugs["created_ms"].to_numpy(), "resolved_ms": bugs["resolved_ms"].to_numpy(),
        "highest": bugs["priority"].to_numpy() == 0, "production": env == ENVIRONMENTS.index("production")})
    hub = pd.DataFrame({"team": gh["team"].to_numpy(), "source": "github", "created_ms": gh["created_ms"].to_numpy(),
                        "resolved_ms": gh["closed_ms"].to_numpy(), "highest": False, "production": False})
    defects = pd.concat([jira, hub], ignore_index=True)
    defects.loc[defects["resolved_ms"] > horizon_ms(), "resolved_ms"] = NEVER
    defects["created_day"] = defects["created_ms"] // MS_PER_DAY
    defects["resolved_day"] = np.where(defects["resolved_ms"] < NEVER, defects["resolved_ms"] // MS_PER_DAY, NEVER)
    return defects


def measure(facts: Facts, metric: str, filters: str | dict, grain: Grain, first_day: int, last_day: int,
            by_month: bool = False) -> pd.Series:
    """The metric's value per owner at `grain` over the days [first_day, last_day] (per owner and month if
    `by_month`, months counted from HISTORY_START)."""
    filters = json.loads(filters) if isinstance(filters, str) else filters
    family = metric.split("_")[0]
    period = _Period(facts, grain, first_day, last_day, by_month)
    if family == "sales":
        return _sales_metric(facts, metric, filters, period)
    if family == "delivery" and filters.get("source") == "shopify":
        return _shop_metric(facts, metric, period)
    if family == "delivery":
        return _work_metric(facts, metric, filters, period)
    return _defect_metric(facts, metric, filters, period)


@dataclass(frozen=True)
class _Period:
    facts: Facts
    grain: Grain
    first_day: int
    last_day: int
    by_month: bool

    def rows_in(self, frame: pd.DataFrame, day_column: str) -> pd.DataFrame:
        days = frame[day_column]
        return frame[(days >= self.first_day) & (days <= self.last_day)]

    def keys(self, frame: pd.DataFrame, day_column: str, person_column: str = "person") -> list[pd.Series]:
        """Group keys: the owner at the grain, plus the month of `day_column` when counting by month."""
        if self.grain == "employee":
            owner = frame[person_column]
        elif self.grain == "team":
            owner = frame["team"]
        elif self.grain == "department":
            owner = self.facts.team_department.loc[frame["team"]].set_axis(frame.index)
        else:
            owner = pd.Series("company", index=frame.index)
        if not self.by_month:
            return [owner.rename("owner")]
        return [owner.rename("owner"), pd.Series(month_index(frame[day_column].to_numpy()), index=frame.index,
                                                 name="month")]


def _sales_metric(facts, metric, filters, period: _Period) -> pd.Series:
    s = facts.sales
    for key in ("region", "product_line"):
        if key in filters:
            s = s[s[key] == filters[key]]
    if metric == "sales_pipeline_created":
        created = period.rows_in(s, "created_day")
        return created["amount_created"].groupby(period.keys(created, "created_day", "person_created")).sum()
    closed = period.rows_in(s, "close_day")
    won = closed[closed["won"]]
    by = period.keys(won, "close_day", "person_close")
    if metric == "sales_won_amount":
        return won["amount_close"].groupby(by).sum()
    if metric == "sales_deals_won":
        return won["won"].groupby(by).count()
    if metric == "sales_avg_deal_size":
        return won["amount_close"].groupby(by).mean()
    return closed["won"].groupby(period.keys(closed, "close_day", "person_close")).mean()  # sales_win_rate


def _work_metric(facts, metric, filters, period: _Period) -> pd.Series:
    w = facts.work
    if "project" in filters:
        w = w[w["project"] == filters["project"]]
    done = period.rows_in(w, "resolved_day")
    delay = done["resolved_day"] - done["due_day"]
    by = period.keys(done, "resolved_day")
    if metric == "delivery_on_time_rate":
        return (delay <= 0).groupby(by).mean()
    if metric == "delivery_volume":
        return delay.groupby(by).count()
    if metric == "delivery_avg_delay_days":
        late = delay > 0
        return delay[late].groupby([key[late] for key in by]).mean()
    raise ValueError(f"unsupported work-item metric {metric}")


def _shop_metric(facts, metric, period: _Period) -> pd.Series:
    months = month_index(np.array([period.first_day, period.last_day]))
    s = facts.shop[(facts.shop["month"] >= months[0]) & (facts.shop["month"] <= months[1])]
    owner = period.keys(s.assign(day=0), "day")[0]
    keys = [owner, s["month"]] if period.by_month else [owner]
    totals = s.groupby(keys)[["delivered", "on_time", "late", "delay_days"]].sum()
    if metric == "delivery_on_time_rate":
        return totals["on_time"] / totals["delivered"]
    if metric == "delivery_volume":
        return totals["delivered"]
    if metric == "delivery_avg_delay_days":
        return totals["delay_days"] / totals["late"]
    raise ValueError(f"unsupported shop metric {metric}")


def _defect_metric(facts, metric, filters, period: _Period) -> pd.Series:
    d = facts.defects
    if "source" in filters:
        d = d[d["source"] == filters["source"]]
    if metric == "defect_mttr_days":
        fixed = period.rows_in(d, "resolved_day")
        days = (fixed["resolved_ms"] - fixed["created_ms"]) / MS_PER_DAY
        return days.groupby(period.keys(fixed, "resolved_day")).median()
    created = period.rows_in(d, "created_day")
    by = period.keys(created, "created_day")
    if metric == "defect_count":
        return created["team"].groupby(by).count()
    if metric == "critical_defects":
        return created["highest"].groupby(by).sum()
    if metric == "defect_escape_rate":
        return created["production"].groupby(by).mean()
    raise ValueError(f"unsupported defect metric {metric}")
