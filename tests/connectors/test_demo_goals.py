"""The demo company's goal file (exported from the store) passes validation for the small and the default company:
5-7 goals per person per cycle whose weights (own goals + the team's shared goals) sum to 100."""

from collections import defaultdict
from datetime import datetime, timezone

import duckdb
import pytest

from connectors.catalog import find_stream
from connectors.goal_file import read_goal_file
from connectors.goal_rules import cycle_bounds
from connectors.hris_org import org_in_raw_zone
from connectors.metric_library import metrics_in_raw_zone
from demo.company import generate
from demo.inbox import export_inbox
from demo.server import start
from tests.connectors.demo_support import demo_options, load, naive_utc
from tests.connectors.goal_support import GOALS, METRICS

CLOCK = datetime(2026, 10, 1, tzinfo=timezone.utc)  # the demo's start clock: 2026H2 in progress


@pytest.fixture(scope="module", params=[60, 300], ids=["60-employees", "300-employees"])
def loaded(request, tmp_path_factory):
    """HRIS and metric library loaded, then the exported goal file: (store, work dir, goal file sync result)."""
    employees = request.param
    name = "perfloop-demo-company-60" if employees == 60 else "perfloop-demo-company"
    store = generate(request.config.cache.mkdir(name), employees=employees, seed=7)
    work = tmp_path_factory.mktemp(f"demo-goals-{employees}")
    export_inbox(store, {"goals": work / "inbox" / "goals.yaml"}, naive_utc(CLOCK))
    options = demo_options(store, work / "inbox")
    with start(store, clock=CLOCK) as server:
        for spec in (find_stream("hris", "employees"), find_stream("hris", "job_history"), METRICS):
            load(spec, server, options, work)
        result = load(GOALS, server, options, work)
    return store, work, result, options


def test_the_demo_goal_file_loads_every_version_known_at_the_clock(loaded):
    store, work, result, _ = loaded
    with duckdb.connect(str(store), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM goals WHERE valid_from <= DATE '2026-10-01'").fetchone()[0]
        future = con.execute("SELECT count(*) FROM goals WHERE valid_from > DATE '2026-10-01'").fetchone()[0]
    assert result.records == expected > 500 and result.deleted == 0
    assert future > 0, "goals of people hired after the clock wait for a later export"


def test_every_person_has_5_to_7_goals_weighing_100_per_cycle(loaded):
    _, work, _, options = loaded
    org = org_in_raw_zone(work / "raw")
    goals = read_goal_file(work / "inbox" / "goals.yaml", metrics_in_raw_zone(work / "raw"), org)
    latest = {goal.id: goal for goal in sorted(goals, key=lambda g: g.valid_from)}.values()
    team_goals, own_goals = defaultdict(list), defaultdict(list)
    for goal in latest:
        if goal.owner_type in ("team", "employee"):
            (team_goals if goal.owner_type == "team" else own_goals)[(goal.owner_id, goal.cycle)].append(goal)
    scorecards = {}
    for (owner, cycle), own in own_goals.items():
        team = org.team_at_start_of(owner, *cycle_bounds(cycle))
        scorecards[(owner, cycle)] = own + team_goals[(team, cycle)]
    assert len({cycle for _, cycle in scorecards}) == 5
    assert {len(card) for card in scorecards.values()} <= {5, 6, 7}
    assert all(sum(goal.weight for goal in card) == 100 for card in scorecards.values())


def test_the_same_store_gives_the_same_file_and_an_unchanged_file_is_not_reloaded(loaded):
    store, work, first, options = loaded
    before = (work / "inbox" / "goals.yaml").read_bytes()
    export_inbox(store, {"goals": work / "inbox" / "goals.yaml"}, naive_utc(CLOCK))
    assert (work / "inbox" / "goals.yaml").read_bytes() == before
    again = load(GOALS, None, options, work)
    assert (again.records, again.cursor_after) == (0, first.cursor_after)
