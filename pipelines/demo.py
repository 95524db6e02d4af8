"""The embedded demo: a generated company behind a local vendor server, loaded by the nightly job.

Each `perfloop demo` is one night: the server's clock starts where the last demo night ended plus one
day, so a second run loads only that day's new, changed and deleted records.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from demo.company import generate
from demo.company.calendar import DEMO_CLOCK_START
from demo.inbox import export_inbox
from demo.server import DEMO_TOKENS
from settings import Settings

SERVER_START_TIMEOUT_S = 60


def next_demo_clock(state_dir: Path, advance_days: float) -> datetime:
    """The clock for this demo night, remembered in the state folder beside the cursors."""
    path = state_dir / "demo_clock.json"
    if path.exists():
        clock = datetime.fromisoformat(json.loads(path.read_text())["clock"]) + timedelta(days=advance_days)
    else:
        clock = DEMO_CLOCK_START
    return clock.astimezone(timezone.utc) if clock.tzinfo else clock.replace(tzinfo=timezone.utc)


def remember_demo_clock(state_dir: Path, clock: datetime) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "demo_clock.json").write_text(json.dumps({"clock": clock.isoformat()}))


def prepare_company(settings: Settings, employees: int) -> Path:
    return generate(settings.paths.demo_dir, employees=employees)


def drop_inbox_files(settings: Settings, store: Path, clock: datetime) -> dict[str, int]:
    options = settings.systems["files"].options if "files" in settings.systems else {}
    targets = {name: Path(options[f"{name}_path"]) for name in ("ratings", "journal") if f"{name}_path" in options}
    return export_inbox(store, targets, clock.replace(tzinfo=None))


def use_demo_credentials(settings: Settings) -> None:
    """The demo server only knows its own tokens; real ones in the environment are left unused."""
    for name, system in settings.systems.items():
        if system.secret_env and name in DEMO_TOKENS:
            token = DEMO_TOKENS[name]
            os.environ[system.secret_env] = token["token"] if isinstance(token, dict) else token


@contextmanager
def demo_server(settings: Settings, store: Path, clock: datetime) -> Iterator[Settings]:
    """Run the vendor server in a child process on the configured ports; yield settings pointing at it."""
    ports = {name: urlsplit(s.base_url).port for name, s in settings.systems.items() if s.base_url}
    with tempfile.TemporaryDirectory() as tmp:
        ports_file = Path(tmp) / "ports.json"
        command = [
            sys.executable, "-m", "demo.server", "--store", str(store), "--clock", clock.isoformat(),
            "--ports-file", str(ports_file), "--ports", json.dumps(ports),
        ]
        process = subprocess.Popen(command)
        try:
            base_urls = _wait_for_ports(process, ports_file)
            systems = {
                name: dataclasses.replace(s, base_url=base_urls.get(name, s.base_url))
                for name, s in settings.systems.items()
            }
            yield dataclasses.replace(settings, systems=systems)
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_for_ports(process: subprocess.Popen, ports_file: Path) -> dict[str, str]:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo server exited with code {process.returncode} before listening")
        if ports_file.exists() and ports_file.stat().st_size:
            return json.loads(ports_file.read_text())["base_urls"]
        time.sleep(0.1)
    raise RuntimeError(f"the demo server did not start listening within {SERVER_START_TIMEOUT_S} s")
