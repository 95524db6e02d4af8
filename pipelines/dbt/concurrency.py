"""DuckDB takes one writing process at a time. dbt steps carry WAREHOUSE_TAG, and the nightly job runs one
of them at a time; across runs (a backfill during the night), the WAREHOUSE_POOL does the same once the
Dagster instance gives pools a limit of 1 (`concurrency: {pools: {default_limit: 1}}` in dagster.yaml)."""

WAREHOUSE_POOL = "warehouse"
WAREHOUSE_TAG = {"perfloop/warehouse": "writer"}
