"""After the vendors' clock moves on, a second load fetches only what changed, and ends with the new state."""

import shutil
from datetime import timedelta

import pytest

from connectors.catalog import MODIFIED_AT, STREAMS
from connectors.rawzone import latest_records, read_raw
from connectors.timestamps import decode_parts, parse_cursor
from demo.server import start
from tests.connectors.conftest import FULL_CLOCK, drop_inbox
from tests.connectors.demo_support import changed_between, demo_options, live_truth, load

ADVANCE_DAYS = 3
JIRA_OVERLAP = timedelta(minutes=5)
NEXT_CLOCK = FULL_CLOCK + timedelta(days=ADVANCE_DAYS)


@pytest.fixture(scope="module")
def second_load(company, full_load, tmp_path_factory):
    """A copy of the first load's raw zone and cursors, loaded again after the clock advanced."""
    first_work, first_results, options = full_load
    work = tmp_path_factory.mktemp("second-load")
    shutil.copytree(first_work / "raw", work / "raw")
    shutil.copytree(first_work / "state", work / "state")
    drop_inbox(company, work / "inbox", NEXT_CLOCK)
    options = {**options, "files": demo_options(company, work / "inbox")["files"]}
    with start(company, clock=FULL_CLOCK) as server:
        server.advance(ADVANCE_DAYS)
        results = {spec.qualified_name: load(spec, server, options, work) for spec in STREAMS}
    return work, first_results, results


@pytest.mark.parametrize("spec", [s for s in STREAMS if s.cursor_kind == MODIFIED_AT], ids=lambda s: s.qualified_name)
def test_the_second_load_fetches_only_new_changed_and_deleted_records(company, second_load, spec):
    work, first, second = second_load
    result = second[spec.qualified_name]
    assert result.cursor_before == first[spec.qualified_name].cursor_after
    rows = read_raw(work / "raw", spec.system, spec.name)
    fetched = rows[rows["_load_id"] == result.load_id]
    changed = changed_between(company, spec.qualified_name, FULL_CLOCK, NEXT_CLOCK)
    if spec.qualified_name != "salesforce/users":  # users rarely change; the others always do over 3 days
        assert changed, "the advanced clock must bring changes"
    assert changed <= set(fetched["record_key"])
    # Anything else fetched is the re-read boundary: at the old cursor (or within Jira's overlap window).
    times = _cursor_times(result.cursor_before)
    earliest = min(times) - (JIRA_OVERLAP if spec.system == "jira" else timedelta(0)) - timedelta(seconds=1)
    extra = fetched[~fetched["record_key"].isin(changed)]
    assert extra["modified_at"].between(earliest, max(times)).all()
    assert len(extra) <= max(10, len(changed) // 10)


@pytest.mark.parametrize("spec", STREAMS, ids=lambda spec: spec.qualified_name)
def test_after_the_second_load_the_raw_zone_shows_the_new_state(company, second_load, spec):
    work, _, _ = second_load
    latest = latest_records(work / "raw", spec.system, spec.name)
    assert sorted(latest["record_key"]) == sorted(live_truth(company, spec.qualified_name, NEXT_CLOCK))


def test_deletions_since_the_first_load_arrive_as_deletions(company, second_load):
    work, _, second = second_load
    live = live_truth(company, "salesforce/opportunities", NEXT_CLOCK)
    deleted_now = changed_between(company, "salesforce/opportunities", FULL_CLOCK, NEXT_CLOCK) - set(live)
    assert deleted_now
    rows = read_raw(work / "raw", "salesforce", "opportunities")
    fetched = rows[rows["_load_id"] == second["salesforce/opportunities"].load_id]
    assert set(fetched.loc[fetched["is_deleted"], "record_key"]) >= deleted_now


def _cursor_times(cursor):
    """The timestamps in a plain or composite cursor."""
    if cursor.startswith("{"):
        return [parse_cursor(value) for value in decode_parts(cursor).values() if value]
    return [parse_cursor(cursor)]
