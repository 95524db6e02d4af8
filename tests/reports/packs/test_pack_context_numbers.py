"""Peer context in the packs: distributions of people's attainment, never one person's number, and no aggregate
over fewer than 5 people."""

from collections import defaultdict
from datetime import date
from statistics import median

import pytest

from tests.reports.packs.numbers_support import members_employed_on, packs_of, planted

MIN_GROUP = 5


@pytest.mark.parametrize("cycle_id", ["2026H1", "2026H2"])
def test_no_context_covers_fewer_than_5_people_and_suppressed_ones_carry_no_numbers(staged, cycle_id):
    entries = [entry for pack in packs_of(staged.warehouse, cycle_id).values() for entry in pack["context"]]
    shown = [entry for entry in entries if not entry["suppressed"]]
    hidden = [entry for entry in entries if entry["suppressed"]]
    assert shown and hidden
    assert all(entry["group_size"] >= MIN_GROUP and entry["median"] is not None for entry in shown)
    assert all(entry["group_size"] < MIN_GROUP for entry in hidden)
    assert all(entry["median"] is None and entry["p25"] is None and entry["p75"] is None for entry in hidden)


def test_the_small_teams_members_get_no_team_figures(company, staged):
    team, detail = planted(company, "small_team")
    assert detail["headcount"] < MIN_GROUP
    packs = packs_of(staged.warehouse, "2026H1")
    team_entries = [entry for member in members_employed_on(company, team, date(2026, 6, 30))
                    for entry in packs[member]["context"] if entry["group"] == "team"]
    assert team_entries and all(entry["suppressed"] and entry["median"] is None for entry in team_entries)


def test_a_teams_median_is_the_median_of_its_members_own_attainment(staged):
    """Recomputed from the members' packs: per person the mean attainment of their own goals on the metric."""
    packs = packs_of(staged.warehouse, "2026H1")
    per_person = defaultdict(list)
    for pack in packs.values():
        team_id = team_of(pack)
        by_metric = defaultdict(list)
        for goal in pack["scorecard"]["goals"]:
            if goal["scope"] == "own" and goal["attainment"] is not None:
                by_metric[goal["metric"]["id"]].append(goal["attainment"])
        for metric_id, values in by_metric.items():
            per_person[(team_id, metric_id)].append(sum(values) / len(values))
    checked = 0
    for pack in packs.values():
        for entry in pack["context"]:
            if entry["group"] == "team" and not entry["suppressed"]:
                people = per_person[(team_of(pack), entry["metric_id"])]
                assert entry["group_size"] == len(people)
                assert entry["median"] == pytest.approx(median(people))
                checked += 1
    assert checked > 50


def team_of(pack: dict) -> str:
    """The team a person is measured with: the owner of their shared team goals."""
    return next(goal["owner_id"] for goal in pack["scorecard"]["goals"] if goal["scope"] == "team")
