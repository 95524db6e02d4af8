"""Great Expectations glue: one ephemeral context per process, one expectation suite per stream, and the
outcome of each rule on a flattened batch.

GE is imported on first use (it takes seconds) and its progress bars are off (they cost more than the
checks). A batch is first validated for pass/fail only; only when a rule fails is it validated again for the
failing rows' counts and record keys, which costs about twice as much.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from checks.rules import LATEST_PLAUSIBLE, Rule
from checks.suites import StreamSuite

SAMPLE_ROWS = 5
_PASS_FAIL = "BOOLEAN_ONLY"
_DETAILS = {"result_format": "SUMMARY", "unexpected_index_column_names": ["record_key"],
            "partial_unexpected_count": SAMPLE_ROWS}


@dataclass(frozen=True)
class RuleOutcome:
    rule: Rule
    checked: int
    failed: int
    sample: tuple[dict[str, Any], ...]  # up to SAMPLE_ROWS failing rows: record_key and the rule's columns

    @property
    def passed(self) -> bool:
        return self.failed == 0


class _Validator:
    """The process's GE context, with a pandas batch definition and the suites built so far."""

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self._context = gx.get_context(mode="ephemeral")
        self._context.enable_analytics(False)
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = self._context.data_sources.add_pandas("perfloop_raw_batches")
        self._batches = source.add_dataframe_asset("batch").add_batch_definition_whole_dataframe("whole_batch")
        self._suites: dict[str, Any] = {}

    def suite(self, suite: StreamSuite) -> Any:
        if suite.stream not in self._suites:
            import great_expectations.expectations as gxe

            expectations = [getattr(gxe, rule.expectation)(**rule.kwargs, meta={"rule": index})
                            for index, rule in enumerate(suite.rules)]
            built = self._gx.ExpectationSuite(name=suite.stream.replace("/", "__"), expectations=expectations)
            self._suites[suite.stream] = self._context.suites.add(built)
        return self._suites[suite.stream]

    def validate(self, suite: StreamSuite, frame: pd.DataFrame, latest_plausible: datetime) -> list[RuleOutcome]:
        batch = self._batches.get_batch(batch_parameters={"dataframe": frame})
        parameters = {LATEST_PLAUSIBLE: pd.Timestamp(latest_plausible)}
        result = batch.validate(self.suite(suite), result_format=_PASS_FAIL, expectation_parameters=parameters)
        if not result.success:
            result = batch.validate(self.suite(suite), result_format=_DETAILS, expectation_parameters=parameters)
        by_rule = {int(item.expectation_config.meta["rule"]): item for item in result.results}
        return [_outcome(suite.stream, rule, by_rule[index], len(frame)) for index, rule in enumerate(suite.rules)]


_validator: _Validator | None = None
_lock = threading.Lock()


def validate_frame(suite: StreamSuite, frame: pd.DataFrame, latest_plausible: datetime) -> list[RuleOutcome]:
    """Each rule of the suite on the frame (one row per record), in the suite's order."""
    global _validator
    with _lock:  # one context per process; GE contexts are not made for concurrent use
        if _validator is None:
            _validator = _Validator()
        return _validator.validate(suite, frame, latest_plausible)


def _outcome(stream: str, rule: Rule, item: Any, rows: int) -> RuleOutcome:
    problem = _exception_message(item.exception_info)
    if problem is not None:
        # A rule that cannot run is a bug in the suite, not bad data: say so loudly.
        raise RuntimeError(f"{stream}: rule '{rule.description}' could not run: {problem}")
    details = item.result or {}
    failed = 0 if item.success else max(int(details.get("unexpected_count") or 0), 1)
    sample = tuple(_sample_row(row, rule) for row in (details.get("partial_unexpected_index_list") or [])[:SAMPLE_ROWS])
    return RuleOutcome(rule, rows, failed, sample)


def _exception_message(info: Any) -> str | None:
    """GE reports an exception either flat ({raised_exception, exception_message}) or per metric."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message", ""))
    nested = [value for value in info.values() if isinstance(value, dict)]
    return next((message for message in map(_exception_message, nested) if message is not None), None)


def _sample_row(row: dict[str, Any], rule: Rule) -> dict[str, Any]:
    shown = {"record_key": row.get("record_key")}
    shown.update({column: _plain(row.get(column)) for column in rule.columns if column in row})
    return shown


def _plain(value: Any) -> Any:
    """JSON- and message-friendly: timestamps as ISO text, numpy scalars as Python numbers."""
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value
