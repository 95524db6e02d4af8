"""The diagnostics of the staged 100-employee demo company for its running cycle, in both views (built once)."""

import pytest

from reports.diagnostics.build import build_diagnostics
from reports.marts import Marts

CYCLE = "2026H2"  # the cycle running at the demo clock: every planted pattern shows in it


@pytest.fixture(scope="session")
def marts(staged):
    with Marts(staged.warehouse) as opened:
        yield opened


@pytest.fixture(scope="session")
def aggregate(marts):
    return build_diagnostics(marts, CYCLE, "aggregate")


@pytest.fixture(scope="session")
def hr(marts):
    return build_diagnostics(marts, CYCLE, "hr")
