"""Next-level gaps, draft next-cycle goals and what a pack must never hold, checked on every pack of a cycle."""

import io
import json
import re
from datetime import date

import numpy as np
import pyarrow.csv as pa_csv
import pytest

from reports.marts import Marts
from reports.packs.context import build_packs, reporting_lines
from reports.packs.queries import find_checkpoint
from reports.packs.records import CheckpointRecords
from tests.dbt.dbt_support import query
from tests.reports.packs.numbers_support import COMPANY, by_goal, goal_of, packs_of, planted

HISTORY = re.compile(r"\(([0-9H, ]+): ([-0-9., ]+)\)\.$")


def test_next_level_gaps_are_direction_aware_in_the_metrics_unit(company, staged):
    team, detail = planted(company, "defect_spike")
    packs = packs_of(staged.warehouse, "2026H1")
    member = next(pack for pack in packs.values()
                  if any(goal["owner_id"] == team for goal in pack["scorecard"]["goals"]))
    defects = goal_of(member, "defect_count", "team")
    gap = by_goal(member, "next_level")[defects["goal_id"]]
    # the spike month alone had more defects than the usual month: the team is above its (lower-is-better) target
    assert defects["metric"]["direction"] == "lower" and defects["actual"] >= detail["defects_in_month"]
    assert defects["actual"] > defects["target"]
    assert gap["gap_to_target"] == pytest.approx(defects["actual"] - defects["target"])
    assert gap["unit"] == "count" and "less to reach target" in gap["message"]
    directions = set()
    for pack in packs.values():
        for goal in pack["scorecard"]["goals"]:
            gap = by_goal(pack, "next_level")[goal["goal_id"]]
            if goal["actual"] is None:
                assert gap["gap_to_target"] is None
                continue
            sign = 1 if goal["metric"]["direction"] == "higher" else -1
            assert gap["gap_to_target"] == pytest.approx(max(sign * (goal["expected_target"] - goal["actual"]), 0),
                                                         abs=1e-6)
            assert (gap["gap_to_target"] == 0) == (goal["band"] in ("achieved", "exceeded"))
            directions.add((goal["metric"]["direction"], gap["gap_to_target"] > 0))
    assert directions == {("higher", True), ("higher", False), ("lower", True), ("lower", False)}


@pytest.mark.parametrize("cycle_id", ["2026H1", "2026H2"])
def test_every_draft_goals_method_states_the_numbers_its_targets_come_from(staged, cycle_id):
    drafts = [(pack, draft) for pack in packs_of(staged.warehouse, cycle_id).values()
              for draft in pack["development"]["draft_goals"]]
    from_history = 0
    for pack, draft in drafts:
        goal = by_goal(pack["scorecard"], "goals")[draft["goal_id"]]
        if draft["basis"] == "current_target":
            assert (draft["commit_target"], draft["stretch_target"]) == (goal["target"], goal["stretch"])
            continue
        cycles, values = HISTORY.search(draft["method"]).groups()
        numbers = [float(value) for value in values.split(", ")]
        # only finished cycles: a checkpoint pack never draws on its own cycle
        own_cycle_usable = pack["kind"] == "cycle"
        assert all(cycle < cycle_id or (own_cycle_usable and cycle == cycle_id) for cycle in cycles.split(", "))
        assert len(numbers) >= 2
        stretch_share = 0.25 if goal["metric"]["direction"] == "lower" else 0.75
        assert draft["commit_target"] == pytest.approx(float(np.median(numbers)), rel=1e-5, abs=1e-5)
        assert draft["stretch_target"] == pytest.approx(float(np.quantile(numbers, stretch_share)), rel=1e-5, abs=1e-5)
        from_history += 1
    assert from_history > len(drafts) / 2


def test_a_pack_never_holds_a_rating(staged):
    text = json.dumps(list(packs_of(staged.warehouse, "2026H1").values()))
    ratings = query(staged.warehouse, "SELECT count(*) FROM stg_files__ratings")[0][0]
    assert ratings > 0 and not re.search(r"\brating", text, re.IGNORECASE)


def test_packs_go_to_everyone_with_goals_employed_on_the_pack_date_and_rebuild_identically(company, staged):
    day = date(2026, 6, 30)
    employed = {row[0]: row[1] for row in query(company, """
        SELECT employee_id, manager_id FROM hris_job_history
        WHERE effective_date <= $day AND (end_date IS NULL OR end_date > $day)""", {"day": day})}
    management = {row[0] for row in query(company, """
        SELECT employee_id FROM hris_job_history JOIN teams USING (team_id)
        WHERE kind = 'management' AND effective_date <= $day AND (end_date IS NULL OR end_date > $day)""",
                                          {"day": day})}
    with Marts(staged.warehouse) as marts:
        first = build_packs(marts, "2026H1", company=COMPANY)
        again = build_packs(marts, "2026H1", company=COMPANY)
        lines = reporting_lines(marts, "2026H1")
    assert [pack["employee"]["id"] for pack in first] == sorted(set(employed) - management)
    assert lines == employed
    assert json.dumps(first) == json.dumps(again)


def test_the_records_of_every_goal_add_up_to_its_number(staged):
    """The records the bundles write (the CSV behind each goal) add up to the goal's count and numerator."""
    packs = packs_of(staged.warehouse, "2026H1")
    goal_ids = sorted({goal["goal_id"] for pack in packs.values() for goal in pack["scorecard"]["goals"]})
    with Marts(staged.warehouse) as marts:
        records, = CheckpointRecords(marts, find_checkpoint(marts, "2026H1", None))([goal_ids])
    checked = 0
    for pack in packs.values():
        evidence = by_goal(pack, "evidence")
        for goal in pack["scorecard"]["goals"]:
            written = records.get(goal["goal_id"])  # a goal without records has none (an empty CSV)
            values = pa_csv.read_csv(io.BytesIO(written.csv)).column("value").to_pylist() if written else []
            assert evidence[goal["goal_id"]]["record_count"] == goal["event_count"] == len(values)
            if goal["numerator"] is not None:
                assert sum(values) == pytest.approx(goal["numerator"])
            checked += 1
    assert checked > 300
