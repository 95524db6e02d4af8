"""Reports: read finished marts in bulk and render evidence packs and org diagnostics. Nothing here computes
a metric; the numbers come from dbt's marts."""
