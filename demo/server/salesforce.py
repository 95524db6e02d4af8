"""Salesforce REST query API: /query and /queryAll with SOQL, batches and query locators."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from demo.server import sqlfmt
from demo.server.api import Request, Response, VendorApi, VendorError, bearer_token
from demo.server.credentials import same_secret
from demo.server.listing import STR, TS, Listing, OrderKey
from demo.server.soql import INVALID_FIELD, INVALID_TYPE, MALFORMED, SoqlError, SoqlQuery, parse_soql
from demo.server.tokens import BadToken, decode_token, encode_token

SOBJECT_TABLES = {"Opportunity": "sf_opportunities", "User": "sf_users"}
SYSTEM_FIELDS = {"SystemModstamp": "r.version_at", "LastModifiedDate": "r.version_at", "IsDeleted": "r.is_deleted"}
DEFAULT_BATCH, MIN_BATCH, MAX_BATCH = 2000, 200, 2000
_EPOCH = datetime(1970, 1, 1)
_VERSION = r"/services/data/(?P<version>v\d+\.0)"


class SalesforceApi(VendorApi):
    system = "salesforce"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._usage: dict[date, int] = {}
        self._usage_lock = threading.Lock()
        self.route("GET", _VERSION + r"/query/?", lambda r, version: self._first_page(r, version, False))
        self.route("GET", _VERSION + r"/queryAll/?", lambda r, version: self._first_page(r, version, True))
        self.route("GET", _VERSION + r"/query(?:All)?/(?P<locator>[\w-]+)-(?P<offset>\d+)", self._next_page)

    # auth, quota and errors
    def authenticated(self, request: Request) -> bool:
        return same_secret(bearer_token(request), self.credentials)

    def unauthorized(self, request: Request) -> Response:
        return _error(401, "INVALID_SESSION_ID", "Session expired or invalid")

    def handle(self, request: Request) -> Response:
        if not self._spend_quota():
            return _error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        return super().handle(request)

    def limit_headers(self, request: Request) -> dict[str, str]:
        quota = self.state.limits.salesforce_daily_quota
        return {"Sforce-Limit-Info": f"api-usage={self._used_today()}/{quota}"}

    def not_found(self, request: Request) -> Response:
        return _error(404, "NOT_FOUND", "The requested resource does not exist")

    def method_not_allowed(self, request: Request) -> Response:
        return _error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{request.method}' not allowed. Allowed are GET")

    def rate_limited(self, retry_after: float | None) -> Response:
        response = _error(503, "SERVER_UNAVAILABLE", "Server is temporarily unavailable, please retry later.")
        response.headers["Retry-After"] = _seconds(retry_after if retry_after is not None else 1)
        return response

    def internal_error(self) -> Response:
        return _error(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you "
                                                "contact support: 1873519455-41071 (-1413442405)")

    def _spend_quota(self) -> bool:
        today = self.state.clock.date()
        with self._usage_lock:
            used = self._usage.get(today, 0)
            if used >= self.state.limits.salesforce_daily_quota:
                return False
            self._usage = {today: used + 1}
            return True

    def _used_today(self) -> int:
        with self._usage_lock:
            return self._usage.get(self.state.clock.date(), 0)

    # query endpoints
    def _first_page(self, request: Request, version: str, query_all: bool) -> Response:
        soql = request.param("q")
        if not soql:
            raise VendorError(_error(400, MALFORMED, "A query string has to be specified"))
        snapshot = self.state.store_clock()
        return self._page(version, soql, query_all, snapshot, _batch_size(request), 0)

    def _next_page(self, request: Request, version: str, locator: str, offset: str) -> Response:
        try:
            state = decode_token(locator)
            soql, query_all, batch = state["q"], bool(state["all"]), int(state["b"])
            snapshot = _EPOCH + timedelta(microseconds=int(state["s"]))
        except (BadToken, KeyError, TypeError, ValueError):
            raise VendorError(_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")) from None
        return self._page(version, soql, query_all, snapshot, batch, int(offset))

    def _page(self, version: str, soql: str, query_all: bool, snapshot: datetime, batch: int, offset: int) -> Response:
        query = _parsed(soql)
        listing = self._listing(query, version, query_all, snapshot)
        total = self.engine.count(listing)
        if query.limit is not None:
            total = min(total, query.limit)
        page = self.engine.page_at(listing, offset, max(0, min(batch, total - offset)))
        end = offset + len(page.docs)
        head = f'{{"totalSize":{total},"done":{"true" if end >= total else "false"},'
        if end < total:
            locator = encode_token({"q": soql, "all": query_all, "b": batch, "s": _epoch_us(snapshot)})
            head += f'"nextRecordsUrl":"/services/data/{version}/query/{locator}-{end}",'
        return Response.raw_json(200, head + '"records":[' + ",".join(page.docs) + "]}")

    def _listing(self, query: SoqlQuery, version: str, query_all: bool, snapshot: datetime) -> Listing:
        sobject, table = self._sobject(query.sobject)
        fields = self._fields(sobject, table)
        selected = []
        for name in query.fields:
            canonical = fields.get(name.lower())
            if canonical is None:
                raise VendorError(_error(400, INVALID_FIELD, f"No such column '{name}' on entity '{sobject}'. If you "
                                         "are attempting to use a custom field, be sure to append the '__c' after the "
                                         "custom field name. Please reference your WSDL or the describe call for the "
                                         "appropriate names."))
            selected.append(canonical)
        where, params = self._conditions(query, query_all)
        url = sqlfmt.quoted_literal(f"/services/data/{version}/sobjects/{sobject}/")
        pairs = [f"'attributes', json_object('type', '{sobject}', 'url', {url} || r.record_id)"]
        pairs += [f"'{name}', {self._field_sql(table, name)}" for name in selected]
        return Listing(
            source=table,
            where=tuple(where),
            params=(("clock", snapshot), *params),
            order=(OrderKey("version_at", TS), OrderKey("record_id", STR)),
            render=f"json_object({', '.join(pairs)})",
        )

    def _sobject(self, name: str) -> tuple[str, str]:
        for sobject, table in SOBJECT_TABLES.items():
            if sobject.lower() == name.lower() and self.store.has_table(table):
                return sobject, table
        raise VendorError(_error(400, INVALID_TYPE, f"sObject type '{name}' is not supported. If you are attempting "
                                 "to use a custom object, be sure to append the '__c' after the entity name."))

    def _fields(self, sobject: str, table: str) -> dict[str, str]:
        names = [*self.store.vendor_columns(table), *SYSTEM_FIELDS]
        return {name.lower(): name for name in names}

    def _field_sql(self, table: str, name: str) -> str:
        if name in SYSTEM_FIELDS:
            column = SYSTEM_FIELDS[name]
            return column if name == "IsDeleted" else sqlfmt.utc_iso(column, suffix="+0000")
        column = f'r."{name}"'
        kind = self.store.vendor_columns(table)[name]
        return sqlfmt.utc_iso(column, suffix="+0000") if kind.startswith("TIMESTAMP") else column

    def _conditions(self, query: SoqlQuery, query_all: bool) -> tuple[list[str], list[tuple]]:
        wants_deleted = [c.value if c.op == "=" else not c.value for c in query.conditions if c.field == "IsDeleted"]
        where, params = [], []
        if not query_all:
            where.append(sqlfmt.visible_at(deleted=sqlfmt.LIVE))
            if any(wants_deleted):
                where.append("FALSE")
        else:
            where.append(sqlfmt.visible_at(deleted=sqlfmt.ANY))
            where += ["is_deleted" if wanted else "NOT is_deleted" for wanted in wants_deleted]
        for i, condition in enumerate(c for c in query.conditions if c.field == "SystemModstamp"):
            where.append(f"version_at {condition.op} $modstamp{i}")
            params.append((f"modstamp{i}", condition.value))
        return where, params


def _parsed(soql: str) -> SoqlQuery:
    try:
        return parse_soql(soql)
    except SoqlError as error:
        raise VendorError(_error(400, error.code, error.message)) from None


def _batch_size(request: Request) -> int:
    """`Sforce-Query-Options: batchSize=N`, clamped to 200..2000 like Salesforce does."""
    options = request.headers.get("Sforce-Query-Options", "")
    for option in options.split(","):
        name, _, value = option.strip().partition("=")
        if name.strip().lower() == "batchsize" and value.strip().isdigit():
            return max(MIN_BATCH, min(MAX_BATCH, int(value)))
    return DEFAULT_BATCH


def _epoch_us(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _error(status: int, code: str, message: str) -> Response:
    return Response.json(status, [{"message": message, "errorCode": code}])
