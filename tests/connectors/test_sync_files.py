"""The sync loop on the file drops: batches, cursor after the batch, unchanged files, malformed files."""

import pytest

from connectors.catalog import Endpoint, Page, RawRecord, find_stream
from connectors.cursors import CursorStore
from connectors.errors import BadFile, ConnectorError
from connectors.rawzone import latest_records, live_keys, raw_counts, read_raw
from connectors.sync import batches, sync_stream

RATINGS = find_stream("files", "ratings")
JOURNAL = find_stream("files", "journal")
HEADER = "employee_id,cycle,rating,manager_id,recorded_at\n"


def ratings_file(path, rows):
    path.write_text(HEADER + "".join(f"E{i:05d},2025H2,{i % 5 + 1},E00001,2026-01-15 10:00:00\n" for i in rows))
    return path


def endpoint(tmp_path):
    return Endpoint("files", "", options={"ratings_path": str(tmp_path / "ratings.csv"),
                                          "journal_path": str(tmp_path / "journal.csv")})


def run(spec, tmp_path, policy, **kwargs):
    return sync_stream(spec, endpoint(tmp_path), policy, tmp_path / "raw", tmp_path / "state", **kwargs)


def test_a_file_loads_in_batches_and_an_unchanged_file_loads_nothing(tmp_path, fast_policy):
    ratings_file(tmp_path / "ratings.csv", range(1, 2501))
    first = run(RATINGS, tmp_path, fast_policy, batch_records=1000)
    assert (first.records, first.batches, first.cursor_before) == (2500, 3, None)
    assert first.cursor_after.startswith("sha256:")
    again = run(RATINGS, tmp_path, fast_policy, batch_records=1000)
    assert (again.records, again.batches, again.cursor_after) == (0, 0, first.cursor_after)
    latest = latest_records(tmp_path / "raw", "files", "ratings")
    assert len(latest) == 2500 and latest["record_key"].iloc[0] == "E00001|2025H2"


def test_a_missing_optional_file_is_zero_records(tmp_path, fast_policy):
    result = run(JOURNAL, tmp_path, fast_policy)
    assert (result.records, result.cursor_after) == (0, None)
    assert raw_counts(tmp_path / "raw") == {"files/journal": 0}


@pytest.mark.parametrize("content, problem", [
    (HEADER + "E00001,2025H2,3,E00009,2026-01-15 10:00:00\nE00002,2025H2,4\n", "line 3: 3 fields"),
    (HEADER + "E00001,2025H2,7,E00009,2026-01-15 10:00:00\n", "line 2: rating must be a whole number"),
    ("employee_id,rating\nE00001,3\n", "line 1: missing column(s) cycle"),
    (HEADER + 'E00001,"2025H2,3,E00009,2026-01-15\n', "line 2"),
])
def test_a_malformed_file_names_the_file_and_the_line(tmp_path, fast_policy, content, problem):
    (tmp_path / "ratings.csv").write_text(content)
    with pytest.raises(BadFile) as failure:
        run(RATINGS, tmp_path, fast_policy)
    message = str(failure.value)
    assert str(tmp_path / "ratings.csv") in message and problem in message
    assert message.startswith("files/ratings:") and "last committed cursor: none" in message
    assert CursorStore(tmp_path / "state").get("files", "ratings") is None


def test_a_failure_between_batches_keeps_whole_batches_and_a_rerun_completes(tmp_path, fast_policy):
    ratings_file(tmp_path / "ratings.csv", range(1, 3001))

    def stop_after_first_batch(records):
        raise RuntimeError("power cut")

    with pytest.raises(ConnectorError, match="files/ratings: RuntimeError: power cut"):
        run(RATINGS, tmp_path, fast_policy, batch_records=1000, on_progress=stop_after_first_batch)
    assert len(read_raw(tmp_path / "raw", "files", "ratings")) == 1000
    rerun = run(RATINGS, tmp_path, fast_policy, batch_records=1000)
    assert rerun.records == 3000
    assert len(latest_records(tmp_path / "raw", "files", "ratings")) == 3000


def pages(*sizes):
    key = iter(range(10_000))
    return [Page([RawRecord(str(next(key)), None, False, "{}") for _ in range(size)], f"c{index}")
            for index, size in enumerate(sizes)]


def test_batches_have_the_requested_size_and_the_cursor_of_the_last_whole_page():
    grouped = [(len(batch), cursor) for batch, cursor in batches(pages(3, 3, 3, 1), 4, "c-start")]
    # batch 1 ends inside page 1 (only page 0 whole), batch 2 ends inside page 2, the rest closes page 3
    assert grouped == [(4, "c0"), (4, "c1"), (2, "c3")]


