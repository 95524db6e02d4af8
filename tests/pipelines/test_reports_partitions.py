"""Review cycles as partitions: the same ids the marts use, up to the running cycle."""

from datetime import date
from pathlib import Path

import yaml

from pipelines.reports.partitions import cycle_id, cycle_of, cycle_partitions, review_cycles
from settings import load_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "perfloop.yaml"


def _settings(tmp_path, months: int, first_start: str):
    raw = yaml.safe_load(REPO_CONFIG.read_text())
    raw["review_cycles"] = {"months": months, "first_start": first_start, "checkpoints": "monthly"}
    path = tmp_path / "perfloop.yaml"
    path.write_text(yaml.safe_dump(raw))
    return load_settings(path)


def test_half_year_cycles_from_the_first_start_up_to_the_running_one():
    settings = load_settings(REPO_CONFIG)  # half-years from 2024-07-01
    keys = cycle_partitions(settings, today=date(2026, 10, 1)).get_partition_keys()
    assert keys == ["2024H2", "2025H1", "2025H2", "2026H1", "2026H2"]
    running = cycle_of(settings, date(2026, 10, 1))
    assert (running.id, running.start, running.end) == ("2026H2", date(2026, 7, 1), date(2026, 12, 31))


def test_ids_follow_the_dbt_macro_for_every_cycle_length(tmp_path):
    assert [c.id for c in review_cycles(_settings(tmp_path, 3, "2025-10-01"), date(2026, 4, 1))] == \
        ["2025Q4", "2026Q1", "2026Q2"]
    assert cycle_id(date(2026, 1, 1), 12) == "2026" and cycle_id(date(2026, 4, 1), 2) == "2026-04"
    assert review_cycles(_settings(tmp_path, 6, "2026-02-01"), date(2026, 1, 31)) == []
