"""One pack's files from its dict: the HTML page and the JSON twin (the dict itself, keys sorted); and, once per
bundle, one CSV of every record per goal. The page's body is written by `page`, inside the shared Jinja layout;
rendering is a pure function of the dict, so the same dict always gives the same bytes."""

from __future__ import annotations

from typing import Mapping

import orjson
from markupsafe import Markup

from reports.html import environment
from reports.packs import page
from reports.packs.goal_records import GoalRecords
from reports.packs.view import pack_view

FRAGMENT_CACHE = 4096  # goals whose appendix table (and, apart, facts card) a renderer keeps
PACK_HTML = "pack.html"
PACK_JSON = "pack.json"


class PackRenderer:
    def __init__(self) -> None:
        self._layout = environment("reports.packs").get_template(PACK_HTML)
        self._appendix: dict[tuple, str] = {}
        self._cards: dict[tuple, str] = {}

    def html(self, pack: dict, records: Mapping[str, GoalRecords]) -> str:
        view = pack_view(pack, records)
        return self._layout.render(title=page.title(view),
                                   body=Markup(page.body(view, self._goal_card, self._appendix_table)))

    def _goal_card(self, g: dict, currency: str) -> str:
        """A goal's facts, rendered once per process for a team goal (the same in every member's pack): keyed on
        everything the card shows."""
        if g["goal"]["scope"] == "own":
            return page.goal_card(g, currency)
        key = (g["anchor"], g["csv"], currency, orjson.dumps([g["goal"], g["evidence"], g["flags"]]))
        if key not in self._cards:
            if len(self._cards) >= FRAGMENT_CACHE:
                self._cards.clear()
            self._cards[key] = page.goal_card(g, currency)
        return self._cards[key]

    def _appendix_table(self, goal_id: str, records: GoalRecords, unit: str, currency: str) -> str:
        """A goal's appendix table, built once per process however many packs hold the goal (team goals); keyed
        on the records' content too, so a renderer never serves another checkpoint's table."""
        key = (goal_id, unit, currency, records.count, records.digest)
        if key not in self._appendix:
            if len(self._appendix) >= FRAGMENT_CACHE:
                self._appendix.clear()
            self._appendix[key] = page.appendix_table(records, unit, currency)
        return self._appendix[key]

    def files(self, pack: dict, records: Mapping[str, GoalRecords]) -> dict[str, bytes]:
        """{path relative to the pack's folder: content} for the pack's own files; `records` holds the records
        behind each goal's number (goal id -> GoalRecords), for the appendix (the CSVs are `appendix.records_files`)."""
        return {PACK_HTML: self.html(pack, records).encode("utf-8"), PACK_JSON: pack_json(pack)}


def pack_json(pack: dict) -> bytes:
    """Sorted keys, compact, UTF-8, by orjson: the standard library's C encoder took a fifth of a page's render."""
    return orjson.dumps(pack, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
