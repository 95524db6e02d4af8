"""Build Arrow columns from numpy arrays without Python loops (strings via Arrow compute kernels)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from demo.company.timing import NEVER


def instants(ms: np.ndarray) -> pa.Array:
    """Timestamps (ms); NEVER becomes NULL."""
    ms = np.asarray(ms, dtype=np.int64)
    return pa.array(ms, type=pa.timestamp("ms"), mask=ms == NEVER)


def dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    mask = (days == NEVER) if missing is None else (missing | (days == NEVER))
    return pa.array(np.where(mask, 0, days).astype(np.int32), type=pa.date32(), mask=mask)


def labels(codes: np.ndarray, vocabulary: Sequence[str], missing: np.ndarray | None = None) -> pa.Array:
    """Strings drawn from a small vocabulary by code (dictionary-encoded)."""
    codes = np.asarray(codes).astype(np.int32)
    mask = None if missing is None else np.asarray(missing, bool)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=mask), pa.array(list(vocabulary), pa.string()))


def text(values: np.ndarray | list, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(values, type=pa.string(), mask=None if missing is None else np.asarray(missing, bool))


def numbered(prefix: str, numbers: np.ndarray, width: int = 0, suffix: str = "") -> pa.Array:
    """e.g. numbered('ENG-', [1, 2]) → ['ENG-1', 'ENG-2']; width zero-pads the number."""
    digits = pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string())
    if width:
        digits = pc.utf8_lpad(digits, width=width, padding="0")
    return join(prefix, digits, suffix)


def join(*parts) -> pa.Array:
    """Element-wise concatenation of arrays and plain strings."""
    decoded = [p.dictionary_decode() if isinstance(p, pa.DictionaryArray) else p for p in parts]
    return pc.binary_join_element_wise(*decoded, "")


def pick(vocabulary: Sequence[str], codes: np.ndarray) -> pa.Array:
    return pc.take(pa.array(list(vocabulary), pa.string()), pa.array(np.asarray(codes, dtype=np.int64)))


def string_lists(values: pa.Array, counts: np.ndarray) -> pa.Array:
    """A list per row: row i takes the next counts[i] items of `values`."""
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    if isinstance(values, pa.DictionaryArray):
        values = values.dictionary_decode()
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def optional(values: np.ndarray, missing: np.ndarray, kind: pa.DataType) -> pa.Array:
    return pa.array(np.asarray(values), type=kind, mask=np.asarray(missing, bool))


def masked(values: pa.Array, missing: np.ndarray) -> pa.Array:
    """`values` with NULL where `missing`."""
    return pc.if_else(pa.array(~np.asarray(missing, bool)), values, pa.scalar(None, values.type))
