"""DemoServer: one HTTP server per vendor system (each on its own port), sharing store, clock and faults."""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

from demo.server.api import VendorApi
from demo.server.clock import DEMO_CLOCK_START
from demo.server.credentials import merged_tokens
from demo.server.faults import SYSTEMS
from demo.server.github import GitHubApi
from demo.server.handler import VendorRequestHandler
from demo.server.hris import HrisApi
from demo.server.hubspot import HubSpotApi
from demo.server.jira import JiraApi
from demo.server.paging import PageEngine
from demo.server.salesforce import SalesforceApi
from demo.server.shopify import ShopifyApi
from demo.server.state import ServerLimits, SharedState
from demo.server.store import Store

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.1  # how quickly stop() is noticed by each port's accept loop

API_CLASSES: dict[str, type[VendorApi]] = {
    "salesforce": SalesforceApi,
    "hubspot": HubSpotApi,
    "jira": JiraApi,
    "github": GitHubApi,
    "shopify": ShopifyApi,
    "hris": HrisApi,
}


class _SystemHttpServer(ThreadingHTTPServer):
    """One system's port; remembers open keep-alive connections so stop() can close them."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: VendorApi, state: SharedState):
        self.api = api
        self.state = state
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, VendorRequestHandler)

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            for connection in list(self._open):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class DemoServer:
    """The running demo vendors. Use as a context manager or call stop()."""

    def __init__(self, engine: PageEngine, state: SharedState, servers: dict[str, _SystemHttpServer]):
        self._engine = engine
        self._state = state
        self._servers = servers
        self._threads: list[threading.Thread] = []
        self.base_urls = {name: server.api.base_url for name, server in servers.items()}
        self._stopped = False

    def _serve(self) -> None:
        for name, server in self._servers.items():
            thread = threading.Thread(target=server.serve_forever, args=(POLL_INTERVAL_S,), name=f"demo-{name}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    @property
    def clock(self) -> datetime:
        return self._state.clock

    def set_clock(self, moment: datetime) -> datetime:
        return self._state.set_clock(moment)

    def advance(self, days: float) -> datetime:
        return self._state.advance(days)

    def set_faults(self, rules: list[dict]) -> None:
        self._state.faults.replace(rules)

    def clear_faults(self) -> None:
        self._state.faults.replace([])

    def stats(self) -> dict:
        return self._state.stats()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers.values()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers.values():
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._engine.close()
        self._engine.store.close()
        logger.info("demo server stopped")

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(
    store: Path,
    host: str = "127.0.0.1",
    ports: dict[str, int] | None = None,
    tokens: dict | None = None,
    clock: datetime | None = None,
    faults: list[dict] | None = None,
    limits: ServerLimits | None = None,
) -> DemoServer:
    """Open the store read-only and serve every system on its port (0/None: an ephemeral port)."""
    _require_loopback(host)
    unknown = set(ports or {}) - set(SYSTEMS)
    if unknown:
        raise ValueError(f"unknown systems in ports: {sorted(unknown)} (known: {', '.join(SYSTEMS)})")
    state = SharedState(clock or DEMO_CLOCK_START, faults, limits or ServerLimits())
    data = Store(Path(store))
    engine = PageEngine(data)
    credentials = merged_tokens(tokens)
    servers: dict[str, _SystemHttpServer] = {}
    try:
        for name in SYSTEMS:
            server = _SystemHttpServer((host, (ports or {}).get(name) or 0), None, state)
            base_url = f"http://{host}:{server.server_address[1]}"
            server.api = API_CLASSES[name](engine, state, base_url, credentials[name])
            servers[name] = server
    except Exception:
        for server in servers.values():
            server.server_close()
        engine.close()
        data.close()
        raise
    demo = DemoServer(engine, state, servers)
    demo._serve()
    logger.info("demo server listening: %s", demo.base_urls)
    return demo


def _require_loopback(host: str) -> None:
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the demo server binds loopback addresses only (got {host!r})")
