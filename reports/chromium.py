"""Headless Chromium for looking at what reports render: screenshots and the rendered DOM (tests), and PDF
(on request). Chromium runs with networking pointed nowhere, so a report that fetched anything would show it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_TIMEOUT_S = 120


class ChromiumMissing(RuntimeError):
    pass


def find_chromium() -> str | None:
    """$PERFLOOP_CHROMIUM, else the first Chromium on PATH; None when there is none."""
    configured = os.environ.get("PERFLOOP_CHROMIUM")
    if configured:
        return configured
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def _run(html: Path, *action: str) -> subprocess.CompletedProcess:
    binary = find_chromium()
    if binary is None:
        raise ChromiumMissing("no Chromium found (install Debian's `chromium` or set PERFLOOP_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="perfloop-chromium-") as profile:
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}",
                   "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                   *action, Path(html).resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_S, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"chromium failed on {html} ({result.returncode}): {result.stderr[-800:]}")
    return result


def screenshot(html: Path, png: Path, width: int = 1240, height: int = 1754) -> Path:
    """A PNG of the page's first `height` pixels at `width` (A4 proportions by default)."""
    _run(html, f"--screenshot={Path(png).resolve()}", f"--window-size={width},{height}")
    return Path(png)


def rendered_dom(html: Path) -> str:
    """The DOM after layout, as Chromium serialises it."""
    return _run(html, "--dump-dom").stdout


def print_pdf(html: Path, pdf: Path) -> Path:
    """The page printed to PDF with its own print CSS (page size from `@page`)."""
    _run(html, f"--print-to-pdf={Path(pdf).resolve()}", "--no-pdf-header-footer")
    return Path(pdf)
