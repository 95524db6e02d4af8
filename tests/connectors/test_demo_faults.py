"""Against the demo vendors with injected faults: transient trouble is survived, the rest fails clearly."""

import logging

import pyarrow.parquet as pq
import pytest

from connectors.catalog import find_stream
from connectors.cursors import CursorStore
from connectors.errors import AuthError, QuotaExceeded, RetriesExhausted
from connectors.http import HttpPolicy
from connectors.rawzone import latest_records, raw_files
from demo.server import ServerLimits, start
from tests.connectors.conftest import SMALL_CLOCK
from tests.connectors.demo_support import HTTP_STREAMS, live_truth, load

STREAM_PER_SYSTEM = {
    "salesforce": "opportunities", "hubspot": "deals", "jira": "issues", "github": "issues", "shopify": "orders",
    "hris": "employees",
}
# A short timeout so that a "slow" answer costs little.
FAULT_POLICY = HttpPolicy(timeout_s=0.5, max_retries=4, backoff_base_s=0.01, backoff_max_s=0.05, max_retry_after_s=2)


def transient_faults(system):
    """The first request fails four times in a row (reset, cut body, rate limit, 503) and succeeds on its last
    allowed attempt; later requests meet a slow answer and a 500."""
    return [
        {"kind": "reset", "system": system, "times": 1},
        {"kind": "malformed", "system": system, "after": 1, "times": 1},
        {"kind": "rate_limit", "system": system, "after": 2, "times": 1, "retry_after": 0},
        {"kind": "server_error", "system": system, "after": 3, "times": 1, "status": 503},
        {"kind": "slow", "system": system, "after": 5, "times": 1, "delay_s": 0.8},
        {"kind": "server_error", "system": system, "after": 7, "times": 1, "status": 500},
    ]


@pytest.mark.parametrize("system", sorted(STREAM_PER_SYSTEM))
def test_transient_faults_are_survived_within_the_retry_budget(company, small_server, small_options, tmp_path,
                                                              system):
    spec = find_stream(system, STREAM_PER_SYSTEM[system])
    small_server.set_faults(transient_faults(system))
    load(spec, small_server, small_options, tmp_path, policy=FAULT_POLICY, batch_records=1000)
    injected = small_server.stats()[system]["injected"]
    assert {"reset", "malformed", "rate_limit", "server_error"} <= set(injected), injected
    latest = latest_records(tmp_path / "raw", spec.system, spec.name)
    assert sorted(latest["record_key"]) == sorted(live_truth(company, spec.qualified_name, SMALL_CLOCK))


def test_past_the_budget_the_error_names_stream_and_cursor_and_only_whole_batches_remain(small_server, small_options,
                                                                                         tmp_path):
    spec = find_stream("jira", "issues")
    small_server.set_faults([{"kind": "server_error", "system": "jira", "after": 25, "status": 502}])
    with pytest.raises(RetriesExhausted) as failure:
        load(spec, small_server, small_options, tmp_path, batch_records=1000)
    committed = CursorStore(tmp_path / "state").get("jira", "issues")
    message = str(failure.value)
    assert message.startswith("jira/issues:") and "HTTP 502" in message
    assert f"last committed cursor: {committed}" in message and failure.value.cursor == committed
    files = raw_files(tmp_path / "raw", "jira", "issues")
    assert len(files) == 2
    assert [pq.read_metadata(path).num_rows for path in files] == [1000, 1000]
    assert pq.read_table(files[-1], columns=["_cursor"]).column(0)[0].as_py() == committed


@pytest.mark.parametrize("spec", HTTP_STREAMS, ids=lambda spec: spec.qualified_name)
def test_a_wrong_token_is_a_clear_auth_error_without_the_token(small_server, small_options, tmp_path, caplog, spec):
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-token-7f3a9c2e51"
    with pytest.raises(AuthError) as failure:
        load(spec, small_server, small_options, tmp_path, policy=FAULT_POLICY, secret=wrong)
    message = str(failure.value)
    assert message.startswith(f"{spec.qualified_name}:") and "401" in message
    assert wrong not in message and wrong not in caplog.text
    assert small_server.stats()[spec.system]["requests"] == 1
    assert CursorStore(tmp_path / "state").get(spec.system, spec.name) is None


def test_the_salesforce_daily_quota_is_not_retried(company, small_options, tmp_path):
    with start(company, clock=SMALL_CLOCK, limits=ServerLimits(salesforce_daily_quota=1)) as server:
        with pytest.raises(QuotaExceeded, match="REQUEST_LIMIT_EXCEEDED") as failure:
            load(find_stream("salesforce", "opportunities"), server, small_options, tmp_path)
        assert server.stats()["salesforce"]["requests"] == 2  # the one allowed, then the refused one
    assert str(failure.value).startswith("salesforce/opportunities:")


def test_hubspot_search_slides_its_window_before_the_result_cap(company, small_options, tmp_path):
    cap = 200
    with start(company, clock=SMALL_CLOCK, limits=ServerLimits(hubspot_search_cap=cap)) as server:
        options = {**small_options, "hubspot": {"search_cap": cap}}
        result = load(find_stream("hubspot", "deals"), server, options, tmp_path)
        assert server.stats()["hubspot"]["by_status"].get("400") is None
    expected = live_truth(company, "hubspot/deals", SMALL_CLOCK)
    assert len(expected) > cap and result.records >= len(expected)
    assert sorted(latest_records(tmp_path / "raw", "hubspot", "deals")["record_key"]) == sorted(expected)
