"""Reports wait for clean data: a blocking (critical) check whose latest evaluation failed stops them; failed
warning checks are reported in them.

Dagster's blocking checks only stop downstream steps of the same run; a report materialized in a later run
(the CLI, a backfill, the UI) asks the instance for each check's latest result instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


@dataclass(frozen=True)
class UpstreamChecks:
    critical: list[dg.AssetCheckKey]  # blocking: ingestion criticals, dbt tests of severity error
    warnings: list[dg.AssetCheckKey]

    @classmethod
    def of(cls, assets: Iterable[dg.AssetsDefinition]) -> "UpstreamChecks":
        specs = [spec for definition in assets for spec in definition.check_specs]
        return cls(_sorted(s.key for s in specs if s.blocking), _sorted(s.key for s in specs if not s.blocking))


@dataclass(frozen=True)
class FailedChecks:
    critical: list[str]  # `asset:check` names, sorted
    warnings: list[str]


def failed_checks(instance: dg.DagsterInstance, checks: UpstreamChecks) -> FailedChecks:
    """The checks whose latest evaluation failed, in one query."""
    keys = checks.critical + checks.warnings
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(keys) if keys else {}
    failed = {key for key, record in latest.items() if record.status == AssetCheckExecutionRecordStatus.FAILED}
    return FailedChecks([k.to_user_string() for k in checks.critical if k in failed],
                        [k.to_user_string() for k in checks.warnings if k in failed])


def _sorted(keys: Iterable[dg.AssetCheckKey]) -> list[dg.AssetCheckKey]:
    return sorted(set(keys), key=lambda key: key.to_user_string())
