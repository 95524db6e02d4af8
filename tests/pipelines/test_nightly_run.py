"""The nightly job's loads, run in process as `perfloop run`/`perfloop demo` do: every stream, then only deltas.
(The transform half of the night is tested in test_transform.py.)"""

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from connectors.catalog import STREAMS
from connectors.rawzone import latest_records
from demo.company import generate
from demo.company.calendar import DEMO_CLOCK_START
from demo.inbox import EXPORTS, export_inbox, inbox_targets
from demo.server import start
from pipelines.demo import demo_secrets
from pipelines.runner import run_nightly
from settings import load_settings
from tests.connectors.demo_support import changed_between, demo_options, live_truth, naive_utc

REPO = Path(__file__).resolve().parents[2]
CLOCK = DEMO_CLOCK_START


@pytest.fixture(scope="module")
def company(request):
    return generate(request.config.cache.mkdir("perfloop-demo-company-60"), employees=60)


@pytest.fixture(scope="module")
def settings(company, tmp_path_factory):
    """The shipped config with every path moved into a scratch folder and a fast HTTP policy."""
    work = tmp_path_factory.mktemp("nightly")
    raw = yaml.safe_load((REPO / "perfloop.yaml").read_text())
    raw["paths"] = {key: str(work / key) for key in raw["paths"]}
    raw["http"].update(timeout_s=5, max_retries=3, backoff_base_s=0.01, backoff_max_s=0.05)
    raw["systems"]["github"]["options"]["repos"] = demo_options(company)["github"]["repos"]
    inbox = inbox_targets(work / "inbox")
    raw["systems"]["files"]["options"] = {f"{name}_path": str(path) for name, path in inbox.items()} | {
        "metrics_path": str(REPO / "metrics.yaml")}
    (work / "perfloop.yaml").write_text(yaml.safe_dump(raw))
    return load_settings(work / "perfloop.yaml")


def served(settings, server):
    systems = {name: dataclasses.replace(s, base_url=server.base_urls.get(name, s.base_url))
               for name, s in settings.systems.items()}
    return dataclasses.replace(settings, systems=systems)


def use_demo_secrets(settings, monkeypatch):
    for variable, value in demo_secrets(settings).items():
        monkeypatch.setenv(variable, value)


def drop_inbox(company, settings, clock):
    options = settings.systems["files"].options
    export_inbox(company, {n: Path(options[f"{n}_path"]) for n in EXPORTS}, naive_utc(clock))


def test_first_run_loads_everything_then_a_second_night_only_the_delta(company, settings, monkeypatch):
    use_demo_secrets(settings, monkeypatch)
    drop_inbox(company, settings, CLOCK)
    with start(company, clock=CLOCK) as server:
        first = run_nightly(served(settings, server), transform=False)
        server.advance(2)
        drop_inbox(company, settings, server.clock)
        second = run_nightly(served(settings, server), transform=False)

    assert first.success and second.success, first.failures + second.failures
    assert {load.stream for load in first.loads} == {spec.qualified_name for spec in STREAMS}
    loaded = {load.stream: load for load in first.loads}
    assert loaded["shopify/orders"].records == len(live_truth(company, "shopify/orders", CLOCK))

    delta = {load.stream: load.records for load in second.loads}
    expected = changed_between(company, "shopify/orders", CLOCK, CLOCK + timedelta(days=2))
    # `>=` on the cursor re-reads the boundary record; nothing else is fetched twice.
    assert len(expected) <= delta["shopify/orders"] <= len(expected) + 2
    assert delta["shopify/orders"] < loaded["shopify/orders"].records / 20

    later = CLOCK + timedelta(days=2)
    for stream in ("shopify/orders", "salesforce/opportunities", "jira/issues"):
        keys = set(latest_records(settings.paths.raw_dir, *stream.split("/"))["record_key"])
        assert keys == set(live_truth(company, stream, later)), stream


def test_a_wrong_token_fails_the_run_without_showing_the_token(company, settings, monkeypatch):
    use_demo_secrets(settings, monkeypatch)
    monkeypatch.setenv(settings.systems["hubspot"].secret_env, "pat-wrong-secret-value")
    with start(company, clock=CLOCK) as server:
        run = run_nightly(served(settings, server), ["hubspot/owners"], transform=False)
    assert not run.success
    assert "hubspot" in run.failures[0] and "401" in run.failures[0]
    assert "pat-wrong-secret-value" not in "".join(run.failures)
