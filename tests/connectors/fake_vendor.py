"""A tiny scripted HTTP server for testing the building blocks against real sockets."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    cut_after: int | None = None  # send this many body bytes of the promised length, then reset

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def param(self, name: str) -> str | None:
        return self.query.get(name, [None])[0]

    def json(self) -> Any:
        return json.loads(self.body)


def sequence(*replies: Reply) -> Callable[[Seen], Reply]:
    """Answer with each reply in turn, then keep repeating the last one."""
    queue = list(replies)

    def answer(_: Seen) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return answer


class FakeVendor:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[Seen], Reply]] = {}
        self.seen: list[Seen] = []
        vendor = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                vendor._serve(self)

            def do_POST(self) -> None:
                vendor._serve(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def route(self, path: str, handler: Callable[[Seen], Reply] | Reply) -> None:
        self.routes[path] = handler if callable(handler) else (lambda _: handler)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        target = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        seen = Seen(handler.command, target.path, parse_qs(target.query, keep_blank_values=True),
                    dict(handler.headers.items()), handler.rfile.read(length) if length else b"")
        self.seen.append(seen)
        route = self.routes.get(target.path)
        reply = route(seen) if route else Reply(404, {"message": "Not Found"})
        if reply.delay_s:
            time.sleep(reply.delay_s)
        body = reply.encoded()
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.headers.pop("Content-Type", "application/json"))
        handler.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if reply.cut_after is None:
            handler.wfile.write(body)
            return
        handler.wfile.write(body[: reply.cut_after])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.shutdown(socket.SHUT_RDWR)
