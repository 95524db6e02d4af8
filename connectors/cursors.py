"""Stream cursors: one small JSON file per stream, replaced atomically so parallel loads never clobber each other."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

CURSOR_DIR = "cursors"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class CursorStore:
    """Cursors under `{state_dir}/cursors/{system}__{stream}.json`."""

    def __init__(self, state_dir: Path | str):
        self.directory = Path(state_dir) / CURSOR_DIR

    def get(self, system: str, stream: str) -> str | None:
        path = self._path(system, stream)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["cursor"]
        except FileNotFoundError:
            return None

    def set(self, system: str, stream: str, cursor: str | None) -> None:
        document = {
            "system": system,
            "stream": stream,
            "cursor": cursor,
            "updated_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        }
        write_atomically(self._path(system, stream), json.dumps(document, indent=1).encode("utf-8"))

    def all(self) -> dict[str, str | None]:
        """Every stored cursor as {"system/stream": cursor}."""
        if not self.directory.is_dir():
            return {}
        cursors = {}
        for path in sorted(self.directory.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            cursors[f"{document['system']}/{document['stream']}"] = document["cursor"]
        return cursors

    def _path(self, system: str, stream: str) -> Path:
        for part in (system, stream):
            if not _SAFE_NAME.match(part):
                raise ValueError(f"unsafe system or stream name: {part!r}")
        return self.directory / f"{system}__{stream}.json"


def write_atomically(path: Path, content: bytes) -> None:
    """Write a temp file in the same directory, fsync it, rename over the target, fsync the directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
