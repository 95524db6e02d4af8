"""Batches written to the raw zone, and each one's cursor committed after it, in a thread of their own.

Writing a batch is Parquet encoding plus four fsyncs (file, directory, cursor, directory): tens of milliseconds
in which the loop would fetch and decode nothing. Here that overlaps the next batch. Order is kept: one batch
at a time, each cursor committed only once its batch is durable; the first failure stops all later writes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from queue import Queue
from typing import Callable

from connectors.catalog import RawRecord
from connectors.cursors import CursorStore
from connectors.rawzone import RawZoneWriter

QUEUED_BATCHES = 1  # decoded batches waiting besides the one being written: memory stays flat
_DONE = None


class BatchCommitter:
    """`submit` batches in order, then `close`; the counts and the committed cursor are read after each."""

    def __init__(self, writer: RawZoneWriter, cursors: CursorStore, system: str, stream: str,
                 committed: str | None, on_progress: Callable[[int], None] | None = None):
        self.records = self.deleted = 0
        self.written: list[Path] = []
        self.committed = committed
        self._writer, self._cursors, self._system, self._stream = writer, cursors, system, stream
        self._on_progress = on_progress
        self._queue: Queue = Queue(maxsize=QUEUED_BATCHES)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="perfloop-commit", daemon=True)
        self._thread.start()

    def submit(self, batch: list[RawRecord], cursor: str | None) -> None:
        """Queue a batch (waiting while one is already queued); raises an earlier batch's failure."""
        self._raise_failure()
        self._queue.put((batch, cursor))

    def close(self) -> None:
        """Wait until every submitted batch is written and committed; raise the first failure."""
        self._stop()
        self._raise_failure()

    def __enter__(self) -> BatchCommitter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop()  # on an error elsewhere, the batches already submitted still land (each whole, in order)

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _run(self) -> None:
        while (item := self._queue.get()) is not _DONE:
            if self._failure is None:  # after a failure, batches are only drained so that submit never blocks
                try:
                    self._commit(*item)
                except BaseException as exc:  # handed to the submitting thread
                    self._failure = exc

    def _commit(self, batch: list[RawRecord], cursor: str | None) -> None:
        if batch:
            self.written.append(self._writer.write(batch, cursor))
            self.records += len(batch)
            self.deleted += sum(record.is_deleted for record in batch)
        if cursor != self.committed:
            self._cursors.set(self._system, self._stream, cursor)
            self.committed = cursor
        if batch and self._on_progress:
            self._on_progress(self.records)
