"""The shared report plumbing: names from source data cannot escape the output folder, manifests are
deterministic, formats are stable, charts escape text."""

import hashlib
import json

import pytest

from reports.charts.sparkline import sparkline
from reports.files import OutputFolder, replace_folder, safe_name, staging_folder, unique_name
from reports.html import format_measure


@pytest.mark.parametrize("hostile", ["../x", "..", "/etc/passwd", "a/../../b", "C:\\evil", "\x00", ""])
def test_names_from_source_data_stay_inside_the_folder(tmp_path, hostile):
    folder = OutputFolder(tmp_path / "out")
    written = folder.write_text(f"{unique_name(hostile)}.html", "ok")
    assert written.parent == folder.root
    assert "/" not in safe_name(hostile) and safe_name(hostile) not in (".", "..")


def test_a_path_leaving_the_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside"):
        OutputFolder(tmp_path / "out").write_text("../escaped.txt", "no")
    assert not (tmp_path / "escaped.txt").exists()


def test_distinct_ids_that_sanitise_alike_get_distinct_names():
    assert unique_name("a/b") != unique_name("a?b")
    assert unique_name("E00042") == "E00042"


def test_manifest_lists_every_file_with_its_checksum(tmp_path):
    folder = OutputFolder(tmp_path / "out")
    folder.write_text("b/pack.html", "<p>b</p>")
    folder.write_text("a.json", "{}")
    folder.write_manifest()
    manifest = json.loads((folder.root / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["a.json", "b/pack.html"]
    assert manifest["files"][0]["sha256"] == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


def test_manifest_checksums_files_written_by_others_and_overwritten_ones(tmp_path):
    """Checksums taken at writing, handed over from another process's writer, or read from disk for a file
    written by something else (Chromium's PDFs) agree with the bytes on disk."""
    folder = OutputFolder(tmp_path / "out")
    folder.write_text("mine.txt", "mine")
    worker = OutputFolder(tmp_path / "out")
    worker.write_text("w/page.html", "<p>w</p>")
    folder.record(worker.written)
    (folder.root / "w" / "pack.pdf").write_bytes(b"%PDF")
    folder.write_manifest()
    listed = {f["path"]: f["sha256"] for f in json.loads((folder.root / "manifest.json").read_text())["files"]}
    on_disk = {path: hashlib.sha256((folder.root / path).read_bytes()).hexdigest() for path in listed}
    assert listed == on_disk and sorted(listed) == ["mine.txt", "w/pack.pdf", "w/page.html"]


def test_replacing_a_folder_swaps_in_the_new_content(tmp_path):
    final = tmp_path / "packs"
    first = staging_folder(final)
    (first / "one.txt").write_text("1")
    replace_folder(first, final)
    second = staging_folder(final)
    (second / "two.txt").write_text("2")
    replace_folder(second, final)
    assert sorted(p.name for p in final.iterdir()) == ["two.txt"]
    assert not (tmp_path / "packs.partial").exists() and not (tmp_path / "packs.previous").exists()


def test_measures_print_in_the_metrics_own_unit():
    assert format_measure(1234567.4, "amount") == "EUR 1,234,567"
    assert format_measure(0.925, "rate") == "92.5%"
    assert format_measure(3.25, "days") == "3.2 days"
    assert format_measure(None, "count") == "–"


def test_chart_text_is_escaped():
    markup = str(sparkline([1, 2], "<script>alert(1)</script>"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
