"""Metric values in the marts against hand-checked numbers from the demo store's ground truth, for planted people."""

from datetime import date

import pytest

from tests.dbt.dbt_support import query
from tests.dbt.ground_truth import planted, sales_in, team_on_time, work_items_resolved_by

PAST_CYCLE = ("2025H2", date(2025, 7, 1), date(2025, 12, 31))
RUNNING_CYCLE = ("2026H2", date(2026, 7, 1), date(2026, 10, 1))  # to date: the last load is at the demo clock
METRICS = {"sales_won_amount", "sales_deals_won", "sales_win_rate", "sales_avg_deal_size", "sales_pipeline_created",
           "delivery_on_time_rate", "delivery_avg_delay_days", "delivery_overdue_open", "delivery_volume",
           "defect_count", "defect_rate", "defect_escape_rate", "defect_mttr_days", "critical_defects"}


def metric_value(warehouse, metric: str, entity_type: str, entity_id: str, period_id: str) -> dict | None:
    rows = query(warehouse, """
        SELECT value, numerator, denominator, event_count, has_enough_data FROM fct_metric_values
        WHERE metric_id = $metric AND entity_type = $type AND entity_id = $entity AND period_id = $period""",
                 {"metric": metric, "type": entity_type, "entity": entity_id, "period": period_id})
    names = ("value", "numerator", "denominator", "event_count", "has_enough_data")
    return dict(zip(names, rows[0])) if rows else None


def test_every_metric_has_values_for_every_entity_type_and_period(staged):
    rows = query(staged.warehouse, "SELECT metric_id, entity_type, period_type, count(*) FROM fct_metric_values "
                                   "GROUP BY ALL")
    assert {metric for metric, *_ in rows} == METRICS
    team_grain = {metric for metric in METRICS if metric.startswith(("defect", "critical"))}
    assert {(metric, kind) for metric, kind, _, _ in rows} == (
        {(metric, kind) for metric in METRICS for kind in ("team", "department", "company")}
        | {(metric, "employee") for metric in METRICS - team_grain})
    periods = query(staged.warehouse, "SELECT period_type, count(*) FROM int_calendar__periods GROUP BY ALL")
    assert dict(periods) == {"month": 28, "cycle": 5}  # 2024-07 … 2026-10, 2024H2 … 2026H2


@pytest.mark.parametrize("cycle", [PAST_CYCLE, RUNNING_CYCLE], ids=lambda cycle: cycle[0])
def test_the_top_performers_won_amount_and_win_rate(company, staged, cycle):
    (employee, _), = planted(company, "top_performer")
    cycle_id, first, last = cycle
    won_amount, deals_won, deals_closed = sales_in(company, employee, first, last)
    assert deals_closed >= 10
    won = metric_value(staged.warehouse, "sales_won_amount", "employee", employee, cycle_id)
    assert float(won["value"]) == pytest.approx(won_amount, abs=0.01)
    assert won["event_count"] == deals_won
    rate = metric_value(staged.warehouse, "sales_win_rate", "employee", employee, cycle_id)
    assert (rate["numerator"], rate["denominator"]) == (deals_won, deals_closed)
    assert float(rate["value"]) == pytest.approx(deals_won / deals_closed, abs=1e-6) and rate["has_enough_data"]


def test_the_top_performer_outsells_every_other_seller_in_their_team(company, staged):
    (employee, detail), = planted(company, "top_performer")
    cycle_id = PAST_CYCLE[0]
    ranked = query(staged.warehouse, """
        SELECT values.entity_id FROM fct_metric_values AS values
        JOIN dim_employee AS people ON people.employee_id = values.entity_id AND people.is_current
        WHERE values.metric_id = 'sales_won_amount' AND values.entity_type = 'employee'
          AND values.period_id = $cycle AND people.team_id = $team
        ORDER BY values.value DESC""", {"cycle": cycle_id, "team": detail["team_id"]})
    assert len(ranked) >= 2 and ranked[0][0] == employee


def test_an_unmatched_jira_accounts_work_counts_for_the_company_but_for_no_one(company, staged):
    accounts = planted(company, "unmatched_identities")
    account, detail = max(accounts, key=lambda row: len(work_items_resolved_by(company, row[0], *PAST_CYCLE[1:])))
    resolved = work_items_resolved_by(company, account, *PAST_CYCLE[1:])
    assert resolved, "the chosen unmatched account resolved work items in the cycle"
    credited = query(staged.warehouse, """
        SELECT count(*), count(employee_id), count(team_id) FROM int_metric__events
        WHERE metric_id = 'delivery_volume' AND source_system = 'jira' AND list_contains($issues, record_id)""",
                     {"issues": resolved})[0]
    assert credited == (len(resolved), 0, 0)
    assert metric_value(staged.warehouse, "delivery_volume", "employee", detail["employee_id"], PAST_CYCLE[0]) is None


def test_the_disagreeing_managers_team_on_time_rate_counts_members_of_the_day(company, staged):
    (manager, detail), = planted(company, "ratings_disagree_manager")
    team = detail["team_id"]
    current = query(staged.warehouse, "SELECT manager_id FROM dim_org WHERE team_id = $team AND is_current",
                    {"team": team})
    assert current == [(manager,)]
    cycle_id, first, last = PAST_CYCLE
    on_time, completed = team_on_time(company, team, first, last)
    assert completed >= 20
    rate = metric_value(staged.warehouse, "delivery_on_time_rate", "team", team, cycle_id)
    assert (rate["numerator"], rate["denominator"]) == (on_time, completed)
    assert float(rate["value"]) == pytest.approx(on_time / completed, abs=1e-6)


def test_the_defect_spike_month_stands_out_for_its_team(company, staged):
    (team, detail), = planted(company, "defect_spike")
    spike = metric_value(staged.warehouse, "defect_count", "team", team, detail["month"])
    assert spike["value"] == detail["defects_in_month"]
    others = query(staged.warehouse, """
        SELECT max(value) FROM fct_metric_values WHERE metric_id = 'defect_count' AND entity_type = 'team'
          AND entity_id = $team AND period_type = 'month' AND period_id <> $month""",
                   {"team": team, "month": detail["month"]})[0][0]
    assert spike["value"] > 2 * others
