"""Shopify Admin REST: orders with fulfilments (cursor pagination through `page_info`) and locations."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from demo.server import sqlfmt
from demo.server.api import LeakyBucket, Request, Response, VendorApi, VendorError, int_param
from demo.server.credentials import same_secret
from demo.server.listing import INT, TS, Listing, OrderKey
from demo.server.paging import Page
from demo.server.tokens import BadToken, decode_token, encode_token, key_from_token

_VERSION = r"/admin/api/(?P<version>\d{4}-\d{2})"
FILTERS = ("status", "updated_at_min", "updated_at_max", "created_at_min", "created_at_max", "since_id")
TIME_FILTERS = {"updated_at_min": "version_at >=", "updated_at_max": "version_at <=",
                "created_at_min": "created_at >=", "created_at_max": "created_at <="}
STATUSES = {"open": "cancelled_at IS NULL", "closed": "cancelled_at IS NOT NULL",
            "cancelled": "cancelled_at IS NOT NULL", "any": "TRUE"}
SORTABLE = {"updated_at": ("version_at", TS), "created_at": ("created_at", TS),
            "processed_at": ("processed_at", TS), "id": ("id", INT)}
DEFAULT_ORDER = "id asc"
LOCATIONS_CREATED = "2024-07-01T00:00:00+02:00"


class ShopifyApi(VendorApi):
    system = "shopify"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bucket = LeakyBucket(self.state.limits.shopify_bucket, self.state.limits.shopify_leak_per_second)
        self._fields = self._order_fields()
        self.route("GET", _VERSION + r"/orders\.json", self._orders)
        self.route("GET", _VERSION + r"/locations\.json", self._locations)

    # auth, errors and limits
    def authenticated(self, request: Request) -> bool:
        return same_secret(request.headers.get("X-Shopify-Access-Token"), self.credentials)

    def unauthorized(self, request: Request) -> Response:
        return _errors(401, "[API] Invalid API key or access token (unrecognized login or wrong password)")

    def not_found(self, request: Request) -> Response:
        return _errors(404, "Not Found")

    def method_not_allowed(self, request: Request) -> Response:
        return _errors(406, "Not Acceptable")

    def internal_error(self) -> Response:
        return _errors(500, "Internal Server Error")

    def rate_limited(self, retry_after: float | None) -> Response:
        response = _errors(429, "Exceeded 2 calls per second for api client. Reduce request rates to resume "
                                "uninterrupted service.")
        response.headers.update({"Retry-After": f"{float(retry_after if retry_after is not None else 2.0):.1f}",
                                 "X-Shopify-Shop-Api-Call-Limit": f"{self._bucket.size}/{self._bucket.size}"})
        return response

    def limit_headers(self, request: Request) -> dict[str, str]:
        return {"X-Shopify-Shop-Api-Call-Limit": f"{self._bucket.hit()}/{self._bucket.size}"}

    # orders
    def _orders(self, request: Request, version: str) -> Response:
        limit = int_param(request, "limit", 50, 1, 250)
        fields = [f.strip() for f in (request.param("fields") or "").split(",") if f.strip()]
        page_info = request.param("page_info")
        if page_info is None:
            filters = {name: request.param(name) for name in FILTERS if request.param(name) not in (None, "")}
            order = request.param("order") or DEFAULT_ORDER
            listing = self._listing(filters, order, fields)
            page = self.engine.page_after(listing, None, limit)
            state = {"f": filters, "o": order}
            links = {"next": page.has_more}
        else:
            state, backwards, after = self._cursor(request, page_info)
            listing = self._listing(state["f"], state["o"], fields)
            page = self._page(listing, after, limit, backwards)
            links = {"next": page.has_more or backwards, "previous": not backwards or page.has_more}
            if backwards:
                page = Page(docs=page.docs[::-1], keys=page.keys[::-1], has_more=page.has_more)
        headers = {}
        link = self._link_header(request, version, state, page, links, limit, fields)
        if link:
            headers["Link"] = link
        return Response.raw_json(200, '{"orders":[' + ",".join(page.docs) + "]}", headers)

    def _page(self, listing: Listing, after: tuple, limit: int, backwards: bool) -> Page:
        return self.engine.page_after(listing.reversed() if backwards else listing, after, limit)

    def _cursor(self, request: Request, page_info: str) -> tuple[dict, bool, tuple]:
        extra = sorted(set(request.query) - {"page_info", "limit", "fields"})
        if extra:
            raise VendorError(Response.json(400, {"errors": {
                extra[0]: f"{extra[0]} cannot be passed when page_info is present."}}))
        try:
            state = decode_token(page_info)
            filters, order, direction = state["f"], state["o"], state["d"]
            if not isinstance(filters, dict) or direction not in ("next", "prev"):
                raise BadToken("unexpected token contents")
            width = len(self._order(order))
            return {"f": filters, "o": order}, direction == "prev", key_from_token(state["k"], width)
        except (BadToken, KeyError, TypeError, VendorError):
            raise VendorError(Response.json(400, {"errors": {"page_info": "Invalid value."}})) from None

    def _link_header(self, request, version, state, page: Page, links: dict, limit: int, fields: list) -> str:
        parts = []
        for rel, token_rel, key_index in (("previous", "prev", 0), ("next", "next", -1)):
            if not links.get(rel) or not page.keys:
                continue
            token = encode_token({**state, "d": token_rel, "k": list(page.keys[key_index])})
            query = {"limit": str(limit), **({"fields": ",".join(fields)} if fields else {}), "page_info": token}
            parts.append(f'<{self.base_url}/admin/api/{version}/orders.json?{urlencode(query)}>; rel="{rel}"')
        return ", ".join(parts)

    def _listing(self, filters: dict, order: str, fields: list[str]) -> Listing:
        where = [sqlfmt.visible_at()]
        params: list[tuple] = [("clock", self.state.store_clock())]
        status = filters.get("status", "open")
        if status not in STATUSES:
            raise VendorError(Response.json(400, {"errors": {"status": f"{status} is not a valid status"}}))
        where.append(STATUSES[status])
        for name, condition in TIME_FILTERS.items():
            if name in filters:
                where.append(f"{condition} ${name}")
                params.append((name, self._moment(name, filters[name])))
        if "since_id" in filters:
            if not str(filters["since_id"]).isdigit():
                raise VendorError(Response.json(400, {"errors": {"since_id": "is invalid"}}))
            where.append("id > $since_id")
            params.append(("since_id", int(filters["since_id"])))
        return Listing(source="shop_orders", where=tuple(where), params=tuple(params), order=self._order(order),
                       render=self._order_json(fields))

    def _order(self, order: str) -> tuple[OrderKey, ...]:
        field, _, direction = order.strip().partition(" ")
        direction = direction.strip().lower() or "asc"
        if field not in SORTABLE or direction not in ("asc", "desc"):
            raise VendorError(Response.json(400, {"errors": {"order": f"{order} is not a valid order"}}))
        column, kind = SORTABLE[field]
        descending = direction == "desc"
        if column == "id":
            return (OrderKey("id", INT, descending),)
        return OrderKey(column, kind, descending), OrderKey("id", INT, descending)

    def _moment(self, name: str, text: str) -> datetime:
        """ISO 8601; without an offset the shop's own zone applies."""
        try:
            moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError:
            raise VendorError(Response.json(400, {"errors": {name: f"{name} is invalid"}})) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(self.store.zone))
        return moment.astimezone(timezone.utc).replace(tzinfo=None)

    def _order_json(self, fields: list[str]) -> str:
        available = self._fields
        shown = [name for name in dict.fromkeys(fields) if name in available] if fields else list(available)
        return "json_object(" + ", ".join(f"'{name}', {available[name]}" for name in shown) + ")"

    def _order_fields(self) -> dict[str, str]:
        local = self._local
        fulfillment = (
            "json_object('id', r.fulfillment_id, 'order_id', r.id, "
            f"'created_at', {local('r.fulfillment_created_at')}, "
            f"'updated_at', {local('coalesce(r.delivered_at, r.fulfillment_created_at)')}, "
            "'status', r.fulfillment_status_detail, 'shipment_status', r.shipment_status, "
            "'location_id', r.location_id, 'admin_graphql_api_id', 'gid://shopify/Fulfillment/' || r.fulfillment_id)"
        )
        return {
            "id": "r.id",
            "admin_graphql_api_id": "'gid://shopify/Order/' || r.id",
            "name": "r.name",
            "created_at": local("r.created_at"),
            "updated_at": local("r.version_at"),
            "processed_at": local("r.processed_at"),
            "cancelled_at": local("r.cancelled_at"),
            "closed_at": local("r.cancelled_at"),
            "financial_status": "r.financial_status",
            "fulfillment_status": "r.fulfillment_status",
            "currency": "r.currency",
            "total_price": "printf('%.2f', r.total_price)",
            "location_id": "r.location_id",
            "note_attributes": "CASE WHEN r.promised_date IS NULL THEN [] ELSE [json_object('name', "
                               "'promised_delivery_date', 'value', CAST(r.promised_date AS VARCHAR))] END",
            "fulfillments": f"CASE WHEN r.fulfillment_id IS NULL THEN [] ELSE [{fulfillment}] END",
        }

    def _local(self, column: str) -> str:
        """Shopify shows times in the shop's zone: `2025-03-01T10:00:00+01:00`."""
        return sqlfmt.local_iso(column, self.store.zone, millis=False, colon=True)

    # locations
    def _locations(self, request: Request, version: str) -> Response:
        rows = self.store.query("SELECT id, name FROM shop_locations ORDER BY id")
        locations = [
            {"id": location_id, "name": name, "address1": None, "city": None, "country_code": "DE", "active": True,
             "created_at": LOCATIONS_CREATED, "updated_at": LOCATIONS_CREATED,
             "admin_graphql_api_id": f"gid://shopify/Location/{location_id}"}
            for location_id, name in rows
        ]
        return Response.json(200, {"locations": locations})


def _errors(status: int, message: str) -> Response:
    return Response.json(status, {"errors": message})
