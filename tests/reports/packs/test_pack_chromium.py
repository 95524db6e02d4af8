"""A pack opened in headless Chromium shows its scorecard, and prints to PDF on request."""

import re

from reports.chromium import rendered_dom
from reports.packs.bundle import bundle_folder, write_bundle
from tests.reports.chromium_support import require_chromium
from tests.reports.packs.example_packs import example_pack, records_of

SCRIPT = "<script>alert(1)</script>"


def test_the_scorecard_renders_in_a_browser(tmp_path):
    require_chromium()
    pack = example_pack(deal_label=SCRIPT)
    folder = bundle_folder(tmp_path, "2026H1")
    result = write_bundle([pack], {"A1": "M1"}, folder, records=records_of([pack]))
    dom = rendered_dom(result.folder / "managers" / "M1" / "A1" / "pack.html")
    rows = re.findall(r'<tr class="goal-row" data-goal-id="([^"]+)">', dom)
    assert rows == [goal["goal_id"] for goal in pack["scorecard"]["goals"]]
    assert re.search(r'id="overall-attainment">\s*96%', dom)
    assert "Grow won revenue in DACH" in dom and "EUR 512,000" in dom and "<svg" in dom
    assert "<script" not in dom.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert dom.count("<tr><td>2026-") >= 14


def test_pdf_on_request_for_each_pack(tmp_path):
    require_chromium()
    packs = [example_pack("A1"), example_pack("A2")]
    result = write_bundle(packs, {"A1": "M1", "A2": "M1"}, bundle_folder(tmp_path, "2026H1"),
                          records=records_of(packs), pdf=True)
    assert result.pdfs == 2 and result.pdf_seconds > 0
    for employee in ("A1", "A2"):
        pdf = (result.folder / "managers" / "M1" / employee / "pack.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert "pack.pdf" in (result.folder / "managers" / "M1" / "index.html").read_text()
