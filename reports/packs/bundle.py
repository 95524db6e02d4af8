"""Pack bundles: every pack written once per folder that may hold it, one folder per manager with an index of
exactly that manager's reporting line, an HR index of everything and a manifest, written aside and swapped in.

Layout of one bundle (`bundle_folder`), each a unit swapped in whole, so a cycle's checkpoint bundles and its
cycle bundle never overwrite each other:

    <output>/packs/<cycle>/cycle/                    packs at the cycle's (latest) checkpoint
    <output>/packs/<cycle>/checkpoints/<YYYY-MM>/    monthly checkpoint packs
        managers/<manager>/index.html                that manager's reporting line
        managers/<manager>/<employee>/pack.html      + pack.json, pack.pdf (on request)
        records/<goal>.csv                           every record of a goal, once (packs link ../../../records/)
        hr/index.html                                every pack, and every manager's bundle
        hr/no-manager/<employee>/...                 packs of people without a manager on the pack date
        manifest.json                                SHA-256 of every file
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import shutil
import time
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from reports.files import OutputFolder, replace_folder, staging_folder, unique_name
from reports.packs.appendix import records_files
from reports.packs.goal_records import GoalRecords
from reports.packs.plan import PackPlan
from reports.packs.indexes import HR, MANAGERS, NO_MANAGER, PackEntry, write_indexes
from reports.packs.render import PACK_HTML
from reports.packs.worker import render_chunk, start_worker

log = logging.getLogger("perfloop.progress")

POOL_THRESHOLD = 200  # below this many packs a process pool costs more than it saves
PACK_PDF = "pack.pdf"
RECORD_BATCH = 100  # packs prepared and handed to the pool at a time (smaller: the pool starts sooner)
CHUNK = 25  # packs a pool worker renders per task
GC_THRESHOLD = 20_000  # container allocations between young collections while packs are built (Python's: 700)
# batches of goal ids -> for each batch in turn, the records behind each of its goals (a goal without any: absent)
RecordSource = Callable[[list[list[str]]], Iterable[Mapping[str, GoalRecords]]]


@dataclass(frozen=True)
class BundleResult:
    folder: Path
    hr_index: Path
    packs: int
    managers: int
    files: int
    render_seconds: float
    pdfs: int = 0
    pdf_seconds: float = 0.0


def bundle_folder(output_dir: Path, cycle_id: str, checkpoint_month: str | None = None) -> Path:
    base = Path(output_dir) / "packs" / unique_name(cycle_id)
    return base / "checkpoints" / unique_name(checkpoint_month) if checkpoint_month else base / "cycle"


def pack_placements(employee_id: str, lines: Mapping[str, str | None],
                    include_indirect: bool) -> list[tuple[str | None, str]]:
    """(manager id, folder) for each copy of an employee's pack: in their manager's bundle, then (if configured)
    in every bundle above; under hr/ for someone without a manager. A loop in bad data stops the walk."""
    placements, seen = [], {employee_id}
    manager = lines.get(employee_id)
    while manager and manager not in seen:
        seen.add(manager)
        placements.append((manager, f"{MANAGERS}/{unique_name(manager)}/{unique_name(employee_id)}"))
        if not include_indirect:
            break
        manager = lines.get(manager)
    return placements or [(None, f"{HR}/{NO_MANAGER}/{unique_name(employee_id)}")]


def write_bundle(packs: PackPlan | Iterable[dict], lines: Mapping[str, str | None], folder: Path, *, records: RecordSource,
                 include_indirect: bool = False, pdf: bool = False, workers: int = 2) -> BundleResult:
    """Write every pack where it belongs, the indexes and the manifest into a folder beside `folder`, then swap
    it in. Any failure leaves `folder` (the last good bundle) as it was. `packs` are built as they are written
    when given as a PackPlan. `lines` maps each employee to their
    manager on the pack date; `records` fetches every record behind each batch of goals, batch after batch."""
    started = time.perf_counter()
    staged = staging_folder(folder)
    try:
        plan = packs if isinstance(packs, PackPlan) else PackPlan.of(packs)
        out = OutputFolder(staged)
        batches = _batches(plan, lines, include_indirect, records, out)
        pooled = workers >= 2 and len(plan) >= POOL_THRESHOLD
        with _collector_off_the_plan():
            rendered = _render_all(batches, out, workers if pooled else 1)
        entries = sorted(rendered, key=lambda e: (e.name, e.employee_id))
        render_seconds = time.perf_counter() - started
        pdf_started = time.perf_counter()
        pdfs = _print_pdfs(staged, entries) if pdf else 0
        pdf_seconds = time.perf_counter() - pdf_started if pdf else 0.0
        managers = write_indexes(out, entries, include_indirect, has_pdf=pdf)
        manifest = out.write_manifest()
        files = len(manifest["files"]) + 1
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    replace_folder(staged, folder)
    return BundleResult(Path(folder), Path(folder) / HR / "index.html", len(entries), managers, files,
                        render_seconds, pdfs, pdf_seconds)


@contextmanager
def _collector_off_the_plan() -> Iterator[None]:
    """The cyclic garbage collector kept off what exists before the packs are built: the plan's mart rows
    (hundreds of thousands of dicts), which every full collection would walk again while batch after batch of
    short-lived pack dicts comes and goes (a tenth of the process's CPU at 10,000 people)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _batches(plan: PackPlan, lines: Mapping[str, str | None], include_indirect: bool,
             records: RecordSource, out: OutputFolder) -> Iterator[list[tuple]]:
    """Lists of (pack, its goals' records for the page, where it goes), RECORD_BATCH packs each. Packs go team by
    team, so a team goal (often the bulk: every delivery of the team) is needed by one or two neighbouring
    batches. Each goal's records are fetched once, with the first batch that needs it; its CSV is written then,
    and its appendix head kept until the last batch that needs it: memory holds a batch's records, never the
    whole company's. Workers get only the appendix heads."""
    batches = [range(start, min(start + RECORD_BATCH, len(plan))) for start in range(0, len(plan), RECORD_BATCH)]
    needed = [sorted({goal_id for position in batch for goal_id in plan.goal_ids[position]}) for batch in batches]
    fresh, last_use = _goal_uses(needed)
    pages: dict[str, GoalRecords] = {}
    with ThreadPoolExecutor(1) as writer:  # the CSVs are written while this thread prepares the next batch
        written = None
        for number, found in enumerate(records(fresh)):
            if written is not None:
                written.result()
            written = writer.submit(_write_files, out, records_files(fresh[number], found))
            pages.update({goal_id: goal.for_page() for goal_id, goal in found.items()})
            jobs = []
            for position in batches[number]:
                records_of_pack = {goal_id: pages[goal_id] for goal_id in plan.goal_ids[position] if goal_id in pages}
                pack = plan.build(position, records_of_pack)
                jobs.append((pack, records_of_pack, _placements(pack, lines, include_indirect)))
            yield jobs
            for goal_id in needed[number]:
                if last_use[goal_id] == number:
                    pages.pop(goal_id, None)
        if written is not None:
            written.result()


