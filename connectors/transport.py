"""The wire under `ApiClient`: requests' connection pools, proxies and TLS settings, driven one level down.

`Session.request` prepares every call afresh (settings and cookie merging, URL re-parsing and re-quoting, hooks)
and `Response.content` reads the body in 10 KB pieces: about half a millisecond per call, as much as decoding
a 100-record page. Connectors page through hundreds of thousands of pages against one origin with the same
headers, so `LeanAdapter` keeps requests' adapter (pool per origin, environment proxies, CA bundle) and calls
its urllib3 pool directly, reading each body in one go. Responses and exceptions are requests' own types, so
vendor rules and retries see exactly what a `Session` would have given them. Redirects are followed as a
`Session` follows them (credentials dropped when the origin changes); there is no cookie jar: the vendors'
APIs authenticate by header.
"""

from __future__ import annotations

from typing import Mapping
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers, select_proxy
from urllib3 import Timeout
from urllib3.exceptions import (
    ConnectTimeoutError, DecodeError, HTTPError, MaxRetryError, NewConnectionError, ProtocolError,
    ProxyError, ReadTimeoutError, SSLError,
)

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 30  # requests' limit


class LeanAdapter(HTTPAdapter):
    """An `HTTPAdapter` that also sends a ready request itself: `open(method, url, ...)`."""

    def __init__(self, *, verify: bool | str = True, proxies: Mapping[str, str] | None = None,
                 secret_headers: frozenset[str] = frozenset({"authorization"}), **kwargs):
        super().__init__(**kwargs)
        self._verify = verify
        self._proxies = dict(proxies or {})
        self._secret_headers = secret_headers
        self._routes: dict[str, tuple[object, bool]] = {}

    def open(self, method: str, url: str, *, body: bytes | None, headers: Mapping[str, str], timeout_s: float,
             stream: bool = False) -> requests.Response:
        """Send, following redirects, and unless `stream` read the whole body. Raises requests' exceptions, as
        `Session` would."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._open_once(method, url, body, headers, timeout_s, stream)
            location = response.headers.get("location") if response.status_code in REDIRECTS else None
            if not location:
                return response
            response.close()
            target = urljoin(url, location)
            method, body, headers = self._redirected(response.status_code, method, body, headers, url, target)
            url = target
        raise requests.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects from {_origin(url)}")

    def _redirected(self, status: int, method: str, body: bytes | None, headers: Mapping[str, str], url: str,
                    target: str) -> tuple[str, bytes | None, Mapping[str, str]]:
        """The request a redirect calls for, as requests rebuilds it: after a 302 or 303 (or a 301 after a POST)
        a body-less GET; credentials stay behind when the redirect leaves the origin."""
        if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
            method, body = "GET", None
            headers = {name: value for name, value in headers.items()
                       if name.lower() not in ("content-type", "content-length")}
        if _origin(target) != _origin(url):
            headers = {name: value for name, value in headers.items() if name.lower() not in self._secret_headers}
        return method, body, headers

    def _open_once(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout_s: float,
                   stream: bool) -> requests.Response:
        pool, absolute = self._route(url)
        target = url if absolute else _path_and_query(url)
        try:
            raw = pool.urlopen(method, target, body=body, headers=headers, redirect=False, assert_same_host=False,
                               preload_content=False, decode_content=False, retries=self.max_retries,
                               timeout=Timeout(connect=timeout_s, read=timeout_s), chunked=False)
        except (ProtocolError, OSError) as exc:
            raise requests.ConnectionError(exc) from exc
        except MaxRetryError as exc:
            raise _from_urllib3(exc.reason, exc) from exc
        except HTTPError as exc:
            raise _from_urllib3(exc, exc) from exc
        response = requests.Response()
        response.status_code = raw.status
        response.headers = CaseInsensitiveDict(raw.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = raw
        response.reason = raw.reason
        response.url = url
        if not stream:
            response._content = _read_all(raw)  # where Response.content keeps a body it has read
            response._content_consumed = True
        return response

    def _route(self, url: str) -> tuple[object, bool]:
        """The pool for the URL's origin, and whether requests go to it as absolute URLs (a plain HTTP proxy)."""
        origin = _origin(url)
        route = self._routes.get(origin)
        if route is None:
            probe = requests.Request("GET", origin + "/").prepare()
            pool = self.get_connection_with_tls_context(probe, self._verify, proxies=self._proxies)
            self.cert_verify(pool, probe.url, self._verify, None)
            proxy = select_proxy(probe.url, self._proxies)
            absolute = bool(proxy) and urlsplit(origin).scheme != "https" and \
                not urlsplit(proxy).scheme.lower().startswith("socks")
            route = self._routes[origin] = (pool, absolute)
        return route

    def close(self) -> None:
        self._routes.clear()
        super().close()


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].split('?', 1)[0].lower()}"


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _read_all(raw) -> bytes:
    """The whole (decoded) body; a body cut short raises what `Response.content` would."""
    try:
        return raw.read(decode_content=True)
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.ConnectionError(exc) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    finally:
        raw.release_conn()


def _from_urllib3(reason: BaseException | None, error: Exception) -> requests.RequestException:
    """requests' exception for a urllib3 failure (the same mapping as `HTTPAdapter.send`)."""
    if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):
        return requests.ConnectTimeout(error)
    if isinstance(reason, ReadTimeoutError):
        return requests.ReadTimeout(error)
    if isinstance(reason, ProxyError):
        return requests.exceptions.ProxyError(error)
    if isinstance(reason, SSLError):
        return requests.exceptions.SSLError(error)
    return requests.ConnectionError(error)
