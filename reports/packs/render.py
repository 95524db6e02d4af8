"""One pack's files from its dict: the HTML page, the JSON twin (the dict itself, keys sorted) and one CSV of
every record per goal. The template is compiled once per `PackRenderer`; rendering is a pure function of the dict,
so the same dict always gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
from typing import Mapping

from reports.html import environment
from reports.packs.view import pack_view, record_value, records_csv_path

PACK_HTML = "pack.html"
PACK_JSON = "pack.json"
RECORD_COLUMNS = ("event_date", "source_system", "record_id", "label", "value", "denominator")


class PackRenderer:
    def __init__(self) -> None:
        env = environment("reports.packs")
        env.globals["record_value"] = record_value
        self._pack = env.get_template(PACK_HTML)
        self.environment = env

    def html(self, pack: dict, records: Mapping[str, list[dict]]) -> str:
        return self._pack.render(pack_view(pack, records))

    def files(self, pack: dict, records: Mapping[str, list[dict]]) -> dict[str, bytes]:
        """{path relative to the pack's folder: content} for everything a pack consists of; `records` holds every
        record behind each goal's number (goal id -> records), for the appendix and the CSVs."""
        files = {PACK_HTML: self.html(pack, records).encode("utf-8"), PACK_JSON: pack_json(pack).encode("utf-8")}
        for evidence in pack["evidence"]:
            goal_records = records.get(evidence["goal_id"], [])
            files[records_csv_path(evidence["goal_id"])] = records_csv(goal_records).encode("utf-8")
        return files


def pack_json(pack: dict) -> str:
    return json.dumps(pack, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def records_csv(records: list[dict]) -> str:
    """Every record as the pack lists it (by event date, record id), numbers as plain decimals."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RECORD_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
