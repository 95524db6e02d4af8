"""Writing diagnostics to disk: one folder per cycle and view (`<output_dir>/diagnostics/<cycle>/<view>/`) with
the HTML page, its JSON twin, a CSV and a JSON file per table and a checksummed manifest. Each view is written
aside and swapped in whole, so a failed run leaves the last good report in place."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from reports.diagnostics.build import VIEWS, build_diagnostics
from reports.diagnostics.model import Diagnostics, View
from reports.diagnostics.render import render_html
from reports.diagnostics.twins import report_json, table_csv, table_file_stem, table_json
from reports.files import OutputFolder, replace_folder, safe_name, staging_folder
from reports.marts import Marts

log = logging.getLogger(__name__)

HTML_NAME = "diagnostics.html"
JSON_NAME = "diagnostics.json"


@dataclass(frozen=True)
class WrittenView:
    view: View
    folder: Path
    findings: int
    tables: int

    @property
    def html(self) -> Path:
        return self.folder / HTML_NAME


def view_folder(output_dir: Path, cycle_id: str, view: View) -> Path:
    return Path(output_dir) / "diagnostics" / safe_name(cycle_id, fallback="cycle") / view


def write_view(diagnostics: Diagnostics, output_dir: Path, company_name: str | None = None) -> Path:
    """Write one view's folder completely, then swap it in; returns the folder."""
    final = view_folder(output_dir, diagnostics.cycle_id, diagnostics.view)
    staged = staging_folder(final)
    folder = OutputFolder(staged)
    folder.write_text(HTML_NAME, render_html(diagnostics, company_name))
    folder.write_json(JSON_NAME, report_json(diagnostics))
    stems: set[str] = set()
    for table in (t for section in diagnostics.sections for t in section.tables):
        stem = table_file_stem(table)
        if stem in stems:
            raise ValueError(f"two diagnostics tables share the file name {stem!r}")
        stems.add(stem)
        folder.write_text(f"tables/{stem}.csv", table_csv(table))
        folder.write_json(f"tables/{stem}.json", table_json(table))
    folder.write_manifest()
    replace_folder(staged, final)
    log.info("diagnostics %s (%s view): %d tables in %s", diagnostics.cycle_id, diagnostics.view, len(stems), final)
    return final


def build_report(warehouse: Path, output_dir: Path, cycle_id: str, views: Iterable[View] = VIEWS,
                 min_group_size: int = 5, company_name: str | None = None,
                 failed_checks: Sequence[str] = ()) -> list[WrittenView]:
    """Analyse the finished marts for one cycle and write each requested view. `failed_checks` (warning checks
    that failed upstream) are reported in the coverage section."""

    written = []
    with Marts(warehouse) as marts:
        for view in views:
            diagnostics = build_diagnostics(marts, cycle_id, view, min_group_size, failed_checks)
            folder = write_view(diagnostics, output_dir, company_name)
            written.append(WrittenView(view, folder, sum(len(s.findings) for s in diagnostics.sections),
                                       sum(len(s.tables) for s in diagnostics.sections)))
    return written