def test_batches_before_any_whole_page_keep_the_starting_cursor():
    grouped = [(len(batch), cursor) for batch, cursor in batches(pages(5, 1), 2, "c-start")]
    assert grouped == [(2, "c-start"), (2, "c-start"), (2, "c1"), (0, "c1")]


def test_batches_of_an_empty_stream_still_carry_the_final_cursor():
    assert [(len(batch), cursor) for batch, cursor in batches(pages(0, 0), 10, None)] == [(0, "c1")]


def test_a_row_gone_from_a_later_snapshot_is_recorded_as_deleted(tmp_path, fast_policy):
    ratings_file(tmp_path / "ratings.csv", range(1, 11))
    run(RATINGS, tmp_path, fast_policy)
    ratings_file(tmp_path / "ratings.csv", range(1, 9))
    second = run(RATINGS, tmp_path, fast_policy)
    assert (second.records, second.deleted) == (10, 2)
    latest = latest_records(tmp_path / "raw", "files", "ratings")
    assert sorted(latest["record_key"]) == [f"E{i:05d}|2025H2" for i in range(1, 9)]
    ratings_file(tmp_path / "ratings.csv", range(1, 12))  # they come back, with one more
    run(RATINGS, tmp_path, fast_policy)
    assert len(latest_records(tmp_path / "raw", "files", "ratings")) == 11


def reference_endpoint(tmp_path):
    return Endpoint("files", "", options={f"{name}_path": str(tmp_path / f"{name}.csv")
                                          for name in ("identity_overrides", "fx_rates", "team_ownership")})


def test_a_reference_file_row_removed_later_is_deleted_in_the_raw_zone(tmp_path, fast_policy):
    spec = find_stream("files", "team_ownership")
    ownership = tmp_path / "team_ownership.csv"
    ownership.write_text("system,kind,key,team_id\njira,component,Search,eng-search\n"
                         "shopify,location,76000000000,fulfilment-berlin\n")
    sync_stream(spec, reference_endpoint(tmp_path), fast_policy, tmp_path / "raw", tmp_path / "state")
    ownership.write_text("system,kind,key,team_id\njira,component,Search,eng-web\n")
    second = sync_stream(spec, reference_endpoint(tmp_path), fast_policy, tmp_path / "raw", tmp_path / "state")
    assert (second.records, second.deleted) == (2, 1)
    assert live_keys(tmp_path / "raw", "files", "team_ownership") == {"jira|component|Search"}
    latest = latest_records(tmp_path / "raw", "files", "team_ownership")
    assert '"eng-web"' in latest["payload"].iloc[0]


@pytest.mark.parametrize("stream, content, problem", [
    ("fx_rates", "month,currency,rate\n2026-09-15,USD,0.9\n", "line 2: month must be the first day of a month"),
    ("fx_rates", "month,currency,rate\n2026-09-01,usd,0.9\n", "line 2: currency must be a three-letter ISO code"),
    ("fx_rates", "month,currency,rate\n2026-09-01,USD,0.9\n2026-10-01,USD,-1\n", "line 3: rate must be a positive"),
    ("identity_overrides", "system,external_id,employee_id\nslack,U1,E00001\n", "line 2: system must be one of"),
    ("team_ownership", "system,kind,key,team_id\ngithub,component,x,eng-web\n", "line 2: system/kind must be one"),
])
def test_a_bad_reference_file_is_refused_with_its_line(tmp_path, fast_policy, stream, content, problem):
    (tmp_path / f"{stream}.csv").write_text(content)
    with pytest.raises(BadFile, match=problem):
        sync_stream(find_stream("files", stream), reference_endpoint(tmp_path), fast_policy, tmp_path / "raw",
                    tmp_path / "state")
    assert CursorStore(tmp_path / "state").get("files", stream) is None


def test_a_stream_that_never_had_data_still_has_a_schema_only_file_for_dbt(tmp_path, fast_policy):
    run(JOURNAL, tmp_path, fast_policy)
    files = list((tmp_path / "raw" / "files" / "journal").glob("*.parquet"))
    assert len(files) == 1 and read_raw(tmp_path / "raw", "files", "journal").columns.tolist()[-1] == "payload"
    run(JOURNAL, tmp_path, fast_policy)
    assert len(list((tmp_path / "raw" / "files" / "journal").glob("*.parquet"))) == 1
