import logging
from datetime import datetime, timezone

import pytest

from connectors.http import HttpPolicy
from demo.company import generate
from demo.inbox import export_inbox, inbox_targets
from demo.server import start
from tests.connectors.demo_support import STREAMS, demo_options, load, naive_utc
from tests.connectors.fake_vendor import FakeVendor

FAST = HttpPolicy(timeout_s=2.0, max_retries=3, backoff_base_s=0.01, backoff_max_s=0.05, max_retry_after_s=2.0)
# Loads run at early clocks: the same contracts and multi-page listings, at a volume that keeps tests quick.
FULL_CLOCK = datetime(2024, 11, 1, tzinfo=timezone.utc)
SMALL_CLOCK = datetime(2024, 9, 1, tzinfo=timezone.utc)


@pytest.fixture
def vendor():
    server = FakeVendor()
    yield server
    server.stop()


@pytest.fixture
def fast_policy() -> HttpPolicy:
    return FAST


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture(scope="session")
def company(request):
    """The default demo company (300 employees, seed 7). Kept in pytest's cache directory: the generator reuses
    a store made by the same generator version, seed and size, and rebuilds it otherwise."""
    return generate(request.config.cache.mkdir("perfloop-demo-company"), employees=300, seed=7)


def drop_inbox(store, inbox, clock):
    export_inbox(store, inbox_targets(inbox), naive_utc(clock))


@pytest.fixture(scope="session")
def full_load(company, tmp_path_factory):
    """Every stream loaded once from scratch at FULL_CLOCK: (work dir, {stream: SyncResult}, options)."""
    work = tmp_path_factory.mktemp("full-load")
    drop_inbox(company, work / "inbox", FULL_CLOCK)
    options = demo_options(company, work / "inbox")
    with start(company, clock=FULL_CLOCK) as server:
        results = {spec.qualified_name: load(spec, server, options, work) for spec in STREAMS}
    return work, results, options


@pytest.fixture
def small_server(company):
    with start(company, clock=SMALL_CLOCK) as server:
        yield server


@pytest.fixture
def small_options(company, tmp_path):
    drop_inbox(company, tmp_path / "inbox", SMALL_CLOCK)
    return demo_options(company, tmp_path / "inbox")
