"""The gate in the real sync loop, against the demo vendor server: a bad order stops the load at its batch."""

import pyarrow.parquet as pq
import pytest

from checks import BatchGate, BatchRejected
from connectors.catalog import find_stream
from connectors.cursors import CursorStore
from connectors.rawzone import raw_files
from demo.server import start
from tests.checks.bad_data import store_with_negative_order
from tests.connectors.conftest import SMALL_CLOCK
from tests.connectors.demo_support import demo_options, load, naive_utc

ORDERS = find_stream("shopify", "orders")


def test_a_negative_order_total_stops_the_load_at_its_batch(company, tmp_path):
    store, bad_order = store_with_negative_order(company, tmp_path / "company.duckdb", naive_utc(SMALL_CLOCK))
    gate = BatchGate("shopify/orders", "load-1", tmp_path / "quarantine")
    with start(store, clock=SMALL_CLOCK) as server, pytest.raises(BatchRejected) as raised:
        load(ORDERS, server, demo_options(store), tmp_path, load_id="load-1", batch_records=200, validate_batch=gate)

    message = str(raised.value)
    assert message.startswith("shopify/orders: batch of 200 records rejected, nothing written")
    assert f"{{'record_key': '{bad_order}', 'total_price': -12.5}}" in message
    # The batches before it are written and the cursor stands after the last of them; the bad batch is not.
    written = [row for path in raw_files(tmp_path / "raw", "shopify", "orders")
               for row in pq.read_table(path, columns=["record_key", "_cursor"]).to_pylist()]
    assert written and bad_order not in {row["record_key"] for row in written}
    assert CursorStore(tmp_path / "state").get("shopify", "orders") == written[-1]["_cursor"]
    assert f"(last committed cursor: {written[-1]['_cursor']})" in message
    kept = pq.read_table(gate.summary.quarantined[0]).column("record_key").to_pylist()
    assert len(kept) == 200 and bad_order in kept
    assert gate.summary.batches == len(written) // 200 + 1
