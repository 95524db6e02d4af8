"""One paginator per pagination style; each is a generator of decoded pages and stops on the vendor's end signal.

Pages are fetched one ahead in a background thread (`prefetched`), so the next request is on the wire while
the caller turns the current page into records: client and server work overlap instead of alternating.
"""

from __future__ import annotations

import threading
from collections import deque
from queue import Empty, Full, Queue
from typing import Any, Callable, Iterator, Mapping, TypeVar

from connectors.errors import BadResponse
from connectors.http import ApiClient


T = TypeVar("T")
PREFETCH_PAGES = 2
_POLL_S = 0.1
_STOP_WAIT_S = 5.0


def follow_next_link(client: ApiClient, path: str, params: Mapping[str, Any] | None,
                     next_link: Callable[[Any], str | None]) -> Iterator[Any]:
    """JSON next-link (Salesforce `nextRecordsUrl`): GET the link exactly as given, relative to the base URL."""
    return prefetched(_follow_next_link(client, path, params, next_link))


def _follow_next_link(client: ApiClient, path: str, params: Mapping[str, Any] | None,
                      next_link: Callable[[Any], str | None]) -> Iterator[Any]:
    page = client.get_json(path, params)
    yield page
    seen = _RecentTokens()
    while link := next_link(page):
        _refuse_loop(client.system, link, seen)
        page = client.get_json(link)
        yield page


def follow_token(system: str, fetch: Callable[[str | None], Any],
                 next_token: Callable[[Any], str | None]) -> Iterator[Any]:
    """Token cursor (HubSpot `after`, Jira `nextPageToken`, HRIS `next_cursor`): `fetch(None)` is the first page."""
    return prefetched(_follow_token(system, fetch, next_token))


def _follow_token(system: str, fetch: Callable[[str | None], Any],
                  next_token: Callable[[Any], str | None]) -> Iterator[Any]:
    seen = _RecentTokens()
    token = None
    while True:
        page = fetch(token)
        yield page
        token = next_token(page)
        if token is None:
            return
        _refuse_loop(system, str(token), seen)


def follow_link_header(client: ApiClient, path: str, params: Mapping[str, Any] | None) -> Iterator[Any]:
    """`Link` header (GitHub, Shopify): follow rel="next" verbatim; no Link or no next means the last page."""
    return prefetched(_follow_link_header(client, path, params))


def _follow_link_header(client: ApiClient, path: str, params: Mapping[str, Any] | None) -> Iterator[Any]:
    page, response = client.fetch_json("GET", path, params=params)
    yield page
    seen = _RecentTokens()
    while link := response.links.get("next", {}).get("url"):
        _refuse_loop(client.system, link, seen)
        page, response = client.fetch_json("GET", link)
        yield page


def follow_offset(fetch: Callable[[int, int], list], page_size: int) -> Iterator[list]:
    """Offset paging (Jira users): `fetch(start, size)` until a short or empty page."""
    return prefetched(_follow_offset(fetch, page_size))


def _follow_offset(fetch: Callable[[int, int], list], page_size: int) -> Iterator[list]:
    start = 0
    while True:
        items = fetch(start, page_size)
        if items:
            yield items
        if len(items) < page_size:
            return
        start += len(items)


class _RecentTokens:
    """The last few page cursors seen: enough to catch a server that hands one back again, while memory stays
    flat however many pages a stream has."""

    def __init__(self, size: int = 64):
        self._tokens: deque[str] = deque(maxlen=size)

    def __contains__(self, token: str) -> bool:
        return token in self._tokens

    def add(self, token: str) -> None:
        self._tokens.append(token)


def _refuse_loop(system: str, token: str, seen: _RecentTokens) -> None:
    """A server handing back a cursor it already gave would make us page forever."""
    if token in seen:
        raise BadResponse(system, None, None, f"pagination repeated the cursor {token[:80]!r}")
    seen.add(token)


def prefetched(pages: Iterator[T], depth: int = PREFETCH_PAGES) -> Iterator[T]:
    """Run a page generator in a background thread, at most `depth` pages ahead of the caller. Errors reach the
    caller in order; when the caller stops early, the producer stops at its next page."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    producer = threading.Thread(target=_produce, args=(pages, queue, stop), name="perfloop-prefetch", daemon=True)
    producer.start()
    try:
        while True:
            try:
                kind, item = queue.get(timeout=_POLL_S)
            except Empty:
                if not producer.is_alive() and queue.empty():
                    return
                continue
            if kind == "error":
                raise item
            if kind == "end":
                return
            yield item
    finally:
        stop.set()
        producer.join(timeout=_STOP_WAIT_S)


def _produce(pages: Iterator, queue: Queue, stop: threading.Event) -> None:
    try:
        for page in pages:
            if not _offer(queue, stop, ("page", page)):
                return
        _offer(queue, stop, ("end", None))
    except BaseException as exc:  # handed to the consumer, which re-raises it in its own thread
        _offer(queue, stop, ("error", exc))
    finally:
        close = getattr(pages, "close", None)
        if close:
            close()


def _offer(queue: Queue, stop: threading.Event, item: tuple) -> bool:
    while not stop.is_set():
        try:
            queue.put(item, timeout=_POLL_S)
            return True
        except Full:
            continue
    return False
