"""The dbt project and its manifest, parsed when missing or older than the project's files.

Dagster builds the dbt assets from `target/manifest.json`; a fresh clone has none, and `dagster dev` or a test
would otherwise load a stale one after a model changed. `dbt parse` takes seconds, so it runs only then.
"""

from __future__ import annotations

import fcntl
import logging
import sys
from functools import cache
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

log = logging.getLogger(__name__)

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT_TARGET = "duckdb"
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds", "snapshots", "analyses")


def dbt_executable() -> str:
    """The dbt installed beside this Python (the venv's), whether or not the venv is on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


@cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, target=DBT_TARGET)
    prepare_manifest(project)
    return project


def prepare_manifest(project: DbtProject) -> Path:
    """`dbt parse` when the manifest is missing or stale; one process at a time (a lock file beside it)."""
    manifest = project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_stale(project.project_dir, manifest):
            log.info("parsing the dbt project into %s", manifest)
            cli = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
            cli.cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return manifest


def _is_stale(project_dir: Path, manifest: Path) -> bool:
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in _project_files(project_dir))


def _project_files(project_dir: Path):
    for name in PROJECT_FILES:
        path = project_dir / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from (child for child in path.rglob("*") if child.is_file())
