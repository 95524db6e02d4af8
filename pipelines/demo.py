"""The embedded demo: a generated company behind a local vendor server, loaded by the nightly job.

Each `perfloop demo` is one night: the server's clock starts where the last demo night ended plus one
day, so a second run loads only that day's new, changed and deleted records.
"""

from __future__ import annotations

import dataclasses
import json
import os
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from demo.company import generate
from demo.company.calendar import DEMO_CLOCK_START
from demo.inbox import EXPORTS, export_inbox
from demo.server import DEMO_TOKENS
from demo.server.process import serve_in_subprocess
from settings import Settings


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
    targets = {name: Path(options[f"{name}_path"]) for name in EXPORTS if f"{name}_path" in options}
    return export_inbox(store, targets, clock.replace(tzinfo=None))


def demo_secrets(settings: Settings) -> dict[str, str]:
    """{environment variable: value} for each configured system the demo server knows."""
    secrets = {}
    for name, system in settings.systems.items():
        if system.secret_env and name in DEMO_TOKENS:
            token = DEMO_TOKENS[name]
            secrets[system.secret_env] = token["token"] if isinstance(token, dict) else token
    return secrets


def use_demo_credentials(settings: Settings) -> None:
    """The demo server only knows its own tokens; real ones in the environment are left unused."""
    os.environ.update(demo_secrets(settings))


@contextmanager
def demo_server(settings: Settings, store: Path, clock: datetime) -> Iterator[Settings]:
    """Serve the company on the configured loopback ports; yield settings pointing at the server."""
    ports = {name: urlsplit(s.base_url).port for name, s in settings.systems.items() if s.base_url}
    with serve_in_subprocess(store, clock, ports, quiet=True) as base_urls:
        systems = {
            name: dataclasses.replace(s, base_url=base_urls.get(name, s.base_url))
            for name, s in settings.systems.items()
        }
        yield dataclasses.replace(settings, systems=systems)
