"""The ingestion suites as Dagster asset checks on each raw asset: one blocking check for the critical rules,
one warning check, both reporting what the batch gate saw during that run's load."""

from __future__ import annotations

from typing import Iterator

import dagster as dg

from checks import CRITICAL, WARNING, StreamCheckSummary, suite_for

CRITICAL_CHECK = "ingestion_critical"
WARNING_CHECK = "ingestion_warnings"
_CHECKS = ((CRITICAL, CRITICAL_CHECK, dg.AssetCheckSeverity.ERROR),
           (WARNING, WARNING_CHECK, dg.AssetCheckSeverity.WARN))


def ingestion_check_specs(key: dg.AssetKey, stream: str) -> list[dg.AssetCheckSpec]:
    rules = suite_for(stream).rules
    specs = []
    for severity, name, _ in _CHECKS:
        listed = "\n".join(f"- {rule.description}" for rule in rules if rule.severity == severity) or "- (none)"
        effect = ("A failure rejects the batch: nothing of it is written, the cursor stays, the load fails and "
                  "everything downstream waits." if severity == CRITICAL else
                  "A failure is reported; the batch is written.")
        specs.append(dg.AssetCheckSpec(
            name, asset=key, blocking=severity == CRITICAL,
            description=f"Great Expectations rules ({severity}) on every batch before it is written. {effect}\n"
                        f"{listed}"))
    return specs


def ingestion_check_results(key: dg.AssetKey, summary: StreamCheckSummary) -> Iterator[dg.AssetCheckResult]:
    for severity, name, dagster_severity in _CHECKS:
        failures = summary.failures(severity)
        yield dg.AssetCheckResult(
            asset_key=key, check_name=name, passed=not failures, severity=dagster_severity,
            description="; ".join(f"{tally.rule.description}: {tally.failed} records" for tally in failures) or None,
            metadata={
                "batches_validated": summary.batches,
                "records_validated": summary.records,
                "validation_s": round(summary.seconds, 3),
                "failed_rules": dg.MetadataValue.json([
                    {"rule": tally.rule.description, "failed_records": tally.failed, "sample": tally.sample}
                    for tally in failures]),
                "quarantined_batches": dg.MetadataValue.json(summary.quarantined if severity == CRITICAL else []),
            },
        )