def _goal_uses(needed: list[list[str]]) -> tuple[list[list[str]], dict[str, int]]:
    """Per batch, the goals it is the first to need; and per goal, the last batch that needs it."""
    first_use: dict[str, int] = {}
    last_use: dict[str, int] = {}
    for number, goal_ids in enumerate(needed):
        for goal_id in goal_ids:
            first_use.setdefault(goal_id, number)
            last_use[goal_id] = number
    return [[g for g in goal_ids if first_use[g] == number] for number, goal_ids in enumerate(needed)], last_use


def _write_files(out: OutputFolder, files: Mapping[str, bytes]) -> None:
    for relative, content in files.items():
        out.write_bytes(relative, content)


def _placements(pack: dict, lines: Mapping[str, str | None], include_indirect: bool) -> list[tuple[str | None, str]]:
    """By the reporting lines on the pack date; the pack's own manager for someone the lines do not list."""
    employee = pack["employee"]
    known = lines if employee["id"] in lines else {**lines, employee["id"]: employee.get("manager_id")}
    return pack_placements(employee["id"], known, include_indirect)


def _render_all(batches: Iterator[list[tuple]], out: OutputFolder, workers: int) -> list[PackEntry]:
    """Render in this process (workers 1), or in a pool of `workers` started at once (they load their modules
    while the first batch's records are prepared here), the next batch's records being prepared here while the
    pool renders the last. A worker that dies fails the run. The checksums of what the workers wrote are
    recorded in `out`."""
    if workers < 2:
        start_worker(out.root)
        return [entry for batch in batches for entry in _collect(render_chunk(batch), out)]
    spawn = multiprocessing.get_context("spawn")  # no fork of a process holding threads or a DuckDB handle
    entries: list[PackEntry] = []
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=start_worker, initargs=(out.root,)) as pool:
        for _ in range(workers):
            pool.submit(int)  # a pool starts its processes on demand: start them now
        pending: list = []
        for batch in batches:
            submitted = [pool.submit(render_chunk, batch[i:i + CHUNK]) for i in range(0, len(batch), CHUNK)]
            entries += [entry for future in pending for entry in _collect(future.result(), out)]
            pending = submitted
            log.info("%d packs rendered…", len(entries))
        entries += [entry for future in pending for entry in _collect(future.result(), out)]
    return entries


def _collect(rendered: tuple[list[PackEntry], dict[str, tuple[int, str]]], out: OutputFolder) -> list[PackEntry]:
    entries, written = rendered
    out.record(written)
    return entries


def _print_pdfs(root: Path, entries: list[PackEntry]) -> int:
    """Each pack printed once, in its first folder, and copied to the others."""
    print_pdfs([root / entry.home for entry in entries])
    for entry in entries:
        for _, other in entry.placements[1:]:
            shutil.copyfile(root / entry.home / PACK_PDF, root / other / PACK_PDF)
    return len(entries)


def print_pdfs(folders: list[Path], threads: int = 2) -> None:
    """pack.html -> pack.pdf in each folder: one headless Chromium per pack, `threads` at a time."""
    from reports.chromium import print_pdf

    with ThreadPoolExecutor(threads) as pool:
        for done, _ in enumerate(pool.map(lambda folder: print_pdf(folder / PACK_HTML, folder / PACK_PDF), folders), 1):
            if done % 50 == 0:
                log.info("%d of %d PDFs printed…", done, len(folders))
