"""One pack's files from its dict: the HTML page and the JSON twin (the dict itself, keys sorted); and, once per
bundle, one CSV of every record per goal. The template is compiled once per `PackRenderer`; rendering is a pure
function of the dict, so the same dict always gives the same bytes."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import orjson
from markupsafe import Markup

from reports.html import environment, format_measure
from reports.packs.goal_records import GoalRecords, number
from reports.packs.view import BANDS, pack_view, record_value

FRAGMENT_CACHE = 4096  # goals whose appendix table (and, apart, facts card) a renderer keeps
PACK_HTML = "pack.html"
GOAL_CARD = "goal_card.html"
PACK_JSON = "pack.json"


class PackRenderer:
    def __init__(self) -> None:
        env = environment("reports.packs")
        env.globals.update(records_table=records_table, band_chip=band_chip, gap=gap)
        self._pack = env.get_template(PACK_HTML)
        self._card = env.get_template(GOAL_CARD)
        self._appendix: dict[tuple, Markup] = {}
        self._cards: dict[tuple, Markup] = {}

    def html(self, pack: dict, records: Mapping[str, GoalRecords]) -> str:
        return self._pack.render(pack_view(pack, records), appendix=self._appendix_table, goal_card=self._goal_card)

    def _goal_card(self, g: dict, currency: str, labels: dict) -> Markup:
        """A goal's facts, rendered once per process for a team goal (the same in every member's pack): keyed on
        everything the card shows."""
        if g["goal"]["scope"] == "own":
            return Markup(self._card.render(g=g, currency=currency, labels=labels))
        key = (g["anchor"], g["csv"], currency, orjson.dumps([g["goal"], g["evidence"], g["flags"]]))
        if key not in self._cards:
            if len(self._cards) >= FRAGMENT_CACHE:
                self._cards.clear()
            self._cards[key] = Markup(self._card.render(g=g, currency=currency, labels=labels))
        return self._cards[key]

    def _appendix_table(self, goal_id: str, records: GoalRecords, unit: str, currency: str) -> Markup:
        """A goal's appendix table, built once per process however many packs hold the goal (team goals); keyed
        on the records' content too, so a renderer never serves another checkpoint's table."""
        key = (goal_id, unit, currency, records.count, records.digest)
        if key not in self._appendix:
            if len(self._appendix) >= FRAGMENT_CACHE:
                self._appendix.clear()
            self._appendix[key] = _table(_escaped_row(event_date, source_system, record_id, label,
                                                      _value_cell(value, denominator, unit, currency))
                                         for event_date, source_system, record_id, label, value, denominator
                                         in records.head_cells(escaped=True))
        return self._appendix[key]

    def files(self, pack: dict, records: Mapping[str, GoalRecords]) -> dict[str, bytes]:
        """{path relative to the pack's folder: content} for the pack's own files; `records` holds the records
        behind each goal's number (goal id -> GoalRecords), for the appendix (the CSVs are `appendix.records_files`)."""
        return {PACK_HTML: self.html(pack, records).encode("utf-8"), PACK_JSON: pack_json(pack)}


def pack_json(pack: dict) -> bytes:
    """Sorted keys, compact, UTF-8, by orjson: the standard library's C encoder took a fifth of a page's render."""
    return orjson.dumps(pack, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def band_chip(code: str | None) -> Markup:
    """A goal's attainment band as a chip (a Jinja macro costs several times more, once per goal per pack)."""
    if not code:
        return Markup('<span class="muted">–</span>')
    return Markup(f'<span class="chip band-{_text(code)}">{_text(BANDS.get(code, code))}</span>')


def gap(value: float | None, unit: str, currency: str) -> str:
    """A gap to the next level in the metric's own unit; none left is 'reached'."""
    if value is None:
        return "–"
    return "reached" if value == 0 else format_measure(value, unit, currency)


def records_table(rows: Iterable[dict], unit: str, currency: str) -> Markup:
    """Records as an HTML table, built in Python and escaped in one pass per cell (the appendix is the bulk
    of a page: Jinja's per-value escaping costs several times more)."""
    return _table(_row(r["event_date"], r["source_system"], r["record_id"], r["label"], r.get("value"),
                       r.get("denominator"), unit, currency) for r in rows)


def _row(event_date: str, source_system: str, record_id: str, label: str | None, value: float | None,
         denominator: float | None, unit: str, currency: str) -> str:
    return _escaped_row(_text(event_date), _text(source_system), _text(record_id), _text(label or ""),
                        _text(record_value(value, denominator, unit, currency)))


def _escaped_row(event_date: str, source_system: str, record_id: str, label: str, value: str) -> str:
    """A record as a table row, its cells' text already escaped for an element's content."""
    return (f"<tr><td>{event_date}</td><td>{source_system}</td><td>{record_id}</td><td>{label}</td>"
            f"<td class=\"num\">{value}</td></tr>\n")


@lru_cache(maxsize=65536)
def _value_cell(value: str, denominator: str, unit: str, currency: str) -> str:
    """An appendix record's value from the CSV's text: most records of a goal repeat a few values (1 / 1, 0 / 1)."""
    return _text(record_value(number(value), number(denominator), unit, currency))


def _table(rows: Iterable[str]) -> Markup:
    return Markup(f'<table class="records">\n  <colgroup><col style="width:12%"><col style="width:11%">'
                  f'<col style="width:20%"><col style="width:40%"><col style="width:17%"></colgroup>\n'
                  f'  <thead><tr><th>Date</th><th>Source</th><th>Record</th><th>Label</th>'
                  f'<th class="num">Value</th></tr></thead>\n  <tbody>\n{"".join(rows)}  </tbody>\n</table>\n')


def _text(value: object) -> str:
    """Escaped as Jinja escapes (&, <, >, both quotes). str.replace, as str.translate with a table that lengthens
    characters goes a character at a time: several times slower on the appendix's cells."""
    return (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))
