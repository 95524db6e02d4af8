"""What every vendor API shares: the request and response shapes, routing, and rate-limit counters."""

from __future__ import annotations

import json
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import parse_qs, quote_plus, urlencode

from demo.server.paging import PageEngine
from demo.server.state import SharedState

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Mapping[str, str]  # case-insensitive `get`
    body: bytes
    base_url: str

    @classmethod
    def parse_query(cls, raw: str) -> dict[str, list[str]]:
        return parse_qs(raw, keep_blank_values=True)

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def url_with(self, **changes: str) -> str:
        """This request's URL with some query parameters replaced (for next/prev links)."""
        query = {name: values[0] for name, values in self.query.items()}
        query.update(changes)
        return f"{self.base_url}{self.path}?{urlencode(query)}"

    def urls_with(self, name: str, values: Iterable[str]) -> list[str]:
        """`url_with(name=value)` for each value (several Link relations), the other parameters encoded once."""
        pairs = [(key, given[0]) for key, given in self.query.items()]
        at = next((i for i, (key, _) in enumerate(pairs) if key == name), len(pairs))
        before, after = urlencode(pairs[:at]), urlencode(pairs[at + 1:])
        head = f"{self.base_url}{self.path}?{before}{'&' if before else ''}{quote_plus(name)}="
        tail = f"&{after}" if after else ""
        return [f"{head}{quote_plus(value)}{tail}" for value in values]


@dataclass
class Response:
    status: int
    body: bytes | Iterable[bytes] = b""
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        return cls(status, json.dumps(payload, separators=(",", ":")).encode(), headers=headers or {})

    @classmethod
    def raw_json(cls, status: int, text: str, headers: dict[str, str] | None = None) -> Response:
        """A body already serialised (pages assembled from JSON rendered by DuckDB)."""
        return cls(status, text.encode(), headers=headers or {})


class VendorError(Exception):
    """Raised anywhere while handling a request to answer with the vendor's error response."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


Handler = Callable[..., Response]


class VendorApi(ABC):
    """One vendor system: its auth check, its routes, and its own shape of errors and limit headers."""

    system = ""

    def __init__(self, engine: PageEngine, state: SharedState, base_url: str, credentials: Any):
        self.engine = engine
        self.store = engine.store
        self.state = state
        self.base_url = base_url
        self.credentials = credentials
        self._routes: list[tuple[str, re.Pattern, Handler]] = []

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method, re.compile(pattern + r"\Z"), handler))

    def handle(self, request: Request) -> Response:
        """Dispatch to the route matching method and path; path groups become arguments."""
        path_matched = False
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match:
                path_matched = True
                if method == request.method:
                    try:
                        return handler(request, **match.groupdict())
                    except VendorError as error:
                        return error.response
        return self.not_found(request) if not path_matched else self.method_not_allowed(request)

    # Each vendor overrides these with its own bodies.
    @abstractmethod
    def authenticated(self, request: Request) -> bool:
        """In the vendor's own shape."""

    @abstractmethod
    def unauthorized(self, request: Request) -> Response:
        """In the vendor's own shape."""

    def not_found(self, request: Request) -> Response:
        return Response.json(404, {"message": "Not Found"})

    def method_not_allowed(self, request: Request) -> Response:
        return Response.json(405, {"message": "Method Not Allowed"})

    @abstractmethod
    def rate_limited(self, retry_after: float | None) -> Response:
        """In the vendor's own shape."""

    def server_error(self, status: int) -> Response:
        """500 from the application in the vendor's shape; 502/503 come from its load balancer as HTML."""
        if status == 500:
            return self.internal_error()
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        html = f"<html><head><title>{status} {reason}</title></head><body><h1>{status} {reason}</h1></body></html>"
        return Response(status, html.encode(), content_type="text/html")

    @abstractmethod
    def internal_error(self) -> Response:
        """In the vendor's own shape."""

    def limit_headers(self, request: Request) -> dict[str, str]:
        """Rate-limit headers sent with every answer of this system."""
        return {}


def bearer_token(request: Request) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() in ("bearer", "token", "oauth") and token.strip() else None


def int_param(request: Request, name: str, default: int, minimum: int, maximum: int) -> int:
    """A numeric query parameter clamped to the vendor's range; junk falls back to the default."""
    raw = request.param(name)
    try:
        value = int(raw) if raw not in (None, "") else default
    except ValueError:
        value = default
    return max(minimum, min(maximum, value))


class FixedWindow:
    """Requests counted per fixed wall-clock window, as the vendors report them in headers."""

    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.seconds = seconds
        self._start = 0.0
        self._used = 0
        self._lock = threading.Lock()

    def hit(self) -> tuple[int, int, float]:
        """Count one request; return (used, remaining, window reset as epoch seconds)."""
        now = time.time()
        with self._lock:
            if now >= self._start + self.seconds:
                self._start, self._used = now, 0
            self._used += 1
            return self._used, max(0, self.limit - self._used), self._start + self.seconds


class LeakyBucket:
    """Shopify's call bucket: each call adds one, the bucket leaks at a steady rate."""

    def __init__(self, size: int, leak_per_second: float):
        self.size = size
        self.leak_per_second = leak_per_second
        self._level = 0.0
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def hit(self) -> int:
        now = time.monotonic()
        with self._lock:
            self._level = max(0.0, self._level - (now - self._last) * self.leak_per_second)
            self._last = now
            self._level = min(float(self.size), self._level + 1)
            return max(1, round(self._level))
