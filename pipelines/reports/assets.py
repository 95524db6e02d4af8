"""Evidence packs as Dagster assets: `packs/cycle` partitioned by review cycle (the cycle-end packs) and
`packs/checkpoint` partitioned by month (the monthly checkpoint packs), downstream of the marts they read."""

# No `from __future__ import annotations` here: Dagster reads the `context` annotation of an asset function.
from typing import Sequence

import dagster as dg

from pipelines.dbt.concurrency import WAREHOUSE_POOL
from pipelines.dbt.partitions import monthly_partitions
from pipelines.reports.gate import blocking_checks_upstream, raise_if_blocked
from pipelines.reports.partitions import checkpoint_month, cycle_id, cycle_of_month, cycle_partitions
from reports.packs.bundle import BundleResult
from reports.packs.deliver import write_packs
from settings import Settings

REPORTS_GROUP = "reports"
OWNER = "team:people"
CYCLE_PACKS = dg.AssetKey(["packs", "cycle"])
CHECKPOINT_PACKS = dg.AssetKey(["packs", "checkpoint"])
# The marts reports/packs/context.py reads.
PACK_MARTS = ("dim_employee", "dim_org", "fct_employee_goals", "fct_employee_attainment", "fct_goal_attainment",
              "fct_goal_changes", "dim_pack_checkpoints", "fct_pack_goals", "fct_goal_records",
              "fct_pack_quality_flags", "fct_pack_peer_context", "fct_pack_environment_notes", "fct_pack_key_events",
              "fct_pack_focus_areas", "fct_pack_draft_goals", "fct_pack_source_status")
LAYOUT = ("One folder per manager (managers/<id>/index.html) with the packs of exactly their reporting line on the "
          "pack date (direct reports; everyone below them with reports.packs.include_indirect), hr/index.html "
          "listing every pack, and manifest.json with the SHA-256 of every file. Each pack: self-contained HTML, "
          "its JSON twin, one CSV per goal of every record behind the number, and a PDF with reports.packs.pdf. "
          "Written aside and swapped in; blocked (the last good packs stay) while a critical check upstream fails.")


def build_pack_assets(settings: Settings, upstream: Sequence[dg.AssetsDefinition]) -> list[dg.AssetsDefinition]:
    """`upstream`: the raw and dbt assets, whose blocking checks (on the pack marts and above) gate the packs."""
    checks = blocking_checks_upstream(upstream, [dg.AssetKey(mart) for mart in PACK_MARTS])
    return [_cycle_packs(settings, checks), _checkpoint_packs(settings, checks)]


def _cycle_packs(settings: Settings, checks: list[dg.AssetCheckKey]) -> dg.AssetsDefinition:
    @dg.asset(key=CYCLE_PACKS, partitions_def=cycle_partitions(settings), deps=PACK_MARTS, group_name=REPORTS_GROUP,
              owners=[OWNER], kinds={"html", "json"}, pool=WAREHOUSE_POOL,
              description="Evidence packs of a review cycle at its last checkpoint (the running cycle: its latest), "
                          f"in <output_dir>/packs/<cycle>/cycle/. {LAYOUT}")
    def cycle_packs(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        raise_if_blocked(context.instance, checks, "packs")
        return _materialized(write_packs(settings, cycle_id(context.partition_key, settings.review_cycles.months)))

    return cycle_packs


def _checkpoint_packs(settings: Settings, checks: list[dg.AssetCheckKey]) -> dg.AssetsDefinition:
    @dg.asset(key=CHECKPOINT_PACKS, partitions_def=monthly_partitions(settings), deps=PACK_MARTS,
              group_name=REPORTS_GROUP, owners=[OWNER], kinds={"html", "json"}, pool=WAREHOUSE_POOL,
              description="Evidence packs at a monthly checkpoint of the running cycle, in "
                          f"<output_dir>/packs/<cycle>/checkpoints/<YYYY-MM>/. {LAYOUT}")
    def checkpoint_packs(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        raise_if_blocked(context.instance, checks, "packs")
        month = checkpoint_month(context.partition_key)
        return _materialized(write_packs(settings, cycle_of_month(context.partition_key, settings), month))

    return checkpoint_packs


def _materialized(result: BundleResult) -> dg.MaterializeResult:
    metadata = {
        "pack_count": result.packs,
        "manager_bundles": result.managers,
        "files": result.files,
        "hr_index": dg.MetadataValue.path(str(result.hr_index)),
        "hr_index_link": dg.MetadataValue.url(result.hr_index.resolve().as_uri()),
        "render_s": round(result.render_seconds, 2),
    }
    if result.pdfs:
        metadata.update(pdfs=result.pdfs, pdf_s=round(result.pdf_seconds, 2))
    return dg.MaterializeResult(metadata=metadata)
