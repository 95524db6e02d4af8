"""A small JQL parser for bounded incremental issue searches.

[project = A | project in (A, B)] [AND updated >=|>|<=|< "yyyy-MM-dd HH:mm"] [AND issuetype = X | issuetype in (...)]
[ORDER BY updated|created [ASC|DESC]]. Clauses may come in any order; a project clause is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

_TOKEN = re.compile(r'\s*(?:"(?P<dq>[^"]*)"|\'(?P<sq>[^\']*)\'|(?P<op>>=|<=|!=|=|>|<)|(?P<punct>[(),])'
                    r"|(?P<word>[\w.\-/:]+)|(?P<other>\S))")
_WHEN = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?\Z")
_FIELD_ALIASES = {"project": "project", "updated": "updated", "updateddate": "updated",
                  "issuetype": "issuetype", "type": "issuetype"}
_ORDERABLE = ("updated", "created")


class JqlError(ValueError):
    """Jira answers these with 400 and the message in `errorMessages`."""


@dataclass(frozen=True)
class JqlQuery:
    projects: tuple[str, ...]
    updated: tuple[tuple[str, datetime], ...]  # (operator, naive UTC)
    issuetypes: tuple[str, ...] | None
    order_field: str
    descending: bool


def parse_jql(text: str, zone: str) -> JqlQuery:
    return _Parser(text, zone).query()


class _Parser:
    def __init__(self, text: str, zone: str):
        self.tokens = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind is None:
                continue
            quoted = kind in ("dq", "sq")
            self.tokens.append(("value" if quoted else kind, match.group(kind), match.start(kind) + 1))
        self.at = 0
        self.zone = ZoneInfo(zone)

    def query(self) -> JqlQuery:
        projects, updated, issuetypes = [], [], None
        order_field, descending = "updated", False
        if self.tokens and not self._at_word("ORDER"):
            while True:
                field, op, values = self._clause()
                if field == "project":
                    projects.extend(values)
                elif field == "updated":
                    updated.append((op, self._moment(values[0])))
                else:
                    issuetypes = tuple(values)
                if not self._at_word("AND"):
                    break
                self.at += 1
        if self._at_word("ORDER"):
            order_field, descending = self._order_by()
        if self.at < len(self.tokens):
            _, value, position = self.tokens[self.at]
            if value.upper() == "OR":
                raise JqlError("OR is not supported by this server; use 'project in (...)'.")
            raise JqlError(f"Error in the JQL Query: Expecting either 'AND' or 'ORDER BY' but got '{value}'. "
                           f"(line 1, character {position})")
        if not projects:
            raise JqlError("Unbounded JQL queries are not allowed here. Please add a search restriction to your query.")
        return JqlQuery(tuple(projects), tuple(updated), issuetypes, order_field, descending)

    def _clause(self) -> tuple[str, str, list[str]]:
        kind, name, position = self._next("a field name")
        field = _FIELD_ALIASES.get(name.lower()) if kind == "word" else None
        if field is None:
            raise JqlError(f"Field '{name}' is not supported by this server (use project, updated, issuetype). "
                           f"(line 1, character {position})")
        kind, op, position = self._next("an operator")
        if field == "updated":
            if kind != "op" or op not in (">=", ">", "<=", "<"):
                raise JqlError(f"Error in the JQL Query: the operator '{op}' is not supported for 'updated'. "
                               f"(line 1, character {position})")
            return field, op, [self._value()]
        if kind == "op" and op == "=":
            return field, op, [self._value()]
        if kind == "word" and op.upper() == "IN":
            return field, "in", self._list()
        raise JqlError(f"Error in the JQL Query: the operator '{op}' is not supported for '{field}'. "
                       f"(line 1, character {position})")

    def _list(self) -> list[str]:
        self._expect_punct("(")
        values = [self._value()]
        while self._peek() == ("punct", ","):
            self.at += 1
            values.append(self._value())
        self._expect_punct(")")
        return values

    def _order_by(self) -> tuple[str, bool]:
        self.at += 1
        kind, word, position = self._next("BY")
        if word.upper() != "BY":
            raise JqlError(f"Error in the JQL Query: Expecting 'BY' but got '{word}'. (line 1, character {position})")
        kind, field, position = self._next("a field to order by")
        if field.lower() not in _ORDERABLE:
            raise JqlError(f"Ordering by '{field}' is not supported by this server (use updated or created).")
        descending = False
        if self._at_word("ASC") or self._at_word("DESC"):
            descending = self.tokens[self.at][1].upper() == "DESC"
            self.at += 1
        return field.lower(), descending

    def _moment(self, text: str) -> datetime:
        """Minute precision, in the API user's zone; returned as naive UTC like the store."""
        match = _WHEN.match(text.strip())
        if not match:
            raise JqlError(f"Date value '{text}' for field 'updated' is invalid. Valid formats include: "
                           "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'.")
        year, month, day, hour, minute = (int(part) if part else 0 for part in match.groups())
        local = datetime(year, month, day, hour, minute, tzinfo=self.zone)
        return local.astimezone(timezone.utc).replace(tzinfo=None)

    def _value(self) -> str:
        kind, value, position = self._next("a value")
        if kind not in ("value", "word"):
            raise JqlError(f"Error in the JQL Query: Expecting a value but got '{value}'. "
                           f"(line 1, character {position})")
        return value

    def _expect_punct(self, symbol: str) -> None:
        kind, value, position = self._next(f"'{symbol}'")
        if (kind, value) != ("punct", symbol):
            raise JqlError(f"Error in the JQL Query: Expecting '{symbol}' but got '{value}'. "
                           f"(line 1, character {position})")

    def _next(self, expected: str) -> tuple[str, str, int]:
        if self.at >= len(self.tokens):
            raise JqlError(f"Error in the JQL Query: Expecting {expected} but reached the end of the query.")
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at][:2] if self.at < len(self.tokens) else None

    def _at_word(self, word: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at][0] == "word" and \
            self.tokens[self.at][1].upper() == word
