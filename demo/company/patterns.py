"""Every pattern planted in the demo company, in one place.

The generator reads each pattern's `params` from here (nothing else hard-codes them) and records the
concrete subjects it chose in the `planted` table. `diagnostic` says what a correct HR diagnostic should
find, so tests and reports can be written against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping


@dataclass(frozen=True)
class PlantedPattern:
    id: str
    description: str
    realisation: str
    diagnostic: str
    params: Mapping[str, Any] = field(default_factory=dict)


PATTERNS: tuple[PlantedPattern, ...] = (
    PlantedPattern(
        id="too_easy_targets",
        description="A team whose targets are too easy.",
        realisation="In the given cycle every goal of one engineering team (its shared team goals and its members' "
        "individual goals) gets a target derived from the peer level times `higher_factor` (higher-is-better "
        "metrics) or `lower_factor` (lower-is-better metrics); threshold and stretch follow the target.",
        diagnostic="Goal-design / calibration: most members sit far above stretch on most goals in that cycle; the "
        "team's attainment is far above the org's.",
        params={"cycle": "2026H2", "department": "Engineering", "higher_factor": 0.55, "lower_factor": 1.8},
    ),
    PlantedPattern(
        id="overloaded_delivery_team",
        description="An overloaded delivery team: high order volume per head with declining timeliness.",
        realisation="One fulfilment location gets `load_factor` times the per-head order volume of a normal team "
        "(growing by `load_growth` per month from `decline_from`); from `decline_from` its on-time share starts at "
        "`on_time_start` and falls by `monthly_decline` every month.",
        diagnostic="Organisation health: volume per head ≥ 1.5× the delivery-team median with the on-time rate "
        "falling month over month over the last ~6 months.",
        params={"load_factor": 1.8, "load_growth": 0.04, "decline_from": "2026-04", "on_time_start": 0.88,
                "monthly_decline": 0.05},
    ),
    PlantedPattern(
        id="low_sales_region",
        description="A sales region with persistently low sales.",
        realisation="Throughout the history the region's deals win with `win_factor` times the normal probability "
        "and are worth `amount_factor` times a normal deal.",
        diagnostic="Business lens: won amount and win rate well below every other region in every month of the "
        "last 3+ months and in every cycle.",
        params={"win_factor": 0.33, "amount_factor": 0.5},
    ),
    PlantedPattern(
        id="top_performer",
        description="A consistent top performer across cycles.",
        realisation="One account executive who never leaves creates `volume` times the deals, wins with probability "
        "`win_probability` and sells `amount` times the usual deal size.",
        diagnostic="Talent: top of the account executives on won amount (and in the top band) in every cycle.",
        params={"role_family": "account_executive", "volume": 1.5, "win_probability": 0.62, "amount": 1.4},
    ),
    PlantedPattern(
        id="unmatched_identities",
        description="Unmatched identities in one system.",
        realisation="The most recent hires among Jira users (outside other planted teams) hide their email and are "
        "left out of `identity_overrides`: `per_300_employees` of them per 300 employees, at least `minimum`.",
        diagnostic="Coverage: exactly these Jira accounts are unmatched (their work items unattributed); every "
        "other account in every system matches by email or override.",
        params={"system": "jira", "per_300_employees": 8, "minimum": 8, "hired_before_clock_days": 14},
    ),
    PlantedPattern(
        id="mid_cycle_target_change",
        description="A mid-cycle target change.",
        realisation="One sales team's shared won-amount goal in the cycle gets a second version on `changed_on`: "
        "the first target was `old_factor` times the new one.",
        diagnostic="Goal design / scorecard: the goal shows the change with its date and old and new target.",
        params={"cycle": "2026H2", "changed_on": "2026-09-15", "old_factor": 0.87},
    ),
    PlantedPattern(
        id="defect_spike",
        description="A month with a defect spike.",
        realisation="One engineering team gets `factor` times its usual defects (Jira bugs and GitHub bug issues on "
        "its components) in `month`; no other team-month exceeds ~2× its usual level.",
        diagnostic="Quality: that team's defect count in that month is ≥ 3× its usual monthly level.",
        params={"month": "2026-02", "factor": 4.0},
    ),
    PlantedPattern(
        id="small_team",
        description="A team smaller than 5 people.",
        realisation="One QA team has `headcount` positions (manager included) for the whole history; every other "
        "team has 5–15.",
        diagnostic="Aggregates over this team are suppressed (fewer than 5 people) and the report says so.",
        params={"department": "QA", "headcount": 4},
    ),
    PlantedPattern(
        id="ratings_disagree_manager",
        description="A manager whose past ratings disagree with the evidence.",
        realisation="One support team manager (who stays all history) rates their reports roughly inversely to their "
        "attainment in every past cycle; every other manager rates in line with attainment.",
        diagnostic="Calibration: this manager's ratings correlate negatively with their people's attainment while "
        "other managers correlate positively.",
        params={"department": "Support", "inverse_weight": 1.2, "noise": 0.25},
    ),
)

PATTERNS_BY_ID: Mapping[str, PlantedPattern] = MappingProxyType({p.id: p for p in PATTERNS})


def params_of(pattern_id: str) -> Mapping[str, Any]:
    return PATTERNS_BY_ID[pattern_id].params
