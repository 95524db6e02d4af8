"""Reports as Dagster assets partitioned by review cycle: evidence packs and org diagnostics."""
