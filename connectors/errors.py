"""Errors a load can end with; each names the system, the stream and the last committed cursor."""

from __future__ import annotations


class ConnectorError(Exception):
    """A load failed. `cursor` is the last cursor safely committed (where the next run resumes)."""

    def __init__(self, system: str, stream: str | None, cursor: str | None, message: str):
        self.system = system
        self.stream = stream
        self.cursor = cursor
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.system}/{self.stream}" if self.stream else self.system
        return f"{where}: {self.message} (last committed cursor: {self.cursor or 'none'})"

    def with_context(self, stream: str, cursor: str | None) -> ConnectorError:
        """The same error, bound to the stream being loaded and its committed cursor."""
        return type(self)(self.system, stream, cursor, self.message)


class AuthError(ConnectorError):
    """The credentials were refused (401/403): retrying cannot help."""


class QuotaExceeded(ConnectorError):
    """The vendor's daily API quota is spent: retrying today cannot help."""


class RetriesExhausted(ConnectorError):
    """Transient failures (429, 5xx, timeouts, resets) outlasted the retry budget."""


class BadResponse(ConnectorError):
    """The server answered with something the contract does not allow (bad request, bad shape)."""


class BadFile(ConnectorError):
    """An input file is malformed; the message names the file and the line."""
