"""The Dagster instance the CLI runs in: the one `make dev` opens too (DAGSTER_HOME), else a folder of the data dir."""

from __future__ import annotations

import os

import dagster as dg

from settings import Settings


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """The instance `dagster dev` also uses when DAGSTER_HOME points at the same folder."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    home = settings.paths.data_dir / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.local_temp(str(home))
