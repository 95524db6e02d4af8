"""Writing report folders: sanitised names, paths that cannot leave the output folder, a checksummed
manifest, and an all-or-nothing swap so a failed run leaves the last good output in place."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MANIFEST_NAME = "manifest.json"


def safe_name(text: object, fallback: str = "unnamed") -> str:
    """A file or folder name from any text: ASCII letters, digits, '.', '_' and '-' only, never '.'/'..',
    never hidden, at most 120 characters. Distinct ids can collide only after heavy sanitising, so callers
    that need uniqueness append a short hash (`unique_name`)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("_", ascii_text).strip("._-")[:120]
    return name or fallback


@lru_cache(maxsize=65536)
def unique_name(text: object) -> str:
    """`safe_name` plus a short digest of the original text when sanitising changed it. Cached: a bundle names the
    same managers and goals thousands of times."""
    name = safe_name(text)
    if name == str(text):
        return name
    return f"{name}-{hashlib.sha256(str(text).encode()).hexdigest()[:8]}"


class OutputFolder:
    """A folder being written. Every relative path is checked to stay inside it; `manifest()` lists every
    file with its size and SHA-256, sorted, so identical content gives an identical manifest. Each file's checksum
    is taken as it is written (`written`; other processes writing into the same folder hand theirs over with
    `record`), so the manifest need not read the folder back."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._root_text = str(self.root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._folders: set[str] = set()  # made already: packs write tens of thousands of files
        self.written: dict[str, tuple[int, str]] = {}  # relative path -> (bytes, SHA-256) of what was written

    def _pieces(self, relative: str) -> list[str]:
        """The checks are on the text (no '..', no absolute or empty part), not on the disk: resolving every
        path costs a system call per folder level, and nothing here makes links a path could follow out."""
        pieces = relative.split("/")
        if any(piece in ("", ".", "..") or "\\" in piece or "\0" in piece for piece in pieces):
            raise ValueError(f"refusing to write outside {self.root}: {relative!r}")
        return pieces

    def write_text(self, relative: str, text: str) -> Path:
        return self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> Path:
        """Paths handled as text: Path objects cost more than the write itself at tens of thousands of files."""
        pieces = self._pieces(relative)
        folder = os.path.join(self._root_text, *pieces[:-1])
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        target = os.path.join(folder, pieces[-1])
        with open(target, "wb") as file:
            file.write(data)
        self.written["/".join(pieces)] = (len(data), hashlib.sha256(data).hexdigest())
        return Path(target)

    def record(self, written: dict[str, tuple[int, str]]) -> None:
        self.written.update(written)

    def write_json(self, relative: str, value: object) -> Path:
        return self.write_text(relative, json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    def manifest(self) -> dict:
        paths = sorted(self._files())
        unknown = [path for path in paths if path not in self.written]
        with ThreadPoolExecutor(2) as pool:  # reading and hashing release the GIL: two files at a time
            self.written.update(zip(unknown, pool.map(self._checksum, unknown)))
        return {"files": [{"path": path, "bytes": self.written[path][0], "sha256": self.written[path][1]}
                          for path in paths]}

    def _checksum(self, relative: str) -> tuple[int, str]:
        with open(os.path.join(self.root, relative), "rb") as file:
            data = file.read()
        return len(data), hashlib.sha256(data).hexdigest()

    def _files(self) -> list[str]:
        """Every file's path relative to the root ('/'-separated), manifests left out."""
        found = []
        for folder, _, names in os.walk(self.root):
            prefix = os.path.relpath(folder, self.root).replace(os.sep, "/")
            found += [name if prefix == "." else f"{prefix}/{name}" for name in names
                      if name != MANIFEST_NAME]
        return found

    def write_manifest(self) -> dict:
        """Write manifest.json, one file per line (JSON's indented form costs seconds at 50,000 files)."""
        manifest = self.manifest()
        lines = ",\n".join("  " + json.dumps(entry, sort_keys=True, ensure_ascii=False) for entry in manifest["files"])
        self.write_text(MANIFEST_NAME, '{"files": [\n' + lines + "\n]}\n")
        return manifest


def replace_folder(staged: Path, final: Path) -> None:
    """Move a completely written folder into place, keeping the previous one until the new one is there."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    previous = final.with_name(final.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if final.exists():
        os.replace(final, previous)
    os.replace(staged, final)
    if previous.exists():
        shutil.rmtree(previous)


def staging_folder(final: Path) -> Path:
    """A fresh sibling folder to write into before `replace_folder`."""
    staged = Path(final).with_name(Path(final).name + ".partial")
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    return staged
