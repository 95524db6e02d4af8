"""The organisation's shape: departments, teams and positions ("slots"), and which of them carry planted patterns.

A slot is a position in a team (slot 0 of each team is its manager). People come and go (`staffing`), slots
stay, so team sizes are stable and activity can be generated per slot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.company import volumes
from demo.company.patterns import params_of


@dataclass(frozen=True)
class SalesRegion:
    name: str
    code: str
    weight: float
    currency: str
    home_currency_share: float
    office: str
    crm: str


SALES_REGIONS = (
    SalesRegion("DACH", "dach", 0.18, "EUR", 1.0, "Munich", "salesforce"),
    SalesRegion("Nordics", "nordics", 0.12, "SEK", 0.8, "Stockholm", "salesforce"),
    SalesRegion("UK&I", "uki", 0.15, "GBP", 0.85, "London", "salesforce"),
    SalesRegion("France", "france", 0.12, "EUR", 1.0, "Paris", "salesforce"),
    SalesRegion("Benelux", "benelux", 0.10, "EUR", 1.0, "Amsterdam", "salesforce"),
    SalesRegion("Iberia", "iberia", 0.13, "EUR", 1.0, "Madrid", "hubspot"),  # the acquired unit
    SalesRegion("North America", "na", 0.20, "USD", 1.0, "New York", "salesforce"),
)
DELIVERY_SITES = (  # city, region, currency
    ("Berlin", "DACH", "EUR"), ("Rotterdam", "Benelux", "EUR"), ("Manchester", "UK&I", "GBP"),
    ("Lyon", "France", "EUR"), ("Madrid", "Iberia", "EUR"), ("Stockholm", "Nordics", "SEK"),
    ("Hamburg", "DACH", "EUR"), ("Leipzig", "DACH", "EUR"), ("Milan", "Italy", "EUR"), ("Vienna", "DACH", "EUR"),
)
ENGINEERING_AREAS = ("Checkout", "Catalog", "Payments", "Search", "Accounts", "Mobile", "Platform", "Data",
                     "Pricing", "Notifications", "Returns", "Inventory")
SUPPORT_QUEUES = ("German", "English", "French", "Spanish", "Nordic", "Dutch")
QA_AREAS = ("Web", "Mobile", "API", "Platform", "Data")
HQ = ("Berlin", "DACH")

DEPARTMENT_KIND = {"Sales": "sales", "Delivery & Operations": "delivery", "Engineering": "engineering",
                   "Support": "support", "QA": "qa", "Management": "management"}
IC_ROLE = {"sales": "account_executive", "delivery": "fulfilment_specialist", "engineering": "software_engineer",
           "support": "support_agent", "qa": "qa_engineer"}


@dataclass(frozen=True)
class PlantedOrg:
    small_team: int
    disagree_manager_slot: int
    top_performer_slot: int
    low_region: str
    overloaded_team: int
    spike_team: int
    easy_team: int
    change_goal_team: int


@dataclass(frozen=True)
class Org:
    teams: pd.DataFrame   # one row per team, index = team number
    slots: pd.DataFrame   # one row per position, index = slot number
    planted: PlantedOrg

    def protected_slots(self) -> np.ndarray:
        """Positions whose holder never leaves or moves: leadership and planted people."""
        leadership = self.slots["kind"].to_numpy() == "management"
        planted = np.isin(self.slots.index, [self.planted.top_performer_slot, self.planted.disagree_manager_slot])
        return leadership | planted


def build_org(employees: int, rng: np.random.Generator) -> Org:
    teams = _teams(employees, rng)
    slots = _slots(teams)
    return Org(teams=teams, slots=slots, planted=_choose_planted(teams, slots))


def split_headcount(total: int, rng: np.random.Generator) -> list[int]:
    """Team sizes between TEAM_SIZE_MIN and TEAM_SIZE_MAX (as far as `total` allows) summing to `total`."""
    low, high = volumes.TEAM_SIZE_MIN, volumes.TEAM_SIZE_MAX
    if total <= high:
        return [total] if total > 0 else []
    count = max(int(round(total / volumes.TEAM_SIZE_MEAN)), -(-total // high))
    count = min(count, total // low)
    weights = rng.uniform(0.5, 1.5, count)
    extra = total - count * low
    alloc = np.floor(extra * weights / weights.sum()).astype(int)
    for i in np.argsort(-weights)[: extra - alloc.sum()]:
        alloc[i] += 1
    overflow = np.maximum(alloc - (high - low), 0)
    alloc -= overflow
    for _ in range(int(overflow.sum())):
        alloc[np.argmin(alloc)] += 1
    return [int(a) + low for a in alloc]


def _teams(employees: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = [_team("leadership", "Leadership", "Management", HQ, volumes.LEADERSHIP_SIZE)]
    staff = max(employees - volumes.LEADERSHIP_SIZE, 0)
    heads = {d: int(round(share * staff)) for d, share in volumes.DEPARTMENT_SHARES.items()}
    heads["Engineering"] += staff - sum(heads.values())
    rows += _sales_teams(heads["Sales"], rng)
    rows += _numbered("Delivery & Operations", "fulfilment", "Fulfilment",
                      [(city, region) for city, region, _ in DELIVERY_SITES],
                      split_headcount(heads["Delivery & Operations"], rng))
    rows += _numbered("Engineering", "eng", "Engineering", [(a, HQ[1]) for a in ENGINEERING_AREAS],
                      split_headcount(heads["Engineering"], rng), office=HQ[0])
    rows += _numbered("Support", "support", "Support", [(q, "Iberia") for q in SUPPORT_QUEUES],
                      split_headcount(heads["Support"], rng), office="Lisbon")
    small = int(params_of("small_team")["headcount"])
    qa_sizes = [small] + split_headcount(max(heads["QA"] - small, 0), rng)
    rows += _numbered("QA", "qa", "QA", [(a, HQ[1]) for a in QA_AREAS], qa_sizes, office=HQ[0])
    teams = pd.DataFrame(rows)
    teams["kind"] = teams["department"].map(DEPARTMENT_KIND)
    teams.index.name = "team"
    return teams


def _team(team_id: str, name: str, department: str, place: tuple[str, str], size: int, **extra) -> dict:
    base = {"team_id": team_id, "team": name, "department": department, "office": place[0], "region": place[1],
            "size": size, "crm": "", "currency": "EUR"}
    return base | extra


def _sales_teams(headcount: int, rng: np.random.Generator) -> list[dict]:
    per_region = [int(round(headcount * r.weight)) for r in SALES_REGIONS]
    per_region[-1] += headcount - sum(per_region)
    rows = []
    for region, count in zip(SALES_REGIONS, per_region):
        for n, size in enumerate(split_headcount(count, rng), start=1):
            suffix = "" if n == 1 else f" {n}"
            rows.append(_team(f"sales-{region.code}{suffix.replace(' ', '-')}", f"Sales {region.name}{suffix}",
                              "Sales", (region.office, region.name), size, crm=region.crm, currency=region.currency))
    return rows


def _numbered(department: str, prefix: str, label: str, places: list[tuple[str, str]], sizes: list[int],
              office: str | None = None) -> list[dict]:
    rows = []
    for i, size in enumerate(sizes):
        name, region = places[i % len(places)]
        round_ = i // len(places) + 1
        suffix = "" if round_ == 1 else f" {round_}"
        currency = next((c for city, _, c in DELIVERY_SITES if city == name), "EUR")
        rows.append(_team(f"{prefix}-{name.lower()}{suffix.replace(' ', '-')}", f"{label} {name}{suffix}",
                          department, (office or name, region), size, currency=currency, area=name))
    return rows


def _slots(teams: pd.DataFrame) -> pd.DataFrame:
    team_of = np.repeat(teams.index.to_numpy(), teams["size"].to_numpy())
    first = np.concatenate([[0], np.cumsum(teams["size"].to_numpy())[:-1]])
    position = np.arange(len(team_of)) - np.repeat(first, teams["size"].to_numpy())
    kind = teams["kind"].to_numpy()[team_of]
    is_manager = (position == 0) | (kind == "management")
    slots = pd.DataFrame({"team": team_of, "position": position, "kind": kind, "is_manager": is_manager})
    slots["role_family"] = np.where(is_manager, "manager", pd.Series(kind).map(IC_ROLE).fillna("manager"))
    slots["department"] = teams["department"].to_numpy()[team_of]
    slots["head_of"] = ""
    leadership = np.flatnonzero(kind == "management")
    departments = list(volumes.DEPARTMENT_SHARES)
    for offset, slot in enumerate(leadership[1:]):
        slots.loc[slot, "head_of"] = departments[offset % len(departments)]
    slots["manager_slot"] = _manager_slots(slots, first)
    slots.index.name = "slot"
    return slots


def _manager_slots(slots: pd.DataFrame, team_first_slot: np.ndarray) -> np.ndarray:
    """ICs report to their team's manager, team managers to their department head, heads to the CEO."""
    team = slots["team"].to_numpy()
    manager = team_first_slot[team].copy()
    ceo = int(np.flatnonzero(slots["kind"].to_numpy() == "management")[0])
    head_slot = {d: int(s) for s, d in slots["head_of"].items() if d}
    team_managers = (slots["position"].to_numpy() == 0) & (slots["kind"].to_numpy() != "management")
    for slot in np.flatnonzero(team_managers):
        manager[slot] = head_slot.get(slots.at[slot, "department"], ceo)
    manager[slots["kind"].to_numpy() == "management"] = ceo
    manager[ceo] = -1
    return manager


