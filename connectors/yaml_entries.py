"""YAML files a user edits (the metric library, the goals): a list of entries under one top key, read field by
field, with every problem collected and reported at once as one `BadFile` naming the file and each entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from connectors.errors import BadFile

MAX_PROBLEMS_SHOWN = 20


class Problems:
    """The problems found in one file; `raise_if_any` turns them into one error listing up to 20 of them."""

    def __init__(self, stream: str, path: Path):
        self.stream, self.path = stream, path
        self.found: list[str] = []

    def add(self, subject: str, problem: str) -> None:
        line = f"{subject}: {problem}"
        if line not in self.found:  # several versions of one goal can share a problem: say it once
            self.found.append(line)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        count = len(self.found)
        shown = "".join(f"\n  {problem}" for problem in self.found[:MAX_PROBLEMS_SHOWN])
        more = f"\n  … and {count - MAX_PROBLEMS_SHOWN} more" if count > MAX_PROBLEMS_SHOWN else ""
        raise BadFile("files", self.stream, None,
                      f"{self.path}: {count} problem{'s' if count > 1 else ''}:{shown}{more}")


def load_entries(path: Path, stream: str, top_key: str) -> list[Any]:
    """The list under `top_key`; a file that is not YAML, or has no such list, is one problem."""
    fail = Problems(stream, path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except UnicodeDecodeError as exc:
        fail.add("file", f"not UTF-8 text (byte {exc.start})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        fail.add("file", f"not valid YAML: {where}{getattr(exc, 'problem', None) or exc}")
    else:
        entries = document.get(top_key) if isinstance(document, dict) else None
        if isinstance(entries, list):
            return entries
        fail.add("file", f"expected a mapping with a list under '{top_key}:'")
    fail.raise_if_any()
    return []


def subject_of(kind: str, entry: Any, position: int) -> str:
    """How an entry is named in messages: by its id, else by its position in the list."""
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return f"{kind} {entry_id}" if isinstance(entry_id, str) and entry_id.strip() else f"{kind} #{position}"


class EntryReader:
    """Reads typed fields of one entry; a bad or missing field adds a problem and reads as None."""

    def __init__(self, entry: Any, subject: str, problems: Problems, allowed: Iterable[str], prefix: str = ""):
        self.subject, self.problems, self.prefix = subject, problems, prefix  # prefix: 'owner.' for nested fields
        self.entry = entry if isinstance(entry, dict) else {}
        if not isinstance(entry, dict):
            self.fail(f"expected a mapping of fields, got {type(entry).__name__}")
        allowed = tuple(allowed)
        for name in self.entry:
            if name not in allowed:
                self.fail(f"unknown field '{self.prefix}{name}' (allowed: {', '.join(allowed)})")

    def fail(self, problem: str) -> None:
        self.problems.add(self.subject, problem)

    def present(self, name: str) -> bool:
        return self.entry.get(name) is not None

    def raw(self, name: str, required: bool) -> Any:
        value = self.entry.get(name)
        if value is None and required:
            self.fail(f"missing field '{self.prefix}{name}'")
        return value

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        return self._bad(name, "non-empty text", value)

    def choice(self, name: str, options: tuple[str, ...]) -> str | None:
        value = self.raw(name, True)
        if value is None:
            return None
        if value in options:
            return value
        return self._bad(name, f"one of {', '.join(options)}", value)

    def flag(self, name: str) -> bool | None:
        value = self.raw(name, True)
        if value is None or isinstance(value, bool):
            return value
        return self._bad(name, "true or false", value)

    def count(self, name: str) -> int | None:
        value = self.raw(name, True)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            return value
        return self._bad(name, "a whole number ≥ 0", value)

    def number(self, name: str, required: bool = True) -> float | None:
        value = self.raw(name, required)
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value == value):
            return None if value is None else float(value)
        return self._bad(name, "a number", value)

    def day(self, name: str) -> date | None:
        value = self.raw(name, False)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        return self._bad(name, "a date (YYYY-MM-DD)", value)

    def _bad(self, name: str, expected: str, value: Any) -> None:
        self.fail(f"{self.prefix}{name} must be {expected} (got {value!r})")
        return None
