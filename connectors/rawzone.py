"""The append-only raw zone: `{raw_dir}/{system}/{stream}/{load_id}-{batch:05d}.parquet`, each file written atomically.

Files are never rewritten; readers take the latest version of each record by key and modification time.
A crash leaves at most a hidden `.….partial` temp file, which readers skip and the next writer removes.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from connectors.catalog import RawRecord
from connectors.cursors import fsync_directory

log = logging.getLogger(__name__)

RAW_SCHEMA = pa.schema([
    ("_load_id", pa.string()),
    ("_loaded_at", pa.timestamp("us", tz="UTC")),
    ("_stream", pa.string()),
    ("_batch", pa.int32()),
    ("_cursor", pa.string()),
    ("record_key", pa.string()),
    ("modified_at", pa.timestamp("us", tz="UTC")),
    ("is_deleted", pa.bool_()),
    ("payload", pa.string()),
])
# Columns worth dictionary-encoding: one value per batch. Keys and payloads are (nearly) all distinct, and
# trying a dictionary on them costs a sixth of the write.
DICTIONARY_COLUMNS = ["_load_id", "_loaded_at", "_stream", "_batch", "_cursor"]
TEMP_SUFFIX = ".partial"
_LOAD_ID = re.compile(r"^[A-Za-z0-9_.:-]+$")


def stream_dir(raw_dir: Path | str, system: str, stream: str) -> Path:
    return Path(raw_dir) / system / stream


def raw_files(raw_dir: Path | str, system: str, stream: str) -> list[Path]:
    """The committed Parquet files of a stream, oldest name first (temp files are hidden and excluded)."""
    directory = stream_dir(raw_dir, system, stream)
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob("*.parquet") if not path.name.startswith("."))


class RawZoneWriter:
    """Writes one stream's batches for one load; batch numbers continue after any earlier attempt's files."""

    def __init__(self, raw_dir: Path | str, system: str, stream: str, load_id: str):
        if not _LOAD_ID.match(load_id):
            raise ValueError(f"load id must be letters, digits, '_', '.', ':' or '-': {load_id!r}")
        self.system, self.stream, self.load_id = system, stream, load_id
        self.directory = stream_dir(raw_dir, system, stream)
        self.directory.mkdir(parents=True, exist_ok=True)
        remove_stray_temp_files(self.directory)
        self.next_batch = self._first_free_batch()

    def write(self, records: list[RawRecord], cursor: str | None) -> Path:
        """Write one batch atomically (temp file, fsync, rename) and return its final path."""
        table = _records_table(records, self.load_id, f"{self.system}/{self.stream}", self.next_batch, cursor)
        final = self.directory / f"{self.load_id}-{self.next_batch:05d}.parquet"
        temp = self.directory / f".{final.name}.{os.getpid()}{TEMP_SUFFIX}"
        try:
            with open(temp, "wb") as handle:
                pq.write_table(table, handle, compression="snappy", use_dictionary=DICTIONARY_COLUMNS)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        fsync_directory(self.directory)
        self.next_batch += 1
        return final

    def _first_free_batch(self) -> int:
        prefix = f"{self.load_id}-"
        numbers = [int(path.stem[len(prefix):]) for path in self.directory.glob(f"{prefix}*.parquet")
                   if path.stem[len(prefix):].isdigit()]
        return max(numbers, default=-1) + 1


def _records_table(records: list[RawRecord], load_id: str, stream: str, batch: int, cursor: str | None) -> pa.Table:
    count = len(records)
    keys, modified, deleted, payloads = zip(*records) if records else ((), (), (), ())

    def constant(value: object, name: str) -> pa.Array:  # pa.repeat: far cheaper than a list of copies
        return pa.repeat(pa.scalar(value, RAW_SCHEMA.field(name).type), count)

    columns = [
        constant(load_id, "_load_id"),
        constant(datetime.now(timezone.utc), "_loaded_at"),
        constant(stream, "_stream"),
        constant(batch, "_batch"),
        constant(cursor, "_cursor"),
        pa.array(keys, pa.string()),
        pa.array(modified, RAW_SCHEMA.field("modified_at").type),
        pa.array(deleted, pa.bool_()),
        pa.array(payloads, pa.string()),
    ]
    return pa.Table.from_arrays(columns, schema=RAW_SCHEMA)


def remove_stray_temp_files(directory: Path) -> None:
    """Delete temp files left by a crashed writer (one whose process is gone)."""
    for temp in directory.glob(f".*{TEMP_SUFFIX}"):
        writer_pid = temp.name.rsplit(".", 2)[-2]
        if writer_pid.isdigit() and int(writer_pid) != os.getpid() and _process_alive(int(writer_pid)):
            continue
        log.info("removing stray temp file %s", temp)
        temp.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_raw(raw_dir: Path | str, system: str, stream: str) -> pd.DataFrame:
    """Every row ever loaded for a stream (all versions, deletions included)."""
    files = raw_files(raw_dir, system, stream)
    if not files:
        return RAW_SCHEMA.empty_table().to_pandas()
    return pa.concat_tables(pq.read_table(path, schema=RAW_SCHEMA) for path in files).to_pandas()


def latest_records(raw_dir: Path | str, system: str, stream: str) -> pd.DataFrame:
    """One row per record key: the latest modification, then the latest load; deleted records dropped."""
    files = raw_files(raw_dir, system, stream)
    if not files:
        return RAW_SCHEMA.empty_table().to_pandas()
    query = """
        SELECT * FROM (
            SELECT * FROM read_parquet($files)
            QUALIFY row_number() OVER (
                PARTITION BY record_key ORDER BY modified_at DESC NULLS LAST, _loaded_at DESC, _batch DESC) = 1
        ) WHERE NOT is_deleted ORDER BY record_key
    """
    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        return connection.sql(query, params={"files": [str(path) for path in files]}).to_arrow_table().to_pandas()


def live_keys(raw_dir: Path | str, system: str, stream: str) -> set[str]:
    """Keys whose latest version is not a deletion (reads only the key, time and flag columns)."""
    files = raw_files(raw_dir, system, stream)
    if not files:
        return set()
    query = """
        SELECT record_key FROM read_parquet($files)
        QUALIFY row_number() OVER (
            PARTITION BY record_key ORDER BY modified_at DESC NULLS LAST, _loaded_at DESC, _batch DESC) = 1
            AND NOT is_deleted
    """
    with duckdb.connect() as connection:
        return {row[0] for row in connection.execute(query, {"files": [str(path) for path in files]}).fetchall()}


def raw_counts(raw_dir: Path | str) -> dict[str, int]:
    """Rows per stream as {"system/stream": rows}, from Parquet footers (no data read)."""
    root = Path(raw_dir)
    if not root.is_dir():
        return {}
    counts: dict[str, int] = {}
    for system_dir in sorted(path for path in root.iterdir() if path.is_dir()):
        for directory in sorted(path for path in system_dir.iterdir() if path.is_dir()):
            files = raw_files(root, system_dir.name, directory.name)
            counts[f"{system_dir.name}/{directory.name}"] = sum(pq.read_metadata(path).num_rows for path in files)
    return counts
