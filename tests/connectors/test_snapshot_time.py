"""Snapshot streams are dated by the source's clock (its `Date` header), not by the loading machine's."""

from datetime import timedelta

from connectors.catalog import SNAPSHOT, STREAMS, find_stream
from connectors.rawzone import read_raw
from demo.server import start
from tests.connectors.conftest import SMALL_CLOCK
from tests.connectors.demo_support import load

HTTP_SNAPSHOTS = [spec for spec in STREAMS if spec.cursor_kind == SNAPSHOT and spec.system != "files"]


def test_snapshots_carry_the_vendors_now_not_this_machines(company, small_options, tmp_path):
    with start(company, clock=SMALL_CLOCK) as server:
        for spec in HTTP_SNAPSHOTS:
            load(spec, server, small_options, tmp_path)
    for spec in HTTP_SNAPSHOTS:
        stamps = set(read_raw(tmp_path / "raw", spec.system, spec.name)["modified_at"])
        assert len(stamps) == 1, spec.qualified_name
        assert abs(stamps.pop().to_pydatetime() - SMALL_CLOCK) < timedelta(seconds=5), spec.qualified_name


def test_each_nightly_snapshot_is_dated_by_the_clock_it_was_taken_at(company, small_options, tmp_path):
    employees = find_stream("hris", "employees")
    with start(company, clock=SMALL_CLOCK) as server:
        load(employees, server, small_options, tmp_path)
        server.advance(1)
        load(employees, server, small_options, tmp_path)
    dates = sorted({stamp.date() for stamp in read_raw(tmp_path / "raw", "hris", "employees")["modified_at"]})
    assert dates == [SMALL_CLOCK.date(), (SMALL_CLOCK + timedelta(days=1)).date()]
