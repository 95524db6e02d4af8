"""Turn per-record event times into version rows (record, version_at, valid_to, is_deleted).

A record's life is a fixed sequence of possible events (e.g. created → fulfilled → delivered); each event
that happens by the horizon writes a version whose state is that event's. An optional deletion ends the
record early: events after it never happen, and the deletion version repeats the last state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo.company.timing import NEVER


@dataclass(frozen=True)
class Versions:
    record: np.ndarray      # index of the record each version belongs to
    step: np.ndarray        # which event's state the version shows
    version_at: np.ndarray  # ms
    valid_to: np.ndarray    # ms, NEVER for the last version
    is_deleted: np.ndarray

    def __len__(self) -> int:
        return len(self.record)

    def at_step(self, *per_step: np.ndarray) -> np.ndarray:
        """Pick, for every version, the value its step shows: `per_step[k]` is the per-record value of step k."""
        stacked = np.stack([np.asarray(v)[self.record] for v in per_step])
        return np.choose(np.minimum(self.step, len(per_step) - 1), stacked)


def expand(events: list[np.ndarray], horizon: int, deleted_at: np.ndarray | None = None) -> Versions:
    """Versions from event-time columns (ms, NEVER = does not happen; increasing along each row)."""
    times = np.stack(events, axis=1).astype(np.int64)
    times[times > horizon] = NEVER
    if deleted_at is not None:
        deleted_at = np.where(deleted_at > horizon, NEVER, deleted_at)
        times[times >= deleted_at[:, None]] = NEVER
        times = np.concatenate([times, deleted_at[:, None]], axis=1)
    present = times < NEVER
    later_min = np.minimum.accumulate(times[:, ::-1], axis=1)[:, ::-1]
    valid_to = np.full_like(times, NEVER)
    valid_to[:, :-1] = later_min[:, 1:]
    record, column = np.nonzero(present)
    steps = len(events)
    is_deleted = column == steps if deleted_at is not None else np.zeros(len(record), bool)
    last_real = steps - 1 - np.argmax(present[:, :steps][:, ::-1], axis=1)
    step = np.where(is_deleted, last_real[record], column)
    return Versions(record=record, step=step, version_at=times[record, column],
                    valid_to=valid_to[record, column], is_deleted=is_deleted)


def chain(record_keys: np.ndarray, version_at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For long-format versions (any number per record): the order by (record, time) and each row's valid_to."""
    order = np.lexsort((version_at, record_keys))
    keys, times = record_keys[order], version_at[order]
    valid_to = np.full(len(order), NEVER, dtype=np.int64)
    same = keys[1:] == keys[:-1]
    valid_to[:-1][same] = times[1:][same]
    return order, valid_to


def slices(versions: Versions, size: int):
    """Split into consecutive parts of at most `size` versions (keeps memory flat for big tables)."""
    for start in range(0, max(len(versions), 1), size):
        part = slice(start, start + size)
        yield Versions(record=versions.record[part], step=versions.step[part], version_at=versions.version_at[part],
                       valid_to=versions.valid_to[part], is_deleted=versions.is_deleted[part])
