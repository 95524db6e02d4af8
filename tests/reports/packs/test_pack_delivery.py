"""`perfloop packs` on the built demo warehouse: the bundle of a cycle and of a checkpoint, each manager's folder
holding exactly their reporting line, a byte-identical rebuild."""

import json
import re

import pytest

from pipelines.cli import main
from reports.marts import Marts
from reports.packs.context import build_packs, reporting_lines
from tests.reports.packs.delivery_support import settings_for

CYCLE = "2026H1"


@pytest.fixture(scope="module")
def written(staged, tmp_path_factory):
    """`perfloop packs --cycle 2026H1` once, with what it printed."""
    settings = settings_for(staged.warehouse, tmp_path_factory.mktemp("packs"))
    return settings


def held_by_manager(bundle):
    held = {}
    for pack_json in (bundle / "managers").glob("*/*/pack.json"):
        held.setdefault(pack_json.parts[-3], set()).add(json.loads(pack_json.read_text())["employee"]["id"])
    return held


def test_the_cli_writes_the_cycle_bundle_and_says_where(written, capsys):
    assert main(["--config", str(written.paths.config_file), "packs", "--cycle", CYCLE]) == 0
    out = capsys.readouterr()
    bundle = written.paths.output_dir / "packs" / CYCLE / "cycle"
    assert f"HR index: {bundle / 'hr' / 'index.html'}" in out.out
    assert "packs in" in out.err  # progress on stderr
    with Marts(written.paths.warehouse) as marts:
        packs = build_packs(marts, CYCLE)
        lines = reporting_lines(marts, CYCLE)
    with_pack = {pack["employee"]["id"] for pack in packs}
    expected = {}
    for employee in with_pack:
        if lines.get(employee):
            expected.setdefault(lines[employee], set()).add(employee)
    assert held_by_manager(bundle) == expected
    hr = (bundle / "hr" / "index.html").read_text()
    assert set(re.findall(r'data-employee-id="([^"]+)"', hr)) == with_pack
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert len(manifest["files"]) >= 3 * len(packs)


def test_a_rebuild_gives_the_same_bytes(written, capsys):
    bundle = written.paths.output_dir / "packs" / CYCLE / "cycle"
    main(["--config", str(written.paths.config_file), "packs", "--cycle", CYCLE])
    first = (bundle / "manifest.json").read_bytes()
    assert main(["--config", str(written.paths.config_file), "packs", "--cycle", CYCLE]) == 0
    assert (bundle / "manifest.json").read_bytes() == first


def test_a_checkpoint_bundle_sits_beside_the_cycle_bundle(written, capsys):
    assert main(["--config", str(written.paths.config_file), "packs", "--cycle", "2026H2", "--checkpoint", "2026-09"]) == 0
    bundle = written.paths.output_dir / "packs" / "2026H2" / "checkpoints" / "2026-09"
    assert f"HR index: {bundle / 'hr' / 'index.html'}" in capsys.readouterr().out
    pack = json.loads(next((bundle / "managers").glob("*/*/pack.json")).read_text())
    assert (pack["kind"], pack["cycle"]["checkpoint_month"]) == ("checkpoint", "2026-09")


def test_an_unknown_cycle_is_reported(written, capsys):
    assert main(["--config", str(written.paths.config_file), "packs", "--cycle", "1999H1"]) == 2
    assert "1999H1" in capsys.readouterr().err


def test_indirect_reports_join_the_bundles_when_configured(staged, tmp_path):
    settings = settings_for(staged.warehouse, tmp_path, include_indirect=True)
    assert main(["--config", str(settings.paths.config_file), "packs", "--cycle", CYCLE]) == 0
    with Marts(settings.paths.warehouse) as marts:
        with_pack = {pack["employee"]["id"] for pack in build_packs(marts, CYCLE)}
        lines = reporting_lines(marts, CYCLE)
    expected = {}
    for employee in with_pack:
        manager, seen = lines.get(employee), {employee}
        while manager and manager not in seen:
            expected.setdefault(manager, set()).add(employee)
            seen.add(manager)
            manager = lines.get(manager)
    held = held_by_manager(settings.paths.output_dir / "packs" / CYCLE / "cycle")
    assert held == expected
    assert any(len(people) > 10 for people in held.values())  # a head of department sees far below them
