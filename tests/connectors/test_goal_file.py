"""The goal file: each validation rule refuses a real YAML file with a message naming the file, the goal and the
problem; a refused file writes nothing and keeps the cursor; a good file loads one record per goal version."""

import pytest

from connectors.cursors import CursorStore
from connectors.errors import BadFile
from connectors.rawzone import latest_records, live_keys, raw_files, read_raw
from tests.connectors.goal_support import prepare_raw_zone, sync_goals, team_goal, valid_goals, write_goal_file


@pytest.fixture
def work(tmp_path, fast_policy):
    prepare_raw_zone(tmp_path, fast_policy)
    return tmp_path


def refused(work, policy, goals) -> str:
    """The problems (message without the file) a goal file is refused with."""
    path = write_goal_file(work / "goals.yaml", goals)
    with pytest.raises(BadFile) as failure:
        sync_goals(work, policy)
    assert failure.value.stream == "goals"
    assert failure.value.message.startswith(f"{path}: ")
    return failure.value.message.removeprefix(f"{path}: ")


def edited(goal_id, **fields):
    goals = valid_goals()
    next(goal for goal in goals if goal["id"] == goal_id).update(fields)
    return goals


def test_a_valid_file_loads_one_record_per_goal_version(work, fast_policy):
    goals = valid_goals() + [dict(valid_goals()[2], valid_from="2026-09-15", target=550_000, stretch=700_000)]
    write_goal_file(work / "goals.yaml", goals)
    result = sync_goals(work, fast_policy)
    assert (result.records, result.deleted) == (9, 0)
    assert result.cursor_after.startswith("sha256:")
    assert {"T1|2026-07-01", "T1|2026-09-15", "I1-E1|"} <= live_keys(work / "raw", "files", "goals")
    latest = latest_records(work / "raw", "files", "goals").set_index("record_key")
    assert '"owner":{"type":"team","id":"sales-dach"}' in latest.at["T1|2026-09-15", "payload"]
    assert '"target":550000.0' in latest.at["T1|2026-09-15", "payload"]


def test_unknown_metric(work, fast_policy):
    assert refused(work, fast_policy, edited("I1-E1", metric="sales_revenue")) == (
        "1 problem:\n  goal I1-E1: unknown metric 'sales_revenue' (not in the metric library)")


def test_missing_parent(work, fast_policy):
    assert refused(work, fast_policy, edited("I1-E1", parent="T9")) == (
        "1 problem:\n  goal I1-E1: parent 'T9' is not a goal in this file")


def test_a_loop_in_the_tree(work, fast_policy):
    assert refused(work, fast_policy, edited("C1", parent="I1-E1")) == (
        "1 problem:\n  goal C1: parents form a loop: C1 → I1-E1 → T1 → D1 → C1")


def test_an_employees_own_and_team_weights_must_sum_to_100(work, fast_policy):
    assert refused(work, fast_policy, edited("I1-E1", weight=50)) == (
        "1 problem:\n  employee E1, cycle 2026H2: weights sum to 90, not 100 (own goals I1-E1 50; "
        "team sales-dach goals T1 40)")


def test_team_goals_count_for_the_team_the_employee_is_in_at_the_start_of_the_cycle(work, fast_policy):
    """E3 moved to eng-web on 1 July: eng-web's T2 counts for E3, sales-dach's T1 does not."""
    assert refused(work, fast_policy, edited("T2", weight=40)) == (
        "1 problem:\n  employee E3, cycle 2026H2: weights sum to 90, not 100 (own goals I1-E3 50; "
        "team eng-web goals T2 40)")


def test_bands_must_follow_the_metrics_direction(work, fast_policy):
    assert refused(work, fast_policy, edited("T2", threshold=8, stretch=12)) == (
        "1 problem:\n  goal T2: defect_count is lower-is-better, so threshold ≥ target ≥ stretch "
        "(got threshold 8, target 10, stretch 12)")
    assert refused(work, fast_policy, edited("I2-E2", stretch=0.38)) == (
        "1 problem:\n  goal I2-E2: sales_win_rate is higher-is-better, so threshold ≤ target ≤ stretch "
        "(got threshold 0.34, target 0.4, stretch 0.38)")


@pytest.mark.parametrize("goals, problem", [
    (edited("I1-E1", owner={"type": "employee", "id": "E77"}, weight=100),
     "goal I1-E1: owner employee 'E77' is not in the HRIS"),
    (valid_goals() + [team_goal("T3", "sales-mars", "sales_won_amount", 40, (1, 2, 3), "D1")],
     "goal T3: owner team 'sales-mars' is not in the HRIS"),
    (edited("D1", owner={"type": "department", "id": "Finance"}),
     "goal D1: owner department 'Finance' is not in the HRIS"),
], ids=["employee", "team", "department"])
def test_an_owner_not_in_the_org(work, fast_policy, goals, problem):
    assert refused(work, fast_policy, goals) == f"1 problem:\n  {problem}"


