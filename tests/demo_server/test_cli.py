"""`python -m demo.server`: ports file once listening, clock and faults from flags, clean stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from demo.server import DEMO_TOKENS

ROOT = Path(__file__).resolve().parents[2]


def wait_for(path: Path, process: subprocess.Popen, timeout_s: float = 20) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        if path.exists():
            return json.loads(path.read_text())
        time.sleep(0.05)
    raise AssertionError("the server did not write its ports file")


def test_runs_in_the_foreground_and_stops_on_sigterm(store, tmp_path):
    ports_file = tmp_path / "ports.json"
    faults = json.dumps([{"system": "hubspot", "kind": "server_error", "status": 503}])
    command = [sys.executable, "-m", "demo.server", "--store", str(store), "--ports-file", str(ports_file),
               "--clock", "2026-12-01T00:00:00+00:00", "--faults", faults, "--ports", json.dumps({"files": 1})]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base_urls = wait_for(ports_file, process)["base_urls"]
        assert set(base_urls) == set(DEMO_TOKENS)
        assert requests.get(base_urls["jira"] + "/_demo/clock").json() == {"now": "2026-12-01T00:00:00Z"}
        hubspot = requests.get(base_urls["hubspot"] + "/crm/v3/owners",
                               headers={"Authorization": f"Bearer {DEMO_TOKENS['hubspot']}"})
        assert hubspot.status_code == 503
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert json.loads(process.stdout.read())["base_urls"] == base_urls
    assert DEMO_TOKENS["hubspot"] not in process.stderr.read()


def test_bad_arguments_exit_with_a_message(store):
    result = subprocess.run([sys.executable, "-m", "demo.server", "--store", str(store), "--faults", "[{"],
                            cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert result.returncode == 2 and "demo.server:" in result.stderr
