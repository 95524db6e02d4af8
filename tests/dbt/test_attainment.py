"""Goal attainment in the marts against numbers computed by hand from the demo store's ground truth."""

import json
from datetime import date

import pytest

from tests.dbt.dbt_support import query

CYCLE_2026H1 = (date(2026, 1, 1), date(2026, 6, 30))


def planted(store, pattern):
    subject, detail = query(store, "SELECT subject_id, detail FROM planted WHERE pattern = $p", {"p": pattern})[0]
    return subject, json.loads(detail)


def goal_row(warehouse, goal_id, checkpoint=None):
    where = "checkpoint_month = $checkpoint" if checkpoint else "is_latest_checkpoint"
    params = {"goal": goal_id, **({"checkpoint": checkpoint} if checkpoint else {})}
    columns = ("actual", "event_count", "target", "threshold", "stretch", "expected_target", "attainment", "band",
               "status")
    row = query(warehouse, f"SELECT {', '.join(columns)} FROM fct_goal_attainment WHERE goal_id = $goal AND {where}",
                params)
    assert len(row) == 1, (goal_id, checkpoint)
    return dict(zip(columns, row[0]))


def expected_band(actual, threshold, target, stretch):
    """Higher is better: the band a hand check puts the actual in."""
    if actual >= stretch:
        return "exceeded"
    if actual >= target:
        return "achieved"
    return "approaching" if actual >= threshold else "below_threshold"


def won_amount_by_hand(store, employee_id, start, end):
    """EUR won by the person in Salesforce deals closed in [start, end]: the latest version of every live deal,
    owner at close mapped through the store's ground-truth employee ids, converted at the close month's rate."""
    return query(store, """
        WITH latest AS (
            SELECT * FROM sf_opportunities WHERE valid_to IS NULL AND version_at <= TIMESTAMP '2026-10-01'
            UNION ALL
            SELECT * FROM sf_opportunities WHERE version_at <= TIMESTAMP '2026-10-01' AND valid_to > TIMESTAMP '2026-10-01'
        )
        SELECT coalesce(sum(latest.Amount * fx.rate_to_eur), 0)
        FROM latest
        JOIN sf_users AS owner ON owner.record_id = latest.OwnerId AND owner.valid_to IS NULL
        JOIN fx_rates AS fx ON fx.month = date_trunc('month', latest.CloseDate) AND fx.currency = latest.CurrencyIsoCode
        WHERE NOT latest.is_deleted AND latest.IsWon AND latest.CloseDate BETWEEN $start AND $end
          AND owner.employee_id = $employee""", {"employee": employee_id, "start": start, "end": end})[0][0]


def test_the_top_performers_won_revenue_goal_matches_a_hand_count(company, staged):
    employee, _ = planted(company, "top_performer")
    goal_id, target, threshold, stretch = query(company, """
        SELECT goal_id, target, threshold, stretch FROM goals WHERE cycle = '2026H1' AND owner_id = $e
          AND metric = 'sales_won_amount' AND filters::VARCHAR = '{}'""", {"e": employee})[0]
    won = won_amount_by_hand(company, employee, *CYCLE_2026H1)
    row = goal_row(staged.warehouse, goal_id)
    assert won > 0 and float(row["actual"]) == pytest.approx(won, rel=1e-6)
    assert (row["target"], row["threshold"], row["stretch"]) == pytest.approx((target, threshold, stretch))
    assert float(row["attainment"]) == pytest.approx(min(won / target, stretch / target), rel=1e-6)
    assert (row["band"], row["status"]) == (expected_band(won, threshold, target, stretch), "final")


def test_the_top_performer_leads_the_account_executives_in_every_finished_cycle(company, staged):
    employee, detail = planted(company, "top_performer")
    leaders = query(staged.warehouse, """
        SELECT attainment.cycle_id, arg_max(attainment.employee_id, attainment.overall_attainment)
        FROM fct_employee_attainment AS attainment
        JOIN dim_employee AS person ON person.employee_id = attainment.employee_id AND person.is_current
        WHERE attainment.is_latest_checkpoint AND attainment.is_cycle_complete AND person.role_family = $role
        GROUP BY attainment.cycle_id""", {"role": detail["role_family"]})
    assert len(leaders) == 4 and {leader for _, leader in leaders} == {employee}


def test_a_mid_cycle_target_change_applies_from_the_checkpoint_after_it(company, staged):
    goal_id, detail = planted(company, "mid_cycle_target_change")
    before, after = goal_row(staged.warehouse, goal_id, "2026-08"), goal_row(staged.warehouse, goal_id, "2026-09")
    assert (before["target"], after["target"]) == (detail["old_target"], detail["new_target"])
    # a cumulative goal mid-cycle is judged against pace: 92 of the cycle's 184 days by 30 September
    assert float(after["expected_target"]) == pytest.approx(detail["new_target"] * 92 / 184)
    assert after["status"] in ("on_track", "at_risk", "off_track")


def test_a_shared_team_goal_counts_the_teams_deliveries_and_every_member_carries_it(company, staged):
    team, detail = planted(company, "overloaded_delivery_team")
    goal_id = query(company, """SELECT goal_id FROM goals WHERE cycle = '2026H1' AND owner_type = 'team'
                                AND owner_id = $team AND metric = 'delivery_on_time_rate'""", {"team": team})[0][0]
    on_time, delivered = query(company, """
        SELECT count(*) FILTER (WHERE CAST(delivered_at AS DATE) <= promised_date), count(*)
        FROM shop_orders WHERE location_id = $location AND valid_to IS NULL AND delivered_at IS NOT NULL
          AND CAST(delivered_at AS DATE) BETWEEN $start AND $end""",
                               {"location": detail["location_id"], "start": CYCLE_2026H1[0], "end": CYCLE_2026H1[1]})[0]
    row = goal_row(staged.warehouse, goal_id)
    assert row["event_count"] == delivered and float(row["actual"]) == pytest.approx(on_time / delivered)
    # everyone whose last team in the cycle was this one (leavers included: they are measured until they left)
    members = {row[0] for row in query(company, """
        SELECT employee_id FROM hris_job_history
        WHERE effective_date <= DATE '2026-06-30' AND (end_date IS NULL OR end_date > DATE '2026-01-01')
        QUALIFY row_number() OVER (PARTITION BY employee_id ORDER BY effective_date DESC) = 1 AND team_id = $team""",
                                       {"team": team})}
    carriers = {row[0] for row in query(staged.warehouse, "SELECT employee_id FROM fct_employee_goals "
                                                          "WHERE goal_id = $goal", {"goal": goal_id})}
    assert members and carriers == members


def test_every_person_is_measured_on_goals_weighing_100(staged):
    weights = query(staged.warehouse, """
        SELECT cycle_id, employee_id, sum(weight), count(*) FROM fct_employee_goals GROUP BY ALL""")
    assert weights and all(total == pytest.approx(100) and 5 <= goals <= 7 for _, _, total, goals in weights)
