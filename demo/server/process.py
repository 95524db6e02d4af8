"""The demo server in a child process (its own interpreter, so it never competes with the client for the GIL)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

START_TIMEOUT_S = 120


@contextmanager
def serve_in_subprocess(store: Path, clock: datetime | None = None, ports: dict[str, int] | None = None,
                        quiet: bool = False) -> Iterator[dict[str, str]]:
    """Start `python -m demo.server` on loopback; yield its base URL per system; stop it on exit."""
    with demo_server_process(store, clock, ports, quiet) as (base_urls, _):
        yield base_urls


@contextmanager
def demo_server_process(store: Path, clock: datetime | None = None, ports: dict[str, int] | None = None,
                        quiet: bool = False) -> Iterator[tuple[dict[str, str], subprocess.Popen]]:
    """As `serve_in_subprocess`, also yielding the server's process (benchmarks read its CPU time)."""
    with tempfile.TemporaryDirectory(prefix="perfloop-demo-server-") as tmp:
        ports_file = Path(tmp) / "ports.json"
        command = [sys.executable, "-m", "demo.server", "--store", str(store), "--ports-file", str(ports_file)]
        if clock:
            command += ["--clock", clock.isoformat()]
        if ports:
            command += ["--ports", json.dumps(ports)]
        output = subprocess.DEVNULL if quiet else None
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=output)
        try:
            yield _wait_for_ports(server, ports_file), server
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for_ports(server: subprocess.Popen, ports_file: Path) -> dict[str, str]:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if ports_file.exists() and ports_file.stat().st_size:
            return json.loads(ports_file.read_text())["base_urls"]
        if server.poll() is not None:
            raise RuntimeError(f"the demo server exited with code {server.returncode} before listening")
        time.sleep(0.1)
    raise RuntimeError(f"the demo server did not listen within {START_TIMEOUT_S} s")
