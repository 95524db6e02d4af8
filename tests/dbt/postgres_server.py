"""A throwaway PostgreSQL server for tests, started from the machine's binaries (no Docker, no system service).

Data directory and unix socket live in a fresh temp dir, the server listens on a free TCP port of 127.0.0.1,
and password authentication (scram) is on with a random password, so tests prove it never leaks. PostgreSQL
refuses to run as root: as root, the binaries run as the `postgres` OS user, which owns the temp dir.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from warehouse.postgres import PostgresTarget

DEFAULT_BIN_DIR = Path("/usr/lib/postgresql/15/bin")
SERVER_OS_USER = "postgres"
DATABASE = "perfloop"
# Durability is worthless for a server that is deleted after the tests; these make it start and load faster.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "listen_addresses=127.0.0.1")


def postgres_bin_dir() -> Path:
    """Where initdb and pg_ctl are: $PERFLOOP_PG_BIN_DIR, else Debian's PostgreSQL 15."""
    return Path(os.environ.get("PERFLOOP_PG_BIN_DIR", DEFAULT_BIN_DIR))


def require_postgres_binaries(bin_dir: Path) -> None:
    """Skip (with the reason) when the binaries are missing — except in CI, where that is a failure."""
    missing = [name for name in ("initdb", "pg_ctl") if not os.access(bin_dir / name, os.X_OK)]
    if not missing:
        return
    reason = f"PostgreSQL binaries {', '.join(missing)} not found in {bin_dir} (set PERFLOOP_PG_BIN_DIR)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL build: .ci/run installs Debian's postgresql", pytrace=False)
    pytest.skip(reason)


@contextmanager
def throwaway_postgres(bin_dir: Path) -> Iterator[PostgresTarget]:
    """Start a fresh server with an empty `perfloop` database; yield where it is; stop and delete it on exit."""
    workdir = Path(tempfile.mkdtemp(prefix="perfloop-pg-"))
    try:
        password = secrets.token_urlsafe(18)
        _initdb(bin_dir, workdir, password)
        port = _start(bin_dir, workdir)
        try:
            target = PostgresTarget(port=port, user="postgres", dbname=DATABASE, password=password)
            create_database(target, DATABASE)
            yield target
        finally:
            _run_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(workdir / "data"), "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def create_database(target: PostgresTarget, name: str) -> None:
    connection = target.connect(dbname="postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'create database "{name}"')
    finally:
        connection.close()


def _initdb(bin_dir: Path, workdir: Path, password: str) -> None:
    password_file = workdir / "password"
    password_file.write_text(password)
    password_file.chmod(0o600)
    (workdir / "sockets").mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, SERVER_OS_USER)
        for path in (password_file, workdir / "sockets"):
            shutil.chown(path, SERVER_OS_USER)
    try:
        _run_as_server_user([str(bin_dir / "initdb"), "-D", str(workdir / "data"), "-U", "postgres",
                             "--auth=scram-sha-256", f"--pwfile={password_file}", "--encoding=UTF8", "--no-locale",
                             "--no-sync"])
    finally:
        password_file.unlink()


def _start(bin_dir: Path, workdir: Path, attempts: int = 3) -> int:
    """Start on a free port; another process may take the port between the probe and the start, so retry."""
    for attempt in range(attempts):
        port = _free_port()
        options = " ".join([f"-p {port}", f"-k {workdir / 'sockets'}"] + [f"-c {setting}" for setting in FAST_SETTINGS])
        started = _run_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(workdir / "data"), "-l",
                                       str(workdir / "server.log"), "-w", "-t", "60", "-o", options, "start"],
                                      check=False)
        if started.returncode == 0:
            return port
    log_tail = (workdir / "server.log").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"PostgreSQL did not start after {attempts} attempts:\n{started.stdout}{log_tail}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as_server_user(command: list[str], check: bool = True) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        command = ["runuser", "-u", SERVER_OS_USER, "--", *command]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")
    if check and finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({finished.returncode}):\n{finished.stdout}{finished.stderr}")
    return finished


def query_postgres(target: PostgresTarget, sql: str, params: tuple | dict | None = None) -> list[tuple]:
    connection = target.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()
