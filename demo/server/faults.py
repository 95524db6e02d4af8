"""Fault injection rules: which requests get a vendor-shaped failure instead of their answer."""

from __future__ import annotations

import threading
from dataclasses import dataclass

SYSTEMS = ("salesforce", "hubspot", "jira", "github", "shopify", "hris")
KINDS = ("rate_limit", "server_error", "slow", "reset", "malformed")
SERVER_ERROR_STATUSES = (500, 502, 503)


class FaultRuleError(ValueError):
    """A fault rule that cannot be applied; the message names the rule and the problem."""


@dataclass(frozen=True)
class FaultRule:
    kind: str
    system: str = "*"
    path: str | None = None
    status: int = 500
    retry_after: float | None = None
    delay_s: float = 1.0
    every: int = 1
    times: int | None = None
    after: int = 0

    @classmethod
    def parse(cls, raw: dict, position: int = 0) -> FaultRule:
        if not isinstance(raw, dict):
            raise FaultRuleError(f"fault rule {position}: expected an object, got {type(raw).__name__}")
        unknown = set(raw) - set(cls.__dataclass_fields__)
        if unknown:
            raise FaultRuleError(f"fault rule {position}: unknown keys {sorted(unknown)}")
        try:
            rule = cls(**raw)
        except TypeError as error:
            raise FaultRuleError(f"fault rule {position}: {error}") from None
        rule._validate(position)
        return rule

    def _validate(self, position: int) -> None:
        problems = []
        if self.kind not in KINDS:
            problems.append(f"kind must be one of {', '.join(KINDS)}")
        if self.system != "*" and self.system not in SYSTEMS:
            problems.append(f"system must be '*' or one of {', '.join(SYSTEMS)}")
        if self.kind == "server_error" and self.status not in SERVER_ERROR_STATUSES:
            problems.append("status must be 500, 502 or 503")
        if not _is_int(self.every) or self.every < 1:
            problems.append("every must be an integer >= 1")
        if not _is_int(self.after) or self.after < 0:
            problems.append("after must be an integer >= 0")
        if self.times is not None and (not _is_int(self.times) or self.times < 0):
            problems.append("times must be an integer >= 0")
        if not _is_number(self.delay_s) or self.delay_s < 0:
            problems.append("delay_s must be a number >= 0")
        if self.retry_after is not None and (not _is_number(self.retry_after) or self.retry_after < 0):
            problems.append("retry_after must be a number >= 0")
        if self.path is not None and not isinstance(self.path, str):
            problems.append("path must be a string")
        if problems:
            raise FaultRuleError(f"fault rule {position} ({self.kind}): " + "; ".join(problems))

    def matches(self, system: str, target: str) -> bool:
        return self.system in ("*", system) and (self.path is None or self.path in target)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class FaultBook:
    """The active rules with their counters; thread-safe."""

    def __init__(self, rules: list[dict] | None = None):
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._seen: list[int] = []
        self._injected: list[int] = []
        self.replace(rules or [])

    def replace(self, raw_rules: list[dict]) -> list[FaultRule]:
        if not isinstance(raw_rules, list):
            raise FaultRuleError("faults must be a list of rules")
        rules = [FaultRule.parse(raw, i) for i, raw in enumerate(raw_rules)]
        with self._lock:
            self._rules = rules
            self._seen = [0] * len(rules)
            self._injected = [0] * len(rules)
        return rules

    def rules(self) -> list[dict]:
        with self._lock:
            return [rule.as_dict() for rule in self._rules]

    def pick(self, system: str, target: str) -> FaultRule | None:
        """Count this request against every matching rule; return the first rule that fires."""
        fired = None
        with self._lock:
            for i, rule in enumerate(self._rules):
                if not rule.matches(system, target):
                    continue
                self._seen[i] += 1
                if fired is None and self._fires(i, rule):
                    self._injected[i] += 1
                    fired = rule
        return fired

    def _fires(self, i: int, rule: FaultRule) -> bool:
        counted = self._seen[i] - rule.after
        if counted <= 0 or counted % rule.every:
            return False
        return rule.times is None or self._injected[i] < rule.times


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
