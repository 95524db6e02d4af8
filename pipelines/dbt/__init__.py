"""dbt models as Dagster assets: one lineage graph with the raw streams (dbt sources map onto the raw assets'
keys), dbt tests as asset checks, monthly-partitioned marts with single-run backfills, and a build summary."""
