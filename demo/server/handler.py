"""The HTTP/1.1 keep-alive request handler shared by all systems: auth, faults, dispatch, stats.

A client pages through a stream with hundreds of thousands of small requests on one connection, so the per
request work is kept lean: headers are read into a plain case-insensitive mapping (the standard library runs
them through the e-mail parser), and a response's head and body leave in one write.
"""

from __future__ import annotations

import http.client
import logging
import socket
import struct
import time
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

from demo.server.api import Request, Response, VendorApi
from demo.server.control import PREFIX, handle_control
from demo.server.faults import FaultRule
from demo.server.state import SharedState

logger = logging.getLogger(__name__)

IDLE_CONNECTION_TIMEOUT_S = 60
MAX_HEADER_LINE = 65536  # the standard library's limits for request headers
MAX_HEADERS = 100


class RequestHeaders(dict):
    """Request headers by lower-cased name (the first of repeated ones, as `email.message.Message.get`)."""

    def get(self, name: str, default=None):
        return dict.get(self, name.lower(), default)

    def __getitem__(self, name: str):
        return dict.get(self, name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name.lower())


class VendorRequestHandler(BaseHTTPRequestHandler):
    """Serves one system; its server carries `api` (the VendorApi) and `state` (the SharedState)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_CONNECTION_TIMEOUT_S
    server_version = "demo-vendor"

    def setup(self) -> None:
        super().setup()
        # Streamed bodies go out in several writes; without this, Nagle + delayed ACK add ~40 ms per page.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def parse_request(self) -> bool:
        """The standard parsing for well-formed HTTP/1.x requests, with cheaper header reading; anything else
        (bad or HTTP/0.9 request lines) goes to the standard parser, which answers it."""
        words = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n").split()
        if len(words) != 3 or words[2] not in ("HTTP/1.1", "HTTP/1.0"):
            return super().parse_request()
        self.command, path, self.request_version = words
        self.requestline = " ".join(words)
        self.path = "/" + path.lstrip("/") if path.startswith("//") else path
        try:
            self.headers = _read_headers(self.rfile)
        except http.client.LineTooLong as error:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(error))
            return False
        except http.client.HTTPException as error:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(error))
            return False
        connection = self.headers.get("connection", "").lower()
        self.close_connection = connection == "close" or (self.request_version == "HTTP/1.0"
                                                          and connection != "keep-alive")
        if self.request_version == "HTTP/1.1" and self.headers.get("expect", "").lower() == "100-continue":
            return self.handle_expect_100()
        return True

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def version_string(self) -> str:
        return self.server_version

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The `Date` header tells the demo clock: the server's "now", as a real vendor's would."""
        return formatdate(self.server.state.clock.timestamp(), usegmt=True)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s", self.server.api.system, format % args)

    def _dispatch(self) -> None:
        api: VendorApi = self.server.api
        state: SharedState = self.server.state
        body = self._read_body()
        target = urlsplit(self.path)
        path = unquote(target.path)
        if path.startswith(PREFIX):
            self._send(handle_control(state, self.command, path, body))
            return
        request = Request(
            method=self.command,
            path=path,
            query=Request.parse_query(target.query),
            headers=self.headers,
            body=body,
            base_url=api.base_url,
        )
        if not api.authenticated(request):
            self._answer(api, request, api.unauthorized(request), None)
            return
        rule = state.faults.pick(api.system, self.path)
        self._answer(api, request, self._response(api, request, rule), rule)

    def _response(self, api: VendorApi, request: Request, rule: FaultRule | None) -> Response:
        if rule and rule.kind == "slow":
            time.sleep(rule.delay_s)
        if rule and rule.kind == "rate_limit":
            return api.rate_limited(rule.retry_after)
        if rule and rule.kind == "server_error":
            return api.server_error(rule.status)
        try:
            return api.handle(request)
        except Exception:
            logger.exception("%s: unexpected error answering %s %s", api.system, request.method, request.path)
            return api.internal_error()

    def _answer(self, api: VendorApi, request: Request, response: Response, rule: FaultRule | None) -> None:
        response.headers = {**api.limit_headers(request), **response.headers}
        kind = rule.kind if rule else None
        if kind == "malformed":
            response = _malformed(response)
        self.server.state.record(api.system, response.status, kind)
        try:
            if kind == "reset":
                self._send_then_reset(response)
            else:
                self._send(response)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. its timeout on a slow fault)
            logger.debug("%s: client went away during %s %s", api.system, request.method, request.path)
            self.close_connection = True

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, response: Response) -> None:
        if isinstance(response.body, bytes):
            self.log_request(response.status)
            self.wfile.write(self._head(response, len(response.body)) + response.body)
            return
        self._send_head(response, None)
        try:
            for piece in response.body:
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        except Exception:  # headers are out: all that is left is to cut the stream short
            logger.exception("%s: stream aborted", self.server.api.system)
            self.close_connection = True

    def _send_head(self, response: Response, length: int | None) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _head(self, response: Response, length: int) -> bytes:
        """Status line and headers as `send_response`, `send_header` and `end_headers` would write them."""
        reason = self.responses[response.status][0] if response.status in self.responses else ""
        lines = [f"{self.protocol_version} {response.status} {reason}", f"Server: {self.version_string()}",
                 f"Date: {self.date_time_string()}", f"Content-Type: {response.content_type}",
                 f"Content-Length: {length}", *(f"{name}: {value}" for name, value in response.headers.items())]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "strict")

    def _send_then_reset(self, response: Response) -> None:
        """Promise the whole body, send half of it, then drop the connection with a reset."""
        body = _materialised(response.body)
        self._send_head(response, len(body))
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.shutdown(socket.SHUT_RDWR)


def _read_headers(rfile) -> RequestHeaders:
    """Header lines up to the blank line, with the standard library's limits on line length and count."""
    headers = RequestHeaders()
    for _ in range(MAX_HEADERS + 1):
        line = rfile.readline(MAX_HEADER_LINE + 1)
        if len(line) > MAX_HEADER_LINE:
            raise http.client.LineTooLong("header line")
        if line in (b"\r\n", b"\n", b""):
            return headers
        name, _, value = str(line, "iso-8859-1").partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
    raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")


def _materialised(body) -> bytes:
    return body if isinstance(body, bytes) else b"".join(body)


def _malformed(response: Response) -> Response:
    """A 200 whose body is cut in half: the client's JSON (or CSV) parser must notice."""
    body = _materialised(response.body) if response.status == 200 else b'{"results": [{"id": "1"}, {"id": "2"}]}'
    return Response(200, body[: len(body) // 2] or b"{", content_type=response.content_type, headers=response.headers)
