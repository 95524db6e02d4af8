"""A load killed mid-way, then re-run, ends with the same content as a load that was never interrupted."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from connectors.catalog import find_stream
from connectors.cursors import CursorStore
from connectors.errors import ConnectorError
from connectors.rawzone import latest_records, raw_files
from tests.connectors.demo_support import load, secret_of

REPO = Path(__file__).resolve().parents[2]
CONTENT = ["record_key", "modified_at", "is_deleted", "payload"]


def content(work: Path, spec):
    return latest_records(work / "raw", spec.system, spec.name)[CONTENT].reset_index(drop=True)


@pytest.mark.parametrize("name", ["jira/issues", "salesforce/opportunities"])
def test_an_exception_between_batches_then_a_rerun_equals_an_uninterrupted_load(small_server, small_options,
                                                                                tmp_path, name):
    spec = find_stream(*name.split("/"))
    load(spec, small_server, small_options, tmp_path / "reference", batch_records=500)
    calls = []

    def crash_after_two_batches(records):
        calls.append(records)
        if len(calls) == 2:
            raise RuntimeError("the machine went down")

    with pytest.raises(ConnectorError) as failure:
        load(spec, small_server, small_options, tmp_path / "crashed", batch_records=500,
             on_progress=crash_after_two_batches)
    committed = CursorStore(tmp_path / "crashed" / "state").get(spec.system, spec.name)
    # Salesforce's single 2,000-record page is split across batches: no page is whole yet, nothing to commit.
    assert failure.value.cursor == committed and (committed is None) == (spec.system == "salesforce")
    assert len(raw_files(tmp_path / "crashed" / "raw", spec.system, spec.name)) == 2
    rerun = load(spec, small_server, small_options, tmp_path / "crashed", batch_records=500)
    assert rerun.cursor_before == committed
    assert content(tmp_path / "crashed", spec).equals(content(tmp_path / "reference", spec))


def test_kill_9_of_a_loading_process_then_a_rerun_equals_an_uninterrupted_load(small_server, small_options, tmp_path):
    spec = find_stream("shopify", "orders")
    load(spec, small_server, small_options, tmp_path / "reference", batch_records=500)
    crashed = tmp_path / "crashed"
    small_server.set_faults([{"kind": "slow", "system": "shopify", "delay_s": 0.1}])  # ~5 s in all: time to kill
    child = subprocess.Popen(
        [sys.executable, "-m", "connectors.sync_cli", "--system", "shopify", "--stream", "orders",
         "--base-url", small_server.base_urls["shopify"], "--secret-env", "PERFLOOP_TEST_SHOPIFY_TOKEN",
         "--raw-dir", str(crashed / "raw"), "--state-dir", str(crashed / "state"), "--batch-records", "500"],
        cwd=REPO, env={**os.environ, "PERFLOOP_TEST_SHOPIFY_TOKEN": secret_of("shopify")},
    )
    try:
        _wait_for_files(crashed, spec, count=3, child=child)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    written = len(raw_files(crashed / "raw", spec.system, spec.name))
    small_server.clear_faults()
    rerun = load(spec, small_server, small_options, crashed, batch_records=500)
    assert rerun.cursor_before is not None and written >= 3
    assert not list((crashed / "raw" / "shopify" / "orders").glob(".*"))  # no temp file survives the rerun
    assert content(crashed, spec).equals(content(tmp_path / "reference", spec))


def _wait_for_files(work: Path, spec, count: int, child: subprocess.Popen, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if len(raw_files(work / "raw", spec.system, spec.name)) >= count:
            return
        assert child.poll() is None, "the load finished before it could be killed"
        time.sleep(0.02)
    raise AssertionError(f"no {count} batches written within {timeout_s} s")
