"""State shared by every system's port: the demo clock, fault rules and request counters."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from demo.server.faults import SYSTEMS, FaultBook


@dataclass(frozen=True)
class ServerLimits:
    """Vendor limits the server enforces or reports.

    Only the Salesforce daily quota and the HubSpot search window are enforced (as the vendors do);
    the other numbers feed the rate-limit headers. Their defaults are generous so that a client
    pulling at full speed over loopback is not told to slow down; 429s come from fault rules.
    """

    salesforce_daily_quota: int = 15000
    hubspot_search_cap: int = 10000
    hubspot_ten_secondly: int = 5000
    hubspot_secondly: int = 500
    jira_per_minute: int = 60000
    github_per_hour: int = 500000
    shopify_bucket: int = 40
    shopify_leak_per_second: float = 500.0


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; naive input means UTC (as in the store)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def iso_utc(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


class SharedState:
    def __init__(self, clock: datetime, faults: list[dict] | None, limits: ServerLimits):
        self._lock = threading.Lock()
        self._clock = as_utc(clock)
        self.faults = FaultBook(faults)
        self.limits = limits
        self._statuses: dict[str, Counter] = defaultdict(Counter)
        self._injected: dict[str, Counter] = defaultdict(Counter)

    @property
    def clock(self) -> datetime:
        with self._lock:
            return self._clock

    def store_clock(self) -> datetime:
        """The clock as the store's naive UTC timestamps."""
        return self.clock.replace(tzinfo=None)

    def set_clock(self, moment: datetime) -> datetime:
        with self._lock:
            self._clock = as_utc(moment)
            return self._clock

    def advance(self, days: float) -> datetime:
        with self._lock:
            self._clock += timedelta(days=days)
            return self._clock

    def record(self, system: str, status: int, injected: str | None = None) -> None:
        with self._lock:
            self._statuses[system][str(status)] += 1
            if injected:
                self._injected[system][injected] += 1

    def stats(self) -> dict:
        with self._lock:
            return {
                system: {
                    "requests": sum(self._statuses[system].values()),
                    "by_status": dict(self._statuses[system]),
                    "injected": dict(self._injected[system]),
                }
                for system in SYSTEMS
            }
