"""Resources for the dbt layer: the dbt CLI on the project, and the vars every build gets from perfloop.yaml."""

from __future__ import annotations

from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource

from pipelines.dbt.project import DBT_PROJECT_DIR, DBT_TARGET, dbt_executable, dbt_project
from settings import Settings


class TransformSettings(dg.ConfigurableResource):
    """What the dbt models need to know about the company and where the data lives."""

    company_timezone: str
    company_currency: str
    review_cycle_months: int
    review_cycle_first_start: str
    raw_dir: str
    warehouse_path: str
    artifacts_dir: str  # dbt's target folder per asset definition, overwritten by each build (no pile-up)

    def dbt_vars(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "company_timezone": self.company_timezone,
            "company_currency": self.company_currency,
            "review_cycle_months": self.review_cycle_months,
            "review_cycle_first_start": self.review_cycle_first_start,
            "raw_dir": self.raw_dir,
            "warehouse_path": self.warehouse_path,
            **(extra or {}),
        }


def build_dbt_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "dbt": DbtCliResource(project_dir=dbt_project(), profiles_dir=str(DBT_PROJECT_DIR), target=DBT_TARGET,
                              dbt_executable=dbt_executable()),
        "transform": TransformSettings(
            company_timezone=settings.company.timezone,
            company_currency=settings.company.currency,
            review_cycle_months=settings.review_cycles.months,
            review_cycle_first_start=settings.review_cycles.first_start.isoformat(),
            raw_dir=str(settings.paths.raw_dir),
            warehouse_path=str(settings.paths.warehouse),
            artifacts_dir=str(settings.paths.data_dir / "dbt"),
        ),
    }
