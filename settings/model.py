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
class Settings:
    company: Company
    schedule: Schedule
    review_cycles: ReviewCycles
    paths: Paths
    http: Http
    systems: Mapping[str, SystemSettings]

    def system(self, name: str) -> SystemSettings:
        return self.systems[name]
