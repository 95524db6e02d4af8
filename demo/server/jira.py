"""Jira Cloud REST v3: enhanced JQL search with nextPageToken, and user search."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timezone

from demo.server import sqlfmt
from demo.server.api import FixedWindow, Request, Response, VendorApi, VendorError, int_param
from demo.server.credentials import basic_credentials, same_secret
from demo.server.jira_users import USER_FIELDS, AccountCardCache, user_json_sql
from demo.server.jql import JqlError, JqlQuery, parse_jql
from demo.server.listing import STR, TS, Listing, OrderKey
from demo.server.tokens import BadToken, decode_token, encode_token, key_from_token

MAX_RESULTS, DEFAULT_RESULTS = 100, 50
MAX_USERS, DEFAULT_USERS = 1000, 50
ENVIRONMENT_FIELD = "customfield_10042"
REMEMBERED_SEARCHES = 32
EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"


class JiraApi(VendorApi):
    system = "jira"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._window = FixedWindow(self.state.limits.jira_per_minute, 60)
        self._vocabulary: dict[str, set[str]] = {}
        self._cards = AccountCardCache(self.store, self.base_url)
        self._searches: dict[tuple, tuple[Listing, str]] = {}
        self._fields = self._field_sql()
        self.route("GET", r"/rest/api/3/search/jql/?", self._search_get)
        self.route("POST", r"/rest/api/3/search/jql/?", self._search_post)
        self.route("GET", r"/rest/api/3/users/search/?", self._users)

    # auth, errors and limits
    def authenticated(self, request: Request) -> bool:
        given = basic_credentials(request.headers.get("Authorization", ""))
        if given is None:
            return False
        return same_secret(given[0], self.credentials["email"]) and same_secret(given[1], self.credentials["token"])

    def unauthorized(self, request: Request) -> Response:
        response = _errors(401, "Client must be authenticated to access this resource.")
        response.headers["WWW-Authenticate"] = 'Basic realm="protected-area"'
        return response

    def not_found(self, request: Request) -> Response:
        return _errors(404, f"null for uri: {self.base_url}{request.path}")

    def method_not_allowed(self, request: Request) -> Response:
        return _errors(405, f"Method {request.method} is not allowed for {request.path}")

    def internal_error(self) -> Response:
        return _errors(500, "Internal server error")

    def rate_limited(self, retry_after: float | None) -> Response:
        response = _errors(429, "Rate limit exceeded.")
        response.headers.update({"Retry-After": str(int(retry_after if retry_after is not None else 1)),
                                 "X-RateLimit-Remaining": "0", "X-RateLimit-NearLimit": "true"})
        return response

    def limit_headers(self, request: Request) -> dict[str, str]:
        _, remaining, reset = self._window.hit()
        headers = {
            "X-RateLimit-Limit": str(self._window.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": datetime.fromtimestamp(reset, timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        }
        if remaining < self._window.limit // 5:
            headers["X-RateLimit-NearLimit"] = "true"
        return headers

    # search
    def _search_get(self, request: Request) -> Response:
        fields = request.param("fields")
        return self._search(
            jql=request.param("jql") or "",
            fields=[f.strip() for f in fields.split(",")] if fields else [],
            max_results=int_param(request, "maxResults", DEFAULT_RESULTS, 1, MAX_RESULTS),
            token=request.param("nextPageToken"),
        )

    def _search_post(self, request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            raise VendorError(_errors(400, "Unexpected character in the request body: not valid JSON.")) from None
        if not isinstance(body, dict):
            raise VendorError(_errors(400, "The request body must be a JSON object."))
        try:
            max_results = max(1, min(MAX_RESULTS, int(body.get("maxResults", DEFAULT_RESULTS))))
        except (TypeError, ValueError):
            raise VendorError(_errors(400, "maxResults must be a number.")) from None
        fields = body.get("fields") or []
        if not isinstance(fields, list):
            raise VendorError(_errors(400, "fields must be a list of field names."))
        return self._search(str(body.get("jql") or ""), [str(f) for f in fields], max_results,
                            body.get("nextPageToken"))

    def _search(self, jql: str, fields: list[str], max_results: int, token: str | None) -> Response:
        listing, fingerprint = self._search_listing(jql, tuple(fields))
        after = self._token_position(token, fingerprint, len(listing.order)) if token else None
        page = self.engine.page_after(listing, after, max_results)
        body = '{"issues":[' + ",".join(page.docs) + "]"
        if page.has_more:
            next_token = encode_token({"q": fingerprint, "k": list(page.keys[-1])})
            body += f',"nextPageToken":"{next_token}","isLast":false}}'
        else:
            body += ',"isLast":true}'
        return Response.raw_json(200, body)

    def _search_listing(self, jql: str, fields: tuple[str, ...]) -> tuple[Listing, str]:
        """The listing a search reads and its query's fingerprint, remembered for the pages that follow."""
        key = (jql, fields, self.state.store_clock())
        found = self._searches.get(key)
        if found is None:
            found = (self._issue_listing(self._parsed(jql), list(fields)), hashlib.sha1(jql.encode()).hexdigest()[:12])
            if len(self._searches) >= REMEMBERED_SEARCHES:
                self._searches.clear()
            self._searches[key] = found
        return found

    def _parsed(self, jql: str) -> JqlQuery:
        try:
            query = parse_jql(jql, self.store.zone)
        except JqlError as error:
            raise VendorError(_errors(400, str(error))) from None
        projects = self._canonical("project", query.projects)
        issuetypes = self._canonical("issuetype", query.issuetypes) if query.issuetypes is not None else None
        return replace(query, projects=projects, issuetypes=issuetypes)

    def _canonical(self, field: str, values: tuple[str, ...]) -> tuple[str, ...]:
        """Jira matches project keys and issue type names case-insensitively; unknown values are errors."""
        known = {value.lower(): value for value in self._known(field)}
        for value in values:
            if value.lower() not in known:
                raise VendorError(_errors(400, f"The value '{value}' does not exist for the field '{field}'."))
        return tuple(sorted({known[value.lower()] for value in values}))

    def _known(self, column: str) -> set[str]:
        if column not in self._vocabulary:
            rows = self.store.query(f'SELECT DISTINCT "{column}" FROM jira_issues WHERE "{column}" IS NOT NULL')
            self._vocabulary[column] = {row[0] for row in rows}
        return self._vocabulary[column]

    def _token_position(self, token: str, fingerprint: str, width: int) -> tuple:
        try:
            state = decode_token(token)
            if not isinstance(state, dict) or state.get("q") != fingerprint:
                raise BadToken("token issued for another query")
            return key_from_token(state.get("k"), width)
        except BadToken:
            raise VendorError(_errors(400, "The provided next page token is invalid or expired.")) from None

    def _issue_listing(self, query: JqlQuery, fields: list[str]) -> Listing:
        where = [sqlfmt.visible_at(), "list_contains($projects, project)"]
        params = [("clock", self.state.store_clock()), ("projects", query.projects)]
        for i, (op, moment) in enumerate(query.updated):
            where.append(f"version_at {op} $updated{i}")
            params.append((f"updated{i}", moment))
        if query.issuetypes is not None:
            where.append("list_contains($issuetypes, issuetype)")
            params.append(("issuetypes", query.issuetypes))
        column = "version_at" if query.order_field == "updated" else "created"
        order = (OrderKey(column, TS, query.descending), OrderKey("record_id", STR, query.descending))
        shown = self._shown_fields(fields)
        users = tuple(field for field in USER_FIELDS if field in shown)
        cards = self._cards.at(self.state.store_clock(), users) if users else None
        return Listing(
            source="jira_issues",
            where=tuple(where),
            params=tuple(params),
            order=order,
            render=self._issue_json(fields, [field for field in shown if field not in users]),
            extras=tuple(f"r.{field}_account_id" for field in users),
            finish=cards.splice if cards else None,
        )

    def _shown_fields(self, requested: list[str]) -> list[str]:
        """Requested fields Jira knows, in request order; `*all`/`*navigable` mean every field."""
        available = [*self._fields, *USER_FIELDS]
        if any(name in ("*all", "*navigable") for name in requested):
            return available
        return [name for name in dict.fromkeys(requested) if name in available]

    def _issue_json(self, requested: list[str], shown: list[str]) -> str:
        if not requested:
            return "json_object('id', r.record_id)"
        issue_url = sqlfmt.quoted_literal(f"{self.base_url}/rest/api/3/issue/")
        fields = sqlfmt.struct((name, self._fields[name]) for name in shown)
        return (f"to_json({{'expand': '{EXPAND}', 'id': r.record_id, 'self': {issue_url} || r.record_id, "
                f"'key': r.key, 'fields': {fields}}})")

    def _field_sql(self) -> dict[str, str]:
        """Each field's value as SQL, objects as struct literals (see `sqlfmt.struct`)."""
        zone = self.store.zone
        return {
            "summary": "r.summary",
            "issuetype": "{'name': r.issuetype, 'subtask': false}",
            "project": "{'key': r.project}",
            "priority": "{'name': r.priority}",
            "status": "{'name': r.status, 'statusCategory': {'key': r.status_category}}",
            "components": "[{'name': c} for c in coalesce(r.components, [])]",
            "labels": "coalesce(r.labels, [])",
            "created": sqlfmt.local_iso("r.created", zone),
            "updated": sqlfmt.local_iso("r.version_at", zone),
            "resolutiondate": sqlfmt.local_iso("r.resolutiondate", zone),
            "resolution": "CASE WHEN r.resolutiondate IS NOT NULL THEN {'name': 'Done'} END",
            "duedate": "r.duedate",
            ENVIRONMENT_FIELD: "CASE WHEN r.environment IS NOT NULL THEN {'value': r.environment} END",
        }

    # users
    def _users(self, request: Request) -> Response:
        start = int_param(request, "startAt", 0, 0, 10**9)
        limit = int_param(request, "maxResults", DEFAULT_USERS, 1, MAX_USERS)
        listing = Listing(
            source="jira_users",
            where=(sqlfmt.visible_at(),),
            params=(("clock", self.state.store_clock()),),
            order=(OrderKey("record_id", STR),),
            render=user_json_sql(self.base_url, self.store.zone, "r.accountId", "r"),
        )
        page = self.engine.page_at(listing, start, limit)
        return Response.raw_json(200, "[" + ",".join(page.docs) + "]")


def _errors(status: int, message: str) -> Response:
    return Response.json(status, {"errorMessages": [message], "errors": {}})
