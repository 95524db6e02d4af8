"""One pack's files: escaped source text, nothing fetched, the JSON twin is the dict, every record in its CSV."""

import csv
import io
import json
import re

import pytest

from reports.packs.appendix import record_lists, records_files
from reports.packs.goal_records import APPENDIX_LIMIT
from reports.packs.render import PackRenderer
from tests.reports.packs.example_packs import example_pack, example_records

SCRIPT = "<script>alert(1)</script>"
MARK = "<i class=\"x\">'&"
ESCAPED_MARK = "&lt;i class=&#34;x&#34;&gt;&#39;&amp;"


@pytest.fixture(scope="module")
def renderer():
    return PackRenderer()


def test_a_deal_named_like_a_script_renders_as_text(renderer):
    pack = example_pack(deal_label=SCRIPT)
    html = renderer.html(pack, record_lists(example_records(pack)))
    assert "<script" not in html.lower()
    # in the top records, the key events and the appendix
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3


def test_every_text_from_the_data_is_escaped_wherever_it_appears(renderer):
    """Markup appended to every string of the pack and its records (ids, codes, dates and filter names included)
    shows as text in every section: the page is written in Python, where nothing escapes by default."""
    pack = _marked(example_pack(employee_id="B1", kind="checkpoint"))
    pack["company"]["currency"] = "EUR"  # a setting, checked when loaded; kept so amounts format as amounts
    for goal in pack["scorecard"]["goals"]:
        goal["filters"] = {_marked(key): value for key, value in goal["filters"].items()}
    html = renderer.html(pack, record_lists(_marked(example_records(example_pack(employee_id="B1", kind="checkpoint")))))
    assert MARK not in html
    shown = html.count(ESCAPED_MARK)
    assert shown > 150, shown
    sections = ("header", "scorecard", "facts", "context", "key-events", "next-level", "development", "appendix")
    starts = [html.index(f'id="{section}"') for section in sections] + [len(html)]
    for section, start, end in zip(sections, starts, starts[1:]):
        assert ESCAPED_MARK in html[start:end], section


def _marked(value):
    if isinstance(value, str):
        return value + MARK
    if isinstance(value, dict):
        return {key: _marked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_marked(item) for item in value]
    return value


def test_the_page_fetches_nothing_and_forbids_fetching(renderer):
    pack = example_pack()
    html = renderer.html(pack, record_lists(example_records(pack)))
    assert not re.search(r"<(script|link|img|iframe|object)\b|\ssrc=|@import|url\(", html, re.IGNORECASE)
    assert "default-src 'none'" in html
    assert "<svg" in html and "@page" in html and "break-inside: avoid" in html


def test_every_number_has_its_definition_beside_it(renderer):
    pack = example_pack()
    html = renderer.html(pack, record_lists(example_records(pack)))
    for goal in pack["scorecard"]["goals"]:
        row = re.search(rf'<tr class="goal-row" data-goal-id="{goal["goal_id"]}">(.*?)</tr>', html, re.S).group(1)
        assert goal["metric"]["definition"].replace("'", "&#39;") in row
    assert "EUR 512,000" in html and "102%" in html and "96%" in html


def test_the_json_twin_is_the_dict_with_sorted_keys(renderer):
    pack = example_pack()
    files = renderer.files(pack, record_lists(example_records(pack)))
    text = files["pack.json"].decode()
    assert json.loads(text) == pack
    assert list(json.loads(text)) == sorted(pack)


def test_each_goal_has_a_csv_of_every_record_in_order(renderer):
    pack = example_pack(deal_label='Nordwind, "big" renewal')
    goal_ids = [e["goal_id"] for e in pack["evidence"]]
    files = records_files(goal_ids, record_lists(example_records(pack)))
    assert sorted(files) == sorted(f"records/{g['goal_id']}.csv" for g in pack["scorecard"]["goals"])
    page = renderer.files(pack, record_lists(example_records(pack)))
    assert sorted(page) == ["pack.html", "pack.json"]
    assert f'href="../../../records/{goal_ids[0]}.csv"' in page["pack.html"].decode()
    rows = list(csv.DictReader(io.StringIO(files[f"records/{goal_ids[0]}.csv"].decode())))
    assert len(rows) == pack["evidence"][0]["record_count"] == 14
    assert [(r["event_date"], r["record_id"]) for r in rows] == sorted((r["event_date"], r["record_id"]) for r in rows)
    assert {'Nordwind, "big" renewal'} <= {r["label"] for r in rows}
    assert sum(float(r["value"]) for r in rows) == 120000 + sum(10000 + 1000 * i for i in range(1, 14))


def test_a_pack_never_shows_a_rating_or_a_rank(renderer):
    pack = example_pack()
    text = re.sub(r"<[^>]+>", " ", renderer.html(pack, record_lists(example_records(pack)))).lower()
    assert "rank" not in text
    assert text.count("rating") == 2  # only in the note saying the pack holds none and the rating is the manager's


def test_the_appendix_lists_the_first_records_and_the_csv_all_of_them(renderer):
    pack = example_pack()
    goal = pack["evidence"][0]["goal_id"]
    many = [{"source_system": "jira", "record_id": f"OPS-{i:04d}", "label": f"Delivery {i}",
             "event_date": f"2026-0{1 + i % 6}-{1 + i % 28:02d}", "value": 1.0, "denominator": 1.0} for i in range(250)]
    many.sort(key=lambda r: (r["event_date"], r["record_id"]))
    files = renderer.files(pack, record_lists({goal: many}))
    html = files["pack.html"].decode()
    csvs = records_files([goal], record_lists({goal: many}))
    appendix = html[html.index('id="appendix"'):]
    assert appendix.count("<tr><td>2026-") == APPENDIX_LIMIT == 100
    assert "The first 100 by date are listed here; all 250 are in" in appendix
    assert len(csvs[f"records/{goal}.csv"].decode().splitlines()) == 251
