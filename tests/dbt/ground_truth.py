"""What the demo store's ground truth says a metric should be, computed straight from its tables (never from the
marts): deals through the accounts' `employee_id` and `fx_rates`, work items through the HRIS job history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.connectors.demo_support import naive_utc
from tests.dbt.dbt_support import CLOCK, query

BERLIN_DATE = "CAST(timezone('Europe/Berlin', timezone('UTC', {})) AS DATE)"
AT_CLOCK = "version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock) AND NOT is_deleted"

CLOSED_DEALS = f"""
    SELECT users.employee_id, deals.IsWon AS is_won, deals.Amount * fx.rate_to_eur AS amount_eur,
           deals.CloseDate AS close_date
    FROM (SELECT * FROM sf_opportunities WHERE {AT_CLOCK}) AS deals
    JOIN (SELECT DISTINCT Id, employee_id FROM sf_users) AS users ON users.Id = deals.OwnerId
    JOIN fx_rates AS fx ON fx.currency = deals.CurrencyIsoCode AND fx.month = date_trunc('month', deals.CloseDate)
    WHERE deals.IsClosed
    UNION ALL
    SELECT owners.employee_id, stages.probability = 1, deals.amount * fx.rate_to_eur,
           {BERLIN_DATE.format('deals.closedate')}
    FROM (SELECT * FROM hs_deals WHERE {AT_CLOCK}) AS deals
    JOIN hs_pipeline_stages AS stages ON stages.pipeline_id = deals.pipeline AND stages.stage_id = deals.dealstage
    JOIN (SELECT DISTINCT id, employee_id FROM hs_owners) AS owners ON owners.id = deals.hubspot_owner_id
    JOIN fx_rates AS fx ON fx.currency = deals.deal_currency_code
        AND fx.month = date_trunc('month', {BERLIN_DATE.format('deals.closedate')})
    WHERE stages.is_closed"""

RESOLVED_WORK_ITEMS = f"""
    SELECT issues.record_id, issues.assignee_account_id, users.employee_id, issues.duedate AS due_date,
           {BERLIN_DATE.format('issues.resolutiondate')} AS resolved_date
    FROM (SELECT * FROM jira_issues WHERE {AT_CLOCK}) AS issues
    LEFT JOIN (SELECT DISTINCT accountId, employee_id FROM jira_users) AS users
        ON users.accountId = issues.assignee_account_id
    WHERE issues.issuetype IN ('Task', 'Story', 'Service Request') AND issues.duedate IS NOT NULL
      AND issues.resolutiondate IS NOT NULL"""


def planted(store: Path, pattern: str) -> list[tuple[str, dict]]:
    """(subject_id, detail) of each realisation of a planted pattern."""
    rows = query(store, "SELECT subject_id, detail FROM planted WHERE pattern = $pattern ORDER BY subject_id",
                 {"pattern": pattern})
    return [(subject, json.loads(detail)) for subject, detail in rows]


def sales_in(store: Path, employee_id: str, first: date, last: date) -> tuple[float, int, int]:
    """(won amount in EUR at the close month's rate, deals won, deals closed) of an owner at close."""
    return query(store, f"""
        SELECT sum(amount_eur) FILTER (WHERE is_won), count(*) FILTER (WHERE is_won), count(*)
        FROM ({CLOSED_DEALS}) AS closed
        WHERE employee_id = $employee AND close_date BETWEEN $first AND $last""",
                 {"clock": naive_utc(CLOCK), "employee": employee_id, "first": first, "last": last})[0]


def work_items_resolved_by(store: Path, account_id: str, first: date, last: date) -> list[str]:
    """Issue ids of the work items an account resolved in [first, last]."""
    rows = query(store, f"SELECT record_id FROM ({RESOLVED_WORK_ITEMS}) AS done "
                        "WHERE assignee_account_id = $account AND resolved_date BETWEEN $first AND $last",
                 {"clock": naive_utc(CLOCK), "account": account_id, "first": first, "last": last})
    return [row[0] for row in rows]


def team_on_time(store: Path, team_id: str, first: date, last: date) -> tuple[int, int]:
    """(on time, completed) work items resolved in [first, last] by people in the team on the resolution day."""
    return query(store, f"""
        SELECT count(*) FILTER (WHERE done.resolved_date <= done.due_date), count(*)
        FROM ({RESOLVED_WORK_ITEMS}) AS done
        JOIN hris_job_history AS jobs ON jobs.employee_id = done.employee_id
            AND done.resolved_date >= jobs.effective_date
            AND (jobs.end_date IS NULL OR done.resolved_date < jobs.end_date)
        WHERE jobs.team_id = $team AND done.resolved_date BETWEEN $first AND $last""",
                 {"clock": naive_utc(CLOCK), "team": team_id, "first": first, "last": last})[0]


def issues_naming(store: Path, account_id: str) -> int:
    """Jira issues visible at the clock whose assignee or reporter is the account."""
    return query(store, f"SELECT count(*) FROM jira_issues WHERE {AT_CLOCK} "
                        "AND $account IN (assignee_account_id, reporter_account_id)",
                 {"clock": naive_utc(CLOCK), "account": account_id})[0][0]
