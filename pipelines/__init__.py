"""Dagster wiring: raw assets per stream, resources from the config, the nightly job and schedule.

No business logic lives here: connectors pull, dbt transforms, reports render; this package connects
them and gives the CLI (`perfloop`) its commands.
"""
