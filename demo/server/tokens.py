"""Opaque page tokens: compact JSON in URL-safe base64, so pages survive a server restart."""

from __future__ import annotations

import base64
import json
from typing import Any


class BadToken(ValueError):
    """A token this server did not issue (or for a different query)."""


def encode_token(payload: Any) -> str:
    raw = json.dumps(payload, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> Any:
    try:
        padded = token + "=" * (-len(token) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadToken("not a token issued by this server") from error


def key_from_token(value: Any, width: int) -> tuple:
    """A listing key carried in a token (a JSON list) back as the tuple the page engine uses."""
    if not isinstance(value, list) or len(value) != width or not all(isinstance(v, (int, str)) for v in value):
        raise BadToken("malformed position in token")
    return tuple(value)
