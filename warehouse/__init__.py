"""Warehouses other than the embedded DuckDB: getting the raw zone to where dbt reads it (no Dagster here)."""