def test_a_duplicate_id(work, fast_policy):
    goals = valid_goals()
    goals += [dict(goals[2]), dict(goals[3], title="Deals won, again")]
    assert refused(work, fast_policy, goals) == (
        "2 problems:\n  goal T1: listed 2 times with valid_from 2026-07-01\n"
        "  goal I1-E1: listed 2 times, not every entry with its own valid_from")


def test_every_problem_is_listed_up_to_twenty(work, fast_policy):
    goals = valid_goals()
    goals[0]["level"] = "global"
    goals[1]["target"] = "lots"
    goals += [dict(goals[3], id=f"X{n:02d}", metric="nope") for n in range(25)]
    message = refused(work, fast_policy, goals)
    lines = message.splitlines()
    assert lines[0] == "28 problems:"
    assert lines[1] == "  goal C1: level must be one of company, department, team, individual (got 'global')"
    assert lines[2] == "  goal D1: target must be a number (got 'lots')"
    assert lines[3] == "  goal X00: unknown metric 'nope' (not in the metric library)"
    assert len(lines) == 22 and lines[-1] == "  … and 8 more"


def test_fields_are_checked_one_by_one(work, fast_policy):
    goals = valid_goals()
    del goals[3]["cycle"]
    goals[4] |= {"owner": {"type": "person", "id": "E2"}, "filters": {"team": "x"}, "valid_from": "15/09/2026"}
    goals[1]["weight"] = 10
    goals[6]["colour"] = "red"
    assert refused(work, fast_policy, goals).splitlines() == [
        "7 problems:",
        "  goal I1-E1: missing field 'cycle'",
        "  goal I1-E2: owner.type must be one of company, department, team, employee (got 'person')",
        "  goal I1-E2: valid_from must be a date (YYYY-MM-DD) (got '15/09/2026')",
        "  goal I1-E2: unknown filter 'team' (allowed: source, project, region, product_line, channel)",
        "  goal T2: unknown field 'colour' (allowed: id, valid_from, cycle, title, level, owner, parent, metric, "
        "filters, target, threshold, stretch, weight)",
        "  goal D1: a department goal has no weight (weights belong to team and individual goals)",
        "  employee E2, cycle 2026H2: weights sum to 70, not 100 (own goals I2-E2 30; team sales-dach goals T1 40)",
    ]


def test_a_file_that_is_not_yaml_names_the_line(work, fast_policy):
    (work / "goals.yaml").write_text("goals:\n  - id: G1\n    title: [unclosed\n")
    with pytest.raises(BadFile, match=r"1 problem:\n  file: not valid YAML: line 4: "):
        sync_goals(work, fast_policy)


def test_a_refused_file_writes_nothing_and_keeps_the_cursor(work, fast_policy):
    write_goal_file(work / "goals.yaml", valid_goals())
    first = sync_goals(work, fast_policy)
    files_before = raw_files(work / "raw", "files", "goals")
    refused(work, fast_policy, edited("I1-E1", metric="sales_revenue"))
    assert raw_files(work / "raw", "files", "goals") == files_before
    assert CursorStore(work / "state").get("files", "goals") == first.cursor_after


def test_a_goal_missing_from_a_newer_file_is_deleted(work, fast_policy):
    write_goal_file(work / "goals.yaml", valid_goals())
    sync_goals(work, fast_policy)
    write_goal_file(work / "goals.yaml", [g for g in valid_goals() if g["id"] not in ("T2", "I1-E3")])
    second = sync_goals(work, fast_policy)
    assert (second.records, second.deleted) == (8, 2)
    rows = read_raw(work / "raw", "files", "goals")
    assert set(rows.loc[rows["is_deleted"], "record_key"]) == {"T2|", "I1-E3|"}
    assert live_keys(work / "raw", "files", "goals") == {f"{g['id']}|{g.get('valid_from', '')}"
                                                         for g in valid_goals()} - {"T2|", "I1-E3|"}


def test_goals_need_the_metric_library_and_the_hris_loaded_first(tmp_path, fast_policy):
    write_goal_file(tmp_path / "goals.yaml", valid_goals())
    with pytest.raises(BadFile) as failure:
        sync_goals(tmp_path, fast_policy)
    assert failure.value.message.splitlines()[1:] == [
        "  file: no metric library in the raw zone (files/metrics is empty): load metrics before goals",
        "  file: no HRIS data in the raw zone (hris/employees is empty): load the HRIS before goals",
    ]
