"""Publish domain: the analytics database, built from every mart."""

import dagster as dg

from orchestration.defs.dbt.project import dbt_project, mart_keys
from orchestration.defs.publish.analytics import build_publish_asset


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_publish_asset(mart_keys(), dbt_project().manifest_path)])
