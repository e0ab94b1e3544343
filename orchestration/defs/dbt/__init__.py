"""dbt domain: staging, intermediate and marts models as assets."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.project import build_dbt_assets, dbt_project


def build_defs() -> dg.Definitions:
    return dg.Definitions(
        assets=build_dbt_assets(),
        resources={"dbt": DbtCliResource(project_dir=dbt_project())},
    )
