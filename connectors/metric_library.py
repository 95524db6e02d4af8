"""The metric library (`metrics.yaml`): every metric a goal can be bound to, validated before it is loaded.

Loaded as the raw stream files/metrics (one record per metric, keyed by id); the goal file is checked against
the library as it stands in the raw zone (`metrics_in_raw_zone`), so metrics load before goals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connectors import jsonfast
from connectors.rawzone import latest_records
from connectors.yaml_entries import EntryReader, Problems, load_entries, subject_of

STREAM = "metrics"
CHOICES = {
    "family": ("sales", "delivery", "quality"),
    "grain": ("employee", "team"),
    "unit": ("amount", "count", "rate", "days", "per_100"),
    "direction": ("higher", "lower"),
    "aggregation": ("sum", "ratio", "median"),
}
FIELDS = ("id", "family", "grain", "unit", "direction", "aggregation", "is_cumulative", "source", "definition",
          "min_events")


def read_metric_library(path: Path) -> list[dict[str, Any]]:
    """The file's metrics, each with every field, in file order. Raises `BadFile` listing every problem
    (missing field, value outside its allowed set, wrong type, unknown field, duplicate id)."""
    problems = Problems(STREAM, path)
    metrics = [_metric(entry, subject_of("metric", entry, position), problems)
               for position, entry in enumerate(load_entries(path, STREAM, "metrics"), start=1)]
    seen: dict[str, int] = {}
    for metric in metrics:
        if metric["id"]:
            seen[metric["id"]] = seen.get(metric["id"], 0) + 1
    for metric_id, times in seen.items():
        if times > 1:
            problems.add(f"metric {metric_id}", f"listed {times} times (ids must be unique)")
    problems.raise_if_any()
    return metrics


def _metric(entry: Any, subject: str, problems: Problems) -> dict[str, Any]:
    fields = EntryReader(entry, subject, problems, FIELDS)
    metric: dict[str, Any] = {"id": fields.text("id")}
    for name, options in CHOICES.items():
        metric[name] = fields.choice(name, options)
    metric["is_cumulative"] = fields.flag("is_cumulative")
    metric["source"] = fields.text("source")
    metric["definition"] = fields.text("definition")
    metric["min_events"] = fields.count("min_events")
    return {name: metric[name] for name in FIELDS}


def metrics_in_raw_zone(raw_dir: Path | str) -> dict[str, dict[str, Any]]:
    """The library as last loaded: metric id → its fields."""
    rows = latest_records(raw_dir, "files", STREAM)
    return {key: jsonfast.loads(payload) for key, payload in zip(rows["record_key"], rows["payload"])}
