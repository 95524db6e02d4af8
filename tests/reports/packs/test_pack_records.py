"""The records behind goals, prepared for many goals at once: each goal's CSV holds exactly its own records (also
when a label holds a line break, a comma or a quote), the appendix lists its first ones and the evidence its
largest."""

from __future__ import annotations

import io

import pyarrow.csv as pa_csv
import pytest

from reports.packs.appendix import record_lists
from reports.packs.goal_records import APPENDIX_LIMIT, RECORD_COLUMNS


def _record(i: int, value: float, label: str | None = None) -> dict:
    return {"event_date": f"2026-03-{1 + i % 28:02d}", "source_system": "salesforce", "record_id": f"OPP-{i:04d}",
            "label": f"Deal {i}" if label is None else label, "value": value, "denominator": None}


def _records() -> dict[str, list[dict]]:
    deals = sorted((_record(i, float(i * 37 % 101)) for i in range(130)),
                   key=lambda r: (r["event_date"], r["record_id"]))
    tricky = [_record(1, -500.0, 'Acme, "big" deal'), _record(2, 20.0, ""), _record(3, 70.0, "<script>x</script>")]
    return {"G-deals": deals, "G-tricky": tricky, "G-none": []}


def _read(csv: bytes) -> list[dict]:
    return pa_csv.read_csv(io.BytesIO(csv)).to_pylist() if csv.count(b"\n") > 1 else []


@pytest.mark.parametrize("line_break", [False, True])
def test_each_goals_csv_holds_exactly_its_own_records(line_break):
    records = _records()
    if line_break:  # a value with a line break makes the CSVs be written goal by goal
        records["G-tricky"][2]["label"] = "two\nlines"
    prepared = record_lists(records)
    for goal_id, listed in records.items():
        read = _read(prepared[goal_id].csv)
        assert [(r["record_id"], r["value"]) for r in read] == [(r["record_id"], r["value"]) for r in listed]
        assert prepared[goal_id].count == len(listed)
    assert _read(prepared["G-tricky"].csv)[0]["label"] == 'Acme, "big" deal'


def test_the_appendix_lists_the_first_records_and_the_evidence_the_largest():
    records = _records()
    prepared = record_lists(records)
    deals = prepared["G-deals"]
    shown = list(deals.head_rows())
    assert deals.shown == len(shown) == APPENDIX_LIMIT
    assert shown == [tuple(r[name] for name in RECORD_COLUMNS) for r in records["G-deals"][:APPENDIX_LIMIT]]
    largest = sorted(records["G-deals"], key=lambda r: (-abs(r["value"]), r["event_date"], r["record_id"]))[:5]
    assert deals.top == largest and deals.top[0]["value"] == 100.0
    tricky = prepared["G-tricky"]
    assert [r["value"] for r in tricky.top] == [-500.0, 70.0, 20.0]  # by size, whatever the sign
    assert [r[3] for r in tricky.head_rows()] == ['Acme, "big" deal', "", "<script>x</script>"]
    assert prepared["G-none"].shown == 0 and list(prepared["G-none"].head_rows()) == []
