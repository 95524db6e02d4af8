"""A first load of every stream against the demo vendors holds exactly the records the store shows at the clock."""

import pytest

from connectors.catalog import MODIFIED_AT, STREAMS
from connectors.rawzone import latest_records, read_raw
from connectors.timestamps import format_cursor
from tests.connectors.conftest import FULL_CLOCK
from tests.connectors.demo_support import live_truth, truth

PAGE_SIZES = {"salesforce/opportunities": 2000, "hubspot/deals": 200, "jira/issues": 100, "github/issues": 100,
              "shopify/orders": 250, "hris/job_history": 250, "jira/users": 100}
SECOND_PRECISION = {"github/issues", "shopify/orders"}  # these vendors write timestamps without milliseconds


@pytest.mark.parametrize("spec", STREAMS, ids=lambda spec: spec.qualified_name)
def test_the_first_load_holds_exactly_the_servers_records(company, full_load, spec):
    work, results, _ = full_load
    name = spec.qualified_name
    expected = live_truth(company, name, FULL_CLOCK)
    latest = latest_records(work / "raw", spec.system, spec.name)
    assert sorted(latest["record_key"]) == sorted(expected)
    if spec.cursor_kind == MODIFIED_AT:
        loaded = dict(zip(latest["record_key"], latest["modified_at"]))
        if name in SECOND_PRECISION:
            expected = {key: stamp.replace(microsecond=0) for key, stamp in expected.items()}
        assert all(loaded[key] == stamp for key, stamp in expected.items())
    if name in PAGE_SIZES:
        assert len(expected) > PAGE_SIZES[name], "the listing must span several pages"


@pytest.mark.parametrize("spec", [s for s in STREAMS if s.cursor_kind == MODIFIED_AT], ids=lambda s: s.qualified_name)
def test_deletions_and_every_visible_version_arrive_once(company, full_load, spec):
    work, results, _ = full_load
    visible = truth(company, spec.qualified_name, FULL_CLOCK)
    rows = read_raw(work / "raw", spec.system, spec.name)
    assert results[spec.qualified_name].records == len(rows) == len(visible)
    assert set(rows.loc[rows["is_deleted"], "record_key"]) == {key for key, (_, gone) in visible.items() if gone}


def test_the_cursor_is_the_newest_modification_loaded(full_load):
    work, results, _ = full_load
    rows = read_raw(work / "raw", "shopify", "orders")
    newest = rows["modified_at"].max().to_pydatetime()
    assert results["shopify/orders"].cursor_after == format_cursor(newest)
    assert results["shopify/orders"].batches == -(-len(rows) // 5000)
