"""Base rates of the demo company. Everything scales with headcount, so `employees` scales volumes.

Calibrated so the default company (300 employees) holds ~320,000 distinct vendor records (orders ~58%, Jira
issues ~26%, deals ~10.5%, GitHub items ~5%) and 10,000 employees ~10.2 million (the overloaded delivery
team weighs more in a small company, so orders are a slightly larger share there).
"""

from __future__ import annotations

from types import MappingProxyType

LEADERSHIP_SIZE = 6  # CEO and one head per department
DEPARTMENT_SHARES = MappingProxyType({
    "Sales": 0.22, "Delivery & Operations": 0.25, "Engineering": 0.28, "Support": 0.15, "QA": 0.10,
})
TEAM_SIZE_MIN, TEAM_SIZE_MAX, TEAM_SIZE_MEAN = 5, 15, 9.5

MONTHLY_ATTRITION = 0.015          # share of positions whose holder leaves per month
MIN_TENURE_DAYS = 45               # a position's holder stays at least this long
MOVE_SHARE = 0.03                  # share of people swapped between teams at each cycle start
PROMOTION_SHARE = 0.10             # share of eligible people promoted at each cycle start
MANAGER_ACTIVITY_SHARE = 0.4       # team managers do this share of an IC's hands-on work

ORDERS_PER_DELIVERY_HEAD_MONTH = 73
ORDER_CANCEL_SHARE = 0.02
DEALS_PER_REP_MONTH = 18
DEAL_WIN_PROBABILITY = 0.38
DEAL_DELETE_SHARE = 0.015
WORK_ITEMS_PER_HEAD_MONTH = MappingProxyType({
    "software_engineer": 9.0, "qa_engineer": 6.8, "support_agent": 33.8, "fulfilment_specialist": 4.5,
})
JIRA_BUGS_PER_ENGINEER_MONTH = 2.25
GITHUB_BUGS_PER_ENGINEER_MONTH = 0.6
GITHUB_PRS_PER_ENGINEER_MONTH = 5.2
GITHUB_OTHER_ISSUES_PER_ENGINEER_MONTH = 1.2
HIDDEN_JIRA_EMAIL_SHARE = 0.07
