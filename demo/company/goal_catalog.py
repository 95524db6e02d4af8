"""The goal cascade's building blocks: metric directions, company and department goals, and the goal set of
each kind of team (shared team goals plus individual goals; weights per person sum to 100)."""

from __future__ import annotations

from dataclasses import dataclass, field

JIRA_ENG = {"source": "jira", "project": "ENG"}
JIRA_OPS = {"source": "jira", "project": "OPS"}
JIRA_SUP = {"source": "jira", "project": "SUP"}
SHOPIFY = {"source": "shopify"}

# metric id → (direction, unit): units decide rounding and the threshold/stretch bands
METRICS = {
    "sales_won_amount": ("higher", "amount"), "sales_deals_won": ("higher", "count"),
    "sales_win_rate": ("higher", "rate"), "sales_pipeline_created": ("higher", "amount"),
    "delivery_on_time_rate": ("higher", "rate"), "delivery_volume": ("higher", "count"),
    "delivery_avg_delay_days": ("lower", "days"), "defect_count": ("lower", "count"),
    "defect_mttr_days": ("lower", "days"), "defect_escape_rate": ("lower", "rate"),
    "critical_defects": ("lower", "count"),
}


@dataclass(frozen=True)
class GoalTemplate:
    scope: str  # "team" (shared by every member) or "individual"
    metric: str
    title: str
    weight: float
    filters: dict = field(default_factory=dict)


COMPANY_GOALS = (
    GoalTemplate("company", "sales_won_amount", "Grow won revenue", 0),
    GoalTemplate("company", "delivery_on_time_rate", "Deliver orders on time", 0, SHOPIFY),
    GoalTemplate("company", "defect_escape_rate", "Keep defects out of production", 0, {"source": "jira"}),
    GoalTemplate("company", "delivery_on_time_rate", "Resolve customer requests on time", 0, JIRA_SUP),
)
# department → its goals, each with the index of the company goal it serves
DEPARTMENT_GOALS = {
    "Sales": ((GoalTemplate("department", "sales_won_amount", "Sales: won revenue", 0), 0),
              (GoalTemplate("department", "sales_win_rate", "Sales: win rate", 0), 0)),
    "Delivery & Operations": (
        (GoalTemplate("department", "delivery_on_time_rate", "Fulfilment: on-time delivery", 0, SHOPIFY), 1),
        (GoalTemplate("department", "delivery_volume", "Fulfilment: orders delivered", 0, SHOPIFY), 1)),
    "Engineering": ((GoalTemplate("department", "defect_count", "Engineering: fewer defects", 0), 2),
                    (GoalTemplate("department", "defect_mttr_days", "Engineering: faster defect fixes", 0), 2)),
    "Support": ((GoalTemplate("department", "delivery_on_time_rate", "Support: requests on time", 0, JIRA_SUP), 3),
                (GoalTemplate("department", "delivery_volume", "Support: requests resolved", 0, JIRA_SUP), 3)),
    "QA": ((GoalTemplate("department", "delivery_on_time_rate", "QA: test work on time", 0, JIRA_ENG), 2),
           (GoalTemplate("department", "delivery_volume", "QA: test work completed", 0, JIRA_ENG), 2)),
}
TEAM_GOALS = {
    "sales": (
        GoalTemplate("team", "sales_won_amount", "Team won revenue – {region}", 20, {"region": "{region}"}),
        GoalTemplate("individual", "sales_won_amount", "Won revenue", 30),
        GoalTemplate("individual", "sales_deals_won", "Deals won", 10),
        GoalTemplate("individual", "sales_win_rate", "Win rate", 15),
        GoalTemplate("individual", "sales_pipeline_created", "Pipeline created", 10),
        GoalTemplate("individual", "sales_won_amount", "Won revenue – Software", 15, {"product_line": "Software"}),
    ),
    "delivery": (
        GoalTemplate("team", "delivery_on_time_rate", "On-time deliveries", 30, SHOPIFY),
        GoalTemplate("team", "delivery_volume", "Orders delivered", 15, SHOPIFY),
        GoalTemplate("team", "delivery_avg_delay_days", "Average delay of late deliveries", 15, SHOPIFY),
        GoalTemplate("individual", "delivery_on_time_rate", "Operations tasks on time", 25, JIRA_OPS),
        GoalTemplate("individual", "delivery_volume", "Operations tasks completed", 15, JIRA_OPS),
    ),
    "engineering": (
        GoalTemplate("team", "defect_count", "Defects on our components", 15),
        GoalTemplate("team", "defect_mttr_days", "Median time to fix defects", 15),
        GoalTemplate("team", "defect_escape_rate", "Defects found in production", 15, {"source": "jira"}),
        GoalTemplate("team", "critical_defects", "Critical defects", 10, {"source": "jira"}),
        GoalTemplate("individual", "delivery_on_time_rate", "Work items on time", 25, JIRA_ENG),
        GoalTemplate("individual", "delivery_volume", "Work items completed", 20, JIRA_ENG),
    ),
    "support": (
        GoalTemplate("team", "delivery_on_time_rate", "Team requests on time", 20, JIRA_SUP),
        GoalTemplate("team", "delivery_volume", "Team requests resolved", 15, JIRA_SUP),
        GoalTemplate("individual", "delivery_on_time_rate", "Requests resolved on time", 30, JIRA_SUP),
        GoalTemplate("individual", "delivery_volume", "Requests resolved", 20, JIRA_SUP),
        GoalTemplate("individual", "delivery_avg_delay_days", "Average delay of late requests", 15, JIRA_SUP),
    ),
    "qa": (
        GoalTemplate("team", "delivery_on_time_rate", "Team test work on time", 20, JIRA_ENG),
        GoalTemplate("team", "delivery_volume", "Team test work completed", 15, JIRA_ENG),
        GoalTemplate("team", "delivery_avg_delay_days", "Average delay of late test work", 15, JIRA_ENG),
        GoalTemplate("individual", "delivery_on_time_rate", "Test work on time", 30, JIRA_ENG),
        GoalTemplate("individual", "delivery_volume", "Test work completed", 20, JIRA_ENG),
    ),
}


def bands(metric: str, target: float) -> tuple[float, float]:
    """(threshold, stretch) for a target: the band most people should land in."""
    direction, unit = METRICS[metric]
    if direction == "higher" and unit == "rate":
        return 0.85 * target, min(1.2 * target, target + 0.5 * (1 - target))
    if direction == "higher":
        return 0.8 * target, 1.3 * target
    if unit == "rate":
        return min(1.2 * target, 1.0), 0.8 * target
    return 1.25 * target, 0.75 * target


def rounded(metric: str, value: float) -> float:
    unit = METRICS[metric][1]
    if unit == "amount":
        return float(round(value, -3 if value >= 10_000 else -2))
    if unit == "count":
        return float(max(1, round(value)))
    if unit == "rate":
        return round(float(value), 3)
    return max(0.1, round(float(value), 1))
