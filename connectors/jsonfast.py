"""JSON decoding and encoding on the hot path: orjson when installed (several times faster), else the stdlib.

Both produce the same content; where orjson refuses a document (integers beyond 64 bits), the stdlib decides.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson ships with the pinned environment
    orjson = None


def loads(data: bytes | str) -> Any:
    if orjson is not None:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII characters kept as they are."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode()
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
