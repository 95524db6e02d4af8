"""How to read a vendor's rate-limit headers and error bodies; each system module refines `VendorRules`."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import requests

from connectors.errors import AuthError, BadResponse, ConnectorError

MAX_DETAIL_CHARS = 300


class VendorRules:
    """Plain HTTP semantics: 408/429/5xx are transient, 401/403 are auth errors, `Retry-After` is honoured."""

    def is_transient(self, response: requests.Response) -> bool:
        return response.status_code in (408, 429) or response.status_code >= 500

    def permanent_error(self, response: requests.Response) -> type[ConnectorError]:
        return AuthError if response.status_code in (401, 403) else BadResponse

    def retry_wait(self, response: requests.Response) -> float | None:
        """Seconds to wait before retrying this failed response; None = exponential backoff."""
        return retry_after_s(response)

    def pause_after(self, response: requests.Response) -> float:
        """Seconds to slow down after a successful response whose headers say the limit is near."""
        return 0.0


def retry_after_s(response: requests.Response) -> float | None:
    """`Retry-After` as seconds, given either as a number or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


def seconds_until_epoch(epoch_seconds: str | None) -> float | None:
    if not epoch_seconds:
        return None
    try:
        return max(0.0, float(epoch_seconds) - time.time())
    except ValueError:
        return None


def int_header(response: requests.Response, name: str) -> int | None:
    value = response.headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def json_body(response: requests.Response) -> object:
    try:
        return json.loads(response.content[:100_000])
    except ValueError:
        return None


def error_detail(response: requests.Response) -> str:
    """The vendor's own error text (Salesforce list, HubSpot/GitHub message, Jira errorMessages, Shopify errors)."""
    body = json_body(response)
    if isinstance(body, list) and body and isinstance(body[0], dict):
        first = body[0]
        text = f"{first.get('errorCode', '')} {first.get('message', '')}".strip()
    elif isinstance(body, dict):
        text = _detail_from_dict(body)
    else:
        text = response.text[:MAX_DETAIL_CHARS].strip()
    return " ".join(text.split())[:MAX_DETAIL_CHARS]


def _detail_from_dict(body: dict) -> str:
    parts = []
    for key in ("errorType", "category", "errorCode"):
        if isinstance(body.get(key), str):
            parts.append(body[key])
    if body.get("message"):
        parts.append(str(body["message"]))
    messages = body.get("errorMessages")
    if isinstance(messages, list):
        parts.extend(str(message) for message in messages)
    errors = body.get("errors")
    if isinstance(errors, str):
        parts.append(errors)
    elif errors:
        parts.append(json.dumps(errors, sort_keys=True))
    return " ".join(parts) or json.dumps(body)[:MAX_DETAIL_CHARS]
