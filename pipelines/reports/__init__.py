"""Reports as Dagster assets: evidence packs (and HR diagnostics) partitioned by review cycle."""
