"""HubSpot CRM v3: deals (list and search), owners and deal pipelines."""

from __future__ import annotations

import uuid

from demo.server import sqlfmt
from demo.server.api import FixedWindow, Request, Response, VendorApi, VendorError, bearer_token
from demo.server.credentials import same_secret
from demo.server.hubspot_search import SearchError, SearchSpec, parse_search
from demo.server.listing import INT, Listing, OrderKey
from demo.server.state import ServerLimits

# Properties every deal answer carries whether asked for or not, and the list default.
ALWAYS = ("createdate", "hs_lastmodifieddate", "hs_object_id")
LIST_DEFAULT = ("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                "hs_object_id", "pipeline")
OWNER_FIELDS = ("id", "email", "firstName", "lastName", "userId")
PIPELINES_CREATED = "2024-07-01T00:00:00.000Z"


class HubSpotApi(VendorApi):
    system = "hubspot"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits: ServerLimits = self.state.limits
        self._ten_secondly = FixedWindow(limits.hubspot_ten_secondly, 10)
        self._secondly = FixedWindow(limits.hubspot_secondly, 1)
        self.route("GET", r"/crm/v3/objects/deals/?", self._list_deals)
        self.route("POST", r"/crm/v3/objects/deals/search/?", self._search_deals)
        self.route("GET", r"/crm/v3/owners/?", self._owners)
        self.route("GET", r"/crm/v3/pipelines/deals/?", self._pipelines)

    # auth, errors and limits
    def authenticated(self, request: Request) -> bool:
        return same_secret(bearer_token(request), self.credentials)

    def unauthorized(self, request: Request) -> Response:
        return error_response(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports "
                              "OAuth 2.0 authentication and you can find more details at "
                              "https://developers.hubspot.com/docs/methods/auth/oauth-overview")

    def not_found(self, request: Request) -> Response:
        return error_response(404, "OBJECT_NOT_FOUND", f"Unable to find a resource at {request.path}")

    def method_not_allowed(self, request: Request) -> Response:
        return error_response(405, "METHOD_NOT_ALLOWED", f"{request.method} is not supported for {request.path}")

    def internal_error(self) -> Response:
        return error_response(500, "INTERNAL_ERROR", "internal error")

    def rate_limited(self, retry_after: float | None) -> Response:
        body = {
            "status": "error",
            "message": "You have reached your ten_secondly_rolling limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": str(uuid.uuid4()),
            "policyName": "TEN_SECONDLY_ROLLING",
        }
        headers = {"X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Secondly-Remaining": "0"}
        if retry_after is not None:
            headers["Retry-After"] = str(int(retry_after))
        return Response.json(429, body, headers)

    def limit_headers(self, request: Request) -> dict[str, str]:
        _, remaining, _ = self._ten_secondly.hit()
        _, secondly_remaining, _ = self._secondly.hit()
        return {
            "X-HubSpot-RateLimit-Max": str(self._ten_secondly.limit),
            "X-HubSpot-RateLimit-Remaining": str(remaining),
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Secondly": str(self._secondly.limit),
            "X-HubSpot-RateLimit-Secondly-Remaining": str(secondly_remaining),
        }

    # deals
    def _list_deals(self, request: Request) -> Response:
        limit = _limit(request, default=10, maximum=100)
        archived = _flag(request, "archived")
        listing = Listing(
            source="hs_deals",
            where=(sqlfmt.visible_at(deleted=sqlfmt.DELETED if archived else sqlfmt.LIVE),),
            params=(("clock", self.state.store_clock()),),
            order=(OrderKey("CAST(record_id AS BIGINT)", INT),),
            render=self._deal_json(_requested(request.param("properties"), LIST_DEFAULT), archived),
        )
        return self._id_paged(request, listing, limit)

    def _search_deals(self, request: Request) -> Response:
        try:
            payload = request.json()
        except ValueError:
            raise VendorError(error_response(400, "VALIDATION_ERROR", "Invalid input JSON on line 1")) from None
        try:
            spec: SearchSpec = parse_search(payload, self._deal_columns())
        except SearchError as error:
            raise VendorError(error_response(400, "VALIDATION_ERROR", str(error))) from None
        cap = self.state.limits.hubspot_search_cap
        if spec.offset >= cap:
            raise VendorError(error_response(
                400, "VALIDATION_ERROR",
                f"There was a problem with the request. Paging offset {spec.offset} is past the maximum of {cap} "
                "results a search can return; narrow the filters instead."))
        where, params = spec.where, spec.params
        listing = Listing(
            source="hs_deals",
            where=(sqlfmt.visible_at(), *where),
            params=(("clock", self.state.store_clock()), *params),
            order=spec.order,
            render=self._deal_json(_requested(",".join(spec.properties) if spec.properties else None, ()), False),
        )
        page, total = self.engine.page_and_count(listing, spec.offset, min(spec.limit, cap - spec.offset))
        end = spec.offset + len(page.docs)
        paging = f',"paging":{{"next":{{"after":"{end}"}}}}' if end < total else ""
        return Response.raw_json(200, f'{{"total":{total},"results":[{",".join(page.docs)}]{paging}}}')

    def _deal_columns(self) -> dict[str, str]:
        return self.store.vendor_columns("hs_deals")

    def _deal_json(self, requested: list[str], archived: bool) -> str:
        columns = self._deal_columns()
        properties = {name: _property_sql(name, columns[name]) for name in columns if name != "id"}
        properties["hs_lastmodifieddate"] = sqlfmt.utc_iso("r.version_at")
        properties["hs_object_id"] = "r.record_id"
        shown = sorted({name for name in [*requested, *ALWAYS] if name in properties})
        deal = [("id", "r.record_id"), ("properties", sqlfmt.struct((name, properties[name]) for name in shown)),
                ("createdAt", sqlfmt.utc_iso("r.createdate")), ("updatedAt", sqlfmt.utc_iso("r.version_at")),
                ("archived", "r.is_deleted")]
        if archived:
            deal.append(("archivedAt", sqlfmt.utc_iso("r.version_at")))
        return f"to_json({sqlfmt.struct(deal)})"

    # owners and pipelines
    def _owners(self, request: Request) -> Response:
        limit = _limit(request, default=100, maximum=500)
        archived = _flag(request, "archived")
        gone = _gone()
        first_seen = "(SELECT min(o.version_at) FROM hs_owners o WHERE o.record_id = r.record_id)"
        fields = ", ".join(f"'{name}', r.\"{name}\"" for name in OWNER_FIELDS)
        listing = Listing(
            source="hs_owners",
            where=(sqlfmt.visible_at(deleted=sqlfmt.ANY), gone if archived else f"NOT {gone}"),
            params=(("clock", self.state.store_clock()),),
            order=(OrderKey("CAST(record_id AS BIGINT)", INT),),
            render=f"json_object({fields}, 'createdAt', {sqlfmt.utc_iso(first_seen)}, "
                   f"'updatedAt', {sqlfmt.utc_iso('r.version_at')}, 'archived', {_gone('r.')})",
        )
        return self._id_paged(request, listing, limit)

    def _pipelines(self, request: Request) -> Response:
        rows = self.store.query(
            "SELECT pipeline_id, pipeline_label, stage_id, stage_label, display_order, is_closed, probability "
            "FROM hs_pipeline_stages ORDER BY pipeline_id, display_order, stage_id"
        )
        pipelines: dict[str, dict] = {}
        for pipeline_id, pipeline_label, stage_id, stage_label, order, is_closed, probability in rows:
            pipeline = pipelines.setdefault(pipeline_id, {
                "label": pipeline_label, "displayOrder": len(pipelines), "id": pipeline_id, "stages": [],
                "createdAt": PIPELINES_CREATED, "updatedAt": PIPELINES_CREATED, "archived": False,
            })
            pipeline["stages"].append({
                "label": stage_label, "displayOrder": order,
                "metadata": {"isClosed": "true" if is_closed else "false", "probability": str(float(probability))},
                "id": stage_id, "createdAt": PIPELINES_CREATED, "updatedAt": PIPELINES_CREATED, "archived": False,
            })
        return Response.json(200, {"results": list(pipelines.values())})

    def _id_paged(self, request: Request, listing: Listing, limit: int) -> Response:
        """HubSpot's list paging: ascending ids, `after` is the next id to read."""
        after = request.param("after")
        if after not in (None, "") and not after.isdigit():
            raise VendorError(error_response(400, "VALIDATION_ERROR", f"Invalid after value: {after}"))
        start = (int(after) - 1,) if after else None
        page = self.engine.page_after(listing, start, limit)
        body = '{"results":[' + ",".join(page.docs) + "]"
        if page.has_more:
            following = str(page.keys[-1][0] + 1)
            body += f',"paging":{{"next":{{"after":"{following}","link":"{request.url_with(after=following)}"}}}}'
        return Response.raw_json(200, body + "}")


def error_response(status: int, category: str, message: str) -> Response:
    return Response.json(status, {"status": "error", "message": message, "correlationId": str(uuid.uuid4()),
                                  "category": category})


def _gone(prefix: str = "") -> str:
    """An owner is archived when deleted or flagged archived."""
    return f"({prefix}is_deleted OR coalesce({prefix}archived, false))"


def _property_sql(name: str, kind: str) -> str:
    column = f'r."{name}"'
    if kind.startswith("TIMESTAMP"):
        return sqlfmt.utc_iso(column)
    if kind in ("DOUBLE", "FLOAT", "REAL") or kind.startswith("DECIMAL"):
        return f"printf('%.2f', {column})"
    return sqlfmt.text(column)


def _requested(properties: str | None, default: tuple[str, ...]) -> list[str]:
    if properties is None:
        return list(default)
    return [name.strip() for name in properties.split(",") if name.strip()]


def _flag(request: Request, name: str) -> bool:
    return (request.param(name) or "false").lower() == "true"


def _limit(request: Request, default: int, maximum: int) -> int:
    raw = request.param("limit")
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise VendorError(error_response(400, "VALIDATION_ERROR", f"limit must be between 1 and {maximum} (got {raw})"))
    return int(raw)
