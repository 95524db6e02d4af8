"""Load `perfloop.yaml`, validate every key, and fail with the file and key that are wrong."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from settings.model import (Company, DiagnosticsSettings, Http, PackSettings, Paths, Reports, ReviewCycles, Schedule,
                            Settings, SystemSettings)

DEFAULT_CONFIG = "perfloop.yaml"
CONFIG_ENV = "PERFLOOP_CONFIG"
HTTP_SYSTEMS = ("salesforce", "hubspot", "jira", "github", "shopify", "hris")
FILE_SYSTEMS = ("files",)
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


class ConfigError(ValueError):
    """A configuration problem, naming the file and the dotted key."""

    def __init__(self, file: Path, key: str, problem: str):
        super().__init__(f"{file}: {key}: {problem}")
        self.file, self.key, self.problem = file, key, problem


def default_config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG)).resolve()


def load_settings(path: Path | str | None = None) -> Settings:
    file = Path(path).resolve() if path else default_config_path()
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(file, "(file)", "not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(file, "(file)", f"not valid YAML: {exc}") from None
    return _Reader(file).settings(raw)


class _Reader:
    """Walks the parsed YAML, remembering the key path for error messages."""

    def __init__(self, file: Path):
        self.file = file
        self.base = file.parent

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(self.file, key, problem)

    def section(self, raw: Any, key: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            raise self.fail(key, f"expected a mapping, got {type(raw).__name__}")
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}" if key else unknown[0], f"unknown key (allowed: {', '.join(allowed)})")
        return raw

    def value(self, raw: Mapping, key: str, parent: str, convert: Callable[[Any], Any], default: Any = ...) -> Any:
        dotted = f"{parent}.{key}" if parent else key
        if key not in raw or raw[key] is None:
            if default is ...:
                raise self.fail(dotted, "missing")
            return default
        try:
            return convert(raw[key])
        except (TypeError, ValueError) as exc:
            # A secret pasted where its variable's name belongs must not be echoed back.
            shown = "" if key == "secret_env" else f" (got {raw[key]!r})"
            raise self.fail(dotted, f"{exc}{shown}") from None

    def settings(self, raw: Any) -> Settings:
        top = self.section(raw, "", ("company", "schedule", "review_cycles", "paths", "http", "systems",
                                          "reports"))
        return Settings(
            company=self.company(top.get("company")),
            schedule=self.schedule(top.get("schedule")),
            review_cycles=self.cycles(top.get("review_cycles")),
            paths=self.paths(top.get("paths")),
            http=self.http(top.get("http") or {}),
            systems=self.systems(top.get("systems")),
            reports=self.reports(top.get("reports") or {}),
        )

    def company(self, raw: Any) -> Company:
        sec = self.section(raw, "company", ("name", "currency", "timezone"))
        return Company(
            name=self.value(sec, "name", "company", _text),
            currency=self.value(sec, "currency", "company", _currency),
            timezone=self.value(sec, "timezone", "company", _timezone),
        )

    def schedule(self, raw: Any) -> Schedule:
        sec = self.section(raw, "schedule", ("time", "timezone"))
        return Schedule(
            time=self.value(sec, "time", "schedule", _clock_time),
            timezone=self.value(sec, "timezone", "schedule", _timezone),
        )

    def cycles(self, raw: Any) -> ReviewCycles:
        sec = self.section(raw, "review_cycles", ("months", "first_start", "checkpoints"))
        return ReviewCycles(
            months=self.value(sec, "months", "review_cycles", _cycle_months, 6),
            first_start=self.value(sec, "first_start", "review_cycles", _month_start),
            checkpoints=self.value(sec, "checkpoints", "review_cycles", _checkpoints, "monthly"),
        )

    def paths(self, raw: Any) -> Paths:
        keys = ("data_dir", "raw_dir", "state_dir", "warehouse", "output_dir", "demo_dir")
        sec = self.section(raw, "paths", keys)
        resolved = {k: self.value(sec, k, "paths", lambda v: (self.base / _text(v)).resolve()) for k in keys}
        return Paths(config_file=self.file, **resolved)

    def http(self, raw: Any) -> Http:
        sec = self.section(raw, "http", ("timeout_s", "max_retries", "backoff_base_s", "backoff_max_s", "batch_records"))
        return Http(
            timeout_s=self.value(sec, "timeout_s", "http", _positive(float), 10.0),
            max_retries=self.value(sec, "max_retries", "http", _non_negative_int, 5),
            backoff_base_s=self.value(sec, "backoff_base_s", "http", _positive(float), 0.5),
            backoff_max_s=self.value(sec, "backoff_max_s", "http", _positive(float), 30.0),
            batch_records=self.value(sec, "batch_records", "http", _positive(int), 5000),
        )

    def systems(self, raw: Any) -> dict[str, SystemSettings]:
        sec = self.section(raw, "systems", HTTP_SYSTEMS + FILE_SYSTEMS)
        return {name: self.system(name, sec[name]) for name in sec}

    def system(self, name: str, raw: Any) -> SystemSettings:
        key = f"systems.{name}"
        if name in FILE_SYSTEMS:
            sec = self.section(raw, key, ("options",))
            return SystemSettings(name, base_url="", secret_env=None, options=self.options(sec, key))
        sec = self.section(raw, key, ("base_url", "secret_env", "options"))
        return SystemSettings(
            name=name,
            base_url=self.value(sec, "base_url", key, _url),
            secret_env=self.value(sec, "secret_env", key, _env_name),
            options=self.options(sec, key),
        )

    def reports(self, raw: Any) -> Reports:
        sec = self.section(raw, "reports", ("packs", "diagnostics"))
        packs = self.section(sec.get("packs") or {}, "reports.packs", ("include_indirect", "pdf"))
        diagnostics = self.section(sec.get("diagnostics") or {}, "reports.diagnostics", ("min_group_size",))
        return Reports(
            packs=PackSettings(
                include_indirect=self.value(packs, "include_indirect", "reports.packs", _flag, False),
                pdf=self.value(packs, "pdf", "reports.packs", _flag, False)),
            diagnostics=DiagnosticsSettings(
                min_group_size=self.value(diagnostics, "min_group_size", "reports.diagnostics", _group_size, 5)),
        )

    def options(self, sec: Mapping, key: str) -> dict[str, Any]:
        options = self.value(sec, "options", key, _mapping, {})
        # Options ending in `_path` are files next to the config, like every other path.
        return {k: str((self.base / v).resolve()) if k.endswith("_path") else v for k, v in options.items()}


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value


def _currency(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("expected an ISO 4217 code such as EUR")
    return value


def _timezone(value: Any) -> str:
    try:
        ZoneInfo(_text(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown IANA time zone") from None
    return value


def _clock_time(value: Any) -> time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
        raise ValueError("expected HH:MM")
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise ValueError("expected HH:MM") from None


def _month_start(value: Any) -> date:
    parsed = value if isinstance(value, date) else date.fromisoformat(_text(value))
    if parsed.day != 1:
        raise ValueError("a cycle starts on the first day of a month")
    return parsed


def _cycle_months(value: Any) -> int:
    if value not in (1, 2, 3, 4, 6, 12):
        raise ValueError("expected one of 1, 2, 3, 4, 6, 12")
    return value


def _checkpoints(value: Any) -> str:
    if value not in ("monthly", "none"):
        raise ValueError("expected 'monthly' or 'none'")
    return value


def _positive(kind: type) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError("expected a positive number")
        return kind(value)

    return convert


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a whole number ≥ 0")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _group_size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 5:
        raise ValueError("expected a whole number ≥ 5 (no aggregate may describe fewer than 5 people)")
    return value


def _url(value: Any) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", _text(value)):
        raise ValueError("expected an http(s) URL")
    return value.rstrip("/")


def _env_name(value: Any) -> str:
    if not _ENV_NAME.fullmatch(_text(value)):
        raise ValueError("expected the NAME of an environment variable (A-Z, 0-9, _), not the secret itself")
    return value


def _mapping(value: Any) -> dict:
    if not isinstance(value, Mapping):
        raise ValueError("expected a mapping")
    return dict(value)
