"""The gate between a stream's pages and the raw zone: each batch is validated before it is written.

A batch that breaks a critical rule is not written: it goes to a quarantine folder for inspection and the
load stops with `BatchRejected` (the cursor stays at the last batch written). Warnings let the batch through.
The gate remembers every rule's outcome over the load, which the pipeline shows as asset checks.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from checks.expectations import SAMPLE_ROWS, RuleOutcome, validate_frame
from checks.fields import flatten
from checks.rules import CRITICAL, WARNING, Rule
from checks.suites import suite_for
from connectors.catalog import RawRecord
from connectors.errors import ConnectorError
from connectors.rawzone import RawZoneWriter

log = logging.getLogger(__name__)

SOURCE_CLOCK_SKEW = timedelta(minutes=5)


class BatchRejected(ConnectorError):
    """A batch broke a critical ingestion rule: nothing of it was written and the cursor did not move."""


@dataclass
class RuleTally:
    rule: Rule
    failed: int = 0
    sample: list[dict] = field(default_factory=list)

    def add(self, outcome: RuleOutcome) -> None:
        self.failed += outcome.failed
        self.sample.extend(outcome.sample[:SAMPLE_ROWS - len(self.sample)])


@dataclass
class StreamCheckSummary:
    """What the gate saw during one load of one stream."""

    stream: str
    batches: int = 0
    records: int = 0
    seconds: float = 0.0
    rules: list[RuleTally] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)

    def failures(self, severity: str) -> list[RuleTally]:
        return [tally for tally in self.rules if tally.failed and tally.rule.severity == severity]

    def passed(self, severity: str) -> bool:
        return not self.failures(severity)


class BatchGate:
    """`validate_batch` for `connectors.sync.sync_stream`: one gate per stream and load."""

    def __init__(self, stream: str, load_id: str, quarantine_dir: Path):
        self.suite = suite_for(stream)
        self.load_id = load_id
        self.quarantine_dir = Path(quarantine_dir)
        self.summary = StreamCheckSummary(stream, rules=[RuleTally(rule) for rule in self.suite.rules])

    def __call__(self, records: list[RawRecord], source_now: datetime) -> None:
        started = time.monotonic()
        frame = flatten(records, self.suite.fields)
        outcomes = validate_frame(self.suite, frame, source_now + SOURCE_CLOCK_SKEW) if len(frame) else []
        summary = self.summary
        summary.batches += 1
        summary.records += len(frame)
        for tally, outcome in zip(summary.rules, outcomes):
            tally.add(outcome)
        summary.seconds += time.monotonic() - started
        for outcome in outcomes:
            if not outcome.passed and outcome.rule.severity == WARNING:
                log.warning("%s: %s", summary.stream, describe(outcome))
        broken = [outcome for outcome in outcomes if not outcome.passed and outcome.rule.severity == CRITICAL]
        if broken:
            self._reject(records, broken)

    def _reject(self, records: list[RawRecord], broken: list[RuleOutcome]) -> None:
        system, stream = self.summary.stream.split("/")
        kept = RawZoneWriter(self.quarantine_dir, system, stream, self.load_id).write(records, None)
        report = {"stream": self.summary.stream, "load_id": self.load_id, "records": len(records),
                  "broken": [{"rule": o.rule.description, "failed": o.failed, "sample": list(o.sample)}
                             for o in broken]}
        kept.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str))
        self.summary.quarantined.append(str(kept))
        reasons = "; ".join(describe(outcome) for outcome in broken)
        raise BatchRejected(system, stream, None, f"batch of {len(records)} records rejected, nothing written: "
                                                  f"{reasons}. The batch is kept in {kept}")


def describe(outcome: RuleOutcome) -> str:
    """`total_price is at least 0` failed for 1 of 5000 records, e.g. [{'record_key': '55', 'total_price': -3.0}]"""
    return (f"'{outcome.rule.description}' ({outcome.rule.severity}) failed for {outcome.failed} of "
            f"{outcome.checked} records, e.g. {list(outcome.sample)}")
