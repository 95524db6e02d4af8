"""What a render worker process runs: a pack's page and JSON twin written into every folder that holds the pack.
It imports only the rendering modules (no warehouse, no Arrow): a worker starts in a fraction of a second and
stays small."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from reports.files import OutputFolder
from reports.packs.goal_records import GoalRecords
from reports.packs.indexes import PackEntry
from reports.packs.render import PackRenderer

_worker: dict[str, object] = {}


def start_worker(root: Path) -> None:
    _worker.update(renderer=PackRenderer(), out=OutputFolder(root))


def render_chunk(jobs: list[tuple]) -> tuple[list[PackEntry], dict[str, tuple[int, str]]]:
    """The chunk's index entries, and the size and checksum of each file written (for the manifest)."""
    out: OutputFolder = _worker["out"]  # type: ignore[assignment]
    entries = [_render_one(job) for job in jobs]
    written, out.written = out.written, {}
    return entries, written


def _render_one(job: tuple[dict, Mapping[str, GoalRecords], list[tuple[str | None, str]]]) -> PackEntry:
    pack, records, placements = job
    renderer: PackRenderer = _worker["renderer"]  # type: ignore[assignment]
    out: OutputFolder = _worker["out"]  # type: ignore[assignment]
    files = renderer.files(pack, records)
    for _, folder in placements:
        for relative, content in files.items():
            out.write_bytes(f"{folder}/{relative}", content)
    return PackEntry.of(pack, placements)
