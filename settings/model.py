"""Typed settings: what `perfloop.yaml` holds once validated. Paths are absolute."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any, Mapping


@dataclass(frozen=True)
class Company:
    name: str
    currency: str
    timezone: str


@dataclass(frozen=True)
class Schedule:
    time: time
    timezone: str

    @property
    def cron(self) -> str:
        return f"{self.time.minute} {self.time.hour} * * *"


@dataclass(frozen=True)
class ReviewCycles:
    months: int
    first_start: date
    checkpoints: str


@dataclass(frozen=True)
class Paths:
    config_file: Path
    data_dir: Path
    raw_dir: Path
    state_dir: Path
    warehouse: Path
    output_dir: Path
    demo_dir: Path


@dataclass(frozen=True)
class Http:
    timeout_s: float
    max_retries: int
    backoff_base_s: float
    backoff_max_s: float
    batch_records: int


@dataclass(frozen=True)
class SystemSettings:
    name: str
    base_url: str
    secret_env: str | None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PackSettings:
    include_indirect: bool = False  # a manager's bundle also holds the reports of their reports
    pdf: bool = False  # print each pack to PDF too (slow: one headless Chromium per pack)


@dataclass(frozen=True)
class DiagnosticsSettings:
    min_group_size: int = 5  # no aggregate over fewer people (DESIGN §5, §6)


@dataclass(frozen=True)
class Reports:
    packs: PackSettings = field(default_factory=PackSettings)
    diagnostics: DiagnosticsSettings = field(default_factory=DiagnosticsSettings)


@dataclass(frozen=True)
class Settings:
    company: Company
    schedule: Schedule
    review_cycles: ReviewCycles
    paths: Paths
    http: Http
    systems: Mapping[str, SystemSettings]
    reports: Reports = field(default_factory=Reports)

    def system(self, name: str) -> SystemSettings:
        return self.systems[name]
