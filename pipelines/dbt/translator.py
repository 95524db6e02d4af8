"""How dbt nodes appear in Dagster: model names as keys, sources on the raw assets' keys (from their
`meta.dagster.asset_key`), groups by layer, the data team as owner, and each model's yml description."""

from __future__ import annotations

from typing import Any, Mapping

from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

OWNER = "team:data"
LAYERS = ("staging", "intermediate", "marts")


class PerfloopDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        # dbt tests become asset checks; those of severity `error` block what is downstream.
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props) or super().get_group_name(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return [OWNER]


def layer_of(dbt_resource_props: Mapping[str, Any]) -> str | None:
    """`staging`, `intermediate` or `marts`: the folder under models/ (fqn is [project, folder, ...])."""
    fqn = dbt_resource_props.get("fqn") or []
    if dbt_resource_props.get("resource_type") != "model" or len(fqn) < 2:
        return None
    return fqn[1] if fqn[1] in LAYERS else None