def _choose_planted(teams: pd.DataFrame, slots: pd.DataFrame) -> PlantedOrg:
    by_size = teams.sort_values(["size", "team_id"], ascending=[False, True], kind="stable")
    kind = by_size["kind"]
    small = int(teams.index[(teams["department"] == "QA")][0])
    support = by_size[kind == "support"]
    engineering = by_size[kind == "engineering"]
    delivery = teams[teams["kind"] == "delivery"]
    median = delivery["size"].median()
    overloaded = int((delivery["size"] - median).abs().sort_values(kind="stable").index[0])
    sales = teams[teams["crm"] == "salesforce"]
    region_heads = sales.groupby("region")["size"].sum().sort_values(kind="stable")
    low_region = str(region_heads.index[0])
    top_region = str(region_heads.index[-1])
    top_team = int(by_size[(by_size["region"] == top_region) & (kind == "sales")].index[0])
    change_team = by_size[(kind == "sales") & (by_size["region"] != low_region) & (by_size.index != top_team)]
    first_slot = {t: int(s) for s, t in slots["team"].drop_duplicates().items()}
    return PlantedOrg(
        small_team=small,
        disagree_manager_slot=first_slot[int(support.index[0])],
        top_performer_slot=first_slot[top_team] + 1,
        low_region=low_region,
        overloaded_team=overloaded,
        spike_team=int(engineering.index[0]),
        easy_team=int(engineering.index[min(1, len(engineering) - 1)]),
        change_goal_team=int(change_team.index[0] if len(change_team) else top_team),
    )
