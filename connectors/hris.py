"""HRIS: the employee export (CSV, a full snapshot streamed line by line) and the job history (JSON, cursor pages)."""

from __future__ import annotations

import csv
from typing import Iterator

from connectors.catalog import Endpoint, Page, RawRecord, to_payload
from connectors.errors import BadResponse
from connectors.http import ApiClient, HttpPolicy
from connectors.pagination import follow_token
from connectors.timestamps import format_cursor

EMPLOYEES_PATH = "/hris/v1/employees.csv"
JOB_HISTORY_PATH = "/hris/v1/job_history"
ROWS_PER_PAGE = 1000
JOB_HISTORY_LIMIT = 250


def open_client(endpoint: Endpoint, policy: HttpPolicy) -> ApiClient:
    return ApiClient("hris", endpoint.base_url, policy, headers={"Authorization": f"Bearer {endpoint.secret}"},
                     secrets=(endpoint.secret,))


def read_employees(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Each load is the whole export; the cursor records when the snapshot was taken."""
    rows = csv.reader(client.stream_lines(EMPLOYEES_PATH, {}))
    header = [name.lstrip("\ufeff") for name in next(rows, [])]
    taken_at = client.server_now()
    if not header or "employee_id" not in header:
        raise BadResponse("hris", None, None, f"GET {EMPLOYEES_PATH}: the export has no employee_id column "
                                              f"(header: {header})")
    records: list[RawRecord] = []
    for values in rows:
        if not values:
            continue
        if len(values) != len(header):
            raise BadResponse("hris", None, None, f"GET {EMPLOYEES_PATH}: line {rows.line_num} has {len(values)} "
                                                  f"fields, the header has {len(header)}")
        row = dict(zip(header, values))
        records.append(RawRecord(row["employee_id"], taken_at, False, to_payload(row)))
        if len(records) == ROWS_PER_PAGE:
            yield Page(records, cursor)
            records = []
    yield Page(records, format_cursor(taken_at))


def read_job_history(client: ApiClient, endpoint: Endpoint, cursor: str | None) -> Iterator[Page]:
    """Effective-dated rows, read whole each load (the API has no change filter)."""
    taken_at = None

    def fetch(token: str | None) -> dict:
        params = {"limit": JOB_HISTORY_LIMIT, **({"cursor": token} if token else {})}
        return client.get_json(JOB_HISTORY_PATH, params)

    for page in follow_token("hris", fetch, lambda page: page.get("next_cursor")):
        taken_at = taken_at or client.server_now()
        records = [RawRecord(f"{row['employee_id']}|{row['effective_date']}", taken_at,
                             False, to_payload(row)) for row in page.get("data", [])]
        yield Page(records, cursor)
    yield Page([], format_cursor(taken_at or client.server_now()))


READERS = {"employees": read_employees, "job_history": read_job_history}
