"""A small SOQL parser: the subset an incremental extract uses, rejected loudly beyond that.

SELECT <fields> FROM <object> [WHERE <cond> [AND <cond>]...] [ORDER BY SystemModstamp [ASC][, Id [ASC]]] [LIMIT n]
where <cond> is `SystemModstamp <op> <datetime>` or `IsDeleted = true|false`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

MALFORMED, INVALID_FIELD, INVALID_TYPE = "MALFORMED_QUERY", "INVALID_FIELD", "INVALID_TYPE"

_TOKEN = re.compile(
    r"\s*(?:(?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))"
    r"|(?P<number>\d+(?![\w-]))|(?P<op>>=|<=|!=|=|>|<)|(?P<comma>,)"
    r"|(?P<word>[A-Za-z_][\w.]*)|(?P<other>\S+))"
)
_COMPARISONS = (">", ">=", "<", "<=")


class SoqlError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Condition:
    field: str  # "SystemModstamp" or "IsDeleted"
    op: str
    value: datetime | bool


@dataclass(frozen=True)
class SoqlQuery:
    fields: tuple[str, ...]
    sobject: str
    conditions: tuple[Condition, ...]
    limit: int | None


def parse_soql(text: str) -> SoqlQuery:
    return _Parser(text).query()


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = [(m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)) for m in _TOKEN.finditer(text)
                       if m.lastgroup]
        self.at = 0

    def query(self) -> SoqlQuery:
        self._keyword("SELECT")
        fields = [self._word("a field name")]
        while self._peek_kind() == "comma":
            self.at += 1
            fields.append(self._word("a field name"))
        duplicates = {f for f in fields if [g.lower() for g in fields].count(f.lower()) > 1}
        if duplicates:
            raise SoqlError(MALFORMED, f"duplicate field selected: {sorted(duplicates)[0]}")
        self._keyword("FROM")
        sobject = self._word("an object name")
        conditions = self._where() if self._at_keyword("WHERE") else []
        if self._at_keyword("ORDER"):
            self._order_by()
        limit = self._limit() if self._at_keyword("LIMIT") else None
        if self.at < len(self.tokens):
            self._unexpected()
        return SoqlQuery(tuple(fields), sobject, tuple(conditions), limit)

    def _where(self) -> list[Condition]:
        self.at += 1
        conditions = [self._condition()]
        while self._at_keyword("AND"):
            self.at += 1
            conditions.append(self._condition())
        return conditions

    def _condition(self) -> Condition:
        field = self._word("a field name")
        op = self._expect("op", "a comparison operator")
        kind, value, _ = self._next("a value")
        if field.lower() == "systemmodstamp" and op in _COMPARISONS and kind == "datetime":
            return Condition("SystemModstamp", op, _soql_datetime(value))
        if field.lower() == "isdeleted" and op in ("=", "!=") and value.lower() in ("true", "false"):
            return Condition("IsDeleted", op, value.lower() == "true")
        raise SoqlError(
            MALFORMED,
            f"unsupported condition '{field} {op} {value}': this server filters on "
            "SystemModstamp (>, >=, <, <= a datetime) and IsDeleted (= true|false) only",
        )

    def _order_by(self) -> None:
        self.at += 1
        self._keyword("BY")
        for position, expected in enumerate(("systemmodstamp", "id")):
            if position and self._peek_kind() != "comma":
                return
            if position:
                self.at += 1
            name = self._word("a field name")
            if name.lower() != expected:
                raise SoqlError(MALFORMED, f"unsupported ORDER BY {name}: use ORDER BY SystemModstamp ASC, Id ASC")
            if self._at_keyword("ASC"):
                self.at += 1
            elif self._at_keyword("DESC"):
                raise SoqlError(MALFORMED, "unsupported ORDER BY ... DESC: this server sorts ascending only")

    def _limit(self) -> int:
        self.at += 1
        return int(self._expect("number", "a row count"))

    # token helpers
    def _next(self, expected: str) -> tuple[str, str, int]:
        if self.at >= len(self.tokens):
            raise SoqlError(MALFORMED, f"unexpected token: <EOF> (expected {expected})")
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _expect(self, kind: str, expected: str) -> str:
        token_kind, value, position = self._next(expected)
        if token_kind != kind:
            raise SoqlError(MALFORMED, f"unexpected token: '{value}' at column {position + 1} (expected {expected})")
        return value

    def _word(self, expected: str) -> str:
        value = self._expect("word", expected)
        if value.upper() in ("SELECT", "FROM", "WHERE", "AND", "ORDER", "BY", "LIMIT"):
            raise SoqlError(MALFORMED, f"unexpected token: '{value}' (expected {expected})")
        return value

    def _keyword(self, keyword: str) -> None:
        value = self._expect("word", keyword)
        if value.upper() != keyword:
            raise SoqlError(MALFORMED, f"unexpected token: '{value}' (expected {keyword})")

    def _at_keyword(self, keyword: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at][0] == "word" and \
            self.tokens[self.at][1].upper() == keyword

    def _peek_kind(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def _unexpected(self) -> None:
        _, value, position = self.tokens[self.at]
        raise SoqlError(MALFORMED, f"unexpected token: '{value}' at column {position + 1}")


def _soql_datetime(text: str) -> datetime:
    """`2025-04-01T09:00:00.000+0000` or `...Z` as naive UTC (the store's convention)."""
    normalised = text.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", normalised):
        normalised = normalised[:-2] + ":" + normalised[-2:]
    return datetime.fromisoformat(normalised).astimezone(timezone.utc).replace(tzinfo=None)
