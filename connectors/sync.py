"""The one sync loop: pages stream in, batches are written to the raw zone, then (only then) the cursor advances."""

from __future__ import annotations

import gc
import logging
import secrets
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterable, Iterator

from connectors import files, github, hris, hubspot, jira, salesforce, shopify
from connectors.catalog import MODIFIED_AT, Endpoint, Page, RawRecord, StreamSpec
from connectors.committer import BatchCommitter
from connectors.cursors import CursorStore
from connectors.errors import ConnectorError
from connectors.http import HttpPolicy
from connectors.rawzone import RawZoneWriter, live_keys, raw_files

log = logging.getLogger(__name__)

LOAD_GC_THRESHOLD = 20_000  # container allocations between young collections (Python's default: 700)
SYSTEM_MODULES: dict[str, ModuleType] = {
    "salesforce": salesforce, "hubspot": hubspot, "jira": jira, "github": github,
    "shopify": shopify, "hris": hris, "files": files,
}


@dataclass(frozen=True)
class SyncResult:
    system: str
    stream: str
    load_id: str
    records: int
    deleted: int
    batches: int
    cursor_before: str | None
    cursor_after: str | None
    duration_s: float
    files: tuple[Path, ...]


def new_load_id() -> str:
    """Sortable and unique: UTC start time plus a random suffix."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def sync_stream(spec: StreamSpec, endpoint: Endpoint, policy: HttpPolicy, raw_dir: Path, state_dir: Path, *,
                load_id: str | None = None, batch_records: int = 5000,
                on_progress: Callable[[int], None] | None = None,
                validate_batch: Callable[[list[RawRecord], datetime], None] | None = None) -> SyncResult:
    """Load one stream from its committed cursor to the end. On failure, raises a `ConnectorError` naming the
    system, stream and last committed cursor; the batches written so far stay, and the next run resumes there.

    `validate_batch(records, source_now)` sees each batch before it is written, with the source's clock; if it
    raises, nothing of that batch is written and the cursor stays at the last batch written."""
    if batch_records < 1:
        raise ValueError("batch_records must be at least 1")
    started = time.monotonic()
    load_id = load_id or new_load_id()
    cursors = CursorStore(state_dir)
    cursor_before = cursors.get(spec.system, spec.name)
    module = SYSTEM_MODULES[spec.system]
    read_pages = module.READERS[spec.name]
    if spec.depends_on:
        read_pages = partial(read_pages, raw_dir=raw_dir)
    committer: BatchCommitter | None = None
    try:
        writer = RawZoneWriter(raw_dir, spec.system, spec.name, load_id)
        # On the way out, closing() stops the page fetchers first, then the committer lands the batches already
        # handed to it, then the client closes: also when a batch or a callback fails.
        with collector_tuned_for_a_load(), module.open_client(endpoint, policy) as client, \
                BatchCommitter(writer, cursors, spec.system, spec.name, cursor_before, on_progress) as committer, \
                closing(_batches_of(spec, read_pages(client, endpoint, cursor_before), raw_dir, batch_records,
                                    cursor_before)) as batched:
            for batch, cursor in batched:
                if batch and validate_batch:
                    validate_batch(batch, _source_now(client))  # before the batch is handed on to be written
                committer.submit(batch, cursor)
            committer.close()
        if not raw_files(raw_dir, spec.system, spec.name):
            writer.write([], committer.committed)  # an empty stream still has a (schema-only) file for dbt
    except ConnectorError as exc:
        raise exc.with_context(spec.name, _committed(committer, cursor_before)) from exc
    except Exception as exc:
        raise ConnectorError(spec.system, spec.name, _committed(committer, cursor_before),
                             f"{type(exc).__name__}: {exc}") from exc
    duration = time.monotonic() - started
    log.info("%s: %d records (%d deleted) in %d batches, %.1f s; cursor %s -> %s", spec.qualified_name,
             committer.records, committer.deleted, len(committer.written), duration, cursor_before, committer.committed)
    return SyncResult(spec.system, spec.name, load_id, committer.records, committer.deleted, len(committer.written),
                      cursor_before, committer.committed, duration, tuple(committer.written))


def _committed(committer: BatchCommitter | None, cursor_before: str | None) -> str | None:
    return committer.committed if committer is not None else cursor_before


@contextmanager
def collector_tuned_for_a_load() -> Iterator[None]:
    """The cyclic garbage collector set for a load: off the objects that exist before it (modules, pyarrow,
    DuckDB: hundreds of thousands, which every full collection would walk again), and run less often, so
    that a page's decoded records are mostly freed by reference counting before a collection ever scans
    them. Without this, collections took a fifth of a connector's CPU on a large stream."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(LOAD_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _source_now(client: object) -> datetime:
    """The source's own clock (its last `Date` header) for HTTP systems; this machine's for file drops."""
    server_now = getattr(client, "server_now", None)
    return server_now() if server_now else datetime.now(timezone.utc)


def _batches_of(spec: StreamSpec, pages: Iterator[Page], raw_dir: Path, batch_records: int,
                cursor_before: str | None) -> Iterator[tuple[list[RawRecord], str | None]]:
    if spec.cursor_kind != MODIFIED_AT:
        pages = with_tombstones(pages, live_keys(raw_dir, spec.system, spec.name), cursor_before)
    return batches(pages, batch_records, cursor_before)


def batches(pages: Iterable[Page], batch_records: int,
            cursor: str | None) -> Iterator[tuple[list[RawRecord], str | None]]:
    """Regroup pages into batches of `batch_records` (the last one shorter, possibly empty). Each batch carries
    the cursor of the last page it holds completely (`cursor` before any): resuming there re-reads at most the
    page that was split, and never skips a record."""
    buffer: list[RawRecord] = []
    for page_records, page_cursor in pages:
        offset = 0
        while len(buffer) + len(page_records) - offset >= batch_records:
            take = batch_records - len(buffer)
            buffer.extend(page_records[offset:offset + take])
            offset += take
            yield buffer, page_cursor if offset == len(page_records) else cursor
            buffer = []
        buffer.extend(page_records[offset:])
        cursor = page_cursor
    yield buffer, cursor


def with_tombstones(pages: Iterable[Page], known_keys: set[str], cursor_before: str | None) -> Iterator[Page]:
    """A full snapshot says what exists: keys live in the raw zone but absent from a completed snapshot get a
    deletion record in its last page. A snapshot that did not change the cursor (unchanged file) says nothing."""
    seen: set[str] = set()
    last: Page | None = None
    taken_at: datetime | None = None
    for page in pages:
        if last is not None:
            yield last
        seen.update(record.record_key for record in page.records)
        taken_at = max((r.modified_at for r in page.records if r.modified_at), default=taken_at)
        last = page
    if last is None:
        return
    if last.cursor != cursor_before:
        # A record leaves the snapshot when the snapshot was taken (the source's clock).
        gone_at = taken_at or datetime.now(timezone.utc)
        gone = [RawRecord(key, gone_at, True, "null") for key in sorted(known_keys - seen)]
        last = Page(last.records + gone, last.cursor)
    yield last
