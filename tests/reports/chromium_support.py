"""Headless Chromium for report tests: skipped with the reason where it is not installed — except in CI (CI=1),
where a missing Chromium is a failure (.ci/run installs Debian's chromium)."""

import os

import pytest

from reports.chromium import find_chromium


def require_chromium() -> str:
    binary = find_chromium()
    if binary is None:
        reason = "no Chromium on PATH (install Debian's `chromium` or set PERFLOOP_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must open the reports in a browser", pytrace=False)
        pytest.skip(reason)
    return binary
