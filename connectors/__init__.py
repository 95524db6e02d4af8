"""Connectors: pull each business system incrementally into the append-only Parquet raw zone.

Plain Python (no orchestration imports, no config files): callers pass an `Endpoint`, an `HttpPolicy`
and the raw/state directories to `connectors.sync.sync_stream`.
"""
