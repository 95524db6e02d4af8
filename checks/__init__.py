"""Ingestion checks: Great Expectations suites that validate each raw batch before it is written.

`suites.py` declares, per stream, the flattened key fields and the rules (critical or warning); `gate.py`
validates batches for the sync loop (`connectors.sync.sync_stream(validate_batch=...)`), quarantines and
rejects a batch that breaks a critical rule, and sums up the results for the Dagster asset checks.
Nothing here imports Dagster, and Great Expectations is imported only when the first batch is validated.
"""

from checks.gate import BatchGate, BatchRejected, StreamCheckSummary
from checks.rules import CRITICAL, WARNING
from checks.suites import SUITES, suite_for

__all__ = ["CRITICAL", "SUITES", "WARNING", "BatchGate", "BatchRejected", "StreamCheckSummary", "suite_for"]
