"""The numbers in the packs of planted people against values computed by hand from the demo store's ground truth."""

from datetime import date
from statistics import median

import pytest

from tests.dbt.dbt_support import query
from tests.dbt.ground_truth import sales_in
from tests.reports.packs.numbers_support import (CYCLE_2026H1, by_goal, goal_of, members_employed_on, packs_of,
                                                 planted, won_deal_amounts)


def test_the_top_performers_cycle_pack_holds_their_sales_as_counted_by_hand(company, staged):
    employee, _ = planted(company, "top_performer")
    pack = packs_of(staged.warehouse, "2026H1")[employee]
    won_amount, deals_won, deals_closed = sales_in(company, employee, *CYCLE_2026H1)
    amounts = won_deal_amounts(company, employee, *CYCLE_2026H1)
    assert (pack["pack_id"], pack["kind"], pack["cycle"]["checkpoint_date"]) == (f"{employee}-2026H1", "cycle",
                                                                                 "2026-06-30")

    won = goal_of(pack, "sales_won_amount", "own")
    assert won["actual"] == pytest.approx(won_amount, rel=1e-6) and won["event_count"] == deals_won
    assert won["attainment"] == pytest.approx(min(won_amount / won["target"], won["stretch"] / won["target"]))
    assert goal_of(pack, "sales_deals_won", "own")["actual"] == deals_won
    assert goal_of(pack, "sales_win_rate", "own")["actual"] == pytest.approx(deals_won / deals_closed, abs=1e-6)

    evidence = by_goal(pack, "evidence")[won["goal_id"]]
    assert evidence["record_count"] == deals_won
    assert [record["value"] for record in evidence["top_records"]] == pytest.approx(amounts[:5], rel=1e-6)
    wins = [event["value"] for event in pack["key_events"] if event["kind"] == "largest_win"]
    assert sorted(wins, reverse=True) == pytest.approx(amounts[:3], rel=1e-6)

    gap = by_goal(pack, "next_level")[won["goal_id"]]
    assert gap["gap_to_target"] == pytest.approx(max(won["target"] - won_amount, 0), abs=0.01)
    assert gap["gap_to_stretch"] == pytest.approx(max(won["stretch"] - won_amount, 0), abs=0.01)
    goals, scorecard = pack["scorecard"]["goals"], pack["scorecard"]
    assert scorecard["overall_attainment"] == pytest.approx(
        sum(goal["weight"] * goal["attainment"] for goal in goals if goal["attainment"] is not None)
        / scorecard["weight_with_data"])


def test_the_top_performers_draft_target_comes_from_their_own_cycles_counted_by_hand(company, staged):
    employee, _ = planted(company, "top_performer")
    pack = packs_of(staged.warehouse, "2026H1")[employee]
    won = goal_of(pack, "sales_won_amount", "own")
    draft = next(draft for draft in pack["development"]["draft_goals"] if draft["goal_id"] == won["goal_id"])
    cycles = [("2024H2", date(2024, 7, 1), date(2024, 12, 31)), ("2025H1", date(2025, 1, 1), date(2025, 6, 30)),
              ("2025H2", date(2025, 7, 1), date(2025, 12, 31)), ("2026H1", *CYCLE_2026H1)]
    history = [sales_in(company, employee, first, last)[0] for _, first, last in cycles]
    assert draft["basis"] == "history" and "2024H2, 2025H1, 2025H2, 2026H1" in draft["method"]
    assert draft["commit_target"] == pytest.approx(median(history), rel=1e-6)
    ordered = sorted(history)  # the 75th percentile of 4 values, interpolated: 3/4 of the way from the 3rd to the 4th
    assert draft["stretch_target"] == pytest.approx(ordered[2] + 0.25 * (ordered[3] - ordered[2]), rel=1e-6)


