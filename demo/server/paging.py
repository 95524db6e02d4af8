"""Pages of a filtered, ordered store query, served from cached chunks.

A client paging through a stream asks for many small pages in sequence. Each DuckDB query has a fixed
cost (a row group is scanned even for one row), so pages are cut from larger chunks that are fetched
with a keyset query (or an offset when only a page number is known) and rendered to vendor JSON inside
DuckDB. Chunks are cached per listing; a listing includes the clock, so moving the clock never serves
stale rows. Keysets rely on the table order: on `version_at` the scan prunes row groups. Once a reader pages
on past the start of a chunk, the next one is fetched in the background, so DuckDB works while pages are
sent: nearly a whole chunk's reading time ahead (on a busy machine, a chunk can take longer than three
quarters of that), and not for a reader that only looks at a first page.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from demo.server.listing import Listing, chunk_sql, conjunction, keyset_predicate, sql_params
from demo.server.store import Store

logger = logging.getLogger(__name__)

UNKNOWN = "unknown-position"
# DuckDB plans `ORDER BY ... LIMIT n` as a Top-N (which prunes row groups as it goes) up to n = 5000;
# beyond that it may sort everything after the cursor. Chunks stay at that size.
CHUNK_ROWS = 5000


@dataclass(frozen=True)
class Page:
    docs: list[str]
    keys: list[tuple]
    has_more: bool


@dataclass(frozen=True)
class Position:
    """Where a read starts: after a key (None = the beginning) and/or at an ordinal offset."""

    after: Any = None
    offset: int | None = 0


START = Position()


@dataclass
class _Chunk:
    after: Any
    offset: int | None
    keys: list[tuple]
    docs: list[str]
    complete: bool
    index: dict[tuple, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {key: i for i, key in enumerate(self.keys)}

    def find(self, position: Position) -> int | None:
        if position.after is not UNKNOWN:
            if self.after is not UNKNOWN and self.after == position.after:
                return 0
            found = self.index.get(position.after) if position.after is not None else None
            if found is not None and (found + 1 < len(self.keys) or self.complete):
                return found + 1
        if position.offset is not None and self.offset is not None:
            relative = position.offset - self.offset
            if 0 <= relative < len(self.keys) or (relative == len(self.keys) and self.complete):
                return relative
        return None

    def next_position(self) -> Position:
        offset = self.offset + len(self.keys) if self.offset is not None else None
        return Position(after=self.keys[-1], offset=offset)


class PageEngine:
    def __init__(self, store: Store, chunk_rows: int = CHUNK_ROWS, chunks_per_listing: int = 3, listings: int = 12):
        self.store = store
        self.chunk_rows = chunk_rows
        self._chunks_per_listing = chunks_per_listing
        self._max_listings = listings
        self._chunks: OrderedDict[Listing, list[_Chunk]] = OrderedDict()
        self._counts: OrderedDict[Listing, int] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[Listing, dict[Position, Future]] = {}
        self._prefetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-prefetch")
        self._counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-count")

    def close(self) -> None:
        """Stop background fetches (before the store closes)."""
        self._prefetcher.shutdown(wait=True, cancel_futures=True)
        self._counter.shutdown(wait=True, cancel_futures=True)

    def page_after(self, listing: Listing, after: tuple | None, limit: int) -> Page:
        """Up to `limit` records following the record with key `after` (None: from the start)."""
        return self._page(listing, Position(after=after, offset=0 if after is None else None), limit)

    def page_at(self, listing: Listing, offset: int, limit: int) -> Page:
        """Up to `limit` records from ordinal `offset` (page numbers, Salesforce locators, search offsets)."""
        return self._page(listing, START if offset == 0 else Position(after=UNKNOWN, offset=offset), limit)

    def page_and_count(self, listing: Listing, offset: int, limit: int) -> tuple[Page, int]:
        """`page_at` and `count` together: a listing's count (a scan of its own) runs beside its first page."""
        with self._lock:
            known = self._counts.get(listing)
        if known is not None:
            return self.page_at(listing, offset, limit), self.count(listing)
        counting = self._counter.submit(self.count, listing)
        return self.page_at(listing, offset, limit), counting.result()

    def count(self, listing: Listing) -> int:
        with self._lock:
            if listing in self._counts:
                self._counts.move_to_end(listing)
                return self._counts[listing]
        sql = f"SELECT count(*) FROM {listing.source} WHERE {conjunction(listing.where)}"
        total = self.store.query(sql, sql_params(listing.params))[0][0]
        with self._lock:
            self._counts[listing] = total
            while len(self._counts) > 4 * self._max_listings:
                self._counts.popitem(last=False)
        return total

    def _page(self, listing: Listing, start: Position, limit: int) -> Page:
        docs, keys = self._read(listing, start, limit + 1)
        return Page(docs=docs[:limit], keys=keys[:limit], has_more=len(docs) > limit)

    def _read(self, listing: Listing, position: Position, count: int) -> tuple[list[str], list[tuple]]:
        docs: list[str] = []
        keys: list[tuple] = []
        rows = max(self.chunk_rows, count)
        while len(docs) < count:
            chunk, index = self._locate(listing, position, rows)
            end = min(index + count - len(docs), len(chunk.keys))
            docs.extend(chunk.docs[index:end])
            keys.extend(chunk.keys[index:end])
            if not chunk.complete and index > 0:
                self._prefetch(listing, chunk.next_position(), rows)
            if end < len(chunk.keys) or chunk.complete:
                break
            position = chunk.next_position()
        return docs, keys

    def _locate(self, listing: Listing, position: Position, rows: int) -> tuple[_Chunk, int]:
        """The cached chunk holding `position`; else wait for this listing's prefetches; else fetch it now."""
        with self._lock:
            found = self._cached(listing, position)
            pending = list(self._inflight.get(listing, {}).values()) if found is None else []
        if found is None and pending:
            for future in pending:
                _settle(future)
            with self._lock:
                found = self._cached(listing, position)
        if found is not None:
            return found
        chunk = self._remember(listing, self._fetch(listing, position, rows))
        return chunk, chunk.find(position) or 0

    def _cached(self, listing: Listing, position: Position) -> tuple[_Chunk, int] | None:
        for chunk in self._chunks.get(listing, ()):
            index = chunk.find(position)
            if index is not None:
                self._chunks.move_to_end(listing)
                return chunk, index
        return None

    def _remember(self, listing: Listing, chunk: _Chunk) -> _Chunk:
        with self._lock:
            cached = self._chunks.setdefault(listing, [])
            cached.append(chunk)
            del cached[: -self._chunks_per_listing]
            self._chunks.move_to_end(listing)
            while len(self._chunks) > self._max_listings:
                self._chunks.popitem(last=False)
        return chunk

    def _prefetch(self, listing: Listing, position: Position, rows: int) -> None:
        with self._lock:
            if position in self._inflight.get(listing, {}) or self._cached(listing, position) is not None:
                return
            try:
                future = self._prefetcher.submit(self._fetch_ahead, listing, position, rows)
            except RuntimeError:  # shutting down
                return
            self._inflight.setdefault(listing, {})[position] = future

    def _fetch_ahead(self, listing: Listing, position: Position, rows: int) -> _Chunk:
        try:
            return self._remember(listing, self._fetch(listing, position, rows))
        except Exception:
            logger.exception("prefetching a page chunk failed")
            raise
        finally:
            with self._lock:
                pending = self._inflight.get(listing, {})
                pending.pop(position, None)
                if not pending:
                    self._inflight.pop(listing, None)

    def _fetch(self, listing: Listing, position: Position, rows: int) -> _Chunk:
        params = sql_params(listing.params)
        where = list(listing.where)
        offset = ""
        if position.after is UNKNOWN:
            offset = f" OFFSET {int(position.offset)}"
        elif position.after is not None:
            where.append(keyset_predicate(listing.order, position.after, params))
        found = self.store.query(chunk_sql(listing, where, rows, offset), params)
        width = len(listing.order)
        finish = listing.finish
        return _Chunk(
            after=position.after,
            offset=position.offset,
            keys=[row[:width] for row in found],
            docs=[finish(row[width], row[width + 1:]) for row in found] if finish else [row[width] for row in found],
            complete=len(found) < rows,
        )


def _settle(future: Future) -> None:
    """Wait for a prefetch; its failure is logged where it happened, and the reader fetches for itself."""
    try:
        future.result()
    except Exception:
        pass
