"""The HRIS: a CSV export of the employee snapshot at the clock, the same rows as JSON, and job history."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Iterator
from zoneinfo import ZoneInfo

from demo.server import sqlfmt
from demo.server.api import Request, Response, VendorApi, VendorError, bearer_token, int_param
from demo.server.credentials import same_secret
from demo.server.listing import STR, TS, Listing, OrderKey
from demo.server.tokens import BadToken, decode_token, encode_token, key_from_token

EMPLOYEE_COLUMNS = ("employee_id", "name", "email", "title", "job_level", "role_family", "team", "team_id",
                    "manager_id", "department", "region", "location", "hire_date", "termination_date")
JOB_COLUMNS = ("employee_id", "effective_date", "end_date", "title", "job_level", "role_family", "team_id", "team",
               "manager_id", "department", "region", "change_reason", "recorded_at")
MAX_PAGE, DEFAULT_PAGE = 1000, 100
CSV_BATCH_ROWS = 2000

# Each person known at the clock with the job row in force on the clock's business date (the latest row
# already effective, else the first upcoming one); job rows count only once recorded.
SNAPSHOT_SQL = """(
  SELECT e.employee_id, e.name, e.email, j.title, j.job_level, j.role_family, j.team, j.team_id, j.manager_id,
         j.department, j.region, e.location, e.hire_date,
         CASE WHEN e.termination_date <= $today THEN e.termination_date END AS termination_date
  FROM hris_employees e
  LEFT JOIN (
    SELECT *, row_number() OVER (
      PARTITION BY employee_id
      ORDER BY effective_date <= $today DESC,
               CASE WHEN effective_date <= $today THEN effective_date END DESC NULLS LAST,
               effective_date, recorded_at DESC) AS pick
    FROM hris_job_history WHERE recorded_at <= $clock
  ) j ON j.employee_id = e.employee_id AND j.pick = 1
  WHERE e.created_at <= $clock
)"""

# Job rows recorded by the clock. A row's end is the next recorded row's start; an end with no later row
# (a termination) shows once it has passed; an end set by a change not yet recorded stays hidden.
JOB_HISTORY_SQL = """(
  SELECT * EXCLUDE (end_date, next_any, next_known),
         CASE WHEN next_known IS NOT NULL THEN next_known
              WHEN next_any IS NULL AND end_date <= $today THEN end_date END AS end_date
  FROM (
    SELECT *, lead(effective_date) OVER (PARTITION BY employee_id ORDER BY effective_date, recorded_at) AS next_known
    FROM (
      SELECT *, lead(effective_date) OVER (PARTITION BY employee_id ORDER BY effective_date, recorded_at) AS next_any
      FROM hris_job_history
    ) WHERE recorded_at <= $clock
  )
)"""


class HrisApi(VendorApi):
    system = "hris"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.route("GET", r"/hris/v1/employees\.csv", self._employees_csv)
        self.route("GET", r"/hris/v1/employees/?", self._employees)
        self.route("GET", r"/hris/v1/job_history/?", self._job_history)

    def authenticated(self, request: Request) -> bool:
        return same_secret(bearer_token(request), self.credentials)

    def unauthorized(self, request: Request) -> Response:
        return _error(401, "unauthorized", "Missing or invalid bearer token.")

    def not_found(self, request: Request) -> Response:
        return _error(404, "not_found", f"No such resource: {request.path}")

    def method_not_allowed(self, request: Request) -> Response:
        return _error(405, "method_not_allowed", f"{request.method} is not allowed on {request.path}")

    def internal_error(self) -> Response:
        return _error(500, "internal_error", "Internal server error.")

    def rate_limited(self, retry_after: float | None) -> Response:
        response = _error(429, "rate_limited", "Too many requests; retry after the time in Retry-After.")
        response.headers["Retry-After"] = str(int(retry_after if retry_after is not None else 1))
        return response

    def _employees_csv(self, request: Request) -> Response:
        sql = f"SELECT {', '.join(EMPLOYEE_COLUMNS)} FROM {SNAPSHOT_SQL} ORDER BY employee_id"
        return Response(200, self._csv_stream(sql, self._clock_params()), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="employees.csv"'})

    def _csv_stream(self, sql: str, params: dict) -> Iterator[bytes]:
        result = self.store.cursor().execute(sql, params)
        yield (",".join(EMPLOYEE_COLUMNS) + "\r\n").encode()
        while rows := result.fetchmany(CSV_BATCH_ROWS):
            buffer = io.StringIO()
            csv.writer(buffer).writerows([_csv_value(value) for value in row] for row in rows)
            yield buffer.getvalue().encode()

    def _employees(self, request: Request) -> Response:
        listing = self._listing(SNAPSHOT_SQL, EMPLOYEE_COLUMNS, (OrderKey("employee_id", STR),))
        return self._paged(request, listing)

    def _job_history(self, request: Request) -> Response:
        order = (OrderKey("employee_id", STR), OrderKey("CAST(effective_date AS VARCHAR)", STR),
                 OrderKey("recorded_at", TS))
        return self._paged(request, self._listing(JOB_HISTORY_SQL, JOB_COLUMNS, order))

    def _listing(self, source: str, columns: tuple[str, ...], order: tuple[OrderKey, ...]) -> Listing:
        render = ", ".join(
            f"'{name}', {sqlfmt.utc_iso('r.recorded_at') if name == 'recorded_at' else 'r.' + name}" for name in columns
        )
        return Listing(source=source, where=(), params=tuple(self._clock_params().items()), order=order,
                       render=f"json_object({render})")

    def _paged(self, request: Request, listing: Listing) -> Response:
        limit = int_param(request, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
        cursor = request.param("cursor")
        after = self._position(cursor, len(listing.order)) if cursor else None
        page = self.engine.page_after(listing, after, limit)
        following = f'"{encode_token(list(page.keys[-1]))}"' if page.has_more else "null"
        return Response.raw_json(200, '{"data":[' + ",".join(page.docs) + f'],"next_cursor":{following}}}')

    def _position(self, cursor: str, width: int) -> tuple:
        try:
            return key_from_token(decode_token(cursor), width)
        except BadToken:
            raise VendorError(_error(400, "invalid_cursor", "The cursor is not valid for this endpoint.")) from None

    def _clock_params(self) -> dict:
        clock = self.state.clock
        today: date = clock.astimezone(ZoneInfo(self.store.zone)).date()
        return {"clock": clock.replace(tzinfo=None), "today": today}


def _csv_value(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _error(status: int, code: str, message: str) -> Response:
    return Response.json(status, {"error": {"code": code, "message": message}})
