"""Goal history in the warehouse: the demo's planted mid-cycle target change, and an edit synced later dated by the
load that first saw it."""

import json
import shutil
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import yaml

from connectors.catalog import find_stream
from connectors.rawzone import read_raw
from tests.connectors.demo_support import demo_options, load
from tests.dbt.dbt_support import dbt_build, query

BERLIN = ZoneInfo("Europe/Berlin")


def planted_change(company) -> dict:
    goal_id, detail = query(company, "SELECT subject_id, detail FROM planted "
                                     "WHERE pattern = 'mid_cycle_target_change'")[0]
    return {"goal_id": goal_id, **json.loads(detail)}


def test_the_planted_mid_cycle_change_shows_old_and_new_target_and_its_date(company, staged):
    change = planted_change(company)
    rows = query(staged.warehouse, "SELECT field, changed_on, old_value, new_value, old_number, new_number, cycle "
                                   "FROM fct_goal_changes WHERE goal_id = $goal ORDER BY field",
                 {"goal": change["goal_id"]})
    target = next(row for row in rows if row[0] == "target")
    assert str(target[1]) == change["changed_on"] and target[6] == change["cycle"]
    assert (target[4], target[5]) == (Decimal(str(change["old_target"])), Decimal(str(change["new_target"])))
    assert (target[2], target[3]) == (f"{change['old_target']:.0f}", f"{change['new_target']:.0f}")
    assert [row[0] for row in rows] == ["stretch", "target", "threshold"]  # the bands follow the target
    assert query(staged.warehouse, "SELECT count(*) FROM fct_goal_changes")[0][0] == 3  # the only change planted


def test_dim_goals_holds_each_goal_once_in_its_version_at_cycle_end(company, staged):
    change = planted_change(company)
    known = query(company, "SELECT count(DISTINCT goal_id) FROM goals WHERE valid_from <= DATE '2026-10-01'")[0][0]
    assert query(staged.warehouse, "SELECT count(*), count(DISTINCT goal_id) FROM dim_goals")[0] == (known, known)
    target, versions, since = query(staged.warehouse, "SELECT target, version_count, version_valid_from FROM dim_goals "
                                                      "WHERE goal_id = $goal", {"goal": change["goal_id"]})[0]
    assert (target, versions, str(since)) == (Decimal(str(change["new_target"])), 2, change["changed_on"])


EDITED_GOAL = "2024H2-company-1"  # a past cycle's goal: its entry declares 2024-07-01, long before any load


@pytest.fixture(scope="module")
def edited_later(company, staged, tmp_path_factory):
    """The staged raw zone after the goal file is edited and synced once more: a past goal's target raised in place,
    and a new company goal without valid_from. Rebuilt up to the goal marts."""
    work = tmp_path_factory.mktemp("goal-edit")
    for folder in ("raw", "state", "inbox"):
        shutil.copytree(staged.raw_dir.parent / folder, work / folder)
    goal_file = work / "inbox" / "goals.yaml"
    document = yaml.load(goal_file.read_text(), Loader=yaml.CSafeLoader)
    edited = next(goal for goal in document["goals"] if goal["id"] == EDITED_GOAL)
    old_target = edited["target"]
    edited["target"] += 5000
    document["goals"].append({"id": "2026H2-company-extra", "cycle": "2026H2", "title": "Win more deals",
                              "level": "company", "owner": {"type": "company", "id": "demo-co"},
                              "metric": "sales_deals_won", "target": 900, "threshold": 800, "stretch": 1000})
    goal_file.write_text(yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True))
    result = load(find_stream("files", "goals"), None, demo_options(company, work / "inbox"), work)
    build = dbt_build(work / "raw", work, env={"PERFLOOP_WAREHOUSE": str(work / "warehouse.duckdb")},
                      selection=("+fct_goal_changes", "+dim_goals", "stg_files__metrics"))
    assert build.returncode == 0, build.output[-3000:]
    rows = read_raw(work / "raw", "files", "goals")
    loaded_at = rows.loc[rows["_load_id"] == result.load_id, "_loaded_at"].iloc[0].to_pydatetime()
    return work / "warehouse.duckdb", old_target, loaded_at.astimezone(BERLIN).date()


def test_an_edit_synced_later_is_dated_by_its_load(edited_later):
    warehouse, old_target, load_day = edited_later
    rows = query(warehouse, "SELECT changed_on, field, old_number, new_number FROM fct_goal_changes "
                            "WHERE goal_id = $goal", {"goal": EDITED_GOAL})
    assert rows == [(load_day, "target", Decimal(old_target), Decimal(old_target + 5000))]
    # the cycle ended long before the edit: its scorecard keeps the target in force at cycle end
    assert query(warehouse, "SELECT target, version_count FROM dim_goals WHERE goal_id = $goal",
                 {"goal": EDITED_GOAL}) == [(Decimal(old_target), 2)]
    first_seen, since = query(warehouse, "SELECT first_seen_at, valid_from FROM int_goals__versions "
                                         "WHERE goal_id = '2026H2-company-extra'")[0]
    assert since == load_day == first_seen.replace(tzinfo=timezone.utc).astimezone(BERLIN).date()
