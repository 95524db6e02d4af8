"""The batch gate: a batch in the vendor's shape passes or is rejected by its stream's suite, with a report a
person can act on, and a rejected batch is kept aside, never half-written."""

import json
from datetime import datetime, timedelta, timezone

import pyarrow.parquet as pq
import pytest

from checks import SUITES, BatchGate, BatchRejected
from connectors.catalog import STREAMS, RawRecord

SOURCE_NOW = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)


def order(order_id: int, total_price: str = "78.93", **changes) -> RawRecord:
    """A Shopify order as the Admin API sends it (the fields the suite reads, and some it does not)."""
    payload = {
        "id": order_id, "name": f"#{order_id}", "created_at": "2026-09-30T09:10:40+02:00",
        "updated_at": "2026-09-30T10:00:00+02:00", "financial_status": "paid", "fulfillment_status": None,
        "currency": "EUR", "total_price": total_price, "location_id": 76000000006,
        "note_attributes": [{"name": "promised_delivery_date", "value": "2026-10-03"}], "fulfillments": [],
    }
    payload.update(changes)
    return RawRecord(str(order_id), datetime(2026, 9, 30, 8, tzinfo=timezone.utc), False, json.dumps(payload))


def test_every_stream_of_the_catalog_has_a_suite_whose_rules_all_run(tmp_path):
    """Each rule names a column its suite flattens (a rule that cannot run raises RuntimeError, not this)."""
    assert {spec.qualified_name for spec in STREAMS} == set(SUITES)
    for stream in SUITES:
        gate = BatchGate(stream, "load-0", tmp_path)
        try:
            gate([RawRecord("k1", SOURCE_NOW, False, "{}")], SOURCE_NOW)
        except BatchRejected as rejected:
            assert "required fields are present" in str(rejected), stream
        assert len(gate.summary.rules) == len(SUITES[stream]().rules)


def test_a_good_batch_passes_and_is_counted(tmp_path):
    gate = BatchGate("shopify/orders", "load-1", tmp_path)
    gate([order(1), order(2), order(3)], SOURCE_NOW)
    summary = gate.summary
    assert (summary.batches, summary.records) == (1, 3)
    assert summary.passed("critical") and summary.passed("warning")
    assert not (tmp_path / "shopify").exists()


def test_a_negative_total_rejects_the_batch_naming_stream_rule_and_record(tmp_path):
    gate = BatchGate("shopify/orders", "load-2", tmp_path)
    with pytest.raises(BatchRejected) as raised:
        gate([order(1), order(2, total_price="-12.50"), order(3)], SOURCE_NOW)
    message = str(raised.value)
    assert message.startswith("shopify/orders: batch of 3 records rejected, nothing written")
    assert "'total_price is at least 0' (critical) failed for 1 of 3 records" in message
    assert "{'record_key': '2', 'total_price': -12.5}" in message
    # The whole batch is kept aside for inspection, with the reasons beside it.
    kept = tmp_path / "shopify" / "orders" / "load-2-00000.parquet"
    assert pq.read_table(kept).column("record_key").to_pylist() == ["1", "2", "3"]
    report = json.loads(kept.with_suffix(".json").read_text())
    assert report["broken"][0]["sample"] == [{"record_key": "2", "total_price": -12.5}]


def test_text_that_is_not_a_number_or_a_timestamp_is_named_with_its_value(tmp_path):
    gate = BatchGate("shopify/orders", "load-3", tmp_path)
    with pytest.raises(BatchRejected) as raised:
        gate([order(1, total_price="12,50", created_at="yesterday")], SOURCE_NOW)
    assert "every number, date and timestamp field converts to its type" in str(raised.value)
    assert "total_price='12,50' created_at='yesterday'" in str(raised.value)


def test_unknown_currency_and_missing_required_field_are_critical(tmp_path):
    gate = BatchGate("shopify/orders", "load-4", tmp_path)
    with pytest.raises(BatchRejected) as raised:
        gate([order(1, currency="EUX"), order(2, created_at=None)], SOURCE_NOW)
    message = str(raised.value)
    assert "'currency is a known ISO 4217 currency code' (critical) failed for 1 of 2" in message
    assert "required fields are present (record_key, modified_at, total_price, created_at)" in message
    assert "'missing': 'created_at'" in message


def test_a_modification_after_the_source_clock_is_rejected_whatever_this_machine_says(tmp_path):
    """The source's clock (its Date header) is the reference: a stamp ahead of it would carry the cursor past
    records the source has not written yet."""
    source_clock = datetime(2025, 1, 1, tzinfo=timezone.utc)  # long before this machine's clock
    ahead = order(1)._replace(modified_at=source_clock + timedelta(hours=1))
    gate = BatchGate("shopify/orders", "load-5", tmp_path)
    with pytest.raises(BatchRejected, match="modified_at is not later than the source's clock"):
        gate([ahead], source_clock)
    within_skew = order(2)._replace(modified_at=source_clock + timedelta(minutes=1))
    BatchGate("shopify/orders", "load-6", tmp_path)([within_skew], source_clock)


def test_warnings_let_the_batch_through_and_are_summed_over_the_load(tmp_path):
    gate = BatchGate("shopify/orders", "load-7", tmp_path)
    late_promise = [{"name": "promised_delivery_date", "value": "2026-09-01"}]
    gate([order(1, financial_status="on_hold"), order(2)], SOURCE_NOW)
    gate([order(3, note_attributes=late_promise), order(4, financial_status="on_hold")], SOURCE_NOW)
    warnings = {tally.rule.description: (tally.failed, tally.sample) for tally in gate.summary.failures("warning")}
    status_rule = next(rule for rule in warnings if rule.startswith("financial_status is one of"))
    assert warnings[status_rule][0] == 2
    assert [row["record_key"] for row in warnings[status_rule][1]] == ["1", "4"]
    assert warnings["promised_date is not before created_date"][0] == 1
    assert gate.summary.passed("critical") and gate.summary.batches == 2


def test_snapshot_tombstones_carry_no_vendor_data_and_are_not_checked(tmp_path):
    tombstone = RawRecord("E00042", SOURCE_NOW, True, "null")
    gate = BatchGate("hris/employees", "load-8", tmp_path)
    gate([tombstone], SOURCE_NOW)
    assert gate.summary.records == 0 and gate.summary.passed("critical")
