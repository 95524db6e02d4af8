"""A real demo server on ephemeral ports over a small store built from demo/STORE.md."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
import requests

from demo.server import DEMO_TOKENS, ServerLimits, start
from tests.demo_server.store_fixture import build_store
from tests.demo_server.walkers import session_for

START = datetime(2026, 10, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("demo-store") / "company.duckdb")


@pytest.fixture
def limits() -> ServerLimits:
    return ServerLimits()


@pytest.fixture
def server(store, limits):
    with start(store, limits=limits) as running:
        yield running


@pytest.fixture
def sessions(server) -> dict[str, requests.Session]:
    """One authenticated session per system, the way each vendor expects credentials."""
    made = {system: session_for(system) for system in DEMO_TOKENS}
    yield made
    for session in made.values():
        session.close()


def visible(store: Path, table: str, clock: datetime, deleted: bool | None = False, where: str = "",
            column: str = "record_id") -> list:
    """What STORE.md says a client sees at `clock`: the current version of each record."""
    naive = clock.astimezone(timezone.utc).replace(tzinfo=None)
    sql = (f"SELECT {column} FROM {table} WHERE version_at <= $c AND (valid_to IS NULL OR valid_to > $c)"
           + ("" if deleted is None else f" AND is_deleted = {str(deleted).lower()}")
           + (f" AND {where}" if where else "") + " ORDER BY version_at, record_id")
    with duckdb.connect(str(store), read_only=True) as con:
        return [row[0] if len(row) == 1 else row for row in con.execute(sql, {"c": naive}).fetchall()]
