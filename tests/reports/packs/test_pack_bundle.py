"""Bundles: each manager's folder holds exactly their reporting line, names cannot escape the output folder,
a rebuild is byte-identical, and a failed run keeps the last good bundle."""

import json
import re
from pathlib import Path

import pytest

from reports.packs.bundle import bundle_folder, write_bundle
from tests.reports.packs.example_packs import REPORTING_LINES, example_pack, example_packs, records_of, with_employee_id


def people_in(index: Path) -> set[str]:
    return set(re.findall(r'data-employee-id="([^"]+)"', index.read_text()))


def pack_folders(bundle: Path) -> dict[str, set[str]]:
    """manager folder -> employees whose pack it holds (read from each pack's JSON)."""
    held: dict[str, set[str]] = {}
    for pack_json in (bundle / "managers").glob("*/*/pack.json"):
        held.setdefault(pack_json.parts[-3], set()).add(json.loads(pack_json.read_text())["employee"]["id"])
    return held


def write(tmp_path: Path, packs=None, **options):
    packs = packs or example_packs()
    folder = bundle_folder(tmp_path / "output", "2026H1")
    return write_bundle(packs, REPORTING_LINES, folder, records=records_of(packs), **options)


def test_each_manager_bundle_holds_exactly_the_direct_reports(tmp_path):
    result = write(tmp_path)
    assert result.folder == tmp_path / "output" / "packs" / "2026H1" / "cycle"
    expected = {"E1": {"M1", "M2"}, "M1": {"A1", "A2"}, "M2": {"B1", "B2", "B3"}}
    assert pack_folders(result.folder) == expected
    for manager, people in expected.items():
        assert people_in(result.folder / "managers" / manager / "index.html") == people
    assert (result.folder / "hr" / "no-manager" / "E1" / "pack.html").exists()  # the head has no manager
    assert people_in(result.hr_index) == set(REPORTING_LINES)
    assert (result.packs, result.managers) == (8, 3)


def test_indirect_reports_join_when_configured(tmp_path):
    result = write(tmp_path, include_indirect=True)
    expected = {"E1": {"M1", "M2", "A1", "A2", "B1", "B2", "B3"}, "M1": {"A1", "A2"}, "M2": {"B1", "B2", "B3"}}
    assert pack_folders(result.folder) == expected
    for manager, people in expected.items():
        assert people_in(result.folder / "managers" / manager / "index.html") == people
    head_index = (result.folder / "managers" / "E1" / "index.html").read_text()
    assert "Reporting to Mira Lead" in head_index and "Reporting to Milo Lead" in head_index


def test_ids_from_source_data_cannot_leave_the_output_folder(tmp_path):
    lines = {**REPORTING_LINES, "../x": "../../escape", "../../escape": None}
    packs = [with_employee_id(example_pack("A1"), "../x"), with_employee_id(example_pack("A2"), "../../escape")]
    folder = bundle_folder(tmp_path / "output", "../2026H1", "../../2026-06")
    result = write_bundle(packs, lines, folder, records=records_of(packs))
    assert result.folder.resolve().is_relative_to((tmp_path / "output" / "packs").resolve())
    written = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert written and all(p.is_relative_to(result.folder) for p in written)
    assert not any(".." in p.relative_to(tmp_path).parts for p in written)
    assert people_in(result.hr_index) == {"../x", "../../escape"}


def test_a_rebuild_is_byte_identical(tmp_path):
    first = write(tmp_path / "a", include_indirect=True)
    second = write(tmp_path / "b", include_indirect=True)
    manifest = json.loads((first.folder / "manifest.json").read_text())
    assert (first.folder / "manifest.json").read_bytes() == (second.folder / "manifest.json").read_bytes()
    assert {f["path"] for f in manifest["files"]} == {
        p.relative_to(first.folder).as_posix() for p in first.folder.rglob("*") if p.is_file()} - {"manifest.json"}
    again = write(tmp_path / "a", include_indirect=True)  # in place, over the last one
    assert (again.folder / "manifest.json").read_bytes() == (second.folder / "manifest.json").read_bytes()


def test_a_failed_run_keeps_the_last_good_bundle(tmp_path):
    good = write(tmp_path)
    before = (good.folder / "manifest.json").read_bytes()
    packs = example_packs()

    def failing_records(batches):
        raise RuntimeError("warehouse went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_bundle(packs, REPORTING_LINES, good.folder, records=failing_records)
    assert (good.folder / "manifest.json").read_bytes() == before
    assert not list(good.folder.parent.glob("*.partial"))


def test_a_large_run_in_a_process_pool_writes_the_same_bytes(tmp_path):
    lines = {f"P{i:04d}": f"L{i % 7}" for i in range(240)} | {f"L{i}": None for i in range(7)}
    packs = [with_employee_id(example_pack("A1"), employee) for employee in sorted(lines)]
    for pack in packs:
        pack["employee"]["manager_id"] = lines[pack["employee"]["id"]]
    pooled = write_bundle(packs, lines, tmp_path / "pooled", records=records_of(packs), workers=2)
    single = write_bundle(packs, lines, tmp_path / "single", records=records_of(packs), workers=1)
    assert pooled.packs == 247 and pooled.managers == 7
    assert (pooled.folder / "manifest.json").read_bytes() == (single.folder / "manifest.json").read_bytes()


def test_a_goals_csv_is_written_once_per_bundle_and_every_pack_links_it(tmp_path):
    result = write(tmp_path, include_indirect=True)
    packs = list(result.folder.glob("managers/*/*/pack.json")) + list(result.folder.glob("hr/no-manager/*/pack.json"))
    linked = set()
    for pack_json in packs:
        for evidence in json.loads(pack_json.read_text())["evidence"]:
            csv_file = (pack_json.parent / evidence["all_records_csv"]).resolve()
            assert csv_file.is_file() and csv_file.parent == (result.folder / "records").resolve()
            if evidence["record_count"]:
                assert f'href="{evidence["all_records_csv"]}"' in (pack_json.parent / "pack.html").read_text()
            linked.add(csv_file.name)
    assert "G-team-sales-dach.csv" in linked  # every member's team goal: one file
    assert sorted(p.name for p in (result.folder / "records").iterdir()) == sorted(linked)
    assert not list(result.folder.glob("managers/*/*/records"))
