"""The records behind one goal's number as a page needs them, without the Arrow machinery that prepares them
(appendix.py, in the process that reads the warehouse): render workers unpickle these and import only this."""

from __future__ import annotations

import io
from csv import reader
from dataclasses import dataclass, field, replace
from typing import Iterator

APPENDIX_LIMIT = 100  # records per goal in the page's appendix; the CSV holds every one
RECORD_COLUMNS = ("event_date", "source_system", "record_id", "label", "value", "denominator")


@dataclass(frozen=True)
class GoalRecords:
    csv: bytes
    head: bytes  # the CSV's header and first APPENDIX_LIMIT lines: the records the appendix lists
    count: int
    digest: str  # of the head: tells the appendix of one checkpoint's records from another's
    top: list[dict] = field(default_factory=list)  # the TOP_LIMIT largest |value| (dicts of RECORD_COLUMNS), then
    # by event date, record id

    def for_page(self) -> "GoalRecords":
        """Without the CSV (written once per bundle): what a page needs, cheap to send to a worker."""
        return replace(self, csv=b"")

    @property
    def shown(self) -> int:
        """How many records the appendix lists."""
        return min(self.count, APPENDIX_LIMIT)

    def head_rows(self) -> Iterator[tuple]:
        """The appendix's records (values in RECORD_COLUMNS' order, numbers as floats)."""
        for event_date, source_system, record_id, label, value, denominator in self.head_cells():
            yield event_date, source_system, record_id, label, number(value), number(denominator)

    def head_cells(self, escaped: bool = False) -> Iterator[list[str]]:
        """The appendix's records as the CSV's text cells, read back from its first lines: read where the page is
        rendered, not where the records are prepared, which is one process for every goal. `escaped`: text
        escaped for an element's content (&, <, >; the CSV's commas, quotes and line ends stay), on the whole
        text at once rather than every field."""
        text = self.head.decode("utf-8")
        if escaped:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        rows = reader(io.StringIO(text))
        next(rows, None)  # the header
        return rows


def number(text: str) -> float | None:
    return float(text) if text else None
