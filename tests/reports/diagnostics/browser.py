"""Headless Chromium for report tests: skip with the reason when it is missing, except in CI (CI=1), where a
missing browser is a failure (.ci/run installs it)."""

from __future__ import annotations

import os

import pytest

from reports.chromium import find_chromium


def require_chromium() -> None:
    if find_chromium() is not None:
        return
    reason = "no Chromium found (install Debian's `chromium` or set PERFLOOP_CHROMIUM)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must render the reports: .ci/run installs chromium", pytrace=False)
    pytest.skip(reason)
