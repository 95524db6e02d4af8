"""Dagster wiring: raw assets per stream with their ingestion checks, dbt models and tests as assets and checks,
monthly partitions, resources from the config, the nightly job and schedule.

No business logic lives here: connectors pull, dbt transforms, reports render; this package connects
them and gives the CLI (`perfloop`) its commands.
"""