def test_a_member_of_the_overloaded_team_sees_the_teams_deliveries_and_the_team_wide_decline(company, staged):
    team, detail = planted(company, "overloaded_delivery_team")
    members = members_employed_on(company, team, date(2026, 6, 30))
    pack = packs_of(staged.warehouse, "2026H1")[members[0]]
    on_time, delivered, days_late = query(company, """
        SELECT count(*) FILTER (WHERE CAST(delivered_at AS DATE) <= promised_date), count(*),
               list(CAST(delivered_at AS DATE) - promised_date ORDER BY CAST(delivered_at AS DATE) - promised_date DESC)
                   FILTER (WHERE CAST(delivered_at AS DATE) > promised_date)
        FROM shop_orders WHERE location_id = $location AND valid_to IS NULL AND delivered_at IS NOT NULL
          AND CAST(delivered_at AS DATE) BETWEEN $start AND $end""",
                                       {"location": detail["location_id"], "start": CYCLE_2026H1[0],
                                        "end": CYCLE_2026H1[1]})[0]
    shared = goal_of(pack, "delivery_on_time_rate", "team", {"source": "shopify"})
    assert shared["owner_id"] == team and shared["event_count"] == delivered
    assert shared["actual"] == pytest.approx(on_time / delivered, abs=1e-6)
    assert by_goal(pack, "evidence")[shared["goal_id"]]["record_count"] == delivered
    team_delays = [event["value"] for event in pack["key_events"]
                   if event["kind"] == "worst_delay" and event["scope"] == "team"]
    assert sorted(team_delays, reverse=True) == days_late[:3]

    # by the latest checkpoint of 2026H2 the team's timeliness has fallen for everyone: an environment note
    now = packs_of(staged.warehouse, "2026H2")[members_employed_on(company, team, date(2026, 10, 1))[0]]
    note = next(note for note in now["environment_notes"] if note["metric_id"] == "delivery_on_time_rate")
    change = goal_of(now, "delivery_on_time_rate", "team", {"source": "shopify"})["attainment"] - shared["attainment"]
    assert (note["scope"], note["direction"], note["since_cycle"]) == ("team", "down", "2026H1")
    assert note["members_moved"] == note["members_compared"] >= 5
    assert note["median_change"] == pytest.approx(change) and change <= -0.10


def test_the_mid_cycle_target_change_shows_with_old_and_new_value_and_date(company, staged):
    goal_id, detail = planted(company, "mid_cycle_target_change")
    member = members_employed_on(company, detail["team_id"], date(2026, 10, 1))[0]
    after = packs_of(staged.warehouse, "2026H2")[member]
    before = packs_of(staged.warehouse, "2026H2", "2026-08")[member]
    changes = [change for change in after["scorecard"]["goal_changes"] if change["field"] == "target"]
    assert changes == [{"goal_id": goal_id, "field": "target", "old_value": f"{detail['old_target']:.0f}",
                        "new_value": f"{detail['new_target']:.0f}", "changed_on": detail["changed_on"]}]
    assert by_goal(after["scorecard"], "goals")[goal_id]["target"] == detail["new_target"]
    assert (before["pack_id"], before["kind"]) == (f"{member}-2026H2-2026-08", "checkpoint")
    assert before["scorecard"]["goal_changes"] == []
    assert by_goal(before["scorecard"], "goals")[goal_id]["target"] == detail["old_target"]


def test_shared_team_goals_are_identical_in_every_members_pack(staged):
    seen: dict[str, tuple[dict, dict]] = {}
    shared_count = 0
    for pack in packs_of(staged.warehouse, "2026H1").values():
        evidence = by_goal(pack, "evidence")
        for goal in pack["scorecard"]["goals"]:
            if goal["scope"] != "team":
                continue
            shared_count += 1
            first = seen.setdefault(goal["goal_id"], (goal, evidence[goal["goal_id"]]))
            assert (goal, evidence[goal["goal_id"]]) == first
    assert len(seen) >= 10 and shared_count > 2 * len(seen)
