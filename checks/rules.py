"""Rules: one Great Expectations expectation each, with a severity and the sentence a failure is reported with.

A critical rule rejects the batch (nothing written, the cursor stays where it was); a warning lets the batch
through and shows on the stream's warning check. Rules name the flattened columns of `fields.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from checks.fields import MISSING, UNPARSED

CRITICAL = "critical"
WARNING = "warning"
SEVERITIES = (CRITICAL, WARNING)

# The expectation parameter holding the latest plausible modification time: the source's clock at the batch
# plus SOURCE_CLOCK_SKEW (its `Date` header has whole seconds, vendor stamps have milliseconds).
LATEST_PLAUSIBLE = "latest_plausible_time"


@dataclass(frozen=True)
class Rule:
    expectation: str  # a class of great_expectations.expectations
    kwargs: Mapping[str, Any]
    severity: str
    description: str  # what must hold, as a sentence about the fields
    columns: tuple[str, ...] = field(default=())  # the columns a failure sample shows

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")


def not_null(column: str, severity: str = CRITICAL) -> Rule:
    return Rule("ExpectColumnValuesToNotBeNull", {"column": column}, severity, f"{column} is present", (column,))


def required_fields_present(names: list[str], severity: str = CRITICAL) -> Rule:
    """Every required field is set (one rule for all of them: each expectation costs time)."""
    return Rule("ExpectColumnValuesToBeNull", {"column": MISSING}, severity,
                f"required fields are present ({', '.join(names)})", (MISSING,))


def typed_fields_convert(severity: str = CRITICAL) -> Rule:
    """Every number, date and timestamp field holds text of its kind (one rule for all)."""
    return Rule("ExpectColumnValuesToBeNull", {"column": UNPARSED}, severity,
                "every number, date and timestamp field converts to its type", (UNPARSED,))


def at_least(column: str, minimum: float, severity: str = CRITICAL) -> Rule:
    return Rule("ExpectColumnValuesToBeBetween", {"column": column, "min_value": minimum}, severity,
                f"{column} is at least {minimum:g}", (column,))


def between(column: str, minimum: float, maximum: float, severity: str = CRITICAL) -> Rule:
    return Rule("ExpectColumnValuesToBeBetween", {"column": column, "min_value": minimum, "max_value": maximum},
                severity, f"{column} is between {minimum:g} and {maximum:g}", (column,))


def one_of(column: str, values: tuple[str, ...] | frozenset[str], severity: str = CRITICAL,
           what: str | None = None) -> Rule:
    allowed = sorted(values)
    description = f"{column} is {what}" if what else f"{column} is one of {', '.join(allowed)}"
    return Rule("ExpectColumnValuesToBeInSet", {"column": column, "value_set": allowed}, severity, description,
                (column,))


def matches(column: str, pattern: str, what: str, severity: str = CRITICAL) -> Rule:
    return Rule("ExpectColumnValuesToMatchRegex", {"column": column, "regex": pattern}, severity,
                f"{column} is {what}", (column,))


def not_in_source_future(column: str, severity: str = CRITICAL) -> Rule:
    """No time after the source's own clock: a stamp from the future would carry the cursor past records not
    yet written, which the next load would then skip."""
    return Rule("ExpectColumnValuesToBeBetween", {"column": column, "max_value": {"$PARAMETER": LATEST_PLAUSIBLE}},
                severity, f"{column} is not later than the source's clock", (column,))


def not_before(later: str, earlier: str, severity: str = CRITICAL) -> Rule:
    """`later` ≥ `earlier` where both are set."""
    return Rule("ExpectColumnPairValuesAToBeGreaterThanB",
                {"column_A": later, "column_B": earlier, "or_equal": True, "ignore_row_if": "either_value_is_missing"},
                severity, f"{later} is not before {earlier}", (later, earlier))
