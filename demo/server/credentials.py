"""The demo server's own credentials (not secrets: they open nothing but the local demo)."""

from __future__ import annotations

import base64
import hmac

DEMO_TOKENS: dict[str, str | dict[str, str]] = {
    "salesforce": "00DDEMO000000PERF!demo-salesforce-session",
    "hubspot": "pat-eu1-demo-perfloop-hubspot",
    "jira": {"email": "perfloop-bot@demo.example", "token": "ATATT-demo-perfloop-jira"},
    "github": "ghp_demoPerfloopGithubToken000000000000",
    "shopify": "shpat_demo_perfloop_shopify",
    "hris": "demo-perfloop-hris-token",
}


def merged_tokens(overrides: dict | None) -> dict:
    """DEMO_TOKENS with per-system replacements."""
    tokens = dict(DEMO_TOKENS)
    tokens.update(overrides or {})
    return tokens


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(user, password) from an `Authorization: Basic ...` header, or None."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, separator, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (user, password) if separator else None
