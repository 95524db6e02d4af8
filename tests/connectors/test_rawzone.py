"""The raw zone keeps every batch, hides half-written files, and reads back the latest version per record."""

import multiprocessing
from datetime import datetime, timedelta, timezone

import pyarrow.parquet as pq

from connectors.catalog import RawRecord
from connectors.cursors import CursorStore
from connectors.rawzone import RawZoneWriter, latest_records, raw_counts, raw_files, read_raw

T0 = datetime(2026, 10, 1, tzinfo=timezone.utc)


def record(key, minutes, deleted=False, amount=1):
    return RawRecord(key, T0 + timedelta(minutes=minutes), deleted, f'{{"Id": "{key}", "Amount": {amount}}}')


def test_batches_land_as_numbered_files_with_load_metadata(tmp_path):
    writer = RawZoneWriter(tmp_path, "salesforce", "opportunities", "load-1")
    first = writer.write([record("a", 1), record("b", 2)], "cursor-1")
    second = writer.write([record("c", 3)], "cursor-2")
    assert [path.name for path in (first, second)] == ["load-1-00000.parquet", "load-1-00001.parquet"]
    rows = read_raw(tmp_path, "salesforce", "opportunities")
    assert list(rows["record_key"]) == ["a", "b", "c"]
    assert list(rows["_cursor"]) == ["cursor-1", "cursor-1", "cursor-2"]
    assert set(rows["_stream"]) == {"salesforce/opportunities"} and set(rows["_load_id"]) == {"load-1"}
    assert list(rows["_batch"]) == [0, 0, 1]
    assert str(rows["modified_at"].dt.tz) == "UTC" and str(rows["_loaded_at"].dt.tz) == "UTC"
    assert rows["payload"][0] == '{"Id": "a", "Amount": 1}'


def test_a_second_writer_for_the_same_load_never_overwrites(tmp_path):
    RawZoneWriter(tmp_path, "s", "x", "run").write([record("a", 1)], None)
    RawZoneWriter(tmp_path, "s", "x", "run").write([record("b", 1)], None)
    assert [path.name for path in raw_files(tmp_path, "s", "x")] == ["run-00000.parquet", "run-00001.parquet"]


def test_latest_records_keeps_the_newest_version_and_drops_deletions(tmp_path):
    writer = RawZoneWriter(tmp_path, "s", "x", "run1")
    writer.write([record("a", 1, amount=1), record("b", 1), record("c", 1)], None)
    later = RawZoneWriter(tmp_path, "s", "x", "run2")
    later.write([record("a", 5, amount=2), record("b", 5, deleted=True), record("c", 1, amount=9)], None)
    latest = latest_records(tmp_path, "s", "x")
    assert list(latest["record_key"]) == ["a", "c"]
    assert latest.set_index("record_key").loc["a", "payload"].endswith('"Amount": 2}')
    # same modification time re-read by a later load: the later load wins
    assert latest.set_index("record_key").loc["c", "payload"].endswith('"Amount": 9}')


def test_readers_ignore_a_crashed_writers_temp_file_and_the_next_writer_removes_it(tmp_path):
    RawZoneWriter(tmp_path, "s", "x", "run1").write([record("a", 1)], None)
    directory = tmp_path / "s" / "x"
    stray = directory / ".run2-00000.parquet.999999999.partial"
    stray.write_bytes(b"PAR1 half a file")
    assert len(read_raw(tmp_path, "s", "x")) == 1
    assert raw_counts(tmp_path) == {"s/x": 1}
    RawZoneWriter(tmp_path, "s", "x", "run3")
    assert not stray.exists()


def test_empty_streams_read_as_empty_frames_with_the_raw_columns(tmp_path):
    assert read_raw(tmp_path, "s", "missing").empty
    assert "payload" in latest_records(tmp_path, "s", "missing").columns
    assert raw_counts(tmp_path / "nowhere") == {}


def test_an_empty_batch_is_a_valid_file(tmp_path):
    path = RawZoneWriter(tmp_path, "s", "x", "run").write([], "c")
    assert pq.read_metadata(path).num_rows == 0


def _set_cursors(state_dir, worker):
    store = CursorStore(state_dir)
    for i in range(200):
        store.set("jira", "issues", f"w{worker}-{i:04d}")
        store.set("github", f"issues{worker}", f"{i}")


def test_cursor_store_survives_parallel_writers(tmp_path):
    processes = [multiprocessing.get_context("fork").Process(target=_set_cursors, args=(tmp_path, worker))
                 for worker in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    cursors = CursorStore(tmp_path).all()
    assert cursors["jira/issues"].endswith("-0199")
    assert {cursors[f"github/issues{worker}"] for worker in range(3)} == {"199"}
    assert not list((tmp_path / "cursors").glob(".*"))


def test_cursor_store_round_trip(tmp_path):
    store = CursorStore(tmp_path)
    assert store.get("salesforce", "users") is None
    store.set("salesforce", "users", "2026-10-01T00:00:00.000Z")
    assert CursorStore(tmp_path).get("salesforce", "users") == "2026-10-01T00:00:00.000Z"
    assert store.all() == {"salesforce/users": "2026-10-01T00:00:00.000Z"}
