"""The one HTTP session factory: timeouts, retries with backoff and jitter, vendor rate limits, no leaked secrets."""

from __future__ import annotations

import logging
import os
import random
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlencode, urljoin, urlsplit

import requests

from connectors import jsonfast
from connectors.errors import RetriesExhausted
from connectors.limits import VendorRules, error_detail
from connectors.transport import LeanAdapter

log = logging.getLogger(__name__)

SECRET_HEADERS = frozenset({"authorization", "x-shopify-access-token", "proxy-authorization", "cookie"})
TRANSIENT_ERRORS = (
    requests.ConnectionError,  # refused, reset, DNS
    requests.Timeout,  # connect or read timeout
    requests.exceptions.ChunkedEncodingError,  # body cut short
    requests.exceptions.ContentDecodingError,
)
STREAM_CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    timeout_s: float = 10.0
    max_retries: int = 5
    backoff_base_s: float = 0.5
    backoff_max_s: float = 30.0
    max_retry_after_s: float = 120.0

    def backoff_s(self, attempt: int) -> float:
        """Exponential backoff with full jitter (attempt 0 is the first retry)."""
        return random.uniform(0, min(self.backoff_max_s, self.backoff_base_s * 2**attempt))


def redacted_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers safe to log: credentials replaced by ***."""
    return {name: "***" if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


class ApiClient:
    """A keep-alive session for one system; every call retries transient failures within the policy."""

    def __init__(self, system: str, base_url: str, policy: HttpPolicy, *, headers: Mapping[str, str],
                 rules: VendorRules | None = None, secrets: tuple[str, ...] = ()):
        self.system = system
        self.base_url = base_url.rstrip("/")
        self.policy = policy
        self.rules = rules or VendorRules()
        credentials = [value for name, value in headers.items() if name.lower() in SECRET_HEADERS]
        self._secrets = tuple(s for s in (*secrets, *credentials) if s and len(s) >= 4)
        self._server_time: datetime | None = None
        self._headers = {**requests.utils.default_headers(), "Accept": "application/json",
                         "User-Agent": "perfloop-connector/0.1", **headers}
        # Proxy and CA settings from the environment, looked up once for the client's life.
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        self._adapter = LeanAdapter(verify=ca_bundle or True, proxies=requests.utils.get_environ_proxies(self.base_url),
                                    secret_headers=SECRET_HEADERS, pool_connections=2, pool_maxsize=2, max_retries=0)

    def __repr__(self) -> str:
        return f"ApiClient(system={self.system!r}, base_url={self.base_url!r})"

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._adapter.close()

    def url(self, path_or_url: str) -> str:
        """Absolute URL: vendor next-links may be relative to the base (Salesforce) or absolute (Link headers)."""
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return urljoin(self.base_url + "/", path_or_url.lstrip("/"))

    def get_json(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.fetch_json("GET", path_or_url, params=params)[0]

    def post_json(self, path_or_url: str, body: Any) -> Any:
        return self.fetch_json("POST", path_or_url, body=body)[0]

    def fetch_json(self, method: str, path_or_url: str, *, params: Mapping[str, Any] | None = None,
                   body: Any = None) -> tuple[Any, requests.Response]:
        """The decoded JSON body and the response (for Link and rate-limit headers)."""
        return self._send(method, path_or_url, params, body, _decode_json)

    def stream_lines(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> Iterator[str]:
        """Lines of a text body (line endings kept), read in chunks. A body cut off (reset, or ending without a
        final line break) is re-requested and the lines already delivered are skipped, so a snapshot export
        survives a reset mid-body."""
        delivered = 0
        for attempt in range(self.policy.max_retries + 1):
            _, response = self._send("GET", path_or_url, params, None, lambda r: None, stream=True)
            try:
                for index, line in enumerate(_split_lines(response.iter_content(STREAM_CHUNK_BYTES))):
                    if index >= delivered:
                        delivered += 1
                        yield line
                return
            except TRANSIENT_ERRORS as exc:
                failure = self._scrub(_describe(exc))
                if attempt == self.policy.max_retries:
                    break
                self._sleep_before_retry("GET", path_or_url, failure, self.policy.backoff_s(attempt), attempt)
            finally:
                response.close()
        raise RetriesExhausted(self.system, None, None, f"GET {_path(path_or_url)}: body kept breaking off after "
                                                        f"{self.policy.max_retries + 1} attempts; last: {failure}")

    def _send(self, method: str, path_or_url: str, params: Mapping[str, Any] | None, body: Any,
              parse: Callable[[requests.Response], Any], stream: bool = False) -> Any:
        url = _with_query(self.url(path_or_url), params)
        payload, headers = (None, self._headers) if body is None else \
            (jsonfast.dumps(body).encode(), {**self._headers, "Content-Type": "application/json"})
        failure = "no attempt made"
        for attempt in range(self.policy.max_retries + 1):
            wait: float | None = None
            try:
                response = self._adapter.open(method, url, body=payload, headers=headers,
                                              timeout_s=self.policy.timeout_s, stream=stream)
            except TRANSIENT_ERRORS as exc:
                failure = self._scrub(_describe(exc))
            else:
                if response.ok:
                    self._pause_if_throttled(response)
                    self._remember_server_time(response)
                    try:
                        return parse(response), response
                    except (ValueError, *TRANSIENT_ERRORS) as exc:
                        failure = f"unreadable body ({self._scrub(_describe(exc))})"
                else:
                    self._raise_if_permanent(method, url, response)
                    failure = f"HTTP {response.status_code}: {self._scrub(error_detail(response))}"
                    wait = self.rules.retry_wait(response)
                response.close()
            if attempt == self.policy.max_retries:
                break
            self._sleep_before_retry(method, url, failure, self.policy.backoff_s(attempt) if wait is None else wait,
                                     attempt)
        raise RetriesExhausted(self.system, None, None, f"{method} {_path(url)}: gave up after "
                                                        f"{self.policy.max_retries + 1} attempts; last: {failure}")

    def _sleep_before_retry(self, method: str, url: str, failure: str, delay: float, attempt: int) -> None:
        if delay > self.policy.max_retry_after_s:
            raise RetriesExhausted(self.system, None, None, f"{method} {_path(url)}: {failure}; the server asks to "
                                   f"wait {delay:.0f} s, more than the {self.policy.max_retry_after_s:.0f} s cap")
        log.warning("%s %s %s failed (%s); retry %d/%d in %.2f s", self.system, method, _path(url), failure,
                    attempt + 1, self.policy.max_retries, delay)
        time.sleep(delay)

    def server_now(self) -> datetime:
        """The vendor's own "now" (the `Date` of its last answer), so a snapshot is dated by the source's clock;
        this machine's clock when the vendor sent none."""
        return self._server_time or datetime.now(timezone.utc)

    def _remember_server_time(self, response: requests.Response) -> None:
        try:
            self._server_time = parsedate_to_datetime(response.headers["Date"]).astimezone(timezone.utc)
        except (KeyError, TypeError, ValueError):
            self._server_time = None

    def _pause_if_throttled(self, response: requests.Response) -> None:
        pause = min(self.rules.pause_after(response), self.policy.max_retry_after_s)
        if pause > 0:
            log.info("%s: rate limit nearly reached, pausing %.2f s", self.system, pause)
            time.sleep(pause)

    def _raise_if_permanent(self, method: str, url: str, response: requests.Response) -> None:
        if self.rules.is_transient(response):
            return
        error_class = self.rules.permanent_error(response)
        detail = self._scrub(error_detail(response))
        message = f"{method} {_path(url)}: HTTP {response.status_code} {detail}".rstrip()
        raise error_class(self.system, None, None, message)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


def _with_query(url: str, params: Mapping[str, Any] | None) -> str:
    """The URL with `params` appended as requests would (None values left out, lists repeated)."""
    pairs = {name: value for name, value in (params or {}).items() if value is not None}
    if not pairs:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(pairs, doseq=True)}"


def _decode_json(response: requests.Response) -> Any:
    return jsonfast.loads(response.content)


def _split_lines(chunks: Iterator[bytes]) -> Iterator[str]:
    """UTF-8 text lines with their endings, so csv sees real line breaks inside quoted fields."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        if b"\n" not in chunk:
            continue
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield (line + b"\n").decode("utf-8")
    if pending:  # an export ends with a line break: text after the last one means the body was cut short
        raise requests.exceptions.ChunkedEncodingError(f"body ended mid-line after {len(pending)} bytes")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _path(url: str, limit: int = 240) -> str:
    """The URL without scheme and host, for messages; the query holds no secrets but may be long (SOQL, JQL)."""
    parts = urlsplit(url)
    text = parts.path + (f"?{parts.query}" if parts.query else "")
    return text if len(text) <= limit else text[:limit] + "…"

