"""The HTTP/1.1 keep-alive request handler shared by all systems: auth, faults, dispatch, stats."""

from __future__ import annotations

import logging
import socket
import struct
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

from demo.server.api import Request, Response, VendorApi
from demo.server.control import PREFIX, handle_control
from demo.server.faults import FaultRule
from demo.server.state import SharedState

logger = logging.getLogger(__name__)

IDLE_CONNECTION_TIMEOUT_S = 60


class VendorRequestHandler(BaseHTTPRequestHandler):
    """Serves one system; its server carries `api` (the VendorApi) and `state` (the SharedState)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_CONNECTION_TIMEOUT_S
    server_version = "demo-vendor"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add ~40 ms per page.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

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
        streamed = not isinstance(response.body, bytes)
        self._send_head(response, None if streamed else len(response.body))
        if not streamed:
            self.wfile.write(response.body)
            return
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

    def _send_then_reset(self, response: Response) -> None:
        """Promise the whole body, send half of it, then drop the connection with a reset."""
        body = _materialised(response.body)
        self._send_head(response, len(body))
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.shutdown(socket.SHUT_RDWR)


def _materialised(body) -> bytes:
    return body if isinstance(body, bytes) else b"".join(body)


def _malformed(response: Response) -> Response:
    """A 200 whose body is cut in half: the client's JSON (or CSV) parser must notice."""
    body = _materialised(response.body) if response.status == 200 else b'{"results": [{"id": "1"}, {"id": "2"}]}'
    return Response(200, body[: len(body) // 2] or b"{", content_type=response.content_type, headers=response.headers)
