"""Resources for the raw layer: one per source system (secret from an env var) and the raw zone."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from connectors.catalog import Endpoint
from connectors.http import HttpPolicy
from settings import Settings


class SourceSystem(dg.ConfigurableResource):
    """Where one business system lives and how to authenticate; the secret comes from the environment."""

    system: str
    base_url: str
    secret: str = ""
    options_json: str = "{}"

    def endpoint(self) -> Endpoint:
        return Endpoint(self.system, self.base_url, self.secret, json.loads(self.options_json))


class RawZone(dg.ConfigurableResource):
    """The append-only raw zone, the cursor store beside it, and the HTTP policy for every connector."""

    raw_dir: str
    state_dir: str
    timeout_s: float
    max_retries: int
    backoff_base_s: float
    backoff_max_s: float
    batch_records: int

    def policy(self) -> HttpPolicy:
        return HttpPolicy(
            timeout_s=self.timeout_s,
            max_retries=self.max_retries,
            backoff_base_s=self.backoff_base_s,
            backoff_max_s=self.backoff_max_s,
        )

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def state_path(self) -> Path:
        return Path(self.state_dir)

    @property
    def quarantine_path(self) -> Path:
        """Batches rejected by their ingestion checks, kept for inspection (never read by dbt)."""
        return Path(self.state_dir) / "quarantine"


def build_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    resources: dict[str, dg.ConfigurableResource] = {
        name: SourceSystem(
            system=name,
            base_url=system.base_url,
            secret=dg.EnvVar(system.secret_env) if system.secret_env else "",
            options_json=json.dumps(dict(system.options), sort_keys=True),
        )
        for name, system in settings.systems.items()
    }
    http = settings.http
    resources["raw_zone"] = RawZone(
        raw_dir=str(settings.paths.raw_dir),
        state_dir=str(settings.paths.state_dir),
        timeout_s=http.timeout_s,
        max_retries=http.max_retries,
        backoff_base_s=http.backoff_base_s,
        backoff_max_s=http.backoff_max_s,
        batch_records=http.batch_records,
    )
    return resources
