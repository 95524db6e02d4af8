"""File drops: CSV files whose paths come in the endpoint's options. Past ratings and the SBI journal (HR's
exports), and the company's reference data: identity overrides (a system's account → employee, for accounts
whose email does not match), monthly FX rates, and which team owns each defect component, GitHub label and
fulfilment location. And the files a user edits as YAML: the metric library and the goals (see
connectors/metric_library.py and connectors/goal_file.py).

A missing file is no data (all are optional). An unchanged file (same SHA-256 as the last load) is not
loaded again. A malformed file stops the load with an error naming the file and the line (CSV) or every
entry at fault (YAML, checked whole before anything is written).
"""

from __future__ import annotations

import csv
import hashlib
from contextlib import nullcontext
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.errors import BadFile
from connectors.goal_file import goal_records, read_goal_file
from connectors.hris_org import org_in_raw_zone
from connectors.http import HttpPolicy
from connectors.metric_library import metrics_in_raw_zone, read_metric_library
from connectors.timestamps import parse_timestamp

ROWS_PER_PAGE = 5000
DIGEST_PREFIX = "sha256:"


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> nullcontext:
    """Files need no HTTP session; the sync loop still opens 'a client' the same way for every system."""
    return nullcontext(None)


def read_ratings(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _read_csv("ratings", endpoint.option("ratings_path"), ("employee_id", "cycle", "rating"),
                     lambda row: f"{row['employee_id']}|{row['cycle']}", cursor, _check_rating)


def read_journal(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _read_csv("journal", endpoint.option("journal_path"), ("entry_id", "employee_id", "entry_date"),
                     lambda row: row["entry_id"], cursor, None)


def read_identity_overrides(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _read_csv("identity_overrides", endpoint.option("identity_overrides_path"),
                     ("system", "external_id", "employee_id"), lambda row: f"{row['system']}|{row['external_id']}",
                     cursor, _check_system)


def read_fx_rates(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _read_csv("fx_rates", endpoint.option("fx_rates_path"), ("month", "currency", "rate"),
                     lambda row: f"{row['month']}|{row['currency']}", cursor, _check_fx_rate)


def read_team_ownership(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    return _read_csv("team_ownership", endpoint.option("team_ownership_path"), ("system", "kind", "key", "team_id"),
                     lambda row: f"{row['system']}|{row['kind']}|{row['key']}", cursor, _check_ownership)


# what each system's ids are, for identity overrides, and what a team can own in each system
IDENTITY_SYSTEMS = ("salesforce", "hubspot", "jira", "github")
OWNED_KINDS = {("jira", "component"), ("github", "label"), ("shopify", "location")}


def _check_system(row: dict[str, str]) -> str | None:
    if row["system"].strip() not in IDENTITY_SYSTEMS:
        return f"system must be one of {', '.join(IDENTITY_SYSTEMS)}, got {row['system']!r}"
    return None


def _check_fx_rate(row: dict[str, str]) -> str | None:
    month, currency, rate = row["month"].strip(), row["currency"].strip(), row["rate"].strip()
    try:
        first_of_month = date.fromisoformat(month).day == 1
    except ValueError:
        first_of_month = False
    if not first_of_month:
        return f"month must be the first day of a month (YYYY-MM-01), got {month!r}"
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        return f"currency must be a three-letter ISO code, got {currency!r}"
    try:
        positive = float(rate) > 0
    except ValueError:
        positive = False
    return None if positive else f"rate must be a positive number, got {rate!r}"


def _check_ownership(row: dict[str, str]) -> str | None:
    pair = (row["system"].strip(), row["kind"].strip())
    if pair not in OWNED_KINDS:
        known = ", ".join(f"{system}/{kind}" for system, kind in sorted(OWNED_KINDS))
        return f"system/kind must be one of {known}, got {'/'.join(pair)}"
    return None


def _check_rating(row: dict[str, str]) -> str | None:
    rating = row["rating"].strip()
    if not rating.isdigit() or not 1 <= int(rating) <= 5:
        return f"rating must be a whole number from 1 to 5, got {rating!r}"
    return None


def read_metrics(client: None, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """The metric library (YAML), validated whole before any record is written."""
    def records(path: Path, taken_at: datetime) -> list[RawRecord]:
        return [RawRecord(metric["id"], taken_at, False, to_payload(metric)) for metric in read_metric_library(path)]

    return _read_declared(endpoint.option("metrics_path"), cursor, records)


def read_goals(client: None, endpoint: Endpoint, cursor: str | None, raw_dir: Path) -> Iterator[Page]:
    """The goal file (YAML), validated whole against the metric library and the HRIS org as loaded in the raw
    zone (files/metrics, hris/employees, hris/job_history) before any record is written."""
    def records(path: Path, taken_at: datetime) -> list[RawRecord]:
        goals = read_goal_file(path, metrics_in_raw_zone(raw_dir), org_in_raw_zone(raw_dir))
        return goal_records(goals, taken_at)

    return _read_declared(endpoint.option("goals_path"), cursor, records)


def _read_declared(path_option: str | None, cursor: str | None,
                   parse: Callable[[Path, datetime], list[RawRecord]]) -> Iterator[Page]:
    """A YAML file read and checked as a whole first: a bad file raises before the first page, so nothing of it is
    written and the cursor stays."""
    changed = _changed_file(path_option, cursor)
    if changed is None:
        yield Page([], cursor)
        return
    path, digest = changed
    records = parse(path, datetime.now(timezone.utc))
    pages = [records[start:start + ROWS_PER_PAGE] for start in range(0, len(records), ROWS_PER_PAGE)] or [[]]
    for page in pages[:-1]:
        yield Page(page, cursor)
    yield Page(pages[-1], digest)


def _changed_file(path_option: str | None, cursor: str | None) -> tuple[Path, str] | None:
    """(path, digest) of the file when it exists and differs from the last load (whose digest is the cursor)."""
    path = Path(path_option) if path_option else None
    if path is None or not path.is_file():
        return None
    digest = DIGEST_PREFIX + _sha256(path)
    return None if digest == cursor else (path, digest)


def _read_csv(stream: str, path_option: str | None, required: tuple[str, ...], key_of: Callable[[dict], str],
              cursor: str | None, check: Callable[[dict], str | None] | None) -> Iterator[Page]:
    changed = _changed_file(path_option, cursor)
    if changed is None:
        yield Page([], cursor)
        return
    path, digest = changed
    try:
        yield from _parse(stream, path, required, key_of, cursor, digest, check, datetime.now(timezone.utc))
    except UnicodeDecodeError as exc:
        raise BadFile("files", stream, None, f"{path}: not UTF-8 text (byte {exc.start})") from None


def _parse(stream: str, path: Path, required: tuple[str, ...], key_of: Callable[[dict], str], cursor: str | None,
           digest: str, check: Callable[[dict], str | None] | None, taken_at: datetime) -> Iterator[Page]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = csv.reader(handle, strict=True)
        header = [name.strip() for name in next(rows, [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise BadFile("files", stream, None, f"{path}, line 1: missing column(s) {', '.join(missing)}")
        records: list[RawRecord] = []
        for line, values in _numbered(stream, path, rows):
            row = _row(stream, path, line, header, values, required, check)
            records.append(RawRecord(key_of(row), taken_at, False, to_payload(row)))
            if len(records) == ROWS_PER_PAGE:
                yield Page(records, cursor)
                records = []
    yield Page(records, digest)


def _numbered(stream: str, path: Path, rows) -> Iterator[tuple[int, list[str]]]:
    """Non-empty rows with the line they end on; a CSV syntax error names its line."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadFile("files", stream, None, f"{path}, line {rows.line_num}: {exc}") from None
        if values:
            yield rows.line_num, values


def _row(stream: str, path: Path, line: int, header: list[str], values: list[str], required: tuple[str, ...],
         check: Callable[[dict], str | None] | None) -> dict[str, str]:
    if len(values) != len(header):
        raise BadFile("files", stream, None, f"{path}, line {line}: {len(values)} fields, the header has "
                                             f"{len(header)}")
    row = dict(zip(header, values))
    empty = [name for name in required if not row[name].strip()]
    problem = f"empty {', '.join(empty)}" if empty else _bad_recorded_at(row) or (check(row) if check else None)
    if problem:
        raise BadFile("files", stream, None, f"{path}, line {line}: {problem}")
    return row


def _bad_recorded_at(row: dict[str, str]) -> str | None:
    try:
        parse_timestamp(row.get("recorded_at") or None)
    except ValueError:
        return f"recorded_at is not a timestamp: {row['recorded_at']!r}"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


READERS = {"ratings": read_ratings, "journal": read_journal, "identity_overrides": read_identity_overrides,
           "fx_rates": read_fx_rates, "team_ownership": read_team_ownership, "metrics": read_metrics,
           "goals": read_goals}
